package explorer

import (
	"context"

	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
)

// graphAround reads the active subgraph around start and builds its graph.
// levels says how many levels of links to read (see neo4jstore.Subgraph).
// A supplier-scoped key's questions see only the links between companies
// in its view.
func (s *Service) graphAround(ctx context.Context, start string, dir neo4jstore.Direction, asOf domain.Date, levels int) (*analysis.Graph, error) {
	links, err := s.Subgraph(ctx, start, dir, asOf, levels)
	if err != nil {
		return nil, err
	}
	return analysis.NewGraph(analysis.ActiveEdges(scopeLinks(ctx, links), asOf)), nil
}

// snapshotGraph is the snapshot's active graph at asOf as the request's
// principal may see it: the shared graph, or for a supplier-scoped key one
// built from the links inside its view (a link it proposed to a company
// outside its view is not followed).
func snapshotGraph(ctx context.Context, sn *snapshot, asOf domain.Date) *analysis.Graph {
	if !auth.From(ctx).Scoped() {
		return sn.graph(asOf)
	}
	return analysis.ActiveGraph(scopeLinks(ctx, sn.links), asOf)
}

func keys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// cascadeInput gathers what cascade and uncoveredTiers need: the chain with
// one level more (to tell whether maxDepth cuts it), the code and the codes
// it accepts, every request for the code up to asOf, and the
// acknowledgments of the chain and of every requested company.
func (s *Service) cascadeInput(ctx context.Context, focal, code string, maxDepth int, asOf domain.Date) (analysis.CascadeInput, error) {
	in := analysis.CascadeInput{Focal: focal, Code: code, AsOf: asOf, MaxDepth: maxDepth}
	sn, err := s.snapshotFor(ctx)
	if err != nil {
		return in, err
	}
	if _, err := s.company(ctx, sn, "focal", focal); err != nil {
		return in, err
	}
	if sn != nil {
		c, ok := sn.codes[code]
		if !ok {
			return in, domain.Errorf(domain.NotFound, "code: no code of conduct with id %q", code)
		}
		in.Codes = []domain.Code{c}
		for _, id := range sn.accepts[code] {
			if a, ok := sn.codes[id]; ok && id != code {
				in.Codes = append(in.Codes, a)
			}
		}
		in.Graph, in.Companies = snapshotGraph(ctx, sn, asOf), sn.companies
		in.Requests = sn.requests[code]
		for _, k := range in.Codes {
			in.Acks = append(in.Acks, sn.acks[k.ID]...)
		}
		in.Requests = scopeRequests(ctx, in.Requests)
		return in, nil
	}
	codes, err := s.CodesByID(ctx, []string{code})
	if err != nil {
		return in, err
	}
	c, ok := codes[code]
	if !ok {
		return in, domain.Errorf(domain.NotFound, "code: no code of conduct with id %q", code)
	}
	accepted, err := s.AcceptedCodes(ctx, []string{code})
	if err != nil {
		return in, err
	}
	in.Codes = []domain.Code{c}
	if ids := accepted[code]; len(ids) > 0 {
		acc, err := s.CodesByID(ctx, ids)
		if err != nil {
			return in, err
		}
		for _, id := range ids {
			if a, ok := acc[id]; ok && id != code {
				in.Codes = append(in.Codes, a)
			}
		}
	}
	if in.Graph, err = s.graphAround(ctx, focal, neo4jstore.Upstream, asOf, maxDepth+1); err != nil {
		return in, err
	}
	chain := analysis.Chain(in.Graph, focal, maxDepth)
	if in.Requests, err = s.RequestsForCode(ctx, code, asOf); err != nil {
		return in, err
	}
	in.Requests = scopeRequests(ctx, in.Requests)
	relevant := map[string]int{}
	for id := range chain {
		relevant[id] = 0
	}
	for _, q := range in.Requests {
		relevant[q.SupplierID] = 0
	}
	codeIDs := make([]string, len(in.Codes))
	for i, k := range in.Codes {
		codeIDs[i] = k.ID
	}
	if in.Acks, err = s.AcknowledgmentsOf(ctx, keys(relevant), codeIDs, asOf); err != nil {
		return in, err
	}
	in.Companies, err = s.CompaniesByID(ctx, keys(chain))
	return in, err
}

// scopeRequests keeps, for a supplier-scoped key, only the requests between
// companies it may see (a new slice: the input may be shared).
func scopeRequests(ctx context.Context, reqs []domain.Request) []domain.Request {
	p := auth.From(ctx)
	if !p.Scoped() {
		return reqs
	}
	kept := make([]domain.Request, 0, len(reqs))
	for _, q := range reqs {
		if p.Sees(q.RequesterID) && p.Sees(q.SupplierID) {
			kept = append(kept, q)
		}
	}
	return kept
}

// scopeLinks keeps, for a supplier-scoped key, only the links between
// companies it may see (its own customers and beyond are not shown).
func scopeLinks(ctx context.Context, links []domain.SupplyLink) []domain.SupplyLink {
	p := auth.From(ctx)
	if !p.Scoped() {
		return links
	}
	kept := make([]domain.SupplyLink, 0, len(links))
	for _, l := range links {
		if p.Sees(l.SupplierID) && p.Sees(l.CustomerID) {
			kept = append(kept, l)
		}
	}
	return kept
}

// Cascade answers the cascade query. NOT_FOUND for an unknown focal company
// or code, BAD_INPUT for maxDepth out of range.
func (s *Service) Cascade(ctx context.Context, focal, code string, maxDepth *int, asOf *domain.Date) (*analysis.CascadeReport, error) {
	set, err := analysis.ResolveArgs(analysis.QueryCascade, analysis.Args{MaxDepth: maxDepth})
	if err != nil {
		return nil, err
	}
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
	in, err := s.cascadeInput(ctx, focal, code, set.MaxDepth, s.asOf(asOf))
	if err != nil {
		return nil, err
	}
	return analysis.UncoveredTiers(ctx, in, set.Threshold)
}

// RiskExposure answers the riskExposure query. NOT_FOUND for an unknown
// focal company, BAD_INPUT for arguments out of range.
func (s *Service) RiskExposure(ctx context.Context, focal string, categories []domain.RiskCategory, attenuation *float64, maxDepth, limit *int, asOf *domain.Date) (*analysis.RiskExposureReport, error) {
	set, err := analysis.ResolveArgs(analysis.QueryRiskExposure, analysis.Args{MaxDepth: maxDepth, Attenuation: attenuation, Limit: limit})
	if err != nil {
		return nil, err
	}
	if err := analysis.ValidateCategories(categories); err != nil {
		return nil, err
	}
	sn, err := s.snapshotFor(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.company(ctx, sn, "focal", focal); err != nil {
		return nil, err
	}
	t := s.asOf(asOf)
	in := analysis.RiskInput{Focal: focal, AsOf: t, MaxDepth: set.MaxDepth, Attenuation: set.Attenuation,
		Categories: categories, Limit: set.Limit, FacilityOperator: map[string]string{}}
	if sn != nil {
		in.Graph, in.Companies, in.Findings, in.FacilityOperator = snapshotGraph(ctx, sn, t), sn.companies, sn.findings, sn.operator
		return analysis.RiskExposure(ctx, in)
	}
	if in.Graph, err = s.graphAround(ctx, focal, neo4jstore.Upstream, t, set.MaxDepth); err != nil {
		return nil, err
	}
	chain := keys(analysis.Chain(in.Graph, focal, set.MaxDepth))
	if in.Companies, err = s.CompaniesByID(ctx, chain); err != nil {
		return nil, err
	}
	findings, err := s.FindingsOf(ctx, chain, t)
	if err != nil {
		return nil, err
	}
	for _, f := range findings {
		in.Findings = append(in.Findings, f.Finding)
		if f.SubjectID != f.CompanyID {
			in.FacilityOperator[f.SubjectID] = f.CompanyID
		}
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
	sn, err := s.snapshotFor(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.company(ctx, sn, "from", from); err != nil {
		return nil, err
	}
	if _, err := s.company(ctx, sn, "to", to); err != nil {
		return nil, err
	}
	if from == to {
		return []analysis.RiskPath{}, nil
	}
	var g *analysis.Graph
	if sn != nil {
		g = snapshotGraph(ctx, sn, s.asOf(asOf))
	} else if g, err = s.graphAround(ctx, to, neo4jstore.Upstream, s.asOf(asOf), set.MaxDepth); err != nil {
		return nil, err
	}
	return analysis.RiskPaths(ctx, g, from, to, set.Attenuation, set.MaxDepth, set.Limit)
}

// Impact answers the impact query. NOT_FOUND for an unknown source company,
// BAD_INPUT for arguments out of range.
func (s *Service) Impact(ctx context.Context, source string, attenuation *float64, maxDepth *int, asOf *domain.Date) (*analysis.ImpactReport, error) {
	set, err := analysis.ResolveArgs(analysis.QueryImpact, analysis.Args{MaxDepth: maxDepth, Attenuation: attenuation})
	if err != nil {
		return nil, err
	}
	sn, err := s.snapshotFor(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.company(ctx, sn, "source", source); err != nil {
		return nil, err
	}
	t := s.asOf(asOf)
	var g *analysis.Graph
	var companies map[string]domain.Company
	switch {
	case sn != nil:
		g, companies = snapshotGraph(ctx, sn, t), sn.companies
	default:
		links, err := s.Subgraph(ctx, source, neo4jstore.Downstream, t, set.MaxDepth)
		if err != nil {
			return nil, err
		}
		links = scopeLinks(ctx, links)
		ids := map[string]int{}
		for _, l := range links {
			ids[l.CustomerID] = 0
		}
		if companies, err = s.CompaniesByID(ctx, keys(ids)); err != nil {
			return nil, err
		}
		g = analysis.NewGraph(analysis.ActiveEdges(links, t))
	}
	return analysis.Impact(ctx, g, companies, source, set.Attenuation, set.MaxDepth)
}
