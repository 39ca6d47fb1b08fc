package analysis

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/supplygraph/supplygraph/internal/domain"
)

const tinyDir = "../../testdata/tiny"

// readCSV reads dir/name as rows keyed by header name; a missing file has no
// rows.
func readCSV(t *testing.T, dir, name string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = rec[i]
		}
		rows = append(rows, row)
	}
	return rows
}

func optDate(s string) *domain.Date {
	if s == "" {
		return nil
	}
	d := mustDate(s)
	return &d
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// loadCSVDataset reads a dataset directory in the bulk-load format, with the
// format's defaults.
func loadCSVDataset(t *testing.T, dir string) *dataset {
	ds := &dataset{}
	for _, r := range readCSV(t, dir, "companies.csv") {
		c := domain.Company{ID: r["id"], Name: r["name"], Kind: domain.CompanyKind(orDefault(r["kind"], "SUPPLIER")),
			Country: r["country"], Disclosure: domain.Disclosure(orDefault(r["disclosure"], "NONE")),
			Metal: r["metal"], RMIID: r["rmi_id"], RMAPStatus: domain.RMAPStatus(r["rmap_status"])}
		if c.Kind == domain.KindSmelter && c.RMAPStatus == "" {
			c.RMAPStatus = domain.RMAPNotEnrolled
		}
		ds.companies = append(ds.companies, c)
	}
	for _, r := range readCSV(t, dir, "facilities.csv") {
		ds.facilities = append(ds.facilities, domain.Facility{ID: r["id"], CompanyID: r["company_id"], Name: r["name"]})
	}
	for _, r := range readCSV(t, dir, "supply_links.csv") {
		l := domain.SupplyLink{SupplierID: r["supplier_id"], CustomerID: r["customer_id"], Material: r["material"],
			Since: optDate(r["since"]), Until: optDate(r["until"])}
		if r["share"] != "" {
			x, err := strconv.ParseFloat(r["share"], 64)
			if err != nil {
				t.Fatal(err)
			}
			l.Share = &x
		}
		ds.links = append(ds.links, l)
	}
	for _, r := range readCSV(t, dir, "codes.csv") {
		c := domain.Code{ID: r["id"], IssuerID: r["issuer_id"], Title: r["title"], Edition: atoi(t, r["edition"]), Issued: mustDate(r["issued"])}
		c.MinEdition = c.Edition
		if r["min_edition"] != "" {
			c.MinEdition = atoi(t, r["min_edition"])
		}
		if r["valid_days"] != "" {
			n := atoi(t, r["valid_days"])
			c.ValidDays = &n
		}
		ds.codes = append(ds.codes, c)
	}
	for _, r := range readCSV(t, dir, "code_accepts.csv") {
		ds.accepts = append(ds.accepts, domain.CodeAccept{CodeID: r["code_id"], AcceptedCodeID: r["accepted_code_id"]})
	}
	for _, r := range readCSV(t, dir, "requests.csv") {
		ds.requests = append(ds.requests, domain.Request{RequesterID: r["requester_id"], SupplierID: r["supplier_id"], CodeID: r["code_id"], Date: mustDate(r["date"])})
	}
	for _, r := range readCSV(t, dir, "acknowledgments.csv") {
		ds.acks = append(ds.acks, domain.Acknowledgment{CompanyID: r["company_id"], CodeID: r["code_id"], Edition: atoi(t, r["edition"]), Date: mustDate(r["date"]), Signatory: r["signatory"]})
	}
	for _, r := range readCSV(t, dir, "findings.csv") {
		ds.findings = append(ds.findings, domain.Finding{ID: r["id"], SubjectID: r["subject_id"], Category: domain.RiskCategory(r["category"]),
			Severity: atoi(t, r["severity"]), Likelihood: atoi(t, r["likelihood"]),
			Status: domain.FindingStatus(orDefault(r["status"], "OPEN")), Source: domain.FindingSource(orDefault(r["source"], "OTHER")),
			Detected: mustDate(r["detected"]), Closed: optDate(r["closed"]), Description: r["description"]})
	}
	return ds
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// TestTinyFixture answers every question of the worked example and compares
// with its expected answers (floats within a relative 1e-6).
func TestTinyFixture(t *testing.T) {
	ds := loadCSVDataset(t, tinyDir)
	var queries []query
	readJSON(t, filepath.Join(tinyDir, "queries.json"), &queries)
	var expected []struct {
		Query  query           `json:"query"`
		Answer json.RawMessage `json:"answer"`
	}
	readJSON(t, filepath.Join(tinyDir, "expected.json"), &expected)
	if len(queries) != 12 || len(expected) != len(queries) {
		t.Fatalf("want 12 questions and as many answers, got %d and %d", len(queries), len(expected))
	}
	for i, q := range queries {
		if !cmp.Equal(q, expected[i].Query) {
			t.Fatalf("question %d differs between queries.json and expected.json", i)
		}
		ans, err := ds.answer(context.Background(), q)
		if err != nil {
			t.Errorf("question %d (%s): %v", i, q.Op, err)
			continue
		}
		b, err := json.Marshal(ans)
		if err != nil {
			t.Fatal(err)
		}
		var got, want any
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(expected[i].Answer, &want); err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(want, got, cmpopts.EquateApprox(1e-6, 0)); d != "" {
			qj, _ := json.Marshal(q)
			t.Errorf("question %d %s: answer differs (-want +got):\n%s", i, qj, d)
		}
	}
}
