package neo4jstore

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/supplygraph/supplygraph/internal/domain"
)

const proposedLinks = `
MATCH (s:Company)-[r:SUPPLIES]->(c:Company)
WHERE r.proposedBy IS NOT NULL
RETURN s.id AS supplier, c.id AS customer, r {.*} AS r
ORDER BY customer, supplier, r.material
LIMIT $limit`

// ProposedLinks returns at most limit links proposed by supplier-scoped keys
// and not yet confirmed, by customer, supplier and material.
func (s *Store) ProposedLinks(ctx context.Context, limit int) ([]domain.SupplyLink, error) {
	return s.links(ctx, proposedLinks, map[string]any{"limit": int64(limit)})
}

// links runs a read whose records are (supplier id, customer id, link).
func (s *Store) links(ctx context.Context, query string, params map[string]any) ([]domain.SupplyLink, error) {
	recs, err := s.read(ctx, query, params)
	if err != nil {
		return nil, err
	}
	out := make([]domain.SupplyLink, len(recs))
	for i, r := range recs {
		out[i] = linkOf(str(r.Values[0]), str(r.Values[1]), r.Values[2].(map[string]any))
	}
	return out, nil
}

const (
	confirmLinks = `
UNWIND range(0, size($rows) - 1) AS i
WITH i, $rows[i] AS row
OPTIONAL MATCH (s:Company {id: row[0]})-[r:SUPPLIES {material: row[2]}]->(c:Company {id: row[1]})
USING INDEX SEEK s:Company(id) USING INDEX SEEK c:Company(id)
WITH i, row, r
SET r.proposedBy = null
RETURN i, r IS NOT NULL AS found, r {.*} AS link`

	rejectLinks = `
UNWIND range(0, size($rows) - 1) AS i
WITH i, $rows[i] AS row
OPTIONAL MATCH (s:Company {id: row[0]})-[r:SUPPLIES {material: row[2]}]->(c:Company {id: row[1]})
USING INDEX SEEK s:Company(id) USING INDEX SEEK c:Company(id)
WITH i, r, r IS NOT NULL AND r.proposedBy IS NOT NULL AS proposed, r {.*} AS link
FOREACH (_ IN CASE WHEN proposed THEN [1] ELSE [] END | DELETE r)
RETURN i, proposed, link`

	recordConfirmLoad = `
CREATE (:Load {id: $id, origin: 'mutation', by: $by, files: ['supply_links.csv'], rowCounts: $rows, fingerprint: '',
  started: datetime(), finished: datetime(), heartbeat: datetime(), status: 'COMPLETED', attempts: 1,
  file: '', batches: 0, created: [], updated: $updated, deleted: $deleted})`
)

// ConfirmLinks confirms the given links in one transaction and records the
// change as a load; it returns the load id and the links as stored. If any
// link does not exist, nothing changes and the error is NOT_FOUND naming
// the first missing one by its index.
func (s *Store) ConfirmLinks(ctx context.Context, by string, keys []domain.LinkKey) (string, []domain.SupplyLink, error) {
	return s.decideLinks(ctx, confirmLinks, by, keys, "no supply link")
}

// RejectLinks deletes the given proposed links in one transaction and
// records the change as a load; it returns the load id and the links as
// they were. If any does not exist or is not proposed, nothing changes and
// the error is NOT_FOUND naming the first by its index.
func (s *Store) RejectLinks(ctx context.Context, by string, keys []domain.LinkKey) (string, []domain.SupplyLink, error) {
	return s.decideLinks(ctx, rejectLinks, by, keys, "no proposed supply link")
}

// decideLinks runs confirmLinks or rejectLinks (records of index, whether
// the link qualified, the link) in one transaction with its load record.
func (s *Store) decideLinks(ctx context.Context, query, by string, keys []domain.LinkKey, missing string) (string, []domain.SupplyLink, error) {
	rows := keyRows(keys)
	id := newLoadID()
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	out, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, query, map[string]any{"rows": rows})
		if err != nil {
			return nil, err
		}
		recs, err := res.Collect(ctx)
		if err != nil {
			return nil, err
		}
		links := make([]domain.SupplyLink, len(keys))
		for _, r := range recs {
			i := integer(r.Values[0])
			if ok, _ := r.Values[1].(bool); !ok {
				k := keys[i]
				// Returning an error rolls the transaction back.
				return nil, domain.Errorf(domain.NotFound, "input[%d]: %s from %q to %q of material %q", i, missing, k.SupplierID, k.CustomerID, k.Material)
			}
			links[i] = linkOf(keys[i].SupplierID, keys[i].CustomerID, r.Values[2].(map[string]any))
		}
		n := fmt.Sprintf("supply_links.csv=%d", len(keys))
		updated, deleted := []string{n}, []string{}
		if query == rejectLinks {
			updated, deleted = deleted, updated
		}
		res, err = tx.Run(ctx, recordConfirmLoad, map[string]any{"id": id, "by": by, "rows": []string{n}, "updated": updated, "deleted": deleted})
		if err != nil {
			return nil, err
		}
		if _, err := res.Consume(ctx); err != nil {
			return nil, err
		}
		t := Touched{Subjects: map[string]bool{}}
		for _, k := range keys {
			t.Subjects[k.SupplierID] = true
		}
		return links, bump(ctx, tx, &t)
	})
	if err != nil {
		return "", nil, s.classify(ctx, err)
	}
	return id, out.([]domain.SupplyLink), nil
}

const linksByKey = `
UNWIND $rows AS row
MATCH (s:Company {id: row[0]})-[r:SUPPLIES {material: row[2]}]->(c:Company {id: row[1]})
USING INDEX SEEK s:Company(id) USING INDEX SEEK c:Company(id)
RETURN row[0], row[1], r {.*}`

// LinksByKey returns the links with the given keys as stored, in the order
// of keys (one that does not exist is left out).
func (s *Store) LinksByKey(ctx context.Context, keys []domain.LinkKey) ([]domain.SupplyLink, error) {
	return s.links(ctx, linksByKey, map[string]any{"rows": keyRows(keys)})
}

func keyRows(keys []domain.LinkKey) []any {
	rows := make([]any, len(keys))
	for i, k := range keys {
		rows[i] = []any{k.SupplierID, k.CustomerID, k.Material}
	}
	return rows
}
