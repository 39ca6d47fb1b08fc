package analysis

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	csvdata "github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// tinyRemedy is the tiny dataset with its findings' citations and actions
// attached, as the store reads them.
type tinyRemedy struct {
	d        *csvdata.Data
	findings []domain.Finding
	operator map[string]string
}

func loadTinyRemedy(t *testing.T) *tinyRemedy {
	t.Helper()
	src, err := csvdata.Dir(tinyDir)
	if err != nil {
		t.Fatal(err)
	}
	d, err := csvdata.ReadAll(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	return &tinyRemedy{d: d, findings: attach(d.Findings, d.FindingClauses, d.Actions), operator: operators(d.Facilities)}
}

// attach gives each finding its citations and actions.
func attach(findings []domain.Finding, cites []domain.FindingClause, actions []domain.Action) []domain.Finding {
	out := make([]domain.Finding, len(findings))
	for i, f := range findings {
		f.Clauses, f.Actions = nil, nil
		for _, c := range cites {
			if c.FindingID == f.ID {
				f.Clauses = append(f.Clauses, domain.ClauseKey{CodeID: c.CodeID, ID: c.ClauseID})
			}
		}
		for _, a := range actions {
			if a.FindingID == f.ID {
				f.Actions = append(f.Actions, a)
			}
		}
		domain.SortActions(f.Actions)
		out[i] = f
	}
	return out
}

func operators(fs []domain.Facility) map[string]string {
	m := map[string]string{}
	for _, f := range fs {
		m[f.ID] = f.CompanyID
	}
	return m
}

func date(t *testing.T, s string) domain.Date {
	t.Helper()
	d, err := domain.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (x *tinyRemedy) cascadeInput(t *testing.T, focal, code, asOf string) CascadeInput {
	at := date(t, asOf)
	return CascadeInput{Focal: focal, Code: code, AsOf: at, MaxDepth: 10, Graph: ActiveGraph(x.d.SupplyLinks, at),
		Companies: CompanyMap(x.d.CompanyByID()), Codes: AcceptedCodes(code, x.d.Codes, x.d.CodeAccepts),
		Acks: x.d.Acknowledgments, Requests: x.d.Requests}
}

// clauseTable is a clause's coverage as docs/analysis.md shows it: per
// tier, committed / covered-not-committed / companies.
type clauseRow struct {
	Tier, Companies, Committed, CoveredNotCommitted int
}

func clauseTable(rep *ClauseCoverageReport) map[string][]clauseRow {
	out := map[string][]clauseRow{}
	for _, c := range rep.Clauses {
		for _, t := range c.Tiers {
			out[c.Clause.ID] = append(out[c.Clause.ID], clauseRow{t.Tier, t.Companies, t.Committed, t.CoveredNotCommitted})
		}
	}
	return out
}

// The worked example of docs/analysis.md, clauseCoverage.
func TestTinyClauseCoverage(t *testing.T) {
	x := loadTinyRemedy(t)
	in := ClauseInput{CascadeInput: x.cascadeInput(t, "HIT", "HIT-SPG", "2026-06-01"), Clauses: x.d.Clauses, Crosswalk: x.d.Crosswalk}
	rep, err := ClauseCoverage(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	both := []clauseRow{{1, 3, 1, 0}, {2, 3, 2, 0}, {3, 3, 0, 0}, {4, 1, 0, 0}}
	onlyEdition7 := []clauseRow{{1, 3, 1, 0}, {2, 3, 1, 1}, {3, 3, 0, 0}, {4, 1, 0, 0}}
	want := map[string][]clauseRow{"A-(1)": both, "A-(7)": onlyEdition7, "B-(6)": onlyEdition7, "C-(2)": onlyEdition7, "D-(1)": both}
	if d := cmp.Diff(want, clauseTable(rep)); d != "" {
		t.Errorf("coverage (-want +got):\n%s", d)
	}
	landRights := 1 // A-(7), by id
	if got := rep.Uncommitted(landRights, 0); !cmp.Equal(got, []string{"BALT", "CHAO", "DELT", "GDAN", "HARB", "INDO", "JADE", "KIVU"}) {
		t.Errorf("Land Rights uncommitted: %v", got)
	}
	if got := rep.Uncommitted(landRights, 2); !cmp.Equal(got, []string{"DELT", "GDAN"}) {
		t.Errorf("Land Rights uncommitted at tier 2: %v", got)
	}
	if got := rep.Committed(0); !cmp.Equal(got, []string{"AOBA", "DELT", "EAST"}) {
		t.Errorf("A-(1) committed: %v", got)
	}

	// 2025-01-01: HARB holds the 6th edition, current then
	in = ClauseInput{CascadeInput: x.cascadeInput(t, "HIT", "HIT-SPG", "2025-01-01"), Clauses: x.d.Clauses, Crosswalk: x.d.Crosswalk}
	rep, err = ClauseCoverage(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	tab := clauseTable(rep)
	if got := tab["A-(7)"][2]; got != (clauseRow{3, 3, 0, 1}) {
		t.Errorf("A-(7) tier 3 on 2025-01-01: %+v", got)
	}
	if got := tab["A-(1)"][2]; got != (clauseRow{3, 3, 1, 0}) {
		t.Errorf("A-(1) tier 3 on 2025-01-01: %+v", got)
	}

	// NEC: AOBA's HIT-SPG acknowledgment does not commit it to II-1 (NEC-SCG
	// does not accept HIT-SPG); its NEC-SCG one does.
	in = ClauseInput{CascadeInput: x.cascadeInput(t, "NEC", "NEC-SCG", "2026-06-01"), Clauses: x.d.Clauses, Crosswalk: x.d.Crosswalk}
	rep, err = ClauseCoverage(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Committed(0); !cmp.Equal(got, []string{"AOBA"}) {
		t.Errorf("NEC II-1 committed: %v", got)
	}

	in.Select = []string{"II-9"}
	if _, err := ClauseCoverage(context.Background(), in); domain.KindOf(err) != domain.BadInput {
		t.Errorf("unknown clause: %v", err)
	}
}

type remRow struct {
	Finding, Company string
	Tier, DaysOpen   int
	Actions          []string // id status [overdue days]
	Escalation       domain.EscalationLevel
	Route            []string
	Weight           float64
	Blockers         []string
}

func remTable(rep *RemediationReport) []remRow {
	var out []remRow
	for _, f := range rep.Findings {
		r := remRow{Finding: f.Finding.ID, Company: f.CompanyID, Tier: f.Tier, DaysOpen: f.DaysOpen, Escalation: f.Escalation, Blockers: f.Blockers}
		for _, a := range f.Actions {
			s := a.ID + " " + string(a.StatusAt)
			if a.Overdue {
				s += " overdue " + itoa(a.DaysOverdue)
			}
			r.Actions = append(r.Actions, s)
		}
		if f.Route != nil {
			r.Route, r.Weight = f.Route.Path, f.Route.Weight
		}
		out = append(out, r)
	}
	return out
}

func itoa(n int) string { return fmt.Sprintf("%02d", n) }

// The worked example of docs/analysis.md, remediation.
func TestTinyRemediation(t *testing.T) {
	x := loadTinyRemedy(t)
	in := RemediationInput{CascadeInput: x.cascadeInput(t, "HIT", "HIT-SPG", "2026-06-01"), Attenuation: 0.8,
		Findings: x.findings, FacilityOperator: x.operator}
	rep, err := Remediation(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	want := []remRow{
		{"F-002", "BALT", 1, 208, []string{"A-005 DONE", "A-006 OPEN"}, "", []string{"BALT", "HIT"}, 0.4, []string{}},
		{"F-001", "EAST", 2, 111, []string{"A-001 VERIFIED", "A-002 OPEN overdue 31", "A-003 DONE", "A-004 OPEN"},
			domain.EscalationEnhancedPlan, []string{"EAST", "AOBA", "HIT"}, 0.24, []string{}},
		{"F-005", "DELT", 2, 92, []string{"A-007 OPEN overdue 01"}, "", []string{"DELT", "AOBA", "HIT"}, 0.24, []string{}},
	}
	if d := cmp.Diff(want, remTable(rep), cmpopts.EquateApprox(1e-9, 0)); d != "" {
		t.Errorf("remediation (-want +got):\n%s", d)
	}
	if rep.FindingsWithOverdue != 2 || rep.OverdueActions != 2 || rep.WithoutRoute != 0 ||
		!cmp.Equal(rep.ByEscalation, []EscalationCount{{domain.EscalationEnhancedPlan, 1}}) {
		t.Errorf("totals: %+v", rep)
	}

	// with NEC-SCG, which HIT never sent down: no relays
	in.CascadeInput = x.cascadeInput(t, "HIT", "NEC-SCG", "2026-06-01")
	rep, err = Remediation(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	got := remTable(rep)
	if got[0].Route == nil || got[1].Route != nil || len(got[1].Blockers) != 0 || got[2].Route != nil ||
		!cmp.Equal(got[2].Blockers, []string{"AOBA"}) || rep.WithoutRoute != 2 {
		t.Errorf("NEC-SCG routes: %+v", got)
	}
}

// The worked example of docs/analysis.md, dueDiligenceReport.
func TestTinyDueDiligenceReport(t *testing.T) {
	x := loadTinyRemedy(t)
	from, to := date(t, "2025-06-01"), date(t, "2026-06-01")
	in := ReportInput{Focal: "HIT", Code: "HIT-SPG", From: from, To: to, MaxDepth: 10, Attenuation: 0.8,
		GraphFrom: ActiveGraph(x.d.SupplyLinks, from), GraphTo: ActiveGraph(x.d.SupplyLinks, to),
		Companies: CompanyMap(x.d.CompanyByID()), Codes: AcceptedCodes("HIT-SPG", x.d.Codes, x.d.CodeAccepts),
		Acks: x.d.Acknowledgments, Requests: x.d.Requests, Clauses: x.d.Clauses, Crosswalk: x.d.Crosswalk,
		Findings: x.findings, FacilityOperator: x.operator}
	rep, err := DueDiligence(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	wantCov := []CoverageChange{
		{Tier: 1, CompaniesFrom: 3, CoveredFrom: 0, CoverageFrom: 0, CompaniesTo: 3, CoveredTo: 1, CoverageTo: 1.0 / 3, Change: 1.0 / 3},
		{Tier: 2, CompaniesFrom: 3, CoveredFrom: 1, CoverageFrom: 1.0 / 3, CompaniesTo: 3, CoveredTo: 2, CoverageTo: 2.0 / 3, Change: 1.0 / 3},
		{Tier: 3, CompaniesFrom: 3, CompaniesTo: 3},
		{Tier: 4, CompaniesFrom: 1, CompaniesTo: 1},
	}
	if d := cmp.Diff(wantCov, rep.Coverage, cmpopts.EquateApprox(1e-9, 0)); d != "" {
		t.Errorf("coverage (-want +got):\n%s", d)
	}
	for _, c := range rep.Clauses {
		from, to := 0, 2
		if c.Clause.ID == "A-(1)" || c.Clause.ID == "D-(1)" {
			from, to = 1, 3
		}
		if c.CommittedFrom != from || c.CommittedTo != to || !cmp.Equal(c.NewlyCommitted, []string{"AOBA", "EAST"}) {
			t.Errorf("clause %s: %+v", c.Clause.ID, c)
		}
	}
	if len(rep.Clauses) != 5 {
		t.Errorf("clauses: %d, want 5", len(rep.Clauses))
	}
	wantFindings := []FindingChange{
		{domain.Environment, 2, []string{"F-003"}, []string{"F-003"}},
		{domain.HealthSafety, 1, []string{"F-002"}, []string{}},
		{domain.HumanRights, 2, []string{"F-001"}, []string{}},
		{domain.InformationSecurity, 2, []string{"F-005"}, []string{}},
	}
	if d := cmp.Diff(wantFindings, rep.Findings); d != "" {
		t.Errorf("findings (-want +got):\n%s", d)
	}
	if rep.Actions != (ActionChange{Opened: 8, Completed: 4, Verified: 2, Overdue: 2}) {
		t.Errorf("actions: %+v", rep.Actions)
	}
	if len(rep.Escalations) != 2 || rep.Escalations[0].ID != "A-003" || rep.Escalations[1].Level != domain.EscalationEnhancedPlan {
		t.Errorf("escalations: %+v", rep.Escalations)
	}
	if rep.RiskFrom.Sources != 2 || !approx(rep.RiskFrom.TotalScore, 9.216) || rep.RiskTo.Sources != 5 || !approx(rep.RiskTo.TotalScore, 22.176) {
		t.Errorf("risk: from %+v, to %+v", rep.RiskFrom, rep.RiskTo)
	}
	in.From = to
	if _, err := DueDiligence(context.Background(), in); domain.KindOf(err) != domain.BadInput {
		t.Errorf("from = to: %v", err)
	}
}

func approx(a, b float64) bool { return tied(a, b) || (a-b < 1e-9 && b-a < 1e-9) }
