package explorer_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
	gendata "github.com/supplygraph/supplygraph/internal/gen"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// full is a whole dataset in memory: what the analysis would see if the
// store handed it everything.
type full struct {
	*dataset.Data
	companies analysis.CompanyMap
	operator  map[string]string
}

func readFull(t *testing.T, dir string) *full {
	src, _ := dataset.Dir(dir)
	d, err := dataset.ReadAll(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	f := &full{Data: d, companies: d.CompanyByID(), operator: map[string]string{}}
	for _, x := range d.Facilities {
		f.operator[x.ID] = x.CompanyID
	}
	// each finding with its citations and actions, as the store reads them
	// (a dataset without repeated keys: generated)
	byID := map[string]*domain.Finding{}
	for i := range d.Findings {
		byID[d.Findings[i].ID] = &d.Findings[i]
	}
	for _, c := range d.FindingClauses {
		x := byID[c.FindingID]
		x.Clauses = append(x.Clauses, domain.ClauseKey{CodeID: c.CodeID, ID: c.ClauseID})
	}
	for _, a := range d.Actions {
		x := byID[a.FindingID]
		x.Actions = append(x.Actions, a)
	}
	for _, x := range byID {
		slices.SortFunc(x.Clauses, func(a, b domain.ClauseKey) int {
			if a.CodeID != b.CodeID {
				return strings.Compare(a.CodeID, b.CodeID)
			}
			return strings.Compare(a.ID, b.ID)
		})
		domain.SortActions(x.Actions)
	}
	return f
}

// TestServiceMatchesAnalysisOfWholeDataset: answers through Neo4j (which
// reads only the focal company's neighbourhood) equal the analysis of the
// whole dataset, for many focal companies and arguments.
func TestServiceMatchesAnalysisOfWholeDataset(t *testing.T) {
	store := neo4jtest.Store(t)
	dir := t.TempDir()
	if _, err := gendata.Generate(gendata.Config{Companies: 1500, Seed: 11}, dir); err != nil {
		t.Fatal(err)
	}
	neo4jtest.Load(t, store, dir)
	f := readFull(t, dir)
	for _, snap := range []bool{false, true} {
		t.Run(fmt.Sprintf("snapshot=%v", snap), func(t *testing.T) { compareWithWhole(t, f, explorer.New(store), snap) })
	}
}

func compareWithWhole(t *testing.T, f *full, svc *explorer.Service, snap bool) {
	ctx := auth.With(context.Background(), auth.System)
	svc.UseSnapshot(explorer.SnapshotOptions{Enabled: snap})
	if err := svc.WarmUp(ctx); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	floats := cmpopts.EquateApprox(1e-9, 0)
	var codes []string
	for _, c := range f.Codes {
		codes = append(codes, c.ID)
	}
	for i := 0; i < 40; i++ {
		focal := f.Companies[rng.IntN(len(f.Companies))].ID
		if i < 6 {
			focal = fmt.Sprintf("B%04d", i%3+1)
		}
		d := []int{1, 2, 3, 5, 10}[rng.IntN(5)]
		asOf, _ := domain.ParseDate([]string{"2025-06-01", "2026-06-01", "2027-01-01"}[rng.IntN(3)])
		code := codes[rng.IntN(len(codes))]
		alpha := []float64{0.5, 0.8, 1}[rng.IntN(3)]
		g := analysis.ActiveGraph(f.SupplyLinks, asOf)
		name := fmt.Sprintf("focal=%s code=%s d=%d asOf=%s alpha=%v", focal, code, d, asOf, alpha)

		in := analysis.CascadeInput{Focal: focal, Code: code, AsOf: asOf, MaxDepth: d, Graph: g,
			Companies: f.companies, Codes: analysis.AcceptedCodes(code, f.Codes, f.CodeAccepts), Acks: f.Acknowledgments, Requests: f.Requests}
		want, err := analysis.Cascade(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := svc.Cascade(ctx, focal, code, &d, &asOf)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(cascadeView(want), cascadeView(got), floats); diff != "" {
			t.Errorf("cascade %s (-whole +service):\n%.3000s", name, diff)
		}
		th := 0.5
		wantU, err := analysis.UncoveredTiers(ctx, in, th)
		if err != nil {
			t.Fatal(err)
		}
		gotU, err := svc.UncoveredTiers(ctx, focal, code, &th, &d, &asOf)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wantU, gotU, floats); diff != "" {
			t.Errorf("uncoveredTiers %s:\n%.3000s", name, diff)
		}
		limit := 500
		wantR, err := analysis.RiskExposure(ctx, analysis.RiskInput{Focal: focal, AsOf: asOf, MaxDepth: d, Attenuation: alpha,
			Limit: limit, Graph: g, Companies: f.companies, Findings: f.Findings, FacilityOperator: f.operator})
		if err != nil {
			t.Fatal(err)
		}
		gotR, err := svc.RiskExposure(ctx, focal, nil, &alpha, &d, &limit, &asOf)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wantR, gotR, floats); diff != "" {
			t.Errorf("riskExposure %s:\n%.3000s", name, diff)
		}
		wantC, err := analysis.ClauseCoverage(ctx, analysis.ClauseInput{CascadeInput: in, Clauses: f.Clauses, Crosswalk: f.Crosswalk})
		if err != nil {
			t.Fatal(err)
		}
		gotC, err := svc.ClauseCoverage(ctx, focal, code, nil, &d, &asOf)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wantC.Clauses, gotC.Clauses, floats); diff != "" {
			t.Errorf("clauseCoverage %s:\n%.3000s", name, diff)
		}
		for i := range wantC.Clauses {
			if !slices.Equal(wantC.Uncommitted(i, 0), gotC.Uncommitted(i, 0)) {
				t.Errorf("clauseCoverage %s: clause %d's uncommitted companies differ", name, i)
			}
		}
		wantM, err := analysis.Remediation(ctx, analysis.RemediationInput{CascadeInput: in, Attenuation: alpha,
			Findings: f.Findings, FacilityOperator: f.operator})
		if err != nil {
			t.Fatal(err)
		}
		gotM, err := svc.Remediation(ctx, focal, code, &alpha, &d, &asOf)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wantM, gotM, floats); diff != "" {
			t.Errorf("remediation %s:\n%.3000s", name, diff)
		}
		from := f.Companies[rng.IntN(len(f.Companies))].ID
		if len(wantR.Sources) > 0 {
			from = wantR.Sources[rng.IntN(len(wantR.Sources))].Source.CompanyID
		}
		pl := 10
		wantP, err := analysis.RiskPaths(ctx, g, from, focal, alpha, d, pl)
		if err != nil {
			t.Fatal(err)
		}
		gotP, err := svc.RiskPaths(ctx, from, focal, &alpha, &d, &pl, &asOf)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wantP, gotP, floats, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("riskPaths from %s %s:\n%.3000s", from, name, diff)
		}
		wantI, err := analysis.Impact(ctx, g, f.companies, from, alpha, d)
		if err != nil {
			t.Fatal(err)
		}
		gotI, err := svc.Impact(ctx, from, &alpha, &d, &asOf)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wantI, gotI, floats, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("impact from %s %s:\n%.3000s", from, name, diff)
		}
	}
}

// cascadeView is what a cascade report says: its tiers and every entry.
func cascadeView(r *analysis.CascadeReport) any {
	return struct {
		Tiers   []analysis.CascadeTier
		Entries []analysis.CascadeEntry
	}{r.Tiers, r.AllEntries()}
}
