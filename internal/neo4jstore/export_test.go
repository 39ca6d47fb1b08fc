package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// WritePlans returns the operators of the plan Neo4j chooses for each
// file's write statement (EXPLAIN: nothing runs).
func (s *Store) WritePlans(ctx context.Context) (map[string][]string, error) {
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.cfg.Database})
	defer sess.Close(ctx)
	out := map[string][]string{}
	for file, q := range writeQueries {
		res, err := sess.Run(ctx, "EXPLAIN "+q, map[string]any{"rows": []any{}})
		if err != nil {
			return nil, err
		}
		sum, err := res.Consume(ctx)
		if err != nil {
			return nil, err
		}
		var walk func(p neo4j.Plan)
		walk = func(p neo4j.Plan) {
			out[file] = append(out[file], p.Operator())
			for _, c := range p.Children() {
				walk(c)
			}
		}
		walk(sum.Plan())
	}
	return out, nil
}

// SweepLoads records the loads whose lease has lapsed as INCOMPLETE, as
// every load does first.
func (s *Store) SweepLoads(ctx context.Context) error {
	_, err := s.write(ctx, sweepLoads, nil)
	return err
}
