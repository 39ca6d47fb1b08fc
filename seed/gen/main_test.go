package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

const demoDir = "../demo"

// TestDemoMatchesGenerator regenerates the dataset and fails if any committed
// file in seed/demo differs from it.
func TestDemoMatchesGenerator(t *testing.T) {
	dir := t.TempDir()
	if err := Write(Generate(DefaultSeed), dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range Files {
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
		if !slices.Contains(Files, e.Name()) {
			t.Errorf("seed/demo/%s is not written by the generator", e.Name())
		}
	}
}

// TestDeterministic generates twice and compares.
func TestDeterministic(t *testing.T) {
	a, b := Render(Generate(DefaultSeed)), Render(Generate(DefaultSeed))
	for _, name := range Files {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
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

type row struct {
	line int
	v    map[string]string
}

type table struct {
	name string
	rows []row
}

// columns of the bulk-load format (docs/data-format.md); required ones are marked with '*'.
var specColumns = map[string][]string{
	"companies.csv":       {"id*", "name*", "kind", "country", "disclosure", "metal", "rmi_id", "rmap_status"},
	"facilities.csv":      {"id*", "company_id*", "name*", "country", "type"},
	"supply_links.csv":    {"supplier_id*", "customer_id*", "material", "since", "until", "share"},
	"codes.csv":           {"id*", "issuer_id", "title*", "edition*", "issued*", "min_edition", "valid_days"},
	"code_accepts.csv":    {"code_id*", "accepted_code_id*"},
	"requests.csv":        {"requester_id*", "supplier_id*", "code_id*", "date*"},
	"acknowledgments.csv": {"company_id*", "code_id*", "edition*", "date*", "signatory"},
	"findings.csv":        {"id*", "subject_id*", "category*", "severity*", "likelihood*", "status", "source", "detected*", "closed", "description"},
}

var specKeys = map[string][]string{
	"companies.csv":       {"id"},
	"facilities.csv":      {"id"},
	"supply_links.csv":    {"supplier_id", "customer_id", "material"},
	"codes.csv":           {"id"},
	"code_accepts.csv":    {"code_id", "accepted_code_id"},
	"requests.csv":        {"requester_id", "supplier_id", "code_id"},
	"acknowledgments.csv": {"company_id", "code_id", "edition", "date"},
	"findings.csv":        {"id"},
}

var (
	idRe    = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,128}$`)
	dateRe  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	shareRe = regexp.MustCompile(`^(0\.\d\d|1\.00)$`)
	ccRe    = regexp.MustCompile(`^[A-Z]{2}$`)
	rmiRe   = regexp.MustCompile(`^CID\d{6}$`)
)

func load(t *testing.T, name string) table {
	t.Helper()
	f, err := os.Open(filepath.Join(demoDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(recs) == 0 {
		t.Fatalf("%s: no header", name)
	}
	header := recs[0]
	allowed := map[string]bool{}
	for _, c := range specColumns[name] {
		allowed[strings.TrimSuffix(c, "*")] = true
		if strings.HasSuffix(c, "*") && !slices.Contains(header, strings.TrimSuffix(c, "*")) {
			t.Errorf("%s: required column %s missing", name, strings.TrimSuffix(c, "*"))
		}
	}
	for _, h := range header {
		if !allowed[h] {
			t.Errorf("%s: unknown column %q", name, h)
		}
	}
	tb := table{name: name}
	keys := map[string]int{}
	for i, rec := range recs[1:] {
		r := row{line: i + 2, v: map[string]string{}}
		for j, h := range header {
			r.v[h] = rec[j]
		}
		for _, c := range specColumns[name] {
			if strings.HasSuffix(c, "*") && r.v[strings.TrimSuffix(c, "*")] == "" {
				t.Errorf("%s:%d: %s: required value missing", name, r.line, strings.TrimSuffix(c, "*"))
			}
		}
		var k []string
		for _, c := range specKeys[name] {
			k = append(k, r.v[c])
		}
		ks := strings.Join(k, "\x00")
		if prev, dup := keys[ks]; dup {
			t.Errorf("%s:%d: duplicate key %q (line %d)", name, r.line, k, prev)
		}
		keys[ks] = r.line
		tb.rows = append(tb.rows, r)
	}
	return tb
}

func checkID(t *testing.T, tb table, r row, col string) {
	t.Helper()
	if v := r.v[col]; v != "" && !idRe.MatchString(v) {
		t.Errorf("%s:%d: %s: bad id %q", tb.name, r.line, col, v)
	}
}

func checkDate(t *testing.T, tb table, r row, col string) {
	t.Helper()
	v := r.v[col]
	if v == "" {
		return
	}
	d, err := time.Parse("2006-01-02", v)
	if !dateRe.MatchString(v) || err != nil || d.Format("2006-01-02") != v {
		t.Errorf("%s:%d: %s: bad date %q", tb.name, r.line, col, v)
	}
}

func checkEnum(t *testing.T, tb table, r row, col string, allowed ...string) {
	t.Helper()
	if v := r.v[col]; v != "" && !slices.Contains(allowed, v) {
		t.Errorf("%s:%d: %s: bad value %q", tb.name, r.line, col, v)
	}
}

func checkInt(t *testing.T, tb table, r row, col string, lo, hi int) int {
	t.Helper()
	v := r.v[col]
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		t.Errorf("%s:%d: %s: %q not an integer in [%d, %d]", tb.name, r.line, col, v, lo, hi)
	}
	return n
}

func checkRef(t *testing.T, tb table, r row, col string, sets ...map[string]bool) {
	t.Helper()
	v := r.v[col]
	if v == "" {
		return
	}
	for _, s := range sets {
		if s[v] {
			return
		}
	}
	t.Errorf("%s:%d: %s: unknown id %q", tb.name, r.line, col, v)
}

var (
	kinds       = []string{"BUYER", "SUPPLIER", "SMELTER", "MINE"}
	disclosures = []string{"COMPLETE", "PARTIAL", "NONE"}
	rmapStates  = []string{"CONFORMANT", "ACTIVE", "NON_CONFORMANT", "NOT_ENROLLED"}
	fiveMetals  = []string{"TIN", "TANTALUM", "TUNGSTEN", "GOLD", "COBALT"}
	categories  = []string{"HUMAN_RIGHTS", "HEALTH_SAFETY", "ENVIRONMENT", "ETHICS", "QUALITY_SAFETY",
		"INFORMATION_SECURITY", "RESPONSIBLE_MINERALS", "BUSINESS_CONTINUITY"}
	findingStates = []string{"OPEN", "REMEDIATING", "CLOSED"}
	sources       = []string{"SAQ", "AUDIT", "GRIEVANCE", "MEDIA", "RMAP", "OTHER"}
	facilityTypes = []string{"PRODUCTION", "WAREHOUSE", "DORMITORY", "OFFICE"}
)

// editionDates are the release dates of the codes' editions; no
// acknowledgment of an edition predates its release.
var editionDates = map[string]map[int]string{
	"HIT-SPG": {1: "2009-01-01", 2: "2009-06-01", 3: "2017-01-01", 4: "2021-07-01", 5: "2023-03-01", 6: "2023-10-01", 7: "2025-05-01"},
	"NEC-SCG": {2: "2017-01-01", 3: "2021-04-01"},
	"RBA-COC": {7: "2021-01-01", 8: "2024-01-01"},
}

func TestDemoInvariants(t *testing.T) {
	companies := load(t, "companies.csv")
	facilities := load(t, "facilities.csv")
	links := load(t, "supply_links.csv")
	codes := load(t, "codes.csv")
	accepts := load(t, "code_accepts.csv")
	requests := load(t, "requests.csv")
	acks := load(t, "acknowledgments.csv")
	findings := load(t, "findings.csv")

	companyIDs, facilityIDs, codeIDs := map[string]bool{}, map[string]bool{}, map[string]bool{}
	kindOf := map[string]string{}
	metalsSeen := map[string]bool{}
	rmiSeen := map[string]bool{}
	nSuppliers := 0
	for _, r := range companies.rows {
		checkID(t, companies, r, "id")
		checkEnum(t, companies, r, "kind", kinds...)
		checkEnum(t, companies, r, "disclosure", disclosures...)
		checkEnum(t, companies, r, "rmap_status", rmapStates...)
		if c := r.v["country"]; c != "" && !ccRe.MatchString(c) {
			t.Errorf("companies.csv:%d: country: %q is not ISO alpha-2", r.line, c)
		}
		companyIDs[r.v["id"]] = true
		kindOf[r.v["id"]] = r.v["kind"]
		switch r.v["kind"] {
		case "SMELTER":
			if !slices.Contains(fiveMetals, r.v["metal"]) {
				t.Errorf("companies.csv:%d: smelter metal %q", r.line, r.v["metal"])
			}
			metalsSeen[r.v["metal"]] = true
			if !rmiRe.MatchString(r.v["rmi_id"]) || rmiSeen[r.v["rmi_id"]] {
				t.Errorf("companies.csv:%d: rmi_id %q missing, malformed or repeated", r.line, r.v["rmi_id"])
			}
			rmiSeen[r.v["rmi_id"]] = true
			if r.v["rmap_status"] == "" {
				t.Errorf("companies.csv:%d: smelter without rmap_status", r.line)
			}
		default:
			if r.v["metal"] != "" || r.v["rmi_id"] != "" || r.v["rmap_status"] != "" {
				t.Errorf("companies.csv:%d: smelter fields on a %s", r.line, r.v["kind"])
			}
		}
		if r.v["kind"] == "SUPPLIER" {
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
		if kindOf[b] != "BUYER" {
			t.Errorf("buyer %s missing", b)
		}
	}

	for _, r := range facilities.rows {
		checkID(t, facilities, r, "id")
		checkRef(t, facilities, r, "company_id", companyIDs)
		checkEnum(t, facilities, r, "type", facilityTypes...)
		if companyIDs[r.v["id"]] {
			t.Errorf("facilities.csv:%d: id %q is also a company id", r.line, r.v["id"])
		}
		facilityIDs[r.v["id"]] = true
	}
	typesSeen := map[string]bool{}
	for _, r := range facilities.rows {
		typesSeen[r.v["type"]] = true
	}
	for _, ft := range facilityTypes {
		if !typesSeen[ft] {
			t.Errorf("no facility of type %s", ft)
		}
	}
	if n := len(facilities.rows); n < nSuppliers/3 || n > nSuppliers*2/3 {
		t.Errorf("%d facilities for %d suppliers, want about one per two", n, nSuppliers)
	}

	hasCustomer := map[string]bool{}
	for _, r := range links.rows {
		checkID(t, links, r, "supplier_id")
		checkID(t, links, r, "customer_id")
		checkRef(t, links, r, "supplier_id", companyIDs)
		checkRef(t, links, r, "customer_id", companyIDs)
		checkDate(t, links, r, "since")
		checkDate(t, links, r, "until")
		if r.v["supplier_id"] == r.v["customer_id"] {
			t.Errorf("supply_links.csv:%d: supplier equals customer", r.line)
		}
		if s := r.v["share"]; s != "" {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil || !(f > 0 && f <= 1) || !shareRe.MatchString(s) {
				t.Errorf("supply_links.csv:%d: share %q not in (0,1] with 2 decimals", r.line, s)
			}
		}
		if r.v["since"] != "" && r.v["until"] != "" && r.v["since"] >= r.v["until"] {
			t.Errorf("supply_links.csv:%d: since %s not before until %s", r.line, r.v["since"], r.v["until"])
		}
		if kindOf[r.v["customer_id"]] == "MINE" {
			t.Errorf("supply_links.csv:%d: a mine as customer", r.line)
		}
		hasCustomer[r.v["supplier_id"]] = true
	}
	for _, r := range companies.rows {
		if r.v["kind"] != "BUYER" && !hasCustomer[r.v["id"]] {
			t.Errorf("companies.csv:%d: %s supplies nobody", r.line, r.v["id"])
		}
	}

	validDays := map[string]int{}
	minEdition := map[string]int{}
	for _, r := range codes.rows {
		checkID(t, codes, r, "id")
		checkID(t, codes, r, "issuer_id")
		checkRef(t, codes, r, "issuer_id", companyIDs)
		checkDate(t, codes, r, "issued")
		ed := checkInt(t, codes, r, "edition", 1, 1000)
		minEdition[r.v["id"]] = ed
		if r.v["min_edition"] != "" {
			minEdition[r.v["id"]] = checkInt(t, codes, r, "min_edition", 1, ed)
		}
		validDays[r.v["id"]] = checkInt(t, codes, r, "valid_days", 1, 100000)
		codeIDs[r.v["id"]] = true
	}
	for _, c := range []string{"HIT-SPG", "NEC-SCG", "RBA-COC"} {
		if !codeIDs[c] {
			t.Errorf("code %s missing", c)
		}
	}
	for _, r := range accepts.rows {
		checkRef(t, accepts, r, "code_id", codeIDs)
		checkRef(t, accepts, r, "accepted_code_id", codeIDs)
	}

	const ref = "2026-06-01"
	requested := map[string]bool{}
	future := 0
	for _, r := range requests.rows {
		for _, c := range []string{"requester_id", "supplier_id", "code_id"} {
			checkID(t, requests, r, c)
		}
		checkRef(t, requests, r, "requester_id", companyIDs)
		checkRef(t, requests, r, "supplier_id", companyIDs)
		checkRef(t, requests, r, "code_id", codeIDs)
		checkDate(t, requests, r, "date")
		if r.v["requester_id"] == r.v["supplier_id"] {
			t.Errorf("requests.csv:%d: a company requests itself", r.line)
		}
		if r.v["date"] > ref {
			future++
		}
		if r.v["date"] <= ref {
			requested[r.v["supplier_id"]+"|"+r.v["code_id"]] = true
		}
	}
	if future == 0 {
		t.Errorf("no request dated after %s", ref)
	}

	story := map[string]int{}
	acked := map[string]bool{}
	for _, r := range acks.rows {
		checkID(t, acks, r, "company_id")
		checkRef(t, acks, r, "company_id", companyIDs)
		checkRef(t, acks, r, "code_id", codeIDs)
		checkDate(t, acks, r, "date")
		ed := checkInt(t, acks, r, "edition", 1, 1000)
		c := r.v["code_id"]
		if d, ok := editionDates[c][ed]; !ok || r.v["date"] < d {
			t.Errorf("acknowledgments.csv:%d: %s edition %d dated %s, before the edition exists", r.line, c, ed, r.v["date"])
		}
		acked[r.v["company_id"]] = true
		d, _ := time.Parse("2006-01-02", r.v["date"])
		switch {
		case r.v["date"] > ref:
			story["future ack"]++
		case ed < minEdition[c]:
			story[c+" old edition"]++
		case validDays[c] > 0 && d.AddDate(0, 0, validDays[c]).Format("2006-01-02") <= ref:
			story[c+" expired"]++
		default:
			story[fmt.Sprintf("%s current ed %d", c, ed)]++
		}
		if validDays[c] > 0 && d.AddDate(0, 0, validDays[c]).Format("2006-01-02") <= "2026-01-01" {
			story[c+" expired before 2026"]++
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

	catSeen := map[string]bool{}
	for _, r := range findings.rows {
		checkID(t, findings, r, "id")
		checkID(t, findings, r, "subject_id")
		checkRef(t, findings, r, "subject_id", companyIDs, facilityIDs)
		checkEnum(t, findings, r, "category", categories...)
		checkEnum(t, findings, r, "status", findingStates...)
		checkEnum(t, findings, r, "source", sources...)
		checkInt(t, findings, r, "severity", 1, 5)
		checkInt(t, findings, r, "likelihood", 1, 5)
		checkDate(t, findings, r, "detected")
		checkDate(t, findings, r, "closed")
		if (r.v["status"] == "CLOSED") != (r.v["closed"] != "") {
			t.Errorf("findings.csv:%d: status %s with closed %q", r.line, r.v["status"], r.v["closed"])
		}
		if r.v["closed"] != "" && r.v["closed"] < r.v["detected"] {
			t.Errorf("findings.csv:%d: closed before detected", r.line)
		}
		if y := r.v["detected"][:4]; y < "2024" || y > "2026" {
			t.Errorf("findings.csv:%d: detected %s outside 2024-2026", r.line, r.v["detected"])
		}
		if kindOf[r.v["subject_id"]] == "BUYER" {
			t.Errorf("findings.csv:%d: finding at a buyer", r.line)
		}
		catSeen[r.v["category"]] = true
	}
	for _, c := range categories {
		if !catSeen[c] {
			t.Errorf("no finding of category %s", c)
		}
	}
	if n := len(findings.rows); n < 120 || n > 180 {
		t.Errorf("%d findings, want about 150", n)
	}

	// The active graph at the reference date: at least five tiers upstream
	// of each buyer, a cycle, links that ended and links not yet started.
	sups := map[string][]string{}
	ended, notYet := 0, 0
	for _, r := range links.rows {
		since, until := r.v["since"], r.v["until"]
		switch {
		case since != "" && since > ref:
			notYet++
		case until != "" && until <= ref:
			ended++
		default:
			sups[r.v["customer_id"]] = append(sups[r.v["customer_id"]], r.v["supplier_id"])
		}
	}
	if ended == 0 || notYet == 0 {
		t.Errorf("%d ended and %d future links, want some of each", ended, notYet)
	}
	for _, buyer := range []string{"HIT", "NEC"} {
		tier := map[string]int{buyer: 0}
		frontier := []string{buyer}
		depth := 0
		for len(frontier) > 0 {
			var next []string
			for _, x := range frontier {
				for _, s := range sups[x] {
					if _, ok := tier[s]; !ok {
						tier[s] = depth + 1
						next = append(next, s)
					}
				}
			}
			if len(next) > 0 {
				depth++
			}
			frontier = next
		}
		if depth < 5 {
			t.Errorf("%d tiers upstream of %s at %s, want at least 5", depth, buyer, ref)
		}
		if buyer == "HIT" {
			// Hitachi asked every one of its tier-1 partners.
			for id, n := range tier {
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
