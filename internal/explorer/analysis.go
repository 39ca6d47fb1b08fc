package explorer

import (
	"cmp"
	"context"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
)

func keys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// visibleCompany returns the company id from src, or the NOT_FOUND an
// unknown id gets (a scoped key cannot tell an invisible company from none).
func visibleCompany(ctx context.Context, src source, what, id string) (domain.Company, error) {
	c, ok, err := src.company(ctx, id)
	if err != nil {
		return c, err
	}
	if !ok {
		return c, domain.Errorf(domain.NotFound, "%s: no company with id %q", what, id)
	}
	return c, nil
}

// Chain is a focal company's supply chain at a date.
type Chain struct {
	Focal    domain.Company
	AsOf     domain.Date
	MaxDepth int
	// Tiers maps every chain member to its tier.
	Tiers map[string]int
	// Members lists the focal company (tier 0) and the chain, by tier then id.
	Members []domain.Company
	// Links are the active links between members, by supplier, customer, material.
	Links []domain.SupplyLink
}

// SupplyChain returns focal's chain of at most maxDepth links at asOf.
func (s *Service) SupplyChain(ctx context.Context, focal string, maxDepth *int, asOf *domain.Date) (*Chain, error) {
	set, err := analysis.ResolveArgs(analysis.QuerySupplyChain, analysis.Args{MaxDepth: maxDepth})
	if err != nil {
		return nil, err
	}
	done, err := s.admitted(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	src, err := s.reader(ctx)
	if err != nil {
		return nil, err
	}
	f, err := visibleCompany(ctx, src, "focal", focal)
	if err != nil {
		return nil, err
	}
	t, d := s.asOf(asOf), set.MaxDepth
	g, err := src.graph(ctx, focal, domain.Upstream, t, d)
	if err != nil {
		return nil, err
	}
	tiers := analysis.Chain(g, focal, d)
	ids := keys(tiers)
	companies, err := src.companies(ctx, func() []string { return ids })
	if err != nil {
		return nil, err
	}
	links, err := src.links(ctx, focal, domain.Upstream, t, d)
	if err != nil {
		return nil, err
	}
	ch := &Chain{Focal: f, AsOf: t, MaxDepth: d, Tiers: tiers, Members: make([]domain.Company, 1, len(ids)+1)}
	ch.Members[0] = f
	// By tier, then id; the tiers are looked up once, not per comparison
	// (a large chain's sort was mostly map lookups).
	type member struct {
		tier int
		id   string
	}
	order := make([]member, len(ids))
	for i, id := range ids {
		order[i] = member{tiers[id], id}
	}
	slices.SortFunc(order, func(a, b member) int { return cmp.Or(cmp.Compare(a.tier, b.tier), strings.Compare(a.id, b.id)) })
	for _, m := range order {
		c, _ := companies.Company(m.id)
		ch.Members = append(ch.Members, c)
	}
	in := func(id string) bool { _, ok := tiers[id]; return ok || id == focal }
	for _, l := range links {
		if in(l.SupplierID) && in(l.CustomerID) && analysis.LinkActive(l, t) {
			ch.Links = append(ch.Links, l)
		}
	}
	sort.Slice(ch.Links, func(i, j int) bool {
		a, b := ch.Links[i], ch.Links[j]
		if a.SupplierID != b.SupplierID {
			return a.SupplierID < b.SupplierID
		}
		if a.CustomerID != b.CustomerID {
			return a.CustomerID < b.CustomerID
		}
		return a.Material < b.Material
	})
	return ch, nil
}

// cascadeInput gathers what cascade and uncoveredTiers need: the chain with
// one level more (to tell whether maxDepth cuts it), the code and the codes
// it accepts, every request for the code up to asOf, and the
// acknowledgments of the chain and of every requested company.
func (s *Service) cascadeInput(ctx context.Context, focal, code string, maxDepth int, asOf domain.Date) (analysis.CascadeInput, error) {
	in := analysis.CascadeInput{Focal: focal, Code: code, AsOf: asOf, MaxDepth: maxDepth}
	src, err := s.reader(ctx)
	if err != nil {
		return in, err
	}
	if _, err := visibleCompany(ctx, src, "focal", focal); err != nil {
		return in, err
	}
	codes, ok, err := src.codes(ctx, code)
	if err != nil {
		return in, err
	}
	if !ok {
		return in, domain.Errorf(domain.NotFound, "code: no code of conduct with id %q", code)
	}
	in.Codes = codes
	if in.Graph, err = src.graph(ctx, focal, domain.Upstream, asOf, maxDepth+1); err != nil {
		return in, err
	}
	reqs, err := src.requests(ctx, code, asOf)
	if err != nil {
		return in, err
	}
	in.Requests = scopeRequests(ctx, reqs)
	// The chain and the requested companies, for the sources that read
	// only what they are asked (Neo4j); the snapshot hands over its whole
	// index instead.
	chain := sync.OnceValue(func() []string { return keys(analysis.Chain(in.Graph, focal, maxDepth)) })
	relevant := func() []string {
		ids := map[string]int{}
		for _, id := range chain() {
			ids[id] = 0
		}
		for _, q := range in.Requests {
			ids[q.SupplierID] = 0
		}
		return keys(ids)
	}
	codeIDs := make([]string, len(in.Codes))
	for i, k := range in.Codes {
		codeIDs[i] = k.ID
	}
	if in.Acks, err = src.acks(ctx, relevant, codeIDs, asOf); err != nil {
		return in, err
	}
	if sn, ok := src.(*snapshot); ok && !auth.From(ctx).Scoped() { // (a scoped key's requests are a subset)
		in.AckCompany, in.RequestEnds = sn.ackCompanies(codeIDs), sn.requestEnds(code)
	}
	in.Companies, err = src.companies(ctx, chain)
	return in, err
}

// Cascade answers the cascade query. NOT_FOUND for an unknown focal company
// or code, BAD_INPUT for maxDepth out of range.
func (s *Service) Cascade(ctx context.Context, focal, code string, maxDepth *int, asOf *domain.Date) (*analysis.CascadeReport, error) {
	set, err := analysis.ResolveArgs(analysis.QueryCascade, analysis.Args{MaxDepth: maxDepth})
	if err != nil {
		return nil, err
	}
	done, err := s.admitted(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	in, err := s.cascadeInput(ctx, focal, code, set.MaxDepth, s.asOf(asOf))
	if err != nil {
		return nil, err
	}
	return analysis.Cascade(ctx, in)
}

// UncoveredTiers answers the uncoveredTiers query. NOT_FOUND for an unknown
// focal company or code, BAD_INPUT for arguments out of range.
func (s *Service) UncoveredTiers(ctx context.Context, focal, code string, threshold *float64, maxDepth *int, asOf *domain.Date) (*analysis.UncoveredReport, error) {
	set, err := analysis.ResolveArgs(analysis.QueryUncoveredTiers, analysis.Args{MaxDepth: maxDepth, Threshold: threshold})
	if err != nil {
		return nil, err
	}
	done, err := s.admitted(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	in, err := s.cascadeInput(ctx, focal, code, set.MaxDepth, s.asOf(asOf))
	if err != nil {
		return nil, err
	}
	return analysis.UncoveredTiers(ctx, in, set.Threshold)
}

// RiskExposure answers the riskExposure query. NOT_FOUND for an unknown
// focal company, BAD_INPUT for arguments out of range.
func (s *Service) RiskExposure(ctx context.Context, focal string, categories []domain.RiskCategory, attenuation *float64, maxDepth, limit *int, asOf *domain.Date) (*analysis.RiskExposureReport, error) {
	return s.riskExposure(ctx, focal, categories, attenuation, maxDepth, limit, asOf, true)
}

// riskExposure is RiskExposure, over the declared edges too when declared
// (chainView, which draws the disclosed chain, asks without them).
func (s *Service) riskExposure(ctx context.Context, focal string, categories []domain.RiskCategory, attenuation *float64, maxDepth, limit *int, asOf *domain.Date, declared bool) (*analysis.RiskExposureReport, error) {
	set, err := analysis.ResolveArgs(analysis.QueryRiskExposure, analysis.Args{MaxDepth: maxDepth, Attenuation: attenuation, Limit: limit})
	if err != nil {
		return nil, err
	}
	done, err := s.admitted(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	if err := analysis.ValidateCategories(categories); err != nil {
		return nil, err
	}
	src, err := s.reader(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := visibleCompany(ctx, src, "focal", focal); err != nil {
		return nil, err
	}
	t := s.asOf(asOf)
	in := analysis.RiskInput{Focal: focal, AsOf: t, MaxDepth: set.MaxDepth, Attenuation: set.Attenuation,
		Categories: categories, Limit: set.Limit}
	graph := src.graph
	if declared {
		graph = src.riskGraph
	}
	if in.Graph, err = graph(ctx, focal, domain.Upstream, t, set.MaxDepth); err != nil {
		return nil, err
	}
	chain := sync.OnceValue(func() []string { return keys(analysis.Chain(in.Graph, focal, set.MaxDepth)) })
	if in.Companies, err = src.companies(ctx, chain); err != nil {
		return nil, err
	}
	if in.Findings, in.FacilityOperator, err = src.findings(ctx, chain, t); err != nil {
		return nil, err
	}
	return analysis.RiskExposure(ctx, in)
}

// RiskPaths answers the riskPaths query. NOT_FOUND for an unknown company,
// BAD_INPUT for arguments out of range or a search past its work bound.
func (s *Service) RiskPaths(ctx context.Context, from, to string, attenuation *float64, maxDepth, limit *int, asOf *domain.Date) ([]analysis.RiskPath, error) {
	set, err := analysis.ResolveArgs(analysis.QueryRiskPaths, analysis.Args{MaxDepth: maxDepth, Attenuation: attenuation, Limit: limit})
	if err != nil {
		return nil, err
	}
	done, err := s.admitted(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	src, err := s.reader(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := visibleCompany(ctx, src, "from", from); err != nil {
		return nil, err
	}
	if _, err := visibleCompany(ctx, src, "to", to); err != nil {
		return nil, err
	}
	if from == to {
		return []analysis.RiskPath{}, nil
	}
	g, err := src.riskGraph(ctx, to, domain.Upstream, s.asOf(asOf), set.MaxDepth)
	if err != nil {
		return nil, err
	}
	return analysis.RiskPaths(ctx, g, from, to, set.Attenuation, set.MaxDepth, set.Limit)
}

// Impact answers the impact query. NOT_FOUND for an unknown source company,
// BAD_INPUT for arguments out of range. A supplier-scoped key's impact
// crosses only links inside its view (its customers are never shown).
func (s *Service) Impact(ctx context.Context, source string, attenuation *float64, maxDepth *int, asOf *domain.Date) (*analysis.ImpactReport, error) {
	set, err := analysis.ResolveArgs(analysis.QueryImpact, analysis.Args{MaxDepth: maxDepth, Attenuation: attenuation})
	if err != nil {
		return nil, err
	}
	done, err := s.admitted(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	src, err := s.reader(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := visibleCompany(ctx, src, "source", source); err != nil {
		return nil, err
	}
	t := s.asOf(asOf)
	g, err := src.riskGraph(ctx, source, domain.Downstream, t, set.MaxDepth)
	if err != nil {
		return nil, err
	}
	companies, err := src.companies(ctx, func() []string { return analysis.Reach(g, source, set.MaxDepth) })
	if err != nil {
		return nil, err
	}
	return analysis.Impact(ctx, g, companies, source, set.Attenuation, set.MaxDepth)
}
