package explorer

import (
	"context"

	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/cmrt"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// MineralsAnswer is mineralsReport's answer with its arguments.
type MineralsAnswer struct {
	*analysis.MineralsReport
	Focal     domain.Company
	Metal     string
	AsOf      domain.Date
	MaxDepth  int
	ValidDays int
	// Companies resolves the report's ids (suppliers, smelters, declarers).
	Companies analysis.Companies
}

// MineralsReport answers mineralsReport: the response rate per tier, the
// consolidated smelter list and the contradictions for metal in focal's
// chain (disclosed links only). NOT_FOUND for an unknown (or, for a scoped
// key, invisible) focal company; BAD_INPUT for an unknown metal or
// arguments out of range.
func (s *Service) MineralsReport(ctx context.Context, focal, metal string, maxDepth, validDays *int, asOf *domain.Date) (*MineralsAnswer, error) {
	set, err := analysis.ResolveArgs(analysis.QuerySupplyChain, analysis.Args{MaxDepth: maxDepth})
	if err != nil {
		return nil, err
	}
	if err := analysis.ValidateMetal(metal); err != nil {
		return nil, err
	}
	vd := analysis.DefaultValidDays
	if validDays != nil {
		vd = *validDays
	}
	if err := analysis.ValidateValidDays(vd); err != nil {
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
	t := s.asOf(asOf)
	in := analysis.MineralsInput{Focal: focal, Metal: metal, AsOf: t, MaxDepth: set.MaxDepth, ValidDays: vd}
	// one level more: the direct suppliers of the chain's last tier
	if in.Graph, err = src.graph(ctx, focal, domain.Upstream, t, set.MaxDepth+1); err != nil {
		return nil, err
	}
	graphIDs := func() []string {
		tiers := analysis.Chain(in.Graph, focal, set.MaxDepth+1)
		ids := append(keys(tiers), focal)
		return ids
	}
	if in.Declarations, err = src.declarations(ctx, graphIDs); err != nil {
		return nil, err
	}
	// the chain, its direct suppliers, and the smelters their declarations name
	wanted := func() []string {
		ids := graphIDs()
		seen := map[string]bool{}
		for _, id := range ids {
			seen[id] = true
		}
		for _, id := range graphIDs() {
			for _, d := range in.Declarations(id) {
				for _, n := range d.Smelters {
					if !seen[n.SmelterID] {
						seen[n.SmelterID] = true
						ids = append(ids, n.SmelterID)
					}
				}
			}
		}
		return ids
	}
	if in.Companies, err = src.companies(ctx, wanted); err != nil {
		return nil, err
	}
	rep, err := analysis.MineralsReportOf(ctx, in)
	if err != nil {
		return nil, err
	}
	return &MineralsAnswer{MineralsReport: rep, Focal: f, Metal: metal, AsOf: t, MaxDepth: set.MaxDepth, ValidDays: vd, Companies: in.Companies}, nil
}

// DeclarationsOf returns the declarations of the companies ids (those the
// principal sees, naming the smelters it sees), each company's by template
// and effective date.
func (s *Service) DeclarationsOf(ctx context.Context, ids []string) (map[string][]domain.Declaration, error) {
	if err := auth.Require(ctx, auth.Viewer); err != nil {
		return nil, err
	}
	m, err := fromSnapshot(ctx, s, ids, func(sn *snapshot, id string) ([]domain.Declaration, bool) {
		ds, ok := sn.decls[id]
		return ds, ok
	}, s.store.DeclarationsOf)
	if err != nil {
		return nil, err
	}
	return scopeDeclarations(ctx, m), nil
}

// MineralsFiling is the roll-up of metal as the declaration focal would
// file (see docs/analysis.md, "Export"): the template covering the metal,
// focal's name, asOf as the effective date, company scope, the answers the
// graph gives (question 1: Yes when the smelter list is not empty;
// question 5: the response-rate answer; question 6: Yes when every
// relevant supplier of tier 1 has a current declaration and discloses
// COMPLETE) and the consolidated smelters, keyed by their company ids.
func (s *Service) MineralsFiling(ctx context.Context, focal, metal string, maxDepth, validDays *int, asOf *domain.Date) (*cmrt.Filing, error) {
	a, err := s.MineralsReport(ctx, focal, metal, maxDepth, validDays, asOf)
	if err != nil {
		return nil, err
	}
	t, _ := domain.TemplateFor(metal)
	yesNo := func(b bool) string {
		if b {
			return "Yes"
		}
		return "No"
	}
	q := func(n int) string { return cmrt.MetalQuestions[n-1] }
	f := &cmrt.Filing{Template: t, CompanyName: a.Focal.Name, Scope: domain.ScopeCompany, Effective: a.AsOf,
		Answers: []domain.Answer{
			{Metal: metal, Number: "1", Question: q(1), Value: yesNo(len(a.Smelters) > 0)},
			{Metal: metal, Number: "5", Question: q(5), Value: a.ResponseRate.Text()},
			{Metal: metal, Number: "6", Question: q(6), Value: yesNo(a.AllIdentified)},
		}}
	for _, sm := range a.Smelters {
		f.Smelters = append(f.Smelters, cmrt.Smelter{Metal: metal, Name: sm.Company.Name, Country: sm.Company.Country,
			SmelterID: sm.Company.ID, Source: "supplygraph"})
	}
	return f, nil
}
