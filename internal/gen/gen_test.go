package gen

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/cmrt"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
)

var refDate = domain.Date(ref)

func generate(t testing.TB, cfg Config) (string, Stats) {
	t.Helper()
	dir := t.TempDir()
	st, err := Generate(cfg, dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, st
}

func TestDeterministic(t *testing.T) {
	cfg := Config{Companies: 2000, Seed: 7}
	a, sa := generate(t, cfg)
	b, sb := generate(t, cfg)
	if fmt.Sprint(sa) != fmt.Sprint(sb) {
		t.Errorf("stats differ:\n%+v\n%+v", sa, sb)
	}
	c, _ := generate(t, Config{Companies: 2000, Seed: 8})
	sameAsOtherSeed := 0
	for _, f := range dataset.Files {
		x, err := os.ReadFile(filepath.Join(a, f))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with the same config", f)
		}
		z, _ := os.ReadFile(filepath.Join(c, f))
		if bytes.Equal(x, z) {
			sameAsOtherSeed++
		}
	}
	if sameAsOtherSeed == len(dataset.Files) {
		t.Errorf("seeds 7 and 8 give the same dataset")
	}
}

// TestValid: the output passes the validator with zero issues against an
// empty store (every reference resolves inside the dataset), at several
// sizes and seeds, and Stats counts the rows the validator read.
func TestValid(t *testing.T) {
	for _, cfg := range []Config{
		{Companies: MinCompanies, Seed: 1},
		{Companies: 300, Seed: 2, Buyers: 1},
		{Companies: 1000, Seed: 3, Buyers: MaxBuyers},
		{Companies: 2000, Seed: 4, Tiers: 6},
		{Companies: 2000, Seed: 5, Tiers: 10},
	} {
		t.Run(fmt.Sprintf("%d-%d", cfg.Companies, cfg.Seed), func(t *testing.T) {
			dir, st := generate(t, cfg)
			d := load(t, dir)
			for _, fr := range st.Files() {
				if d.Rows[fr.File] != fr.Rows {
					t.Errorf("%s: stats say %d rows, the validator read %d", fr.File, fr.Rows, d.Rows[fr.File])
				}
			}
			if len(d.Companies) != cfg.Companies {
				t.Errorf("companies = %d, want %d", len(d.Companies), cfg.Companies)
			}
			checkKeys(t, d)
		})
	}
}

// checkKeys: no key is repeated in any file, so that no row replaces
// another and the row counts are the record counts.
func checkKeys(t *testing.T, d *dataset.Data) {
	t.Helper()
	if d.Warnings.Total > 0 {
		t.Errorf("%s", d.Warnings.Text("warning"))
	}
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []Config{
		{Companies: MinCompanies - 1},
		{Companies: 1000, Buyers: MaxBuyers + 1},
		{Companies: 1000, Buyers: -1},
		{Companies: 1000, Tiers: 21},
		{Companies: 60, Buyers: 16, Tiers: 20},
	} {
		if err := cfg.Check(); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
		if _, err := Generate(cfg, t.TempDir()); err == nil {
			t.Errorf("%+v: Generate: no error", cfg)
		}
	}
}

// TestShape: the dataset exercises the analysis semantics of docs/analysis.md.
func TestShape(t *testing.T) {
	dir, st := generate(t, Config{Companies: 5000, Seed: 1})
	d := load(t, dir)

	// The first buyer's chain at the reference date: at least 6 tiers.
	tiers := analysis.Chain(analysis.ActiveGraph(d.SupplyLinks, refDate), "B0001", MaxDepth)
	perTier := map[int]int{}
	for _, tier := range tiers {
		perTier[tier]++
	}
	if len(perTier) < 6 {
		t.Errorf("B0001 chain has %d tiers, want >= 6: %v", len(perTier), perTier)
	}
	if st.Chain.WithinMaxDepth != len(tiers) || st.Chain.Focal != "B0001" {
		t.Errorf("stats chain %+v, recomputed %d companies", st.Chain, len(tiers))
	}
	if len(tiers) < 5000/3 {
		t.Errorf("B0001 chain has %d companies, want a large fraction of 5000", len(tiers))
	}
	t.Logf("B0001 chain: %d companies, per tier %v", len(tiers), st.Chain.PerTier)

	count := func(vals ...string) map[string]int {
		m := map[string]int{}
		for _, v := range vals {
			m[v]++
		}
		return m
	}
	var kinds, rmap, metals, disclosure, types, cats, statuses, sources, shareVals []string
	for _, c := range d.Companies {
		kinds = append(kinds, string(c.Kind))
		disclosure = append(disclosure, string(c.Disclosure))
		if c.Kind == domain.KindSmelter {
			rmap = append(rmap, string(c.RMAPStatus))
			metals = append(metals, c.Metal)
			if c.RMIID == "" {
				t.Errorf("smelter %s has no rmi_id", c.ID)
			}
		}
	}
	for _, f := range d.Facilities {
		types = append(types, f.Type)
	}
	closedWithout, closedWith, facilitySubjects, after := 0, 0, 0, 0
	facilityIDs := map[string]bool{}
	for _, f := range d.Facilities {
		facilityIDs[f.ID] = true
	}
	for _, f := range d.Findings {
		cats = append(cats, string(f.Category))
		statuses = append(statuses, string(f.Status))
		sources = append(sources, string(f.Source))
		if f.Status == domain.FindingClosed {
			if f.Closed == nil {
				closedWithout++
			} else {
				closedWith++
			}
		}
		if facilityIDs[f.SubjectID] {
			facilitySubjects++
		}
		if f.Detected > refDate {
			after++
		}
	}
	for _, l := range d.SupplyLinks {
		s := ""
		if l.Share != nil {
			s = fmt.Sprint(*l.Share)
		}
		shareVals = append(shareVals, s)
	}
	for _, want := range []struct {
		what string
		got  map[string]int
		want []string
	}{
		{"kinds", count(kinds...), []string{"BUYER", "SUPPLIER", "SMELTER", "MINE"}},
		{"rmap statuses", count(rmap...), []string{"CONFORMANT", "ACTIVE", "NON_CONFORMANT", "NOT_ENROLLED"}},
		{"metals", count(metals...), []string{"TIN", "TANTALUM", "TUNGSTEN", "GOLD", "COBALT"}},
		{"disclosure", count(disclosure...), []string{"COMPLETE", "PARTIAL", "NONE"}},
		{"facility types", count(types...), []string{"PRODUCTION", "WAREHOUSE", "DORMITORY", "OFFICE"}},
		{"categories", count(cats...), []string{"HUMAN_RIGHTS", "HEALTH_SAFETY", "ENVIRONMENT", "ETHICS", "QUALITY_SAFETY", "INFORMATION_SECURITY", "RESPONSIBLE_MINERALS", "BUSINESS_CONTINUITY"}},
		{"finding statuses", count(statuses...), []string{"OPEN", "REMEDIATING", "CLOSED"}},
		{"sources", count(sources...), []string{"SAQ", "AUDIT", "GRIEVANCE", "MEDIA", "RMAP", "OTHER"}},
		{"shares", count(shareVals...), []string{"", "1", "0.5", "0.25", "0.3", "0.7", "0.15"}},
	} {
		for _, v := range want.want {
			if want.got[v] == 0 {
				t.Errorf("%s: no %q (got %v)", want.what, v, want.got)
			}
		}
	}
	if closedWith == 0 || closedWithout == 0 || facilitySubjects == 0 || after == 0 {
		t.Errorf("findings: closed with date %d, without %d, at facilities %d, detected after %s %d",
			closedWith, closedWithout, facilitySubjects, RefDate, after)
	}

	// Links: active cycles, ended links, links not started yet, diamonds
	// (a supplier whose customers are at different tiers).
	activeEdge := map[[2]string]bool{}
	ended, future := 0, 0
	for _, l := range d.SupplyLinks {
		if l.SupplierID == l.CustomerID {
			t.Errorf("self link %+v", l)
		}
		if analysis.LinkActive(l, refDate) {
			activeEdge[[2]string{l.SupplierID, l.CustomerID}] = true
		}
		if l.Until != nil && *l.Until <= refDate {
			ended++
		}
		if l.Since != nil && *l.Since > refDate {
			future++
		}
	}
	cycles := 0
	for e := range activeEdge {
		if activeEdge[[2]string{e[1], e[0]}] {
			cycles++
		}
	}
	diamonds := 0
	for e := range activeEdge {
		ts, okS := tiers[e[0]]
		tc, okC := tiers[e[1]]
		if okS && okC && ts < tc+1 {
			diamonds++ // e[0] reaches B0001 by a shorter path than through e[1]
		}
	}
	if cycles == 0 || ended == 0 || future == 0 || diamonds == 0 {
		t.Errorf("links: %d active cycle edges, %d ended, %d not started, %d diamond edges", cycles, ended, future, diamonds)
	}

	// Cascade: every status at tier 1, reach beyond tier 3, requests and
	// acknowledgments after the reference date, of old editions and of the
	// industry code.
	rows := cascade(t, d, "B0001", "B0001-COC", refDate)
	t.Logf("cascade of B0001-COC at %s:\n%s", RefDate, formatCascade(rows))
	if len(rows) < 6 {
		t.Fatalf("cascade has %d tiers", len(rows))
	}
	if r := rows[0]; r.Covered == 0 || r.Stale == 0 || r.Pending == 0 || r.NotRequested == 0 {
		t.Errorf("tier 1 lacks a status: %+v", r)
	}
	if rows[3].Reached == 0 || rows[3].Covered == 0 {
		t.Errorf("tier 4 not reached: %+v", rows[3])
	}
	if rows[0].OpenEnds == 0 {
		t.Errorf("no open ends at tier 1")
	}
	codes := map[string]domain.Code{}
	for _, c := range d.Codes {
		codes[c.ID] = c
	}
	var reqAfter, reqBefore, ackAfter, ackOld, ackExpired, ackRBA int
	for _, q := range d.Requests {
		if q.Date > refDate {
			reqAfter++
		} else {
			reqBefore++
		}
	}
	for _, a := range d.Acknowledgments {
		k := codes[a.CodeID]
		switch {
		case a.Date > refDate:
			ackAfter++
		case a.Edition < k.MinEdition:
			ackOld++
		case !k.IsCurrent(a, refDate):
			ackExpired++
		}
		if k.IssuerID == "" {
			ackRBA++
		}
	}
	if reqAfter == 0 || reqBefore == 0 || ackAfter == 0 || ackOld == 0 || ackExpired == 0 || ackRBA == 0 || len(d.CodeAccepts) == 0 {
		t.Errorf("requests before %d after %d; acknowledgments after %d, old edition %d, expired %d, industry code %d; accepts %d",
			reqBefore, reqAfter, ackAfter, ackOld, ackExpired, ackRBA, len(d.CodeAccepts))
	}

	// About four rows per company.
	if per := float64(st.TotalRows()) / 5000; per < 3 || per > 5 {
		t.Errorf("%.2f rows per company, want about 4", per)
	}
}

// TestChain100k: at N=100000 the first buyer's chain at the reference date
// has at least 20000 companies over at least 6 tiers.
func TestChain100k(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	_, st := generate(t, Config{Companies: 100000, Seed: 1})
	c := st.Chain
	t.Logf("N=100000 seed 1: %d tiers of suppliers; %s chain at %s: %d companies over %d tiers (%d within depth %d), per tier %v; %d rows",
		st.Tiers, c.Focal, c.AsOf, c.Companies, c.Tiers, c.WithinMaxDepth, MaxDepth, c.PerTier, st.TotalRows())
	if c.WithinMaxDepth < 20000 || c.Tiers < 6 {
		t.Errorf("chain %+v: want >= 20000 companies over >= 6 tiers", c)
	}
}

func BenchmarkGenerate(b *testing.B) {
	dir := b.TempDir()
	var st Stats
	for b.Loop() {
		var err error
		st, err = Generate(Config{Companies: 100000, Seed: 1}, dir)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(st.TotalRows()), "rows/op")
}

// TestGenerateMinerals: the declarations and RMAP statuses of a generated
// dataset are the same for the same Config, read as declarations by the
// product's reader, and name smelters of the dataset.
func TestGenerateMinerals(t *testing.T) {
	cfg := Config{Companies: 2000, Seed: 3}
	var sums [2]string
	for k := range sums {
		dir := t.TempDir()
		if _, err := Generate(cfg, dir); err != nil {
			t.Fatal(err)
		}
		st, err := GenerateMinerals(cfg, dir)
		if err != nil {
			t.Fatal(err)
		}
		if st.Declarers == 0 || st.Declarations < st.Declarers || st.RMAPStatuses == 0 {
			t.Fatalf("stats %+v", st)
		}
		var listing strings.Builder
		books, _ := filepath.Glob(filepath.Join(dir, MineralsDir, "cmrt", "*", "*.xlsx"))
		if len(books) != st.Declarations {
			t.Errorf("%d workbooks, %d declarations", len(books), st.Declarations)
		}
		for _, b := range books {
			f, _ := os.Open(b)
			wb, err := cmrt.Read(f, filepath.Base(b))
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			if len(wb.Issues) > 0 || wb.EffectiveDate == nil || len(wb.Answers) == 0 {
				t.Fatalf("%s: %+v", b, wb)
			}
			fmt.Fprintf(&listing, "%s %s %s %v %d\n", filepath.Base(b), wb.Template, wb.EffectiveDate, len(wb.Smelters), len(wb.Answers))
		}
		rm, _ := os.ReadFile(filepath.Join(dir, MineralsDir, "rmap_history.csv"))
		ups, err := cmrt.ReadRMAPStatuses(bytes.NewReader(rm), "rmap_history.csv", nil)
		if err != nil || len(ups) != st.RMAPStatuses {
			t.Fatalf("rmap history: %d, %v", len(ups), err)
		}
		sums[k] = listing.String() + string(rm)
	}
	if sums[0] != sums[1] {
		t.Error("the same Config gave different minerals data")
	}
}
