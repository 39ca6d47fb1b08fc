package explorer

import (
	"context"
	"sync"

	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// Clauses, corrective actions and the period report: the questions of
// docs/analysis.md#from-finding-to-fix-clauses-corrective-actions-the-period-report,
// each written once over source.

// CodeClauses returns the clauses of each code of ids, by clause id (codes
// without clauses are left out).
func (s *Service) CodeClauses(ctx context.Context, ids []string) (map[string][]domain.Clause, error) {
	src, err := s.reader(ctx)
	if err != nil {
		return nil, err
	}
	all, _, err := src.clauses(ctx)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	out := map[string][]domain.Clause{}
	for _, c := range all {
		if want[c.CodeID] {
			out[c.CodeID] = append(out[c.CodeID], c)
		}
	}
	return out, nil
}

// ClauseCoverage answers clauseCoverage. NOT_FOUND for an unknown focal
// company or code, BAD_INPUT for maxDepth out of range or a clause id that
// is not one of the code's.
func (s *Service) ClauseCoverage(ctx context.Context, focal, code string, clauses []string, maxDepth *int, asOf *domain.Date) (*analysis.ClauseCoverageReport, error) {
	set, err := analysis.ResolveArgs(analysis.QueryCascade, analysis.Args{MaxDepth: maxDepth})
	if err != nil {
		return nil, err
	}
	done, err := s.admitted(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	in, err := s.clauseInput(ctx, focal, code, set.MaxDepth, s.asOf(asOf))
	if err != nil {
		return nil, err
	}
	in.Select = clauses
	return analysis.ClauseCoverage(ctx, in)
}

func (s *Service) clauseInput(ctx context.Context, focal, code string, maxDepth int, asOf domain.Date) (analysis.ClauseInput, error) {
	ci, err := s.cascadeInput(ctx, focal, code, maxDepth, asOf)
	if err != nil {
		return analysis.ClauseInput{}, err
	}
	src, err := s.reader(ctx)
	if err != nil {
		return analysis.ClauseInput{}, err
	}
	in := analysis.ClauseInput{CascadeInput: ci}
	in.Clauses, in.Crosswalk, err = src.clauses(ctx)
	return in, err
}

// Remediation answers remediation. NOT_FOUND for an unknown focal company
// or code, BAD_INPUT for arguments out of range.
func (s *Service) Remediation(ctx context.Context, focal, code string, attenuation *float64, maxDepth *int, asOf *domain.Date) (*analysis.RemediationReport, error) {
	set, err := analysis.ResolveArgs(analysis.QueryRiskExposure, analysis.Args{MaxDepth: maxDepth, Attenuation: attenuation})
	if err != nil {
		return nil, err
	}
	done, err := s.admitted(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	t := s.asOf(asOf)
	ci, err := s.cascadeInput(ctx, focal, code, set.MaxDepth, t)
	if err != nil {
		return nil, err
	}
	src, err := s.reader(ctx)
	if err != nil {
		return nil, err
	}
	in := analysis.RemediationInput{CascadeInput: ci, Attenuation: set.Attenuation}
	chain := sync.OnceValue(func() []string { return keys(analysis.Chain(ci.Graph, focal, set.MaxDepth)) })
	if in.Findings, in.FacilityOperator, err = src.findings(ctx, chain, t); err != nil {
		return nil, err
	}
	in.Findings = scopeActions(ctx, in.Findings)
	return analysis.Remediation(ctx, in)
}

// DueDiligenceReport answers dueDiligenceReport. NOT_FOUND for an unknown
// focal company or code, BAD_INPUT for arguments out of range or from not
// before to.
func (s *Service) DueDiligenceReport(ctx context.Context, focal, code string, from, to domain.Date, attenuation *float64, maxDepth *int) (*analysis.DueDiligenceReport, error) {
	set, err := analysis.ResolveArgs(analysis.QueryRiskExposure, analysis.Args{MaxDepth: maxDepth, Attenuation: attenuation})
	if err != nil {
		return nil, err
	}
	if from >= to {
		return nil, domain.Errorf(domain.BadInput, "from must be before to, got from %s and to %s", from, to)
	}
	done, err := s.admitted(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	at := [2]analysis.ClauseInput{}
	for i, t := range []domain.Date{from, to} {
		if at[i], err = s.clauseInput(ctx, focal, code, set.MaxDepth, t); err != nil {
			return nil, err
		}
	}
	src, err := s.reader(ctx)
	if err != nil {
		return nil, err
	}
	// the risk exposure at each end follows the declared edges too, as
	// riskExposure does; each risk graph holds its date's disclosed one
	var risk [2]*analysis.Graph
	for i, t := range []domain.Date{from, to} {
		if risk[i], err = src.riskGraph(ctx, focal, domain.Upstream, t, set.MaxDepth); err != nil {
			return nil, err
		}
	}
	// both chains of the risk graphs (which hold the disclosed chains), for
	// the sources that read only what they are asked
	chains := sync.OnceValue(func() []string {
		ids := analysis.Chain(risk[0], focal, set.MaxDepth)
		for id, t := range analysis.Chain(risk[1], focal, set.MaxDepth) {
			ids[id] = t
		}
		return keys(ids)
	})
	companies, err := src.companies(ctx, chains)
	if err != nil {
		return nil, err
	}
	findings, operator, err := src.findings(ctx, chains, to)
	if err != nil {
		return nil, err
	}
	// acknowledgments and requests up to to (cascadeInput read them up to each date)
	return analysis.DueDiligence(ctx, analysis.ReportInput{Focal: focal, Code: code, From: from, To: to, MaxDepth: set.MaxDepth,
		Attenuation: set.Attenuation, GraphFrom: at[0].Graph, GraphTo: at[1].Graph, RiskGraphFrom: risk[0], RiskGraphTo: risk[1], Companies: companies, Codes: at[1].Codes,
		Acks: mergeAcks(at[0].Acks, at[1].Acks), Requests: at[1].Requests, Clauses: at[1].Clauses, Crosswalk: at[1].Crosswalk,
		Findings: scopeActions(ctx, findings), FacilityOperator: operator})
}

// mergeAcks returns the acknowledgments of a and b, each once (by key).
func mergeAcks(a, b []domain.Acknowledgment) []domain.Acknowledgment {
	type key struct {
		c, k string
		e    int
		d    domain.Date
	}
	seen := map[key]bool{}
	var out []domain.Acknowledgment
	for _, list := range [][]domain.Acknowledgment{a, b} {
		for _, x := range list {
			if k := (key{x.CompanyID, x.CodeID, x.Edition, x.Date}); !seen[k] {
				seen[k] = true
				out = append(out, x)
			}
		}
	}
	return out
}

// scopeActions keeps, for a supplier-scoped key, only the actions whose
// responsible company and escalated relationship it sees (a new slice of
// findings: the input may be shared); for other principals, findings.
func scopeActions(ctx context.Context, findings []domain.Finding) []domain.Finding {
	p := auth.From(ctx)
	if !p.Scoped() {
		return findings
	}
	out := make([]domain.Finding, len(findings))
	for i, f := range findings {
		if len(f.Actions) > 0 {
			kept := make([]domain.Action, 0, len(f.Actions))
			for _, a := range f.Actions {
				if p.Sees(a.ResponsibleID) && (a.SupplierID == "" || p.Sees(a.SupplierID) && p.Sees(a.CustomerID)) {
					kept = append(kept, a)
				}
			}
			f.Actions = kept
		}
		out[i] = f
	}
	return out
}

// CompleteActions marks the actions done on done, in one transaction.
// NOT_FOUND (and nothing changed) if an id is unknown; BAD_INPUT if done is
// before an action was opened or after tomorrow; a verified action stays verified (its done
// date changes). A supplier-scoped key may complete the actions its
// company is responsible for.
func (s *Service) CompleteActions(ctx context.Context, by string, ids []string, done domain.Date) (*Change, error) {
	return s.changeActions(ctx, by, ids, done, func(a *domain.Action) {
		a.Done = &done
		if a.Status == domain.ActionOpen {
			a.Status = domain.ActionDone
		}
	})
}

// VerifyActions marks the actions verified on verified by verifiedBy, in
// one transaction (keys without a supplier scope only: the buyer side
// verifies). An action not done yet is done on the same date.
func (s *Service) VerifyActions(ctx context.Context, by string, ids []string, verified domain.Date, verifiedBy string) (*Change, error) {
	if p := auth.From(ctx); p.Scoped() {
		return nil, domain.Errorf(domain.Forbidden, "a key scoped to %s may not verify actions: the buyer side verifies", p.Company)
	}
	return s.changeActions(ctx, by, ids, verified, func(a *domain.Action) {
		if a.Done == nil {
			a.Done = &verified
		}
		a.Status, a.Verified, a.VerifiedBy = domain.ActionVerified, &verified, verifiedBy
	})
}

func (s *Service) changeActions(ctx context.Context, by string, ids []string, on domain.Date, change func(*domain.Action)) (*Change, error) {
	if err := auth.Require(ctx, auth.Editor); err != nil {
		return nil, err
	}
	// a progress date is not in the future (a day of slack for time zones):
	// a done date far ahead would read OPEN until then and block verifying
	if limit := domain.Today().AddDays(1); on > limit {
		return nil, domain.Errorf(domain.BadInput, "the date %s is in the future (after %s)", on, limit)
	}
	if len(ids) == 0 {
		return &Change{Records: map[string][]any{}}, nil
	}
	for i, id := range ids {
		if !dataset.ValidID(id) {
			return nil, domain.Errorf(domain.BadInput, "ids[%d]: invalid id %q: want 1 to 128 characters of A-Z a-z 0-9 . _ : -", i, dataset.Truncate(id))
		}
	}
	found, err := s.store.ActionsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	recs := make([]any, len(ids))
	for i, id := range ids {
		a, ok := found[id]
		if !ok || !auth.From(ctx).Sees(a.ResponsibleID) {
			return nil, domain.Errorf(domain.NotFound, "ids[%d]: no action with id %q", i, id)
		}
		change(&a)
		recs[i] = a
	}
	return s.Apply(ctx, by, Part{File: dataset.ActionsFile, Records: recs})
}

// checkActionWrite applies a supplier-scoped key's rule for actions: it
// may report progress (status OPEN or DONE, the done date, the
// description) on existing actions its company is responsible for, and
// change nothing else; it never opens, reassigns or verifies one.
func (s *Service) checkActionWrite(ctx context.Context, p *auth.Principal, idx int, a domain.Action, stored map[string]domain.Action) error {
	old, ok := stored[a.ID]
	if !ok || old.ResponsibleID != p.Company {
		return domain.Errorf(domain.Forbidden, "input[%d].id: this key may only report progress on existing actions %s is responsible for", idx, p.Company)
	}
	if a.Status == domain.ActionVerified || old.Status == domain.ActionVerified || a.Verified != nil || a.VerifiedBy != "" {
		return domain.Errorf(domain.Forbidden, "input[%d].status: a key scoped to %s may not verify actions or change verified ones: the buyer side verifies", idx, p.Company)
	}
	same := old.FindingID == a.FindingID && old.Kind == a.Kind && old.ResponsibleID == a.ResponsibleID && old.Opened == a.Opened &&
		eqDate(old.Due, a.Due) && old.Level == a.Level && old.SupplierID == a.SupplierID && old.CustomerID == a.CustomerID
	if !same {
		return domain.Errorf(domain.Forbidden, "input[%d]: a key scoped to %s may change only the status, done date and description of an action", idx, p.Company)
	}
	return nil
}

func eqDate(a, b *domain.Date) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}
