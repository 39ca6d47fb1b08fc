package dataset

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/supplygraph/supplygraph/internal/domain"
)

func TestReadTinyFixture(t *testing.T) {
	src, err := Dir("../../testdata/tiny")
	if err != nil {
		t.Fatal(err)
	}
	d, err := ReadAll(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"companies.csv": 13, "facilities.csv": 2, "codes.csv": 3, "code_accepts.csv": 1,
		"supply_links.csv": 14, "requests.csv": 9, "acknowledgments.csv": 7, "findings.csv": 6,
		"clauses.csv": 9, "clause_crosswalk.csv": 4, "finding_clauses.csv": 4, "actions.csv": 8}
	if diff := cmp.Diff(want, d.Rows); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Files, d.Files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	// Defaults: smelter rmap status given, NEC-SCG min edition defaults to edition.
	for _, c := range d.Codes {
		if c.ID == "NEC-SCG" && (c.MinEdition != 3 || c.ValidDays != nil) {
			t.Errorf("NEC-SCG defaults: %+v", c)
		}
	}
	for _, c := range d.Companies {
		if c.ID == "HARB" && (c.Disclosure != domain.DisclosureNone || c.RMAPStatus != domain.RMAPConformant) {
			t.Errorf("HARB: %+v", c)
		}
		if c.ID == "KIVU" && c.RMAPStatus != "" {
			t.Errorf("KIVU: %+v", c)
		}
	}
}

type fakeLookup map[string]map[string]bool

func (f fakeLookup) ExistingIDs(_ context.Context, label string, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, id := range ids {
		if f[label][id] {
			out[id] = true
		}
	}
	return out, nil
}

func mem(files map[string]string) Mem {
	m := Mem{}
	for k, v := range files {
		m[k] = []byte(v)
	}
	return m
}

func validateFiles(files map[string]string, lookup Lookup) (*Summary, error) {
	return Validate(context.Background(), mem(files), lookup)
}

func issuesOf(t *testing.T, err error) []string {
	t.Helper()
	if domain.KindOf(err) != domain.BadInput {
		t.Errorf("kind = %s, want BAD_INPUT", domain.KindOf(err))
	}
	errs, _ := reportOf(t, nil, err)
	return errs
}

const companiesOK = "id,name,kind\nA,Alpha,BUYER\nB,Beta,SUPPLIER\n"

func TestValidationErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"missing companies", map[string]string{"codes.csv": "id,title,edition,issued\n"},
			[]string{"companies.csv:0: -: missing required file"}},
		{"unknown file", map[string]string{"companies.csv": companiesOK, "supply-links.csv": "x\n"},
			[]string{"supply-links.csv:0: -: unknown file (expected one of companies.csv, facilities.csv, codes.csv, code_accepts.csv, supply_links.csv, requests.csv, acknowledgments.csv, findings.csv, clauses.csv, clause_crosswalk.csv, finding_clauses.csv, actions.csv)"}},
		{"unknown and missing column", map[string]string{"companies.csv": "id,nam\nA,Alpha\n"},
			[]string{"companies.csv:1: nam: unknown column", "companies.csv:1: name: missing required column"}},
		{"duplicate column", map[string]string{"companies.csv": "id,name,name\nA,Alpha,Beta\n"},
			[]string{"companies.csv:1: name: duplicate column"}},
		{"missing value, bad id, enum, country", map[string]string{"companies.csv": "id,name,kind,country\nA,,BUYER,JP\nB c,Beta,SUPPLIER,JP\nC,Gamma,VENDOR,Japan\n"},
			[]string{
				"companies.csv:2: name: missing required value",
				`companies.csv:3: id: invalid id "B c": want 1 to 128 characters of A-Z a-z 0-9 . _ : -`,
				`companies.csv:4: kind: invalid value "VENDOR": want one of BUYER, SUPPLIER, SMELTER, MINE`,
				`companies.csv:4: country: invalid country "Japan": want an ISO 3166-1 alpha-2 code such as JP`,
			}},
		{"links", map[string]string{"companies.csv": companiesOK, "supply_links.csv": "supplier_id,customer_id,material,since,until,share\nA,A,x,,,\nB,A,x,2024-13-01,,\nB,A,y,,,1.5\nB,A,z,,,0\nB,Z,z,,,\nB,A,w,2025-01-01,2024-01-01,\nB,A,h,,,0x1p-1\nB,A,u,,,1_0e-1\nB,A,i,,,Inf\nB,A,d1,,,.5\nB,A,d2,,,+5e-1\nB,A,d3,,,1.\n"},
			[]string{
				`supply_links.csv:2: customer_id: supplier and customer are the same company "A"`,
				`supply_links.csv:3: since: invalid date "2024-13-01": want YYYY-MM-DD`,
				`supply_links.csv:4: share: invalid share "1.5": want a number greater than 0 and at most 1`,
				`supply_links.csv:5: share: invalid share "0": want a number greater than 0 and at most 1`,
				`supply_links.csv:6: customer_id: unknown company "Z" (neither in the dataset nor in the database)`,
				`supply_links.csv:7: until: until 2024-01-01 is before since 2025-01-01`,
				`supply_links.csv:8: share: invalid share "0x1p-1": want a number greater than 0 and at most 1`,
				`supply_links.csv:9: share: invalid share "1_0e-1": want a number greater than 0 and at most 1`,
				`supply_links.csv:10: share: invalid share "Inf": want a number greater than 0 and at most 1`,
			}},
		{"findings", map[string]string{"companies.csv": companiesOK, "findings.csv": "id,subject_id,category,severity,likelihood,detected\nF1,A,ETHICS,6,1,2025-01-01\nF2,A,GREED,1,x,2025-01-01\n"},
			[]string{
				`findings.csv:2: severity: invalid number "6": want a whole number from 1 to 5`,
				`findings.csv:3: category: invalid value "GREED": want one of HUMAN_RIGHTS, HEALTH_SAFETY, ENVIRONMENT, ETHICS, QUALITY_SAFETY, INFORMATION_SECURITY, RESPONSIBLE_MINERALS, BUSINESS_CONTINUITY`,
				`findings.csv:3: likelihood: invalid number "x": want a whole number from 1 to 5`,
			}},
		{"facility id equals company id", map[string]string{"companies.csv": companiesOK, "facilities.csv": "id,company_id,name\nA,B,Plant\n"},
			[]string{`facilities.csv:2: id: id "A" is also a company id (companies and facilities share one id space)`}},
		{"codes", map[string]string{"companies.csv": companiesOK, "codes.csv": "id,title,edition,issued,min_edition,valid_days\nC1,Code,2,2025-01-01,3,\nC2,Code,0,2025-01-01,,0\n"},
			[]string{
				"codes.csv:2: min_edition: min_edition 3 is greater than edition 2",
				`codes.csv:3: edition: invalid number "0": want a whole number >= 1`,
				`codes.csv:3: valid_days: invalid number "0": want a whole number >= 1`,
			}},
		{"field count and quoting", map[string]string{"companies.csv": "id,name\nA,Alpha,extra\nB,\"Be\"ta\"\n"},
			[]string{
				"companies.csv:2: -: wrong number of fields (the header has a different number of columns)",
				`companies.csv:3: -: malformed CSV: extraneous or missing " in quoted-field`,
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := validateFiles(tc.files, nil)
			if diff := cmp.Diff(tc.want, issuesOf(t, err)); diff != "" {
				t.Errorf("issues (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCheckReferences(t *testing.T) {
	_, err := validateFiles(map[string]string{
		"companies.csv":    "id,name\nA,Alpha\n",
		"supply_links.csv": "supplier_id,customer_id\nA,DB1\nA,NOPE\n",
		"requests.csv":     "requester_id,supplier_id,code_id,date\nDB1,A,CODE-X,2025-01-01\n",
		"findings.csv":     "id,subject_id,category,severity,likelihood,detected\nF1,FAC-DB,ETHICS,1,1,2025-01-01\n",
		"facilities.csv":   "id,company_id,name\nDB1-F,A,Plant\n",
	}, fakeLookup{
		"Company": {"DB1": true, "DB1-F": true},
		"Subject": {"FAC-DB": true},
	})
	got := issuesOf(t, err)
	want := []string{
		`facilities.csv:2: id: id "DB1-F" is already used by a company in the database (companies and facilities share one id space)`,
		`supply_links.csv:3: customer_id: unknown company "NOPE" (neither in the dataset nor in the database)`,
		`requests.csv:2: code_id: unknown code "CODE-X" (neither in the dataset nor in the database)`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
}

// TestRecordsInFileOrder: records come in file order, duplicates included,
// so that writing them in order makes the last row win.
func TestRecordsInFileOrder(t *testing.T) {
	files := map[string]string{
		"companies.csv":    "id,name,country\nA,Alpha,JP\nB,Beta,\nA,Alpha 2,\n",
		"supply_links.csv": "supplier_id,customer_id,material,share\nB,A,,0.5\nB,A,x,0.2\nB,A,,\n",
	}
	d, err := ReadAll(context.Background(), mem(files))
	if err != nil {
		t.Fatal(err)
	}
	if d.Rows[CompaniesFile] != 3 || d.TotalRows() != 6 {
		t.Errorf("rows = %v", d.Rows)
	}
	if len(d.Companies) != 3 || d.Companies[2].Name != "Alpha 2" || d.Companies[2].Country != "" {
		t.Errorf("companies: %+v", d.Companies)
	}
	if len(d.SupplyLinks) != 3 || d.SupplyLinks[2].Share != nil || d.SupplyLinks[1].Material != "x" {
		t.Errorf("links: %+v", d.SupplyLinks)
	}
}

// TestEncodeRoundTrip: encoding the tiny fixture's records and reading them
// back gives the same records.
func TestEncodeRoundTrip(t *testing.T) {
	ctx := context.Background()
	src, _ := Dir("../../testdata/tiny")
	sum, err := Validate(ctx, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := Mem{}
	orig := map[string][]any{}
	for _, f := range sum.Files {
		Records(ctx, src, f, func(rec any) error { orig[f] = append(orig[f], rec); return nil })
		b, err := Encode(f, orig[f])
		if err != nil {
			t.Fatal(err)
		}
		m[f] = b
	}
	if _, err := Validate(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	for _, f := range sum.Files {
		var back []any
		Records(ctx, m, f, func(rec any) error { back = append(back, rec); return nil })
		if diff := cmp.Diff(orig[f], back); diff != "" {
			t.Errorf("%s (-orig +back):\n%s", f, diff)
		}
	}
}

// reportOf returns the errors and warnings of a validation as strings.
func reportOf(t *testing.T, sum *Summary, err error) (errs, warnings []string) {
	t.Helper()
	strs := func(r Report) []string {
		var out []string
		for _, i := range r.Issues {
			out = append(out, i.String())
		}
		if r.Total != len(r.Issues) {
			t.Errorf("total %d, %d issues", r.Total, len(r.Issues))
		}
		return out
	}
	if sum != nil {
		return nil, strs(sum.Warnings)
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want *ValidationError, got %v", err)
	}
	return strs(ve.Report), strs(ve.Warnings)
}

// TestBrokenFileIsReportedOnce: a file that cannot be read is one error
// (or a few about its header), not one more "unknown company" for every
// row that names a company; the rows whose references were not checked are
// counted in one warning per file.
func TestBrokenFileIsReportedOnce(t *testing.T) {
	others := map[string]string{
		"facilities.csv":      "id,company_id,name\nA-F,A,Plant\n",
		"codes.csv":           "id,issuer_id,title,edition,issued\nC1,A,Code,1,2025-01-01\nC2,,Industry code,1,2025-01-01\n",
		"supply_links.csv":    "supplier_id,customer_id\nA,B\nB,A\nGHOST,A\n",
		"requests.csv":        "requester_id,supplier_id,code_id,date\nA,B,C1,2025-01-01\n",
		"acknowledgments.csv": "company_id,code_id,edition,date\nB,C2,1,2025-01-01\n",
		"findings.csv":        "id,subject_id,category,severity,likelihood,detected\nF1,A-F,ETHICS,1,1,2025-01-01\nF2,B,ETHICS,1,1,2025-01-01\n",
	}
	unchecked := func(because string) []string {
		return []string{
			"facilities.csv:0: -: 1 row references companies and was not checked because " + because + " could not be read",
			"codes.csv:0: -: 1 row references companies and was not checked because " + because + " could not be read",
			"supply_links.csv:0: -: 3 rows reference companies and were not checked because " + because + " could not be read",
			"requests.csv:0: -: 1 row references companies and was not checked because " + because + " could not be read",
			"acknowledgments.csv:0: -: 1 row references companies and was not checked because " + because + " could not be read",
			"findings.csv:0: -: 1 row references companies or facilities and was not checked because " + because + " could not be read",
		}
	}
	// companies.csv read up to B: A is known
	readUpToB := []string{
		"supply_links.csv:0: -: 3 rows reference companies and were not checked because companies.csv could not be read",
		"requests.csv:0: -: 1 row references companies and was not checked because companies.csv could not be read",
		"acknowledgments.csv:0: -: 1 row references companies and was not checked because companies.csv could not be read",
		"findings.csv:0: -: 1 row references companies or facilities and was not checked because companies.csv could not be read",
	}
	type brokenCase struct {
		name      string
		companies *string // nil: no companies.csv
		errs      []string
		warnings  []string
	}
	tests := []brokenCase{
		{"wrong header", ptr("ident,name\nA,Alpha\nB,Beta\n"),
			[]string{"companies.csv:1: ident: unknown column", "companies.csv:1: id: missing required column"},
			unchecked("companies.csv")},
		{"empty companies.csv", ptr(""),
			[]string{"companies.csv:1: -: empty file: a header row is required"}, unchecked("companies.csv")},
		{"duplicate column", ptr("id,name,name\nA,Alpha,Alpha\nB,Beta,Beta\n"),
			[]string{"companies.csv:1: name: duplicate column"}, unchecked("companies.csv")},
		{"missing companies.csv", nil,
			[]string{"companies.csv:0: -: missing required file"}, unchecked("companies.csv")},
		// Read up to the malformed line: A is known, B is not.
		{"malformed CSV", ptr("id,name\nA,Alpha\nB,\"Be\"ta\"\n"),
			[]string{`companies.csv:3: -: malformed CSV: extraneous or missing " in quoted-field`},
			readUpToB},
	}
	// A row too long to hold is refused as it is read: the rows before it
	// are known.
	tooLong := []string{"companies.csv:3: -: a row longer than 1048576 bytes (a value may have at most 10000 characters)"}
	tests = append(tests,
		brokenCase{"row too long", ptr("id,name\nA,Alpha\nB," + strings.Repeat("x", 3<<20) + "\n"), tooLong, readUpToB},
		brokenCase{"quoted row of many lines too long", ptr("id,name\nA,Alpha\nB,\"" + strings.Repeat("x\n", 1<<20) + "\"\n"), tooLong, readUpToB},
	)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range others {
				files[k] = v
			}
			if tc.companies != nil {
				files["companies.csv"] = *tc.companies
			}
			sum, err := validateFiles(files, nil)
			errs, warnings := reportOf(t, sum, err)
			if diff := cmp.Diff(tc.errs, errs); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.warnings, warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}

	// A broken codes.csv: the references to codes are not checked, those
	// to companies are.
	files := map[string]string{"companies.csv": companiesOK}
	for k, v := range others {
		files[k] = v
	}
	files["codes.csv"] = "id,title,edition\nC1,Code,1\n"
	sum, err := validateFiles(files, nil)
	errs, warnings := reportOf(t, sum, err)
	if diff := cmp.Diff([]string{
		"codes.csv:1: issued: missing required column",
		`supply_links.csv:4: supplier_id: unknown company "GHOST" (neither in the dataset nor in the database)`,
	}, errs); diff != "" {
		t.Errorf("broken codes.csv: errors (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{
		"requests.csv:0: -: 1 row references codes and was not checked because codes.csv could not be read",
		"acknowledgments.csv:0: -: 1 row references codes and was not checked because codes.csv could not be read",
	}, warnings); diff != "" {
		t.Errorf("broken codes.csv: warnings (-want +got):\n%s", diff)
	}
}

func ptr(s string) *string { return &s }

// TestRepeatedKeysWarn: a key repeated in one file is valid (the last row
// wins) but warned about, naming both lines; rows with other keys, and the
// same ids in another file, are not repeats.
func TestRepeatedKeysWarn(t *testing.T) {
	sum, err := validateFiles(map[string]string{
		"companies.csv":       "id,name\nA,Alpha\nB,Beta\nA,Alpha 2\nC,Gamma\nA,Alpha 3\n",
		"facilities.csv":      "id,company_id,name\nF,A,Plant\nF,B,Plant\n",
		"codes.csv":           "id,title,edition,issued\nK,Code,1,2025-01-01\nK2,Code,1,2025-01-01\n",
		"code_accepts.csv":    "code_id,accepted_code_id\nK,K2\nK2,K\nK,K2\n",
		"supply_links.csv":    "supplier_id,customer_id,material,share\nB,A,,0.5\nB,A,x,\nB,A,,\nC,A,x,\nB,A, x ,0.2\n",
		"requests.csv":        "requester_id,supplier_id,code_id,date\nA,B,K,2025-01-01\nA,B,K,2025-02-01\nA,C,K,2025-01-01\n",
		"acknowledgments.csv": "company_id,code_id,edition,date\nB,K,1,2025-01-01\nB,K,1,2025-01-02\nB,K,1,2025-01-01\n",
		"findings.csv":        "id,subject_id,category,severity,likelihood,detected\nX,A,ETHICS,1,1,2025-01-01\nX,F,ETHICS,2,1,2025-01-01\n",
	}, nil)
	errs, warnings := reportOf(t, sum, err)
	if errs != nil {
		t.Fatalf("errors: %v", errs)
	}
	want := []string{
		`companies.csv:4: id: same company "A" as line 2: this later row replaces it`,
		`companies.csv:6: id: same company "A" as line 4: this later row replaces it`,
		`facilities.csv:3: id: same facility "F" as line 2: this later row replaces it`,
		`code_accepts.csv:4: -: same code "K" accepting "K2" as line 2: this later row replaces it`,
		`supply_links.csv:4: -: same supply link "B" -> "A", material "" as line 2: this later row replaces it`,
		`supply_links.csv:6: -: same supply link "B" -> "A", material "x" as line 3: this later row replaces it`,
		`requests.csv:3: -: same request by "A" to "B" for code "K" as line 2: this later row replaces it`,
		`acknowledgments.csv:4: -: same acknowledgment by "B" of code "K" edition 1 on 2025-01-01 as line 2: this later row replaces it`,
		`findings.csv:3: id: same finding "X" as line 2: this later row replaces it`,
	}
	if diff := cmp.Diff(want, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	wantRepeated := map[string]int{"companies.csv": 2, "facilities.csv": 1, "code_accepts.csv": 1, "supply_links.csv": 2,
		"requests.csv": 1, "acknowledgments.csv": 1, "findings.csv": 1}
	if diff := cmp.Diff(wantRepeated, sum.Repeated); diff != "" {
		t.Errorf("repeated (-want +got):\n%s", diff)
	}

	// With errors, the warnings still come along.
	_, err = validateFiles(map[string]string{"companies.csv": "id,name,kind\nA,Alpha,VENDOR\nB,Beta,\nB,Beta,\n"}, nil)
	errs, warnings = reportOf(t, nil, err)
	if diff := cmp.Diff([]string{`companies.csv:2: kind: invalid value "VENDOR": want one of BUYER, SUPPLIER, SMELTER, MINE`}, errs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{`companies.csv:4: id: same company "B" as line 3: this later row replaces it`}, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	if want := "dataset has 1 error(s):\n  companies.csv:2: kind: invalid value \"VENDOR\": want one of BUYER, SUPPLIER, SMELTER, MINE\n" +
		"and 1 warning(s):\n  companies.csv:4: id: same company \"B\" as line 3: this later row replaces it"; err.Error() != want {
		t.Errorf("message:\n%s\nwant:\n%s", err, want)
	}
}
