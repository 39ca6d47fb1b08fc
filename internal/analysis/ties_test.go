package analysis

import (
	"context"
	"fmt"
	"math/rand"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// TestNearlyEqualWeightsAreTies builds two paths X -> A1 -> A2 -> A3 -> Z and
// X -> C1 -> C2 -> C3 -> Z whose edge weights are permutations of each other:
// their weights are equal, but computed in floating point they may differ
// in the last bits. Equal weights and lengths go to the smaller id sequence,
// the A path, whichever product rounds higher.
func TestNearlyEqualWeightsAreTies(t *testing.T) {
	ctx := context.Background()
	shares := []float64{0.3, 0.7, 0.1, 0.9, 0.6, 0.35, 0.15, 0.55}
	alphas := []float64{1, 0.8, 0.7, 0.3}
	perms := [][4]int{}
	for a := 0; a < 4; a++ {
		for b := 0; b < 4; b++ {
			for c := 0; c < 4; c++ {
				for d := 0; d < 4; d++ {
					if a != b && a != c && a != d && b != c && b != d && c != d {
						perms = append(perms, [4]int{a, b, c, d})
					}
				}
			}
		}
	}
	rng := rand.New(rand.NewSource(7))
	cases, roundingDiffers := 0, 0
	for k := 0; k < 400; k++ {
		var ws [4]float64
		for i := range ws {
			ws[i] = shares[rng.Intn(len(shares))]
		}
		p, q := perms[rng.Intn(len(perms))], perms[rng.Intn(len(perms))]
		alpha := alphas[rng.Intn(len(alphas))]
		aPath := []string{"X", "A1", "A2", "A3", "Z"}
		cPath := []string{"X", "C1", "C2", "C3", "Z"}
		var edges []Edge
		var aw, cw []float64
		for i := 0; i < 4; i++ {
			edges = append(edges, Edge{Supplier: aPath[i], Customer: aPath[i+1], Weight: ws[p[i]]}, Edge{Supplier: cPath[i], Customer: cPath[i+1], Weight: ws[q[i]]})
			aw = append(aw, ws[p[i]])
			cw = append(cw, ws[q[i]])
		}
		// products in several orders, to count the cases where rounding differs
		if prod(aw, alpha) != prod(cw, alpha) || revProd(aw, alpha) != revProd(cw, alpha) {
			roundingDiffers++
		}
		cases++
		g := NewGraph(edges)
		name := fmt.Sprintf("case %d weights %v alpha %v", k, edges, alpha)

		rep, err := RiskExposure(ctx, RiskInput{Focal: "Z", MaxDepth: 5, Attenuation: alpha, Limit: 20, Graph: g,
			Companies:        CompanyMap{"X": {ID: "X"}, "A1": {ID: "A1"}, "A2": {ID: "A2"}, "A3": {ID: "A3"}, "C1": {ID: "C1"}, "C2": {ID: "C2"}, "C3": {ID: "C3"}},
			Findings:         []domain.Finding{{ID: "f", SubjectID: "X", Category: domain.Ethics, Severity: 1, Likelihood: 1}},
			FacilityOperator: map[string]string{}})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Sources) != 1 || !cmp.Equal(rep.Sources[0].Path, aPath) {
			t.Errorf("%s: riskExposure path %v, want %v", name, rep.Sources, aPath)
		}
		imp, err := Impact(ctx, g, CompanyMap{"A1": {}, "A2": {}, "A3": {}, "C1": {}, "C2": {}, "C3": {}, "Z": {}}, "X", alpha, 5)
		if err != nil {
			t.Fatal(err)
		}
		last := imp.Affected[len(imp.Affected)-1]
		if last.CompanyID != "Z" || !cmp.Equal(last.Path, aPath) {
			t.Errorf("%s: impact entry %+v, want path %v", name, last, aPath)
		}
		ps, err := RiskPaths(ctx, g, "X", "Z", alpha, 5, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 2 || !cmp.Equal(ps[0].Nodes, aPath) || !cmp.Equal(ps[1].Nodes, cPath) {
			t.Errorf("%s: riskPaths %+v, want A path then C path", name, ps)
		}
	}
	if roundingDiffers < cases/10 {
		t.Fatalf("only %d of %d cases round differently; the test does not test what it should", roundingDiffers, cases)
	}
	t.Logf("%d cases, %d where the two products round differently", cases, roundingDiffers)
}

func prod(ws []float64, alpha float64) float64 {
	x := 1.0
	for _, w := range ws {
		x = x * w * alpha
	}
	return x
}

func revProd(ws []float64, alpha float64) float64 {
	x := 1.0
	for i := len(ws) - 1; i >= 0; i-- {
		x = ws[i] * alpha * x
	}
	return x
}

// TestBestWalkIsSimple checks, on random small graphs, that the best walk
// (repeated companies allowed) within D edges is always a simple path, which
// the reference and the package both rely on.
func TestBestWalkIsSimple(t *testing.T) {
	for seed := int64(1); seed <= 200; seed++ {
		rng := rand.New(rand.NewSource(seed))
		ds := genDataset(rng)
		asOf := propAsOfs[rng.Intn(len(propAsOfs))]
		depth := 1 + rng.Intn(4)
		alpha := []float64{0.5, 0.8, 1}[rng.Intn(3)]
		r := newRefWorld(ds, asOf, depth, alpha)
		for _, a := range r.ids {
			for _, b := range r.ids {
				if a == b {
					continue
				}
				best, ok := r.bestPath(a, b)
				var walkBest refPath
				walkOK := false
				var rec func(path []string)
				rec = func(path []string) {
					last := path[len(path)-1]
					if last == b && len(path) > 1 {
						p := refPath{append([]string(nil), path...), r.weight(path)}
						if !walkOK || refPathBefore(p, walkBest) {
							walkBest, walkOK = p, true
						}
					}
					if len(path)-1 == depth {
						return
					}
					for _, next := range r.ids {
						if _, ok := r.w[[2]string{last, next}]; ok {
							rec(append(path, next))
						}
					}
				}
				rec([]string{a})
				if ok != walkOK || (ok && !cmp.Equal(best.ids, walkBest.ids)) {
					t.Fatalf("seed %d %s -> %s depth %d: best simple path %v, best walk %v", seed, a, b, depth, best, walkBest)
				}
			}
		}
	}
}

// TestChainAgainstReference compares Chain with the reference's tiers on
// random datasets.
func TestChainAgainstReference(t *testing.T) {
	for seed := int64(1); seed <= 300; seed++ {
		rng := rand.New(rand.NewSource(seed))
		ds := genDataset(rng)
		asOf := propAsOfs[rng.Intn(len(propAsOfs))]
		depth := []int{1, 2, 3, 5, 20}[rng.Intn(5)]
		focal := ds.companies[rng.Intn(len(ds.companies))].ID
		if len(ds.links) > 0 {
			focal = ds.links[rng.Intn(len(ds.links))].CustomerID
		}
		tiers := newRefWorld(ds, asOf, depth, 1).tiers(focal)
		if d := cmp.Diff(tiers, Chain(ActiveGraph(ds.links, asOf), focal, depth)); d != "" {
			t.Fatalf("seed %d Chain (-want +got):\n%s", seed, d)
		}
	}
}
