package explorer

import (
	"context"

	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// ChainView is what the explorer page draws of a focal company's chain for
// one code at one date, in one answer: the members with their tier, kind,
// acknowledgment status, reach, open end and risk exposure; the links as
// parallel arrays of member indices; per-tier coverage; the risk sources
// with their best paths as member indices. It is made of the answers of
// SupplyChain, cascade, uncoveredTiers and riskExposure, so it shows
// exactly what they show, scopes included.
type ChainView struct {
	Focal     string
	Code      string
	AsOf      domain.Date
	MaxDepth  int
	Threshold float64
	// Nodes: the focal company first (tier 0), then the chain by tier, id.
	Nodes []ViewNode
	// Links: one per supplier and customer pair of members with an active
	// link, by supplier id then customer id. Share is the largest share of
	// the pair's links (one per material), nil when none has one.
	Sources, Targets []int
	Shares           []*float64
	Tiers            []ViewTier
	// FirstUncoveredTier and Truncated are uncoveredTiers' verdict at Threshold.
	FirstUncoveredTier *int
	Truncated          bool
	// Risks: riskExposure's sources (at most analysis.MaxExposureLimit, by
	// score), with their best paths as node indices.
	Risks []ViewRisk
	// RisksComplete: Risks holds every risk source of the chain, so every
	// node's Exposure is exact (else sources past the limit count as 0).
	RisksComplete bool
	// ByCategory and ByPartner summarize every risk source of the chain,
	// not only Risks (riskExposure's byCategory and byPartner).
	ByCategory []analysis.CategoryExposure
	ByPartner  []ViewPartner
}

// ViewColumns are the nodes of a ChainView as parallel lists, one per
// field: the same data, marshalled as lists of scalars, which costs a large
// chain's answer several times less than a list of objects.
type ViewColumns struct {
	IDs      []string
	Names    []string
	Kinds    []domain.CompanyKind
	Tiers    []int
	Statuses []*domain.AckStatus
	Reached  []bool
	Open     []bool
	Exposure []float64
}

// Columns returns the nodes as ViewColumns.
func (v *ChainView) Columns() ViewColumns {
	n := len(v.Nodes)
	c := ViewColumns{IDs: make([]string, n), Names: make([]string, n), Kinds: make([]domain.CompanyKind, n), Tiers: make([]int, n),
		Statuses: make([]*domain.AckStatus, n), Reached: make([]bool, n), Open: make([]bool, n), Exposure: make([]float64, n)}
	for i, x := range v.Nodes {
		c.IDs[i], c.Names[i], c.Kinds[i], c.Tiers[i] = x.ID, x.Name, x.Kind, x.Tier
		c.Statuses[i], c.Reached[i], c.Open[i], c.Exposure[i] = x.Status, x.Reached, x.Open, x.Exposure
	}
	return c
}

// ViewPartner is riskExposure's byPartner entry with the partner as a node index.
type ViewPartner struct {
	Partner  int
	Count    int
	MaxScore float64
}

// ViewNode is one member of a ChainView.
type ViewNode struct {
	ID   string
	Name string
	Kind domain.CompanyKind
	Tier int
	// Status is the cascade's status; nil for the focal company.
	Status  *domain.AckStatus
	Reached bool
	// Open: a buyer or supplier whose own suppliers are not all disclosed.
	Open bool
	// Exposure is the highest score of the risk sources at the company.
	Exposure float64
}

// ViewTier is a tier's cascade counts and coverage verdict.
type ViewTier struct {
	analysis.CascadeTier
	OpenEnds      int
	AckGap        bool
	VisibilityGap bool
	Uncovered     bool
}

// ViewRisk is a risk source of a ChainView.
type ViewRisk struct {
	ID       string
	Category domain.RiskCategory
	Base     int
	Score    float64
	Weight   float64
	Node     int   // index of the source's company
	Partner  int   // index of the tier-1 partner the path goes through
	Path     []int // node indices, the source's company first, the focal company last
}

// ChainView answers the chainView query: NOT_FOUND for an unknown focal
// company or code, BAD_INPUT for maxDepth or threshold out of range.
func (s *Service) ChainView(ctx context.Context, focal, code string, maxDepth *int, asOf *domain.Date, threshold *float64) (*ChainView, error) {
	set, err := analysis.ResolveArgs(analysis.QueryUncoveredTiers, analysis.Args{MaxDepth: maxDepth, Threshold: threshold})
	if err != nil {
		return nil, err
	}
	// One turn for the whole view: its cascade and uncoveredTiers are
	// computed here, not by the service's questions that take turns.
	ctx, done, err := s.turn(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	t := s.asOf(asOf)
	d := set.MaxDepth
	chain, err := s.SupplyChain(ctx, focal, &d, &t)
	if err != nil {
		return nil, err
	}
	in, err := s.cascadeInput(ctx, focal, code, d, t)
	if err != nil {
		return nil, err
	}
	cascade, err := analysis.Cascade(ctx, in)
	if err != nil {
		return nil, err
	}
	uncovered, err := analysis.UncoveredTiers(ctx, in, set.Threshold)
	if err != nil {
		return nil, err
	}
	limit := analysis.MaxExposureLimit
	risk, err := s.riskExposure(ctx, focal, nil, nil, &d, &limit, &t, false) // the disclosed chain it draws
	if err != nil {
		return nil, err
	}

	// Lists are empty, not nil: the API answers [] for them, never null.
	v := &ChainView{Focal: focal, Code: code, AsOf: t, MaxDepth: d, Threshold: set.Threshold,
		FirstUncoveredTier: uncovered.FirstUncoveredTier, Truncated: uncovered.Truncated,
		Sources: []int{}, Targets: []int{}, Shares: []*float64{}, Tiers: []ViewTier{}, Risks: []ViewRisk{},
		ByCategory: append([]analysis.CategoryExposure{}, risk.ByCategory...), ByPartner: []ViewPartner{}}
	index := make(map[string]int, len(chain.Members))
	v.Nodes = make([]ViewNode, len(chain.Members))
	for i, c := range chain.Members {
		index[c.ID] = i
		v.Nodes[i] = ViewNode{ID: c.ID, Name: c.Name, Kind: c.Kind, Tier: chain.Tiers[c.ID]}
	}
	// The answers were read one after another: a write in between could
	// make them disagree, which the view refuses rather than draw.
	changed := func() error {
		return domain.Errorf(domain.Unavailable, "the data changed while the view was read; ask again")
	}
	if cascade.Len() != len(chain.Members)-1 {
		return nil, changed()
	}
	for _, e := range cascade.AllEntries() {
		i, ok := index[e.CompanyID]
		if !ok || i == 0 {
			return nil, changed()
		}
		st := e.Status
		v.Nodes[i].Status, v.Nodes[i].Reached = &st, e.Reached
	}
	tc := make(map[int]analysis.TierCoverage, len(uncovered.Tiers))
	for _, u := range uncovered.Tiers {
		tc[u.Tier] = u
		for _, id := range u.OpenEndCompanies {
			if i, ok := index[id]; ok {
				v.Nodes[i].Open = true
			}
		}
	}
	for _, ct := range cascade.Tiers {
		u := tc[ct.Tier]
		v.Tiers = append(v.Tiers, ViewTier{CascadeTier: ct, OpenEnds: u.OpenEnds, AckGap: u.AckGap,
			VisibilityGap: u.VisibilityGap, Uncovered: u.Uncovered})
	}

	for _, l := range chain.Links {
		si, ti := index[l.SupplierID], index[l.CustomerID]
		n := len(v.Sources)
		if n > 0 && v.Sources[n-1] == si && v.Targets[n-1] == ti {
			if l.Share != nil && (v.Shares[n-1] == nil || *l.Share > *v.Shares[n-1]) {
				v.Shares[n-1] = l.Share
			}
			continue
		}
		v.Sources, v.Targets, v.Shares = append(v.Sources, si), append(v.Targets, ti), append(v.Shares, l.Share)
	}

	total := 0
	for _, c := range risk.ByCategory {
		total += c.Count
	}
	v.RisksComplete = total <= len(risk.Sources)
	for _, r := range risk.Sources {
		vr := ViewRisk{ID: r.Source.ID, Category: r.Source.Category, Base: r.Source.Base, Score: r.Score,
			Weight: r.Weight, Path: make([]int, len(r.Path))}
		for j, id := range r.Path {
			i, ok := index[id]
			if !ok {
				return nil, changed()
			}
			vr.Path[j] = i
		}
		vr.Node, vr.Partner = vr.Path[0], index[r.PartnerID]
		if n := &v.Nodes[vr.Node]; r.Score > n.Exposure {
			n.Exposure = r.Score
		}
		v.Risks = append(v.Risks, vr)
	}
	for _, p := range risk.ByPartner {
		i, ok := index[p.PartnerID]
		if !ok {
			return nil, changed()
		}
		v.ByPartner = append(v.ByPartner, ViewPartner{Partner: i, Count: p.Count, MaxScore: p.MaxScore})
	}
	return v, nil
}
