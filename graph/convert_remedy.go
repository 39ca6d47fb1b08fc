package graph

import (
	"context"
	"github.com/supplygraph/supplygraph/internal/dataset"

	"github.com/supplygraph/supplygraph/graph/model"
	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
)

// Converters of the remediation inputs and answers (see convert.go).

func clauseRecords(in []model.ClauseInput) []any {
	out := make([]any, len(in))
	for i, c := range in {
		out[i] = domain.Clause{CodeID: c.CodeID, ID: c.ID, Chapter: c.Chapter, Title: c.Title, Topics: c.Topics,
			IntroducedIn: c.IntroducedIn, DroppedIn: c.DroppedIn}
	}
	return out
}

func equivalenceRecords(in []model.ClauseEquivalenceInput) []any {
	out := make([]any, len(in))
	for i, e := range in {
		out[i] = domain.ClauseEquivalence{CodeID: e.CodeID, ClauseID: e.ClauseID, EquivalentCodeID: e.EquivalentCodeID, EquivalentClauseID: e.EquivalentClauseID}
	}
	return out
}

func citationRecords(in []model.ClauseCitationInput) []any {
	out := make([]any, len(in))
	for i, c := range in {
		out[i] = domain.FindingClause{FindingID: c.FindingID, CodeID: c.CodeID, ClauseID: c.ClauseID}
	}
	return out
}

func actionRecords(in []model.ActionInput) []any {
	out := make([]any, len(in))
	for i, a := range in {
		out[i] = domain.Action{ID: a.ID, FindingID: a.FindingID, Kind: a.Kind, Description: deref(a.Description),
			ResponsibleID: a.ResponsibleID, Opened: a.Opened, Due: a.Due, Status: deref(a.Status), Done: a.Done,
			Verified: a.Verified, VerifiedBy: deref(a.VerifiedBy), Level: deref(a.Level), SupplierID: deref(a.SupplierID),
			CustomerID: deref(a.CustomerID)}
	}
	return out
}

func actionsPayload(ch *explorer.Change, err error) (*model.ActionsPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.ActionsPayload{LoadID: ch.LoadID, Created: ch.Created, Updated: ch.Updated,
		Actions: records[domain.Action](ch, dataset.ActionsFile)}, nil
}

func clauseCoverageModel(rep *analysis.ClauseCoverageReport) *model.ClauseCoverage {
	out := &model.ClauseCoverage{Clauses: make([]model.ClauseCoverageEntry, len(rep.Clauses))}
	for i := range rep.Clauses {
		c := &rep.Clauses[i]
		e := model.ClauseCoverageEntry{Clause: &c.Clause, Companies: c.Companies, Committed: c.Committed,
			CoveredNotCommitted: c.CoveredNotCommitted, Tiers: make([]model.ClauseTier, len(c.Tiers)), Report: rep, Index: i}
		for j, t := range c.Tiers {
			e.Tiers[j] = model.ClauseTier{ClauseTier: t, Report: rep, Index: i}
		}
		out.Clauses[i] = e
	}
	return out
}

// remediationModel converts rep, with every finding if withFindings (a
// client that pages findingsConnection does not need them all).
func (r *Resolver) remediationModel(ctx context.Context, rep *analysis.RemediationReport, withFindings bool) (*model.Remediation, error) {
	out := &model.Remediation{Findings: []model.FindingRemediation{}, FindingsWithOverdue: rep.FindingsWithOverdue,
		OverdueActions: rep.OverdueActions, WithoutRoute: rep.WithoutRoute, ByEscalation: rep.ByEscalation, Report: rep}
	if withFindings {
		fs, err := r.findingRemediations(ctx, rep.Findings)
		if err != nil {
			return nil, err
		}
		out.Findings = fs
	}
	return out, nil
}

// findingRemediations converts findings with their companies resolved in
// one batch.
func (r *Resolver) findingRemediations(ctx context.Context, fs []analysis.FindingRemediation) ([]model.FindingRemediation, error) {
	ids := map[string]bool{}
	for _, f := range fs {
		ids[f.CompanyID] = true
		for _, b := range f.Blockers {
			ids[b] = true
		}
		if f.Route != nil {
			for _, id := range f.Route.Path {
				ids[id] = true
			}
		}
	}
	idx, err := r.companyIndex(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]model.FindingRemediation, len(fs))
	for i := range fs {
		f := &fs[i]
		m := model.FindingRemediation{Finding: &f.Finding, Company: idx[f.CompanyID], Tier: f.Tier, DaysOpen: f.DaysOpen,
			Actions: make([]model.ActionOnDate, len(f.Actions)), OverdueActions: f.OverdueActions, Escalation: f.EscalationOrNil(),
			Blockers: pathOf(f.Blockers, idx)}
		for j := range f.Actions {
			a := &f.Actions[j]
			m.Actions[j] = model.ActionOnDate{Action: &a.Action, StatusOnDate: a.StatusAt, Overdue: a.Overdue, DaysOverdue: a.DaysOverdue}
		}
		if f.Route != nil {
			m.Route = &model.LeverageRoute{Path: pathOf(f.Route.Path, idx), Weight: f.Route.Weight}
		}
		out[i] = m
	}
	return out, nil
}

func (r *Resolver) reportModel(ctx context.Context, rep *analysis.DueDiligenceReport) (*model.DueDiligenceReport, error) {
	ids := map[string]bool{}
	for _, c := range rep.Clauses {
		for _, id := range c.NewlyCommitted {
			ids[id] = true
		}
	}
	idx, err := r.companyIndex(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := &model.DueDiligenceReport{Coverage: rep.Coverage, Clauses: make([]model.ClauseChange, len(rep.Clauses)), Findings: rep.Findings,
		Actions: rep.Actions, Escalations: rep.Escalations, RiskFrom: rep.RiskFrom, RiskTo: rep.RiskTo}
	for i := range rep.Clauses {
		c := &rep.Clauses[i]
		out.Clauses[i] = model.ClauseChange{Clause: &c.Clause, CommittedFrom: c.CommittedFrom, CommittedTo: c.CommittedTo,
			NewlyCommitted: pathOf(c.NewlyCommitted, idx)}
	}
	return out, nil
}

// uncommitted is a page of the companies not committed to clause i (at
// tier, 0: all), n of them, listing only the page (companyList would list
// them all first).
func (r *Resolver) uncommitted(ctx context.Context, rep *analysis.ClauseCoverageReport, i, tier, n int, first *int, after *string) (*model.CompanyConnection, error) {
	f := n
	if first != nil {
		if *first < 0 || *first > MaxFirst {
			return nil, domain.Errorf(domain.BadInput, "first must be from 0 to %d, got %d", MaxFirst, *first)
		}
		f = *first
	}
	from, to, info, err := windowN(n, f, after)
	if err != nil {
		return nil, err
	}
	cs, err := r.companies(ctx, rep.UncommittedRange(i, tier, from, to))
	if err != nil {
		return nil, err
	}
	conn := &model.CompanyConnection{TotalCount: n, PageInfo: info, Edges: make([]model.CompanyEdge, len(cs))}
	for k := range cs {
		conn.Edges[k] = model.CompanyEdge{Cursor: offsetCursor(from + k), Node: &cs[k]}
	}
	return conn, nil
}
