package analysis

import (
	"context"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// ImpactEntry is a company affected by a disruption at the source company.
type ImpactEntry struct {
	CompanyID string
	Company   domain.Company // CompanyID's, from the input (for answers that show it)
	Distance  int            // fewest edges from the source
	Path      []string       // best path from the source, source first
	Weight    float64
	Declared  []bool // per edge of Path: a declared edge; nil when none is
}

// ImpactReport is the answer of the impact query.
type ImpactReport struct {
	Affected []ImpactEntry // by distance, then id
	Buyers   []string      // the BUYER companies of Affected, same order
}

// Impact returns every company reachable from source within maxDepth edges
// in g (downstream, along supply), with its distance and the best path from
// source to it, and the buyers among them. g must contain every active edge
// among the companies within maxDepth downstream hops of source; companies
// must hold every company of the answer (for its kind).
func Impact(ctx context.Context, g *Graph, companies Companies, source string, attenuation float64, maxDepth int) (*ImpactReport, error) {
	if err := ValidateMaxDepth(maxDepth); err != nil {
		return nil, err
	}
	if err := ValidateAttenuation(attenuation); err != nil {
		return nil, err
	}
	if g == nil {
		return nil, domain.Errorf(domain.Internal, "analysis: impact has no graph")
	}
	rep := &ImpactReport{Affected: []ImpactEntry{}, Buyers: []string{}}
	s, ok := g.index[source]
	if !ok {
		return rep, nil
	}
	dist, order := g.downstreamDist(s, maxDepth)
	defer putDist(dist, s, order)
	bp, err := g.bestFromSource(ctx, s, maxDepth, attenuation, "impact")
	if err != nil {
		return nil, err
	}
	defer bp.release()
	rep.Affected = make([]ImpactEntry, 0, len(order))
	// The paths share one array (one allocation, not one per company).
	total := 0
	for _, y := range order {
		total += int(bp.state[y].edges) + 1
	}
	paths, ws := make([]string, total), make([]float64, maxDepth)
	for _, y := range order {
		id := g.ids[y]
		c, ok := g.company(companies, y)
		if !ok {
			return nil, domain.Errorf(domain.Internal, "analysis: company %q reached by impact is missing from the input", id)
		}
		k := int(bp.state[y].edges) + 1
		path := paths[:k:k]
		paths = paths[k:]
		w := bp.pathFromSource(g, y, attenuation, path, ws)
		rep.Affected = append(rep.Affected, ImpactEntry{CompanyID: id, Company: c, Distance: int(dist[y]), Path: path, Weight: w, Declared: g.HopsDeclared(path)})
		if c.Kind == domain.KindBuyer {
			rep.Buyers = append(rep.Buyers, id)
		}
	}
	return rep, nil
}
