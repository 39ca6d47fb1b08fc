package analysis

import (
	"context"
	"fmt"
	"math/rand"
	"slices"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// remedyData is what the clause and remediation questions read besides a
// dataset: clauses, the crosswalk, and the findings with their actions.
type remedyData struct {
	clauses   []domain.Clause
	crosswalk []domain.ClauseEquivalence
	findings  []domain.Finding // ds.findings with Clauses and Actions
	operator  map[string]string
}

// genRemedy draws clauses for every code (introduced and dropped around
// the codes' editions), a crosswalk, and actions of every kind and status
// for the findings, dated around the question dates.
func genRemedy(rng *rand.Rand, ds *dataset) *remedyData {
	x := &remedyData{operator: map[string]string{}}
	for _, f := range ds.facilities {
		x.operator[f.ID] = f.CompanyID
	}
	for _, k := range ds.codes {
		for i := rng.Intn(5); i > 0; i-- {
			c := domain.Clause{CodeID: k.ID, ID: fmt.Sprintf("C-(%d)", i), Chapter: "ch", Title: "t", IntroducedIn: 1 + rng.Intn(k.Edition+1)}
			if rng.Intn(4) == 0 {
				c.DroppedIn = ptr(c.IntroducedIn + 1 + rng.Intn(2))
			}
			x.clauses = append(x.clauses, c)
		}
	}
	for k := rng.Intn(2*len(x.clauses) + 1); k > 0; k-- {
		a, b := x.clauses[rng.Intn(len(x.clauses))], x.clauses[rng.Intn(len(x.clauses))]
		if a.CodeID != b.CodeID {
			x.crosswalk = append(x.crosswalk, domain.ClauseEquivalence{CodeID: a.CodeID, ClauseID: a.ID, EquivalentCodeID: b.CodeID, EquivalentClauseID: b.ID})
		}
	}
	// more of the cascade for the first code (requests along links, and
	// acknowledgments in force), so that leverage routes have relays
	if rng.Intn(2) == 0 && len(ds.links) > 0 {
		k := ds.codes[0]
		for i := rng.Intn(2 * len(ds.links)); i > 0; i-- {
			l := ds.links[rng.Intn(len(ds.links))]
			ds.requests = append(ds.requests, domain.Request{RequesterID: l.CustomerID, SupplierID: l.SupplierID, CodeID: k.ID, Date: propAsOfs[0].AddDays(-30)})
			ds.acks = append(ds.acks, domain.Acknowledgment{CompanyID: l.SupplierID, CodeID: k.ID, Edition: k.Edition, Date: propAsOfs[0].AddDays(-20 - i)})
		}
	}
	ids := make([]string, len(ds.companies))
	for i, c := range ds.companies {
		ids[i] = c.ID
	}
	n := 0
	for _, f := range ds.findings {
		for k := rng.Intn(4); k > 0; k-- {
			n++
			a := domain.Action{ID: fmt.Sprintf("A%02d", n), FindingID: f.ID, Kind: domain.ActionKinds[rng.Intn(4)],
				ResponsibleID: ids[rng.Intn(len(ids))], Opened: *nearDate(rng, false), Status: domain.ActionOpen}
			if rng.Intn(4) != 0 {
				a.Due = ptr(a.Opened.AddDays([]int{0, 1, 30, 200}[rng.Intn(4)]))
			}
			if rng.Intn(2) == 0 {
				a.Status, a.Done = domain.ActionDone, ptr(a.Opened.AddDays([]int{0, 1, 20, 300}[rng.Intn(4)]))
				if rng.Intn(2) == 0 {
					a.Status, a.Verified, a.VerifiedBy = domain.ActionVerified, ptr(a.Done.AddDays(rng.Intn(40))), "v"
				}
			}
			if a.Kind == domain.ActionEscalate {
				a.Level = domain.EscalationLevels[rng.Intn(4)]
				a.SupplierID, a.CustomerID = ids[0], ids[1]
			}
			f.Actions = append(f.Actions, a)
		}
		if len(x.clauses) > 0 && rng.Intn(2) == 0 {
			c := x.clauses[rng.Intn(len(x.clauses))]
			f.Clauses = []domain.ClauseKey{c.Key()}
		}
		domain.SortActions(f.Actions)
		x.findings = append(x.findings, f)
	}
	return x
}

// ---- the reference, from the rules of docs/analysis.md

func refEquivalent(cw []domain.ClauseEquivalence, a, b domain.ClauseKey) bool {
	for _, e := range cw {
		p, q := domain.ClauseKey{CodeID: e.CodeID, ID: e.ClauseID}, domain.ClauseKey{CodeID: e.EquivalentCodeID, ID: e.EquivalentClauseID}
		if p == a && q == b || p == b && q == a {
			return true
		}
	}
	return false
}

func refSelected(ds *dataset, x *remedyData, code string) []domain.Clause {
	var ed int
	for _, k := range ds.codes {
		if k.ID == code {
			ed = k.Edition
		}
	}
	var out []domain.Clause
	for _, c := range x.clauses {
		if c.CodeID == code && c.IntroducedIn <= ed && (c.DroppedIn == nil || ed < *c.DroppedIn) {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func refInForce(c domain.Clause, e int) bool {
	return c.IntroducedIn <= e && (c.DroppedIn == nil || e < *c.DroppedIn)
}

// refCommitted: a current acknowledgment of C in an edition with c in
// force, or of an accepted code in an edition with an equivalent clause in
// force.
func refCommitted(cc *refCascade, x *remedyData, company string, c domain.Clause) bool {
	for _, a := range cc.acksOf(company) {
		if !cc.isCurrent(a) {
			continue
		}
		if a.CodeID == cc.code {
			if refInForce(c, a.Edition) {
				return true
			}
			continue
		}
		for _, k := range x.clauses {
			if k.CodeID == a.CodeID && refInForce(k, a.Edition) && refEquivalent(x.crosswalk, c.Key(), k.Key()) {
				return true
			}
		}
	}
	return false
}

type pClause struct {
	ID          string
	Rows        []clauseRow
	Uncommitted []string
}

func refClauseCoverage(ds *dataset, x *remedyData, focal, code string, asOf domain.Date, depth int) []pClause {
	r := newRefWorld(ds, asOf, depth, 1)
	cc := newRefCascade(r, code)
	tiers := r.tiers(focal)
	out := []pClause{}
	for _, c := range refSelected(ds, x, code) {
		pc := pClause{ID: c.ID}
		byTier := map[int]*clauseRow{}
		for _, id := range chainOrder(tiers) {
			t := tiers[id]
			if byTier[t] == nil {
				byTier[t] = &clauseRow{Tier: t}
			}
			row := byTier[t]
			row.Companies++
			st, _ := cc.status(id)
			switch {
			case refCommitted(cc, x, id, c):
				row.Committed++
			case st == domain.StatusCovered:
				row.CoveredNotCommitted++
				pc.Uncommitted = append(pc.Uncommitted, id)
			default:
				pc.Uncommitted = append(pc.Uncommitted, id)
			}
		}
		for _, t := range sortedKeysInt(byTier) {
			pc.Rows = append(pc.Rows, *byTier[t])
		}
		out = append(out, pc)
	}
	return out
}

func sortedKeysInt[V any](m map[int]V) []int {
	var out []int
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

type pFinding struct {
	ID, Company    string
	Tier, DaysOpen int
	Actions        []string
	Escalation     domain.EscalationLevel
	Route          []string
	Weight         float64
	Blockers       []string
}

func refRemediation(ds *dataset, x *remedyData, focal, code string, asOf domain.Date, depth int, alpha float64) []pFinding {
	r := newRefWorld(ds, asOf, depth, alpha)
	cc := newRefCascade(r, code)
	tiers := r.tiers(focal)
	reached := cc.reached(focal)
	relay := func(id string) bool {
		st, _ := cc.status(id)
		return st == domain.StatusCovered && reached[id]
	}
	out := []pFinding{}
	for _, f := range x.findings {
		if !refFindingActive(f, asOf) {
			continue
		}
		co := f.SubjectID
		if op, ok := x.operator[co]; ok {
			co = op
		}
		tier, ok := tiers[co]
		if !ok || co == focal {
			continue
		}
		p := pFinding{ID: f.ID, Company: co, Tier: tier, DaysOpen: int(asOf - f.Detected), Blockers: []string{}}
		var esc *domain.Action
		for i := range f.Actions {
			a := f.Actions[i]
			if a.Opened > asOf {
				continue
			}
			st := "OPEN"
			if a.Done != nil && *a.Done <= asOf {
				st = "DONE"
			}
			if a.Verified != nil && *a.Verified <= asOf {
				st = "VERIFIED"
			}
			s := a.ID + " " + st
			if st == "OPEN" && a.Due != nil && *a.Due < asOf {
				s += fmt.Sprintf(" overdue %02d", int(asOf-*a.Due))
			}
			p.Actions = append(p.Actions, s)
			if a.Kind == domain.ActionEscalate {
				if esc == nil || a.Opened > esc.Opened || a.Opened == esc.Opened && slices.Index(domain.EscalationLevels, a.Level) > slices.Index(domain.EscalationLevels, esc.Level) {
					esc = &f.Actions[i]
				}
			}
		}
		sort.Strings(p.Actions) // ids are in opened order within a finding only by chance; compare as sets
		if esc != nil {
			p.Escalation = esc.Level
		}
		paths := r.simplePaths(co, focal)
		var best *refPath
		for i := range paths {
			ok := true
			for _, y := range paths[i].ids[1 : len(paths[i].ids)-1] {
				ok = ok && relay(y)
			}
			if ok && (best == nil || refPathBefore(paths[i], *best)) {
				best = &paths[i]
			}
		}
		if best != nil {
			p.Route, p.Weight = best.ids, best.w
		} else {
			for _, y := range paths[0].ids[1 : len(paths[0].ids)-1] {
				onAll := !relay(y)
				for _, q := range paths {
					onAll = onAll && slices.Contains(q.ids[1:len(q.ids)-1], y)
				}
				if onAll {
					p.Blockers = append(p.Blockers, y)
				}
			}
			sort.Strings(p.Blockers)
		}
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].DaysOpen != out[j].DaysOpen {
			return out[i].DaysOpen > out[j].DaysOpen
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// ---- the package, in the same shapes

func (ds *dataset) clauseInput(x *remedyData, focal, code string, asOf domain.Date, depth int) ClauseInput {
	return ClauseInput{CascadeInput: CascadeInput{Focal: focal, Code: code, AsOf: asOf, MaxDepth: depth,
		Graph: ActiveGraph(ds.links, asOf), Companies: CompanyMap(companyMap(ds.companies)), Codes: AcceptedCodes(code, ds.codes, ds.accepts),
		Acks: ds.acks, Requests: ds.requests}, Clauses: x.clauses, Crosswalk: x.crosswalk}
}

// riskGraph is the active graph of riskExposure at asOf: the links and the
// declared edges of the declarations in force.
func (ds *dataset) riskGraph(asOf domain.Date) *Graph {
	return ActiveGraph(append(append([]domain.SupplyLink{}, ds.links...), DeclaredLinks(ds.declarations, asOf)...), asOf)
}

func companyMap(cs []domain.Company) map[string]domain.Company {
	m := map[string]domain.Company{}
	for _, c := range cs {
		m[c.ID] = c
	}
	return m
}

func pkgClauseCoverage(rep *ClauseCoverageReport) []pClause {
	out := []pClause{}
	for i, c := range rep.Clauses {
		pc := pClause{ID: c.Clause.ID, Uncommitted: rep.Uncommitted(i, 0)}
		n, k := 0, 0
		for _, t := range c.Tiers {
			pc.Rows = append(pc.Rows, clauseRow{t.Tier, t.Companies, t.Committed, t.CoveredNotCommitted})
			n, k = n+t.Companies, k+t.Committed
		}
		if n != c.Companies || k != c.Committed || len(pc.Uncommitted) != n-k {
			pc.ID += " (totals disagree)"
		}
		out = append(out, pc)
	}
	return out
}

func pkgRemediation(rep *RemediationReport) []pFinding {
	out := []pFinding{}
	for _, row := range remTable(rep) {
		sort.Strings(row.Actions)
		out = append(out, pFinding{ID: row.Finding, Company: row.Company, Tier: row.Tier, DaysOpen: row.DaysOpen, Actions: row.Actions,
			Escalation: row.Escalation, Route: row.Route, Weight: row.Weight, Blockers: row.Blockers})
	}
	return out
}

// TestRemedyPropertyAgainstReference compares clauseCoverage, remediation
// (leverage routes and blockers) and the period report with the reference
// on random datasets with clauses, crosswalks and actions.
func TestRemedyPropertyAgainstReference(t *testing.T) {
	seeds := *propSeeds
	if testing.Short() {
		seeds = 60
	}
	depths := []int{1, 2, 3, 5, 20}
	alphas := []float64{0.5, 0.8, 1}
	stats := map[string]int{}
	failures := 0
	fail := func(format string, args ...any) {
		t.Errorf(format, args...)
		if failures++; failures >= 3 {
			t.Fatal("stopping after 3 failures")
		}
	}
	ctx := context.Background()
	for seed := *propFirst; seed < *propFirst+int64(seeds); seed++ {
		rng := rand.New(rand.NewSource(seed))
		ds := genDataset(rng)
		x := genRemedy(rng, ds)
		for i := 0; i < 12; i++ {
			focal := ds.companies[rng.Intn(len(ds.companies))].ID
			if len(ds.links) > 0 && rng.Intn(4) != 0 {
				focal = ds.links[rng.Intn(len(ds.links))].CustomerID
			}
			code := ds.codes[rng.Intn(len(ds.codes))].ID
			if rng.Intn(2) == 0 {
				code = ds.codes[0].ID
			}
			asOf := propAsOfs[rng.Intn(len(propAsOfs))]
			depth, alpha := depths[rng.Intn(len(depths))], alphas[rng.Intn(len(alphas))]
			where := func() string {
				return fmt.Sprintf("seed %d: focal %q code %q asOf %s depth %d alpha %g\ndataset:\n%s\nclauses %+v\ncrosswalk %+v\nfindings %+v",
					seed, focal, code, asOf, depth, alpha, ds.dump(), x.clauses, x.crosswalk, x.findings)
			}
			switch i % 3 {
			case 0:
				rep, err := ClauseCoverage(ctx, ds.clauseInput(x, focal, code, asOf, depth))
				if err != nil {
					fail("%s: %v", where(), err)
					continue
				}
				// pages of the uncommitted companies are slices of the whole list
				for i, c := range rep.Clauses {
					for _, tier := range append([]int{0}, func() (ts []int) {
						for _, t := range c.Tiers {
							ts = append(ts, t.Tier)
						}
						return ts
					}()...) {
						all := rep.Uncommitted(i, tier)
						lo, hi := min(1, len(all)), min(3, len(all))
						if page := rep.UncommittedRange(i, tier, lo, hi); !slices.Equal(page, all[lo:hi]) {
							fail("clause %d tier %d: page %v of %v", i, tier, page, all)
						}
					}
				}
				got, want := pkgClauseCoverage(rep), refClauseCoverage(ds, x, focal, code, asOf, depth)
				if d := cmp.Diff(want, got, propCmp...); d != "" {
					fail("clauseCoverage differs (-reference +package):\n%s\n%s", d, where())
				}
				for _, c := range want {
					for _, r := range c.Rows {
						if r.Committed > 0 {
							stats["clauseCoverage: clause tiers with commitments"]++
						}
						if r.CoveredNotCommitted > 0 {
							stats["clauseCoverage: clause tiers with covered, uncommitted companies"]++
						}
					}
				}
			case 1:
				in := RemediationInput{CascadeInput: ds.clauseInput(x, focal, code, asOf, depth).CascadeInput, Attenuation: alpha,
					Findings: x.findings, FacilityOperator: x.operator}
				rep, err := Remediation(ctx, in)
				if err != nil {
					fail("%s: %v", where(), err)
					continue
				}
				got, want := pkgRemediation(rep), refRemediation(ds, x, focal, code, asOf, depth, alpha)
				if d := cmp.Diff(want, got, propCmp...); d != "" {
					fail("remediation differs (-reference +package):\n%s\n%s", d, where())
				}
				for _, f := range want {
					switch {
					case f.Route != nil && len(f.Route) > 2:
						stats["remediation: routes through relays"]++
					case f.Route != nil:
						stats["remediation: direct routes"]++
					case len(f.Blockers) > 0:
						stats["remediation: no route, blockers"]++
					default:
						stats["remediation: no route, no single blocker"]++
					}
				}
				// riskExposure's byClause: the ranked sources' citations
				rin := RiskInput{Focal: focal, AsOf: asOf, MaxDepth: depth, Attenuation: alpha, Limit: 1, Graph: ds.riskGraph(asOf),
					Companies: in.Companies, Findings: x.findings, FacilityOperator: x.operator}
				risk, err := RiskExposure(ctx, rin)
				if err != nil {
					fail("%s: %v", where(), err)
					continue
				}
				ref := refExposureAnswer(ds, query{Focal: focal, AsOf: asOf.String()}, Settings{MaxDepth: depth, Attenuation: alpha, Limit: 500})
				byClause := map[domain.ClauseKey]*ClauseExposure{}
				for _, e := range ref.Ranked {
					for _, f := range x.findings {
						if f.ID != e.Source.ID {
							continue
						}
						for _, k := range f.Clauses {
							c := byClause[k]
							if c == nil {
								c = &ClauseExposure{CodeID: k.CodeID, ClauseID: k.ID}
								byClause[k] = c
							}
							c.Count++
							c.MaxScore = max(c.MaxScore, e.Score)
						}
					}
				}
				wantClauses := []ClauseExposure{}
				for _, c := range byClause {
					wantClauses = append(wantClauses, *c)
				}
				sort.Slice(wantClauses, func(i, j int) bool {
					a, b := wantClauses[i], wantClauses[j]
					return a.CodeID < b.CodeID || a.CodeID == b.CodeID && a.ClauseID < b.ClauseID
				})
				if d := cmp.Diff(wantClauses, risk.ByClause, propCmp...); d != "" {
					fail("riskExposure byClause differs (-reference +package):\n%s\n%s", d, where())
				}
				stats["riskExposure: clauses cited by sources"] += len(wantClauses)
			case 2:
				from, to := propAsOfs[0], propAsOfs[1+rng.Intn(2)]
				if rng.Intn(3) == 0 {
					from = propAsOfs[1]
					to = propAsOfs[2]
				}
				got, err := DueDiligence(ctx, ds.reportInput(x, focal, code, from, to, depth, alpha))
				if err != nil {
					fail("%s: %v", where(), err)
					continue
				}
				want := refReport(ds, x, focal, code, from, to, depth, alpha)
				if d := cmp.Diff(want, pkgReport(got), propCmp...); d != "" {
					fail("dueDiligenceReport differs (-reference +package):\n%s\n%s", d, where())
				}
				stats["report: findings groups"] += len(want.Findings)
				stats["report: newly committed"] += len(want.Newly)
			}
		}
	}
	for _, k := range sortedKeys(stats) {
		t.Logf("%-70s %d", k, stats[k])
	}
	for _, k := range []string{"remediation: routes through relays", "remediation: no route, blockers", "remediation: no route, no single blocker",
		"clauseCoverage: clause tiers with covered, uncommitted companies", "report: newly committed"} {
		if stats[k] == 0 && seeds >= 60 {
			t.Errorf("the random datasets never hit %q", k)
		}
	}
}

func (ds *dataset) reportInput(x *remedyData, focal, code string, from, to domain.Date, depth int, alpha float64) ReportInput {
	return ReportInput{Focal: focal, Code: code, From: from, To: to, MaxDepth: depth, Attenuation: alpha,
		GraphFrom: ActiveGraph(ds.links, from), GraphTo: ActiveGraph(ds.links, to),
		RiskGraphFrom: ds.riskGraph(from), RiskGraphTo: ds.riskGraph(to), Companies: CompanyMap(companyMap(ds.companies)),
		Codes: AcceptedCodes(code, ds.codes, ds.accepts), Acks: ds.acks, Requests: ds.requests, Clauses: x.clauses,
		Crosswalk: x.crosswalk, Findings: x.findings, FacilityOperator: x.operator}
}

// pReport is a period report in plain values.
type pReport struct {
	Coverage   []CoverageChange
	Committed  []string // "clause from to"
	Newly      []string // "clause company"
	Findings   []string // "category tier opened|closed id"
	Actions    ActionChange
	Escalation []string
	RiskFrom   [2]float64 // sources, total score
	RiskTo     [2]float64
	CatsFrom   []jCategory
	CatsTo     []jCategory
}

func pkgReport(r *DueDiligenceReport) pReport {
	out := pReport{Coverage: r.Coverage, Actions: r.Actions}
	for _, c := range r.Clauses {
		out.Committed = append(out.Committed, fmt.Sprintf("%s %d %d", c.Clause.ID, c.CommittedFrom, c.CommittedTo))
		for _, id := range c.NewlyCommitted {
			out.Newly = append(out.Newly, c.Clause.ID+" "+id)
		}
	}
	for _, f := range r.Findings {
		for _, id := range f.Opened {
			out.Findings = append(out.Findings, fmt.Sprintf("%s %d opened %s", f.Category, f.Tier, id))
		}
		for _, id := range f.Closed {
			out.Findings = append(out.Findings, fmt.Sprintf("%s %d closed %s", f.Category, f.Tier, id))
		}
	}
	for _, a := range r.Escalations {
		out.Escalation = append(out.Escalation, a.ID)
	}
	out.RiskFrom = [2]float64{float64(r.RiskFrom.Sources), r.RiskFrom.TotalScore}
	out.RiskTo = [2]float64{float64(r.RiskTo.Sources), r.RiskTo.TotalScore}
	for _, c := range r.RiskFrom.ByCategory {
		out.CatsFrom = append(out.CatsFrom, jCategory{string(c.Category), c.Count, c.MaxScore})
	}
	for _, c := range r.RiskTo.ByCategory {
		out.CatsTo = append(out.CatsTo, jCategory{string(c.Category), c.Count, c.MaxScore})
	}
	return out
}

func refReport(ds *dataset, x *remedyData, focal, code string, from, to domain.Date, depth int, alpha float64) pReport {
	out := pReport{}
	s := Settings{MaxDepth: depth, Attenuation: alpha}
	cf := refCascadeAnswer(ds, query{Focal: focal, Code: code, AsOf: from.String()}, s)
	ct := refCascadeAnswer(ds, query{Focal: focal, Code: code, AsOf: to.String()}, s)
	tiers := map[int]*CoverageChange{}
	get := func(t int) *CoverageChange {
		if tiers[t] == nil {
			tiers[t] = &CoverageChange{Tier: t}
		}
		return tiers[t]
	}
	for _, t := range cf.Tiers {
		c := get(t.Tier)
		c.CompaniesFrom, c.CoveredFrom, c.CoverageFrom = t.Companies, t.Covered, t.Coverage
	}
	for _, t := range ct.Tiers {
		c := get(t.Tier)
		c.CompaniesTo, c.CoveredTo, c.CoverageTo = t.Companies, t.Covered, t.Coverage
	}
	for _, t := range sortedKeysInt(tiers) {
		c := tiers[t]
		c.Change = c.CoverageTo - c.CoverageFrom
		out.Coverage = append(out.Coverage, *c)
	}

	rf, rt := newRefWorld(ds, from, depth, alpha), newRefWorld(ds, to, depth, alpha)
	ccf, cct := newRefCascade(rf, code), newRefCascade(rt, code)
	chainFrom, chainTo := rf.tiers(focal), rt.tiers(focal)
	for _, c := range refSelected(ds, x, code) {
		nf, nt := 0, 0
		for id := range chainFrom {
			if refCommitted(ccf, x, id, c) {
				nf++
			}
		}
		for _, id := range sortedKeys(chainTo) {
			if refCommitted(cct, x, id, c) {
				nt++
				if !refCommitted(ccf, x, id, c) {
					out.Newly = append(out.Newly, c.ID+" "+id)
				}
			}
		}
		out.Committed = append(out.Committed, fmt.Sprintf("%s %d %d", c.ID, nf, nt))
	}

	in := func(d *domain.Date) bool { return d != nil && from < *d && *d <= to }
	type fk struct {
		cat  string
		tier int
	}
	groups := map[fk][]string{}
	for _, f := range x.findings {
		co := f.SubjectID
		if op, ok := x.operator[co]; ok {
			co = op
		}
		tier, ok := chainTo[co]
		if !ok {
			if tier, ok = chainFrom[co]; !ok {
				continue
			}
		}
		k := fk{string(f.Category), tier}
		if in(&f.Detected) {
			groups[k] = append(groups[k], "opened "+f.ID)
		}
		if in(f.Closed) {
			groups[k] = append(groups[k], "closed "+f.ID)
		}
		for _, a := range f.Actions {
			if in(&a.Opened) {
				out.Actions.Opened++
				if a.Kind == domain.ActionEscalate {
					out.Escalation = append(out.Escalation, a.Opened.String()+" "+a.ID)
				}
			}
			if in(a.Done) {
				out.Actions.Completed++
			}
			if in(a.Verified) {
				out.Actions.Verified++
			}
			if a.Due != nil && *a.Due < to && a.Opened <= to && !(a.Done != nil && *a.Done <= to) {
				out.Actions.Overdue++
			}
		}
	}
	var keys []fk
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].cat != keys[j].cat {
			return keys[i].cat < keys[j].cat
		}
		return keys[i].tier < keys[j].tier
	})
	for _, k := range keys {
		items := groups[k]
		sort.Slice(items, func(i, j int) bool { // opened before closed, then id
			a, b := items[i], items[j]
			if a[0] != b[0] {
				return a[0] == 'o'
			}
			return a < b
		})
		for _, it := range items {
			kind, id := it[:6], it[7:]
			out.Findings = append(out.Findings, fmt.Sprintf("%s %d %s %s", k.cat, k.tier, kind, id))
		}
	}
	sort.Strings(out.Escalation)
	for i, e := range out.Escalation {
		out.Escalation[i] = e[11:]
	}
	for i, t := range []domain.Date{from, to} {
		e := refExposureAnswer(ds, query{Focal: focal, AsOf: t.String()}, Settings{MaxDepth: depth, Attenuation: alpha, Limit: 500})
		// the reference reads ds.findings: the same findings, without actions
		sum := 0.0
		for _, r := range e.Ranked {
			sum += r.Score
		}
		v := [2]float64{float64(len(e.Ranked)), sum}
		if i == 0 {
			out.RiskFrom, out.CatsFrom = v, e.ByCategory
		} else {
			out.RiskTo, out.CatsTo = v, e.ByCategory
		}
	}
	return out
}
