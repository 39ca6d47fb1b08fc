package analysis

import (
	"cmp"
	"context"
	"slices"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// ReportInput is what dueDiligenceReport needs: the data of a clause
// coverage and a risk exposure, with the active graphs at both ends of the
// window From < date <= To.
type ReportInput struct {
	Focal       string
	Code        string
	From, To    domain.Date
	MaxDepth    int
	Attenuation float64

	// GraphFrom and GraphTo are the active graphs at From and To (each at
	// least as much as a cascade and a risk exposure need).
	GraphFrom, GraphTo *Graph
	// RiskGraphFrom and RiskGraphTo are the same with the declared edges of
	// the declarations in force at each date (see DeclaredLinks), over which
	// the risk exposure at each end is computed, as riskExposure does; nil
	// means GraphFrom and GraphTo.
	RiskGraphFrom, RiskGraphTo *Graph
	Companies                  Companies // every company of both chains (of the risk graphs)
	Codes                      []domain.Code
	Acks                       []domain.Acknowledgment
	Requests                   []domain.Request
	Clauses                    []domain.Clause
	Crosswalk                  []domain.ClauseEquivalence
	// Findings with their actions, and facility operators, as for
	// remediation (of both chains).
	Findings         []domain.Finding
	FacilityOperator map[string]string
}

// CoverageChange is one tier's coverage at both ends of the window.
type CoverageChange struct {
	Tier                       int
	CompaniesFrom, CoveredFrom int
	CoverageFrom               float64
	CompaniesTo, CoveredTo     int
	CoverageTo                 float64
	Change                     float64 // CoverageTo - CoverageFrom
}

// ClauseChange is one clause's commitments at both ends of the window.
type ClauseChange struct {
	Clause         domain.Clause
	CommittedFrom  int
	CommittedTo    int
	NewlyCommitted []string // companies of the chain at To committed at To and not at From, by id
}

// FindingChange counts the findings opened and closed in the window for
// one category and tier.
type FindingChange struct {
	Category domain.RiskCategory
	Tier     int
	Opened   []string // finding ids
	Closed   []string
}

// ActionChange summarizes the actions of the window's findings.
type ActionChange struct {
	Opened    int // opened in the window
	Completed int // done in the window
	Verified  int // verified in the window
	Overdue   int // overdue on To
}

// RiskSummary is a risk exposure's totals.
type RiskSummary struct {
	Sources    int
	TotalScore float64
	ByCategory []CategoryExposure
}

// DueDiligenceReport is the answer of dueDiligenceReport.
type DueDiligenceReport struct {
	Coverage    []CoverageChange // by tier
	Clauses     []ClauseChange   // by clause id
	Findings    []FindingChange  // by category, then tier
	Actions     ActionChange
	Escalations []domain.Action // ESCALATE actions opened in the window, by opened then id
	RiskFrom    RiskSummary
	RiskTo      RiskSummary
}

// DueDiligence reports what changed in in.Focal's chain between in.From
// and in.To (see docs/analysis.md).
func DueDiligence(ctx context.Context, in ReportInput) (*DueDiligenceReport, error) {
	if err := ValidateMaxDepth(in.MaxDepth); err != nil {
		return nil, err
	}
	if err := ValidateAttenuation(in.Attenuation); err != nil {
		return nil, err
	}
	if in.From >= in.To {
		return nil, domain.Errorf(domain.BadInput, "from must be before to, got from %s and to %s", in.From, in.To)
	}
	if in.GraphFrom == nil || in.GraphTo == nil {
		return nil, domain.Errorf(domain.Internal, "analysis: report input has no graph")
	}
	at := func(g *Graph, t domain.Date) ClauseInput {
		return ClauseInput{CascadeInput: CascadeInput{Focal: in.Focal, Code: in.Code, AsOf: t, MaxDepth: in.MaxDepth, Graph: g,
			Companies: in.Companies, Codes: in.Codes, Acks: in.Acks, Requests: in.Requests}, Clauses: in.Clauses, Crosswalk: in.Crosswalk}
	}
	rep := &DueDiligenceReport{Coverage: []CoverageChange{}, Clauses: []ClauseChange{}, Findings: []FindingChange{}, Escalations: []domain.Action{}}

	// coverage per tier
	var casc [2]*CascadeReport
	for i, x := range []ClauseInput{at(in.GraphFrom, in.From), at(in.GraphTo, in.To)} {
		c, err := Cascade(ctx, x.CascadeInput)
		if err != nil {
			return nil, err
		}
		casc[i] = c
	}
	tiers := map[int]*CoverageChange{}
	for i, c := range casc {
		for _, t := range c.Tiers {
			ch := tiers[t.Tier]
			if ch == nil {
				ch = &CoverageChange{Tier: t.Tier}
				tiers[t.Tier] = ch
			}
			if i == 0 {
				ch.CompaniesFrom, ch.CoveredFrom, ch.CoverageFrom = t.Companies, t.Covered, t.Coverage
			} else {
				ch.CompaniesTo, ch.CoveredTo, ch.CoverageTo = t.Companies, t.Covered, t.Coverage
			}
		}
	}
	for _, ch := range tiers {
		ch.Change = ch.CoverageTo - ch.CoverageFrom
		rep.Coverage = append(rep.Coverage, *ch)
	}
	slices.SortFunc(rep.Coverage, func(a, b CoverageChange) int { return cmp.Compare(a.Tier, b.Tier) })

	// clauses
	var cov [2]*ClauseCoverageReport
	for i, x := range []ClauseInput{at(in.GraphFrom, in.From), at(in.GraphTo, in.To)} {
		c, err := ClauseCoverage(ctx, x)
		if err != nil {
			return nil, err
		}
		cov[i] = c
	}
	// who of the chain at To was committed at From already
	then, err := ClauseCoverage(ctx, at(in.GraphTo, in.From))
	if err != nil {
		return nil, err
	}
	for i, c := range cov[1].Clauses {
		before := map[string]bool{}
		for _, id := range then.Committed(i) {
			before[id] = true
		}
		newly := []string{}
		for _, id := range cov[1].Committed(i) {
			if !before[id] {
				newly = append(newly, id)
			}
		}
		slices.Sort(newly)
		rep.Clauses = append(rep.Clauses, ClauseChange{Clause: c.Clause, CommittedFrom: cov[0].Clauses[i].Committed,
			CommittedTo: c.Committed, NewlyCommitted: newly})
	}

	// findings and their actions: a finding counts when its company is in
	// the chain at To (its tier there), or else at From
	chainTo, chainFrom := Chain(in.GraphTo, in.Focal, in.MaxDepth), Chain(in.GraphFrom, in.Focal, in.MaxDepth)
	inWindow := func(d *domain.Date) bool { return d != nil && in.From < *d && *d <= in.To }
	groups := map[[2]any]*FindingChange{}
	group := func(c domain.RiskCategory, tier int) *FindingChange {
		k := [2]any{c, tier}
		if groups[k] == nil {
			groups[k] = &FindingChange{Category: c, Tier: tier, Opened: []string{}, Closed: []string{}}
		}
		return groups[k]
	}
	for i := range in.Findings {
		fd := &in.Findings[i]
		co := findingCompany(fd, in.FacilityOperator)
		tier, ok := chainTo[co]
		if !ok {
			if tier, ok = chainFrom[co]; !ok {
				continue
			}
		}
		if inWindow(&fd.Detected) {
			g := group(fd.Category, tier)
			g.Opened = append(g.Opened, fd.ID)
		}
		if inWindow(fd.Closed) {
			g := group(fd.Category, tier)
			g.Closed = append(g.Closed, fd.ID)
		}
		for j := range fd.Actions {
			a := &fd.Actions[j]
			if inWindow(&a.Opened) {
				rep.Actions.Opened++
				if a.Kind == domain.ActionEscalate {
					rep.Escalations = append(rep.Escalations, *a)
				}
			}
			if inWindow(a.Done) {
				rep.Actions.Completed++
			}
			if inWindow(a.Verified) {
				rep.Actions.Verified++
			}
			if a.OverdueAt(in.To) {
				rep.Actions.Overdue++
			}
		}
	}
	for _, g := range groups {
		slices.Sort(g.Opened)
		slices.Sort(g.Closed)
		rep.Findings = append(rep.Findings, *g)
	}
	slices.SortFunc(rep.Findings, func(a, b FindingChange) int {
		return cmp.Or(cmp.Compare(a.Category, b.Category), cmp.Compare(a.Tier, b.Tier))
	})
	domain.SortActions(rep.Escalations)

	// risk exposure at both ends
	riskFrom, riskTo := cmp.Or(in.RiskGraphFrom, in.GraphFrom), cmp.Or(in.RiskGraphTo, in.GraphTo)
	for i, x := range []struct {
		g *Graph
		t domain.Date
	}{{riskFrom, in.From}, {riskTo, in.To}} {
		r, err := RiskExposure(ctx, RiskInput{Focal: in.Focal, AsOf: x.t, MaxDepth: in.MaxDepth, Attenuation: in.Attenuation,
			Limit: 1, Graph: x.g, Companies: in.Companies, Findings: in.Findings, FacilityOperator: in.FacilityOperator})
		if err != nil {
			return nil, err
		}
		s := RiskSummary{Sources: len(r.Ranked), ByCategory: r.ByCategory}
		for _, e := range r.Ranked {
			s.TotalScore += e.Score
		}
		if i == 0 {
			rep.RiskFrom = s
		} else {
			rep.RiskTo = s
		}
	}
	return rep, nil
}
