package explorer_test

import (
	"context"
	"fmt"
	"math/rand/v2"
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
	links     []domain.SupplyLink
	companies map[string]domain.Company
	codes     map[string]domain.Code
	accepts   map[string][]string
	acks      []domain.Acknowledgment
	requests  []domain.Request
	findings  []domain.Finding
	operator  map[string]string
	ids       []string
}

func readFull(t *testing.T, dir string) *full {
	ctx := auth.With(context.Background(), auth.System)
	src, _ := dataset.Dir(dir)
	sum, err := dataset.Validate(ctx, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := &full{companies: map[string]domain.Company{}, codes: map[string]domain.Code{}, accepts: map[string][]string{}, operator: map[string]string{}}
	for _, file := range sum.Files {
		dataset.Records(ctx, src, file, func(r any) error {
			switch x := r.(type) {
			case domain.Company:
				f.companies[x.ID] = x
				f.ids = append(f.ids, x.ID)
			case domain.Facility:
				f.operator[x.ID] = x.CompanyID
			case domain.Code:
				f.codes[x.ID] = x
			case domain.CodeAccept:
				f.accepts[x.CodeID] = append(f.accepts[x.CodeID], x.AcceptedCodeID)
			case domain.SupplyLink:
				f.links = append(f.links, x)
			case domain.Request:
				f.requests = append(f.requests, x)
			case domain.Acknowledgment:
				f.acks = append(f.acks, x)
			case domain.Finding:
				f.findings = append(f.findings, x)
			}
			return nil
		})
	}
	return f
}

func (f *full) codeSet(code string) []domain.Code {
	out := []domain.Code{f.codes[code]}
	for _, a := range f.accepts[code] {
		if a != code {
			out = append(out, f.codes[a])
		}
	}
	return out
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
	for id := range f.codes {
		codes = append(codes, id)
	}
	for i := 0; i < 40; i++ {
		focal := f.ids[rng.IntN(len(f.ids))]
		if i < 6 {
			focal = fmt.Sprintf("B%04d", i%3+1)
		}
		d := []int{1, 2, 3, 5, 10}[rng.IntN(5)]
		asOf, _ := domain.ParseDate([]string{"2025-06-01", "2026-06-01", "2027-01-01"}[rng.IntN(3)])
		code := codes[rng.IntN(len(codes))]
		alpha := []float64{0.5, 0.8, 1}[rng.IntN(3)]
		g := analysis.ActiveGraph(f.links, asOf)
		name := fmt.Sprintf("focal=%s code=%s d=%d asOf=%s alpha=%v", focal, code, d, asOf, alpha)

		in := analysis.CascadeInput{Focal: focal, Code: code, AsOf: asOf, MaxDepth: d, Graph: g,
			Companies: f.companies, Codes: f.codeSet(code), Acks: f.acks, Requests: f.requests}
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
			Limit: limit, Graph: g, Companies: f.companies, Findings: f.findings, FacilityOperator: f.operator})
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
		from := f.ids[rng.IntN(len(f.ids))]
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
