package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
)

const demoDir = "../demo"

// TestDemoMatchesGenerator regenerates the dataset and fails if any committed
// file in seed/demo differs from it.
func TestDemoMatchesGenerator(t *testing.T) {
	dir := t.TempDir()
	if err := Write(Generate(DefaultSeed), dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range dataset.Files {
		want, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(demoDir, name))
		if err != nil {
			t.Errorf("%s: %v (run: go run ./seed/gen -out seed/demo)", name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("seed/demo/%s differs from the generator's output (run: go run ./seed/gen -out seed/demo)", name)
		}
	}
	entries, err := os.ReadDir(demoDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !slices.Contains(dataset.Files, e.Name()) && e.Name() != MineralsDir {
			t.Errorf("seed/demo/%s is not written by the generator", e.Name())
		}
	}
	// the minerals files: the same set, byte for byte (excelize writes the
	// same bytes for the same workbook: no timestamps in the zip or the
	// document properties)
	want, got := mineralsFiles(t, filepath.Join(dir, MineralsDir)), mineralsFiles(t, filepath.Join(demoDir, MineralsDir))
	for name, b := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("seed/demo/%s/%s is missing (run: go run ./seed/gen -out seed/demo)", MineralsDir, name)
		} else if !bytes.Equal(g, b) {
			t.Errorf("seed/demo/%s/%s differs from the generator's output (run: go run ./seed/gen -out seed/demo)", MineralsDir, name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("seed/demo/%s/%s is not written by the generator", MineralsDir, name)
		}
	}
}

// mineralsFiles reads every file under dir, by slash path relative to it.
func mineralsFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDeterministic generates twice and compares.
func TestDeterministic(t *testing.T) {
	a, b := Render(Generate(DefaultSeed)), Render(Generate(DefaultSeed))
	for _, name := range dataset.Files {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
	ma, err := Minerals(Generate(DefaultSeed))
	if err != nil {
		t.Fatal(err)
	}
	mb, err := Minerals(Generate(DefaultSeed))
	if err != nil {
		t.Fatal(err)
	}
	if len(ma) != len(mb) || len(ma) < 2 {
		t.Fatalf("%d and %d minerals files", len(ma), len(mb))
	}
	for name, x := range ma {
		if !bytes.Equal(x, mb[name]) {
			t.Errorf("%s/%s differs between two runs with the same seed", MineralsDir, name)
		}
	}
}

// TestReadmeSummary checks that the figures in seed/README.md are those of
// the dataset.
func TestReadmeSummary(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	i, j := strings.Index(s, summaryBegin), strings.Index(s, summaryEnd)
	if i < 0 || j < i {
		t.Fatalf("seed/README.md lacks the %s ... %s block", summaryBegin, summaryEnd)
	}
	got := s[i : j+len(summaryEnd)+1]
	want := Summary(Generate(DefaultSeed))
	if got != want {
		t.Errorf("seed/README.md summary is out of date; replace the block with the output of\n"+
			"  go run ./seed/gen -out seed/demo -summary\n--- want ---\n%s", want)
	}
}

// ---------------------------------------------------------------- invariants

var (
	rmiRe         = regexp.MustCompile(`^CID\d{6}$`)
	fiveMetals    = []string{"TIN", "TANTALUM", "TUNGSTEN", "GOLD", "COBALT"}
	ref           = date(refDate)
	facilityTypes = []string{"PRODUCTION", "WAREHOUSE", "DORMITORY", "OFFICE"}
)

// editionDates are the release dates of the codes' editions; no
// acknowledgment of an edition predates its release.
var editionDates = map[string]map[int]string{
	"HIT-SPG": {1: "2009-01-01", 2: "2009-06-01", 3: "2017-01-01", 4: "2021-07-01", 5: "2023-03-01", 6: "2023-10-01", 7: "2025-05-01"},
	"NEC-SCG": {2: "2017-01-01", 3: "2021-04-01"},
	"RBA-COC": {7: "2021-01-01", 8: "2024-01-01"},
}

// TestDemoInvariants: the demo is a valid dataset (docs/data-format.md:
// columns, values, references, no repeated key) with what the story needs.
func TestDemoInvariants(t *testing.T) {
	src, err := dataset.Dir(demoDir)
	if err != nil {
		t.Fatal(err)
	}
	d, err := dataset.ReadAll(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if d.Warnings.Total > 0 {
		t.Errorf("%s", d.Warnings.Text("warning"))
	}

	companies := d.CompanyByID()
	metalsSeen := map[string]bool{}
	rmiSeen := map[string]bool{}
	nSuppliers := 0
	for _, c := range d.Companies {
		switch c.Kind {
		case domain.KindSmelter:
			if !slices.Contains(fiveMetals, c.Metal) {
				t.Errorf("smelter %s: metal %q", c.ID, c.Metal)
			}
			metalsSeen[c.Metal] = true
			if !rmiRe.MatchString(c.RMIID) || rmiSeen[c.RMIID] {
				t.Errorf("smelter %s: rmi_id %q missing, malformed or repeated", c.ID, c.RMIID)
			}
			rmiSeen[c.RMIID] = true
		default:
			if c.Metal != "" || c.RMIID != "" {
				t.Errorf("%s: smelter fields on a %s", c.ID, c.Kind)
			}
		}
		if c.Kind == domain.KindSupplier {
			nSuppliers++
		}
	}
	for _, m := range fiveMetals {
		if !metalsSeen[m] {
			t.Errorf("no smelter of %s", m)
		}
	}
	if nSuppliers < 300 || nSuppliers > 500 {
		t.Errorf("%d suppliers, want 300 to 500", nSuppliers)
	}
	for _, b := range []string{"HIT", "NEC"} {
		if companies[b].Kind != domain.KindBuyer {
			t.Errorf("buyer %s missing", b)
		}
	}

	typesSeen := map[string]bool{}
	for _, f := range d.Facilities {
		if !slices.Contains(facilityTypes, f.Type) {
			t.Errorf("facility %s: type %q", f.ID, f.Type)
		}
		typesSeen[f.Type] = true
	}
	for _, ft := range facilityTypes {
		if !typesSeen[ft] {
			t.Errorf("no facility of type %s", ft)
		}
	}
	if n := len(d.Facilities); n < nSuppliers/3 || n > nSuppliers*2/3 {
		t.Errorf("%d facilities for %d suppliers, want about one per two", n, nSuppliers)
	}

	hasCustomer := map[string]bool{}
	sups := map[string][]string{} // the active graph at the reference date
	ended, notYet := 0, 0
	for _, l := range d.SupplyLinks {
		if s := l.Share; s != nil && math.Abs(*s*100-math.Round(*s*100)) > 1e-9 {
			t.Errorf("supply link %s -> %s: share %v has more than 2 decimals", l.SupplierID, l.CustomerID, *s)
		}
		if l.Since != nil && l.Until != nil && *l.Since >= *l.Until {
			t.Errorf("supply link %s -> %s: since %s not before until %s", l.SupplierID, l.CustomerID, l.Since, l.Until)
		}
		if companies[l.CustomerID].Kind == domain.KindMine {
			t.Errorf("supply link %s -> %s: a mine as customer", l.SupplierID, l.CustomerID)
		}
		hasCustomer[l.SupplierID] = true
		switch {
		case l.Since != nil && *l.Since > ref:
			notYet++
		case l.Until != nil && *l.Until <= ref:
			ended++
		default:
			sups[l.CustomerID] = append(sups[l.CustomerID], l.SupplierID)
		}
	}
	for _, c := range d.Companies {
		if c.Kind != domain.KindBuyer && !hasCustomer[c.ID] {
			t.Errorf("%s supplies nobody", c.ID)
		}
	}
	if ended == 0 || notYet == 0 {
		t.Errorf("%d ended and %d future links, want some of each", ended, notYet)
	}

	codes := map[string]domain.Code{}
	for _, c := range d.Codes {
		codes[c.ID] = c
	}
	for _, c := range []string{"HIT-SPG", "NEC-SCG", "RBA-COC"} {
		if _, ok := codes[c]; !ok {
			t.Errorf("code %s missing", c)
		}
	}

	requested := map[string]bool{}
	future := 0
	for _, r := range d.Requests {
		if r.RequesterID == r.SupplierID {
			t.Errorf("%s requests itself", r.RequesterID)
		}
		if r.Date > ref {
			future++
		} else {
			requested[r.SupplierID+"|"+r.CodeID] = true
		}
	}
	if future == 0 {
		t.Errorf("no request dated after %s", refDate)
	}

	story := map[string]int{}
	acked := map[string]bool{}
	for _, a := range d.Acknowledgments {
		k := codes[a.CodeID]
		if d, ok := editionDates[a.CodeID][a.Edition]; !ok || a.Date < date(d) {
			t.Errorf("acknowledgment by %s: %s edition %d dated %s, before the edition exists", a.CompanyID, a.CodeID, a.Edition, a.Date)
		}
		acked[a.CompanyID] = true
		expires := func(by domain.Date) bool { return k.ValidDays != nil && a.Date.AddDays(*k.ValidDays) <= by }
		switch {
		case a.Date > ref:
			story["future ack"]++
		case a.Edition < k.MinEdition:
			story[a.CodeID+" old edition"]++
		case expires(ref):
			story[a.CodeID+" expired"]++
		default:
			story[fmt.Sprintf("%s current ed %d", a.CodeID, a.Edition)]++
		}
		if expires(date("2026-01-01")) {
			story[a.CodeID+" expired before 2026"]++
		}
	}
	for _, want := range []string{"future ack", "HIT-SPG old edition", "HIT-SPG expired before 2026",
		"HIT-SPG current ed 6", "HIT-SPG current ed 7", "RBA-COC current ed 8", "NEC-SCG current ed 3", "NEC-SCG old edition"} {
		if story[want] == 0 {
			t.Errorf("no acknowledgment of the kind %q", want)
		}
	}
	pending := 0
	for k := range requested {
		if !acked[strings.Split(k, "|")[0]] {
			pending++
		}
	}
	if pending == 0 {
		t.Error("no pending request")
	}

	catSeen := map[domain.RiskCategory]bool{}
	for _, f := range d.Findings {
		if (f.Status == domain.FindingClosed) != (f.Closed != nil) {
			t.Errorf("finding %s: status %s with closed %v", f.ID, f.Status, f.Closed)
		}
		if y := f.Detected.String()[:4]; y < "2024" || y > "2026" {
			t.Errorf("finding %s: detected %s outside 2024-2026", f.ID, f.Detected)
		}
		if companies[f.SubjectID].Kind == domain.KindBuyer {
			t.Errorf("finding %s at a buyer", f.ID)
		}
		catSeen[f.Category] = true
	}
	for _, c := range domain.RiskCategories {
		if !catSeen[c] {
			t.Errorf("no finding of category %s", c)
		}
	}
	if n := len(d.Findings); n < 120 || n > 180 {
		t.Errorf("%d findings, want about 150", n)
	}

	// The active graph at the reference date: at least five tiers upstream
	// of each buyer, and a cycle.
	g := analysis.ActiveGraph(d.SupplyLinks, ref)
	for _, buyer := range []string{"HIT", "NEC"} {
		tiers := analysis.Chain(g, buyer, len(d.Companies))
		if depth := slices.Max(slices.Collect(maps.Values(tiers))); depth < 5 {
			t.Errorf("%d tiers upstream of %s at %s, want at least 5", depth, buyer, refDate)
		}
		if buyer == "HIT" {
			// Hitachi asked every one of its tier-1 partners.
			for id, n := range tiers {
				if n == 1 && !requested[id+"|HIT-SPG"] {
					t.Errorf("HIT's partner %s has no request for HIT-SPG", id)
				}
			}
		}
	}
	if !hasCycle(sups) {
		t.Error("no cycle in the active supply graph")
	}
}

func hasCycle(sups map[string][]string) bool {
	state := map[string]int{} // 1 on stack, 2 done
	var visit func(string) bool
	visit = func(x string) bool {
		state[x] = 1
		for _, s := range sups[x] {
			if state[s] == 1 || (state[s] == 0 && visit(s)) {
				return true
			}
		}
		state[x] = 2
		return false
	}
	var ids []string
	for id := range sups {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if state[id] == 0 && visit(id) {
			return true
		}
	}
	return false
}
