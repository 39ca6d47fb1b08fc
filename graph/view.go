package graph

import (
	"github.com/supplygraph/supplygraph/graph/model"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
)

// chainViewModel converts the service's chain view; its lists stay plain
// (no resolvers), so the plain writers write them.
func chainViewModel(v *explorer.ChainView) *model.ChainView {
	m := &model.ChainView{Focal: v.Focal, Code: v.Code, AsOf: v.AsOf, MaxDepth: v.MaxDepth, Threshold: v.Threshold,
		Nodes: make([]model.ViewNode, len(v.Nodes)), Sources: v.Sources, Targets: v.Targets, Shares: v.Shares,
		Tiers: make([]model.ViewTier, len(v.Tiers)), FirstUncoveredTier: v.FirstUncoveredTier, Truncated: v.Truncated,
		Risks: make([]model.ViewRisk, len(v.Risks)), RisksComplete: v.RisksComplete}
	for i, n := range v.Nodes {
		m.Nodes[i] = model.ViewNode{ID: n.ID, Name: n.Name, Kind: n.Kind, Tier: n.Tier, Status: n.Status,
			Reached: n.Reached, Open: n.Open, Exposure: n.Exposure}
	}
	for i, t := range v.Tiers {
		m.Tiers[i] = model.ViewTier{Tier: t.Tier, Companies: t.Companies, Covered: t.Covered, Stale: t.Stale,
			Pending: t.Pending, NotRequested: t.NotRequested, Reached: t.CascadeTier.Reached, Coverage: t.Coverage,
			OpenEnds: t.OpenEnds, AckGap: t.AckGap, VisibilityGap: t.VisibilityGap, Uncovered: t.Uncovered}
	}
	for i, r := range v.Risks {
		m.Risks[i] = model.ViewRisk{ID: r.ID, Category: r.Category, Base: r.Base, Weight: r.Weight, Score: r.Score,
			Node: r.Node, Partner: r.Partner, Path: r.Path}
	}
	if m.Sources == nil {
		m.Sources, m.Targets, m.Shares = []int{}, []int{}, []*float64{}
	}
	return m
}

// viewComplexity prices chainView like the analysis queries it is made of.
func viewComplexity(c *ComplexityRoot) {
	c.Query.ChainView = func(child int, _, _ string, _ *int, _ *domain.Date, _ *float64) int { return AnalysisCost + child }
}
