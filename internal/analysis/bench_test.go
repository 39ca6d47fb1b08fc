package analysis

import (
	"context"
	"fmt"
	"math/rand"
	"sync"
	"testing"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// benchWorld is a synthetic supply chain: a buyer F with about 20,000
// companies over 7 tiers and about 80,000 active links, with requests along
// most links, acknowledgments, findings and smelters.
type benchWorld struct {
	links     []domain.SupplyLink
	tiers     [][]string
	companies CompanyMap
	codes     []domain.Code
	acks      []domain.Acknowledgment
	requests  []domain.Request
	findings  []domain.Finding
	operator  map[string]string
	asOf      domain.Date
}

var benchSizes = []int{60, 400, 1600, 3500, 5000, 5500, 4000} // tiers 1..7: 20,060 companies

func makeBenchWorld(allOnes bool) *benchWorld {
	rng := rand.New(rand.NewSource(42))
	w := &benchWorld{companies: CompanyMap{}, operator: map[string]string{}, asOf: mustDate("2026-06-01")}
	shares := []*float64{nil, ptr(1.0), ptr(0.5), ptr(0.25), ptr(0.3), ptr(0.7), ptr(0.9), ptr(0.1)}
	if allOnes {
		shares = shares[:2]
	}
	w.companies["F"] = domain.Company{ID: "F", Kind: domain.KindBuyer, Disclosure: domain.DisclosureComplete}
	w.tiers = [][]string{{"F"}}
	for t, n := range benchSizes {
		var ids []string
		for i := 0; i < n; i++ {
			id := fmt.Sprintf("T%d-%05d", t+1, i)
			c := domain.Company{ID: id, Kind: domain.KindSupplier, Disclosure: domain.Disclosures[rng.Intn(3)]}
			if t >= 5 && rng.Intn(3) == 0 {
				c.Kind = domain.KindSmelter
				c.RMAPStatus = domain.RMAPStatuses[rng.Intn(4)]
			}
			if t == 6 && rng.Intn(3) == 0 {
				c.Kind = domain.KindMine
			}
			if rng.Intn(40) == 0 {
				c.Kind = domain.KindBuyer
			}
			w.companies[id] = c
			ids = append(ids, id)
		}
		w.tiers = append(w.tiers, ids)
	}
	link := func(s, c string) {
		l := domain.SupplyLink{SupplierID: s, CustomerID: c, Share: shares[rng.Intn(len(shares))]}
		if rng.Intn(20) == 0 { // ended links, inactive at asOf
			l.Until = ptr(w.asOf.AddDays(-30))
		}
		w.links = append(w.links, l)
	}
	for t := 1; t < len(w.tiers); t++ {
		for _, s := range w.tiers[t] {
			// 3 or 4 customers in the tier below (tier 1: F and peers)
			below := w.tiers[t-1]
			for k := 3 + rng.Intn(2); k > 0; k-- {
				link(s, below[rng.Intn(len(below))])
			}
			if rng.Intn(4) == 0 { // a customer in its own tier
				same := w.tiers[t]
				if c := same[rng.Intn(len(same))]; c != s {
					link(s, c)
				}
			}
			if t+1 < len(w.tiers) && rng.Intn(10) == 0 { // a back link: cycles
				up := w.tiers[t+1]
				link(s, up[rng.Intn(len(up))])
			}
		}
	}
	ed := 3
	w.codes = []domain.Code{{ID: "CODE", Edition: ed, MinEdition: 2, ValidDays: ptr(1095)}, {ID: "RBA", Edition: 8, MinEdition: 8}}
	for _, l := range w.links {
		if rng.Intn(10) < 7 {
			w.requests = append(w.requests, domain.Request{RequesterID: l.CustomerID, SupplierID: l.SupplierID, CodeID: "CODE",
				Date: w.asOf.AddDays(-rng.Intn(900) + 30)})
		}
	}
	for id := range w.companies {
		if rng.Intn(10) < 6 {
			w.acks = append(w.acks, domain.Acknowledgment{CompanyID: id, CodeID: w.codes[rng.Intn(2)].ID,
				Edition: 1 + rng.Intn(8), Date: w.asOf.AddDays(-rng.Intn(1500) + 30)})
		}
		if rng.Intn(4) == 0 {
			subject := id
			if rng.Intn(3) == 0 {
				subject = id + "-SITE"
				w.operator[subject] = id
			}
			w.findings = append(w.findings, domain.Finding{ID: "F-" + id, SubjectID: subject,
				Category: domain.RiskCategories[rng.Intn(8)], Severity: 1 + rng.Intn(5), Likelihood: 1 + rng.Intn(5),
				Status: domain.FindingStatuses[rng.Intn(3)], Detected: w.asOf.AddDays(-rng.Intn(700) + 20)})
		}
	}
	return w
}

var (
	benchOnce    sync.Once
	benchW       *benchWorld
	benchG       *Graph
	benchOnesW   *benchWorld
	benchOnesG   *Graph
	benchLogOnce sync.Once
)

func benchSetup(b *testing.B) {
	benchOnce.Do(func() {
		benchW = makeBenchWorld(false)
		benchG = ActiveGraph(benchW.links, benchW.asOf)
		benchOnesW = makeBenchWorld(true)
		benchOnesG = ActiveGraph(benchOnesW.links, benchOnesW.asOf)
	})
	benchLogOnce.Do(func() {
		ch := Chain(benchG, "F", 10)
		b.Logf("bench graph: %d companies, %d active edges (%d links), chain of F within 10: %d companies",
			benchG.Len(), benchG.NumEdges(), len(benchW.links), len(ch))
	})
	b.ReportAllocs()
	b.ResetTimer()
}

func benchCascadeInput(w *benchWorld, g *Graph) CascadeInput {
	return CascadeInput{Focal: "F", Code: "CODE", AsOf: w.asOf, MaxDepth: 10, Graph: g, Companies: w.companies,
		Codes: w.codes, Acks: w.acks, Requests: w.requests}
}

func BenchmarkActiveGraph(b *testing.B) {
	benchSetup(b)
	for i := 0; i < b.N; i++ {
		ActiveGraph(benchW.links, benchW.asOf)
	}
}

func BenchmarkCascade(b *testing.B) {
	benchSetup(b)
	in := benchCascadeInput(benchW, benchG)
	for i := 0; i < b.N; i++ {
		if _, err := Cascade(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUncoveredTiers(b *testing.B) {
	benchSetup(b)
	in := benchCascadeInput(benchW, benchG)
	in.MaxDepth = 5
	for i := 0; i < b.N; i++ {
		if _, err := UncoveredTiers(context.Background(), in, 0.8); err != nil {
			b.Fatal(err)
		}
	}
}

func benchRiskInput(w *benchWorld, g *Graph, alpha float64) RiskInput {
	return RiskInput{Focal: "F", AsOf: w.asOf, MaxDepth: 10, Attenuation: alpha, Limit: 20, Graph: g,
		Companies: w.companies, Findings: w.findings, FacilityOperator: w.operator}
}

func BenchmarkRiskExposure(b *testing.B) {
	benchSetup(b)
	in := benchRiskInput(benchW, benchG, 0.8)
	for i := 0; i < b.N; i++ {
		if _, err := RiskExposure(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}

// all shares 1 and attenuation 1: every path has weight 1, ties everywhere
func BenchmarkRiskExposureAllTies(b *testing.B) {
	benchSetup(b)
	in := benchRiskInput(benchOnesW, benchOnesG, 1)
	for i := 0; i < b.N; i++ {
		if _, err := RiskExposure(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}

func benchRiskPaths(b *testing.B, ones bool, alpha float64, depth, limit int) {
	benchSetup(b)
	g, w := benchG, benchW
	if ones {
		g, w = benchOnesG, benchOnesW
	}
	from := w.tiers[7][17] // tier 7: the deepest
	for i := 0; i < b.N; i++ {
		ps, err := RiskPaths(context.Background(), g, from, "F", alpha, depth, limit)
		if err != nil {
			b.Fatal(err)
		}
		if len(ps) != limit {
			b.Fatalf("%d paths", len(ps))
		}
	}
}

func BenchmarkRiskPaths(b *testing.B)         { benchRiskPaths(b, false, 0.8, 10, 10) }
func BenchmarkRiskPathsLimit100(b *testing.B) { benchRiskPaths(b, false, 0.8, 10, 100) }
func BenchmarkRiskPathsDepth20(b *testing.B)  { benchRiskPaths(b, false, 1, 20, 100) }
func BenchmarkRiskPathsAllTies100(b *testing.B) {
	benchRiskPaths(b, true, 1, 10, 100)
}
func BenchmarkRiskPathsAllTiesDepth20(b *testing.B) {
	benchRiskPaths(b, true, 1, 20, 100)
}

func BenchmarkImpact(b *testing.B) {
	benchSetup(b)
	src := benchW.tiers[7][3]
	for i := 0; i < b.N; i++ {
		if _, err := Impact(context.Background(), benchG, benchW.companies, src, 0.8, 10); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkImpactAllTies(b *testing.B) {
	benchSetup(b)
	src := benchOnesW.tiers[7][3]
	for i := 0; i < b.N; i++ {
		if _, err := Impact(context.Background(), benchOnesG, benchOnesW.companies, src, 1, 10); err != nil {
			b.Fatal(err)
		}
	}
}
