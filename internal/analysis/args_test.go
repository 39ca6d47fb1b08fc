package analysis

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/supplygraph/supplygraph/internal/domain"
)

func TestResolveArgsDefaults(t *testing.T) {
	for _, tc := range []struct {
		q    Query
		want Settings
	}{
		{QuerySupplyChain, Settings{MaxDepth: 10}},
		{QueryCascade, Settings{MaxDepth: 10}},
		{QueryUncoveredTiers, Settings{MaxDepth: 10, Threshold: 1}},
		{QueryRiskExposure, Settings{MaxDepth: 10, Attenuation: 0.8, Limit: 20}},
		{QueryRiskPaths, Settings{MaxDepth: 10, Attenuation: 0.8, Limit: 10}},
		{QueryImpact, Settings{MaxDepth: 10, Attenuation: 0.8}},
	} {
		got, err := ResolveArgs(tc.q, Args{})
		if err != nil || got != tc.want {
			t.Errorf("ResolveArgs(%s, {}) = %+v, %v; want %+v", tc.q, got, err, tc.want)
		}
	}
	got, err := ResolveArgs(QueryRiskExposure, Args{MaxDepth: ptr(20), Attenuation: ptr(1.0), Limit: ptr(500)})
	if want := (Settings{MaxDepth: 20, Attenuation: 1, Limit: 500}); err != nil || got != want {
		t.Errorf("got %+v, %v; want %+v", got, err, want)
	}
	got, err = ResolveArgs(QueryUncoveredTiers, Args{MaxDepth: ptr(1), Threshold: ptr(0.0)})
	if want := (Settings{MaxDepth: 1, Threshold: 0}); err != nil || got != want {
		t.Errorf("got %+v, %v; want %+v", got, err, want)
	}
	if _, err := ResolveArgs("nope", Args{}); domain.KindOf(err) != domain.Internal {
		t.Errorf("unknown query: %v", err)
	}
}

// wantBadInput checks that err is a BAD_INPUT error whose message names the
// argument and its range.
func wantBadInput(t *testing.T, what string, err error, arg, rangeText string) {
	t.Helper()
	if domain.KindOf(err) != domain.BadInput {
		t.Errorf("%s: got %v (kind %q), want BAD_INPUT", what, err, domain.KindOf(err))
		return
	}
	msg := domain.PublicMessage(err)
	if !strings.HasPrefix(msg, arg+" ") || !strings.Contains(msg, rangeText) {
		t.Errorf("%s: message %q should name %q and %q", what, msg, arg, rangeText)
	}
}

func TestArgumentValidation(t *testing.T) {
	ctx := context.Background()
	g := NewGraph([]Edge{{Supplier: "A", Customer: "F", Weight: 1}})
	companies := CompanyMap{"A": {ID: "A"}, "F": {ID: "F"}}
	nan := math.NaN()
	const depthRange = "between 1 and 20"

	for _, d := range []int{0, -1, 21, 100} {
		_, err := ResolveArgs(QueryCascade, Args{MaxDepth: &d})
		wantBadInput(t, "ResolveArgs maxDepth", err, "maxDepth", depthRange)
		_, err = Cascade(ctx, CascadeInput{Focal: "F", Code: "C", MaxDepth: d, Graph: g})
		wantBadInput(t, "Cascade maxDepth", err, "maxDepth", depthRange)
		_, err = UncoveredTiers(ctx, CascadeInput{Focal: "F", Code: "C", MaxDepth: d, Graph: g, Companies: companies}, 1)
		wantBadInput(t, "UncoveredTiers maxDepth", err, "maxDepth", depthRange)
		_, err = RiskExposure(ctx, RiskInput{Focal: "F", MaxDepth: d, Attenuation: 0.8, Limit: 20, Graph: g, Companies: companies})
		wantBadInput(t, "RiskExposure maxDepth", err, "maxDepth", depthRange)
		_, err = RiskPaths(ctx, g, "A", "F", 0.8, d, 10)
		wantBadInput(t, "RiskPaths maxDepth", err, "maxDepth", depthRange)
		_, err = Impact(ctx, g, companies, "A", 0.8, d)
		wantBadInput(t, "Impact maxDepth", err, "maxDepth", depthRange)
	}
	for _, th := range []float64{-0.01, 1.0001, 2, nan, math.Inf(1)} {
		_, err := ResolveArgs(QueryUncoveredTiers, Args{Threshold: &th})
		wantBadInput(t, "ResolveArgs threshold", err, "threshold", "between 0 and 1")
		_, err = UncoveredTiers(ctx, CascadeInput{Focal: "F", Code: "C", MaxDepth: 3, Graph: g, Companies: companies}, th)
		wantBadInput(t, "UncoveredTiers threshold", err, "threshold", "between 0 and 1")
	}
	const attRange = "greater than 0 and at most 1"
	for _, a := range []float64{0, -0.5, 1.0000001, 2, nan, math.Inf(-1)} {
		for _, q := range []Query{QueryRiskExposure, QueryRiskPaths, QueryImpact} {
			_, err := ResolveArgs(q, Args{Attenuation: &a})
			wantBadInput(t, "ResolveArgs attenuation", err, "attenuation", attRange)
		}
		_, err := RiskExposure(ctx, RiskInput{Focal: "F", MaxDepth: 3, Attenuation: a, Limit: 20, Graph: g, Companies: companies})
		wantBadInput(t, "RiskExposure attenuation", err, "attenuation", attRange)
		_, err = RiskPaths(ctx, g, "A", "F", a, 3, 10)
		wantBadInput(t, "RiskPaths attenuation", err, "attenuation", attRange)
		_, err = Impact(ctx, g, companies, "A", a, 3)
		wantBadInput(t, "Impact attenuation", err, "attenuation", attRange)
	}
	for _, l := range []int{0, -3, 501} {
		_, err := ResolveArgs(QueryRiskExposure, Args{Limit: &l})
		wantBadInput(t, "ResolveArgs riskExposure limit", err, "limit", "between 1 and 500")
		_, err = RiskExposure(ctx, RiskInput{Focal: "F", MaxDepth: 3, Attenuation: 0.8, Limit: l, Graph: g, Companies: companies})
		wantBadInput(t, "RiskExposure limit", err, "limit", "between 1 and 500")
	}
	for _, l := range []int{0, -3, 101} {
		_, err := ResolveArgs(QueryRiskPaths, Args{Limit: &l})
		wantBadInput(t, "ResolveArgs riskPaths limit", err, "limit", "between 1 and 100")
		_, err = RiskPaths(ctx, g, "A", "F", 0.8, 3, l)
		wantBadInput(t, "RiskPaths limit", err, "limit", "between 1 and 100")
	}
	_, err := RiskExposure(ctx, RiskInput{Focal: "F", MaxDepth: 3, Attenuation: 0.8, Limit: 20, Graph: g, Companies: companies,
		Categories: []domain.RiskCategory{domain.Ethics, "FOOD"}})
	wantBadInput(t, "RiskExposure categories", err, "categories:", "FOOD")

	// the ends of every range are accepted
	for _, d := range []int{1, 20} {
		if _, err := RiskPaths(ctx, g, "A", "F", 1, d, 100); err != nil {
			t.Errorf("maxDepth %d: %v", d, err)
		}
	}
	for _, th := range []float64{0, 1} {
		if _, err := UncoveredTiers(ctx, CascadeInput{Focal: "F", Code: "C", MaxDepth: 3, Graph: g, Companies: companies}, th); err != nil {
			t.Errorf("threshold %v: %v", th, err)
		}
	}
	if _, err := RiskExposure(ctx, RiskInput{Focal: "F", MaxDepth: 3, Attenuation: 1e-9, Limit: 1, Graph: g, Companies: companies}); err != nil {
		t.Errorf("tiny attenuation: %v", err)
	}
}

// TestUnknownIDsGiveEmptyAnswers: companies without edges (or unknown) have
// empty answers; NOT_FOUND is the caller's decision.
func TestUnknownIDsGiveEmptyAnswers(t *testing.T) {
	ctx := context.Background()
	g := NewGraph([]Edge{{Supplier: "A", Customer: "F", Weight: 1}})
	if rep, err := Cascade(ctx, CascadeInput{Focal: "Q", Code: "C", MaxDepth: 3, Graph: g}); err != nil || rep.Len() != 0 || len(rep.Tiers) != 0 {
		t.Errorf("cascade: %+v %v", rep, err)
	}
	if rep, err := UncoveredTiers(ctx, CascadeInput{Focal: "Q", Code: "C", MaxDepth: 3, Graph: g}, 1); err != nil || len(rep.Tiers) != 0 || rep.FirstUncoveredTier != nil || rep.Truncated {
		t.Errorf("uncoveredTiers: %+v %v", rep, err)
	}
	if rep, err := RiskExposure(ctx, RiskInput{Focal: "Q", MaxDepth: 3, Attenuation: 1, Limit: 1, Graph: g}); err != nil || len(rep.Sources)+len(rep.ByCategory)+len(rep.ByPartner) != 0 {
		t.Errorf("riskExposure: %+v %v", rep, err)
	}
	for _, p := range [][2]string{{"Q", "F"}, {"A", "Q"}, {"A", "A"}, {"F", "A"}} {
		if ps, err := RiskPaths(ctx, g, p[0], p[1], 1, 3, 10); err != nil || ps == nil || len(ps) != 0 {
			t.Errorf("riskPaths %v: %+v %v", p, ps, err)
		}
	}
	if rep, err := Impact(ctx, g, nil, "Q", 1, 3); err != nil || len(rep.Affected) != 0 || rep.Buyers == nil {
		t.Errorf("impact: %+v %v", rep, err)
	}
}

// TestMissingCompanyIsInternal: the store must hand over every chain member.
func TestMissingCompanyIsInternal(t *testing.T) {
	ctx := context.Background()
	g := NewGraph([]Edge{{Supplier: "A", Customer: "F", Weight: 1}})
	_, err := UncoveredTiers(ctx, CascadeInput{Focal: "F", Code: "C", MaxDepth: 3, Graph: g, Companies: CompanyMap{}}, 1)
	if domain.KindOf(err) != domain.Internal {
		t.Errorf("uncoveredTiers: %v", err)
	}
	_, err = RiskExposure(ctx, RiskInput{Focal: "F", MaxDepth: 3, Attenuation: 1, Limit: 1, Graph: g, Companies: CompanyMap{}})
	if domain.KindOf(err) != domain.Internal {
		t.Errorf("riskExposure: %v", err)
	}
	_, err = Impact(ctx, g, CompanyMap{}, "A", 1, 3)
	if domain.KindOf(err) != domain.Internal {
		t.Errorf("impact: %v", err)
	}
}

// TestRiskPathsBounds: past its work bound, or when the context ends, the
// search fails with a TIMEOUT error rather than returning a cut list.
func TestRiskPathsBounds(t *testing.T) {
	// a ladder of diamonds: 2^20 simple paths from S to F, all of weight 1
	var edges []Edge
	prev := "L00"
	edges = append(edges, Edge{Supplier: "S", Customer: prev, Weight: 1})
	for i := 1; i <= 20; i++ {
		next := "L" + string(rune('0'+i/10)) + string(rune('0'+i%10))
		edges = append(edges, Edge{Supplier: prev, Customer: next + "a", Weight: 1}, Edge{Supplier: prev, Customer: next + "b", Weight: 1}, Edge{Supplier: next + "a", Customer: next, Weight: 1}, Edge{Supplier: next + "b", Customer: next, Weight: 1})
		prev = next
	}
	g := NewGraph(append(edges, Edge{Supplier: prev, Customer: "F", Weight: 1}))
	ctx := context.Background()
	// too deep for 20 edges: no path, answered at once
	if ps, err := RiskPaths(ctx, g, "S", "F", 1, 20, 100); err != nil || len(ps) != 0 {
		t.Fatalf("depth 20: %v %v", ps, err)
	}
	// with a small budget, a search that needs more fails clearly
	_, err := RiskPathsBudget(ctx, g, "L00", "L09", 1, 20, 100, 50)
	if domain.KindOf(err) != domain.Timeout || !strings.Contains(domain.PublicMessage(err), "work bound") {
		t.Fatalf("small budget: %v", err)
	}
	ps, err := RiskPathsBudget(ctx, g, "L00", "L09", 1, 20, 100, DefaultPathSearchBudget)
	if err != nil || len(ps) != 100 {
		t.Fatalf("default budget: %d paths, %v", len(ps), err)
	}
	// ties by weight and edges go to the smaller id sequence: all "a" first
	want := []string{"L00", "L01a", "L01", "L02a", "L02"}
	for i, id := range want {
		if ps[0].Nodes[i] != id {
			t.Fatalf("first path %v", ps[0].Nodes)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := RiskPaths(cctx, g, "L00", "L09", 1, 20, 100); domain.KindOf(err) != domain.Timeout {
		t.Fatalf("cancelled: %v", err)
	}
	if _, err := RiskExposure(cctx, RiskInput{Focal: "F", MaxDepth: 3, Attenuation: 1, Limit: 1, Graph: g}); domain.KindOf(err) != domain.Timeout {
		t.Fatalf("cancelled riskExposure: %v", err)
	}
}
