package cmrt

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"github.com/supplygraph/supplygraph/internal/cmrt/cmrttest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"

	"github.com/supplygraph/supplygraph/internal/domain"
)

func build(t testing.TB, tw cmrttest.TestWorkbook) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := tw.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func date(t testing.TB, s string) *domain.Date {
	t.Helper()
	d, err := domain.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return &d
}

// row builds a Smelter List row in the order of cmrttest.StandardHeader.
func row(input, metal, lookup, name, country, id, source string) []string {
	return []string{input, metal, lookup, name, country, id, source}
}

// ignoreDeclaration leaves out what TestReadDeclaration checks.
var ignoreDeclaration = cmpopts.IgnoreFields(Workbook{}, "Template", "Version", "Scope", "ScopeText", "Answers", "CompanyRow")

var acme = cmrttest.Declaration{CompanyName: "Acme Components Ltd.", EffectiveDate: time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)}

func TestRead(t *testing.T) {
	const file = "acme-2025-01-15.xlsx"
	issue := func(sheet string, row int, col, msg string) Issue {
		return Issue{File: file, Sheet: sheet, Row: row, Column: col, Message: msg}
	}
	sl := func(row int, col, msg string) Issue { return issue(SmelterListSheet, row, col, msg) }
	tests := []struct {
		name string
		tw   cmrttest.TestWorkbook
		want *Workbook
	}{
		{
			name: "realistic CMRT 6.x",
			tw: cmrttest.TestWorkbook{Declaration: acme, Rows: [][]string{
				/* 5 */ row("", "Tin", "Thaisarco", "Thaisarco", "Thailand", "CID001898", "RMI"),
				/* 6 */ row("CID000468", "gold", "", "Heraeus Germany GmbH Co. KG", "GERMANY", "", "RMI"),
				/* 7 */ row("", "Tantalum", "Smelter not listed", "Acme Tantalum Works", "China", "", ""),
				/* 8 */ nil,
				/* 9 */ row("", "Tungsten", "", "Some Tungsten Co", "Viet Nam", "", ""),
				/* 10 */ row("", "TUNGSTEN", "Atlantis Tungsten", "", "Atlantis", "CID002000", "RMI"),
				/* 11 */ row("", "tin", "Thaisarco", "Thaisarco", "Thailand", "CID001898", "RMI"),
				/* 12 */ row("", "Gold", "Thaisarco", "Thaisarco", "Thailand", "CID001898", "RMI"),
				/* 13 */ row("", "Copper", "Some Copper", "Some Copper", "Chile", "CID003000", "RMI"),
				/* 14 */ row("", "Tin", "Bad Id", "Bad Id", "China", "CID 123!", ""),
				/* 15 */ row("", "Gold", "Smelter not yet identified", "", "Unknown", "", ""),
				/* 16 */ row("", "TaNtAlUm", "  Korea   Tantalum ", "", "Korea, Republic Of", "CID002505", "RMI"),
				/* 17 */ row("", "Cobalt", "Taiwan Cobalt", "Taiwan Cobalt\nCorp.", "Taiwan, Province Of China", "CID004000", "RMI"),
				/* 18 */ row("", "", "", "", "China", "", "RMI"),
				/* 19 */ row("CID001100", "Tin", "", "Mismatch Tin", "Bolivia (Plurinational State of)", "CID001105", "RMI"),
				/* 20 */ row("#N/A", "Gold", "", "Ivory Gold", "Côte d'Ivoire", "CID005000", ""),
				/* 21 */ row("", "Tungsten", "", "", "", "CID006000", ""),
				/* 22 */ row("", "", "", "Nameless", "Japan", "", ""),
			}},
			want: &Workbook{
				File: file, CompanyName: "Acme Components Ltd.", EffectiveDate: date(t, "2025-01-15"),
				Smelters: []Smelter{
					{Row: 5, Metal: "TIN", Name: "Thaisarco", CountryName: "Thailand", Country: "TH", SmelterID: "CID001898", Source: "RMI"},
					{Row: 6, Metal: "GOLD", Name: "Heraeus Germany GmbH Co. KG", CountryName: "GERMANY", Country: "DE", SmelterID: "CID000468", Source: "RMI"},
					{Row: 10, Metal: "TUNGSTEN", Name: "Atlantis Tungsten", CountryName: "Atlantis", SmelterID: "CID002000", Source: "RMI"},
					{Row: 16, Metal: "TANTALUM", Name: "Korea Tantalum", CountryName: "Korea, Republic Of", Country: "KR", SmelterID: "CID002505", Source: "RMI"},
					{Row: 19, Metal: "TIN", Name: "Mismatch Tin", CountryName: "Bolivia (Plurinational State of)", Country: "BO", SmelterID: "CID001105", Source: "RMI"},
					{Row: 20, Metal: "GOLD", Name: "Ivory Gold", CountryName: "Côte d'Ivoire", Country: "CI", SmelterID: "CID005000"},
					{Row: 21, Metal: "TUNGSTEN", SmelterID: "CID006000"},
				},
				Issues: []Issue{
					sl(7, "Smelter Identification", `no smelter id and the look-up says "Smelter not listed": row not imported (smelter name "Acme Tantalum Works")`),
					sl(9, "Smelter Identification", `no smelter id: row not imported (smelter name "Some Tungsten Co")`),
					sl(10, "Smelter Country", `unknown country "Atlantis" of smelter CID002000: imported without a country`),
					sl(11, "Smelter Identification", `smelter CID001898 is already listed at row 5: row ignored`),
					sl(12, "Smelter Identification", `smelter CID001898 is listed at row 5 as TIN and here as GOLD: kept row 5, row ignored`),
					sl(13, "Metal", `unknown metal "Copper" for smelter CID003000: want one of Tin, Tantalum, Tungsten, Gold of the CMRT 6.5; row not imported`),
					sl(14, "Smelter Identification", `invalid smelter id "CID 123!": want 1 to 128 characters of A-Z a-z 0-9 . _ : -; row not imported`),
					sl(15, "Smelter Identification", `no smelter id and the look-up says "Smelter not yet identified": row not imported`),
					sl(17, "Metal", `unknown metal "Cobalt" for smelter CID004000: want one of Tin, Tantalum, Tungsten, Gold of the CMRT 6.5; row not imported`),
					sl(19, "Smelter Identification Number Input Column", `input column says "CID001100" but Smelter Identification says "CID001105": used "CID001105"`),
					sl(21, "Smelter Name", `missing name of smelter CID006000: imported without a name`),
					sl(21, "Smelter Country", `missing country of smelter CID006000: imported without a country`),
					sl(22, "Smelter Identification", `no smelter id: row not imported (smelter name "Nameless")`),
				},
			},
		},
		{
			name: "headers in another order, other spellings, header on row 6",
			tw: cmrttest.TestWorkbook{
				Declaration: cmrttest.Declaration{CompanyName: "  Beta  Corp ", EffectiveDateText: "31-Dec-2024"},
				HeaderRow:   6,
				Header: []string{"Comments", " SMELTER  IDENTIFICATION ", "Smelter Facility Location:\nCountry (*)",
					"METAL(*)", "Smelter\nLookup (*)", "Smelter Name\n(1)", "Source of Smelter Identification Number", "Standard Smelter Name"},
				Rows: [][]string{
					{"ok", "CID000001", "United States of America", "Gold", "Smelter not listed", "", "RMI", ""},
					{"", "CID000002", "Russian Federation", "tin", "Novosibirsk Tin", "", "", ""},
					{"", "CID000003", "Congo, Democratic Republic of the", "Tin", "", "", "", "Standard Tin"},
				},
			},
			want: &Workbook{
				File: file, CompanyName: "Beta Corp", EffectiveDate: date(t, "2024-12-31"),
				Smelters: []Smelter{
					{Row: 7, Metal: "GOLD", CountryName: "United States of America", Country: "US", SmelterID: "CID000001", Source: "RMI"},
					{Row: 8, Metal: "TIN", Name: "Novosibirsk Tin", CountryName: "Russian Federation", Country: "RU", SmelterID: "CID000002"},
					{Row: 9, Metal: "TIN", Name: "Standard Tin", CountryName: "Congo, Democratic Republic of the", Country: "CD", SmelterID: "CID000003"},
				},
				Issues: []Issue{
					sl(7, "Smelter Name", "missing name of smelter CID000001: imported without a name"),
				},
			},
		},
		{
			name: "input column only, no country column, no declaration",
			tw: cmrttest.TestWorkbook{
				NoDeclaration: true,
				Header:        []string{"Smelter Identification Number Input Column", "Metal (*)", "Smelter Name (1)"},
				Rows:          [][]string{{"CID000010", "Tungsten", "W Co"}, {"", "Tungsten", "Unknown W"}},
			},
			want: &Workbook{
				File: file,
				Smelters: []Smelter{
					{Row: 5, Metal: "TUNGSTEN", Name: "W Co", SmelterID: "CID000010"},
				},
				Issues: []Issue{
					issue(DeclarationSheet, 0, "", `no "Declaration" sheet: company name and effective date unknown`),
					sl(4, "Smelter Country", `no "Smelter Country" column: smelters are imported without a country`),
					sl(6, "Smelter Identification Number Input Column", `no smelter id: row not imported (smelter name "Unknown W")`),
				},
			},
		},
		{
			name: "missing company name, ambiguous date",
			tw:   cmrttest.TestWorkbook{Declaration: cmrttest.Declaration{EffectiveDateText: "01/02/2025"}},
			want: &Workbook{
				File: file,
				Issues: []Issue{
					issue(DeclarationSheet, 8, "Company Name", "missing company name"),
					issue(DeclarationSheet, 21, "Effective Date", `invalid effective date "01/02/2025": want a date such as 31-Jan-2025 or 2025-01-31`),
				},
			},
		},
		{
			name: "missing effective date, ISO date text",
			tw:   cmrttest.TestWorkbook{Declaration: cmrttest.Declaration{CompanyName: "Gamma"}},
			want: &Workbook{
				File: file, CompanyName: "Gamma",
				Issues: []Issue{issue(DeclarationSheet, 21, "Effective Date", "missing effective date")},
			},
		},
		{
			name: "ISO date text",
			tw:   cmrttest.TestWorkbook{Declaration: cmrttest.Declaration{CompanyName: "Delta", EffectiveDateText: "2025-03-01"}},
			want: &Workbook{File: file, CompanyName: "Delta", EffectiveDate: date(t, "2025-03-01")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(bytes.NewReader(build(t, tt.tw)), file)
			if err != nil {
				t.Fatal(err)
			}
			// the declaration's template and answers: TestReadDeclaration
			if diff := cmp.Diff(tt.want, got, ignoreDeclaration); diff != "" {
				t.Errorf("Read() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadDeclarationVariants(t *testing.T) {
	// Declarations laid out differently: labels from older revisions, a date
	// cell as a number, a workbook using the 1904 date system.
	tests := []struct {
		name     string
		cells    map[string]any
		date1904 bool
		company  string
		date     string
	}{
		{"CMRT 5 label", map[string]any{"B8": "Company Name (*):", "D8": "Old Co", "B22": "Date of Completion (DD-MMM-YYYY) (*):", "D22": "5-Mar-2019"}, false, "Old Co", "2019-03-05"},
		{"serial number", map[string]any{"A3": "COMPANY NAME:", "C3": "Serial Co", "A4": "Effective Date", "E4": 45672}, false, "Serial Co", "2025-01-15"},
		{"1904 system", map[string]any{"B8": "Company Name (*):", "D8": "Mac Co", "B21": "Effective Date (*):", "D21": 44210}, true, "Mac Co", "2025-01-15"},
		{"long month", map[string]any{"B8": "Company Name", "C8": "Long Co", "B9": "Effective\nDate (*):", "F9": "January 15, 2025"}, false, "Long Co", "2025-01-15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := excelize.NewFile()
			defer f.Close()
			must := func(err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			must(f.SetSheetName("Sheet1", "Declaration"))
			_, err := f.NewSheet("Smelter List")
			must(err)
			must(f.SetSheetRow("Smelter List", "A4", &[]string{"Metal (*)", "Smelter Name (1)", "Smelter Identification", "Smelter Country (*)"}))
			for cell, v := range tt.cells {
				must(f.SetCellValue("Declaration", cell, v))
			}
			if tt.date1904 {
				yes := true
				must(f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
			}
			var b bytes.Buffer
			must(f.Write(&b))
			got, err := Read(&b, "d.xlsx")
			must(err)
			want := &Workbook{File: "d.xlsx", CompanyName: tt.company, EffectiveDate: date(t, tt.date),
				Issues: []Issue{{File: "d.xlsx", Message: "no title names the template (CMRT or EMRT): read as a CMRT from its metals"}}}
			if diff := cmp.Diff(want, got, ignoreDeclaration); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func zipOf(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, content := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "x.xlsx: not an .xlsx workbook"},
		{"text", []byte("rmi_id,rmap_status\nCID1,ACTIVE\n"), "x.xlsx: not an .xlsx workbook"},
		{"xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), "x.xlsx: not an .xlsx workbook: this is an old Excel .xls file"},
		{"truncated zip", build(t, cmrttest.TestWorkbook{Declaration: acme})[:500], "x.xlsx: not a readable .xlsx workbook"},
		{"zip that is no workbook", zipOf(t, map[string]string{"hello.txt": "hi"}), "x.xlsx: not a readable .xlsx workbook"},
		{"no Smelter List", build(t, cmrttest.TestWorkbook{Declaration: acme, NoSmelterList: true}), `x.xlsx: no "Smelter List" sheet: not a CMRT workbook`},
		{"header below row 10", build(t, cmrttest.TestWorkbook{HeaderRow: 11}), `x.xlsx: sheet "Smelter List": no header row in rows 1 to 10`},
		{"no header", build(t, cmrttest.TestWorkbook{Header: []string{"Foo", "Bar"}, Rows: [][]string{{"a", "b"}}}), `x.xlsx: sheet "Smelter List": no header row`},
		{"no id column", build(t, cmrttest.TestWorkbook{Header: []string{"Metal (*)", "Smelter Look-up (*)", "Smelter Name (1)", "Smelter Country (*)"}}),
			`x.xlsx: sheet "Smelter List", header row 4: no "Smelter Identification" column`},
		{"too large", append([]byte("PK"), make([]byte, MaxFileSize)...), "x.xlsx: file is larger than 32 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wb, err := Read(bytes.NewReader(tt.data), "x.xlsx")
			if err == nil {
				t.Fatalf("Read() = %+v, want an error", wb)
			}
			if wb != nil {
				t.Errorf("Read() returned a workbook with the error %v", err)
			}
			if k := domain.KindOf(err); k != domain.BadInput {
				t.Errorf("kind = %s, want BAD_INPUT (%v)", k, err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %q, want prefix %q", err, tt.want)
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestReadIOError(t *testing.T) {
	_, err := Read(failingReader{}, "x.xlsx")
	if err == nil || !strings.Contains(err.Error(), "x.xlsx: disk on fire") {
		t.Fatalf("err = %v", err)
	}
	if domain.KindOf(err) == domain.BadInput {
		t.Errorf("an I/O error is not the client's fault: kind %s", domain.KindOf(err))
	}
}

func TestReadManyRows(t *testing.T) {
	var rows [][]string
	for i := range 3000 {
		id := fmt.Sprintf("CID%06d", i)
		rows = append(rows, row("", domain.CMRTMetals[i%len(domain.CMRTMetals)], "Smelter "+strconv.Itoa(i), "", "China", id, "RMI"))
	}
	var b bytes.Buffer
	if err := cmrttest.BuildTestWorkbook(&b, acme, rows); err != nil {
		t.Fatal(err)
	}
	wb, err := Read(&b, "big.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if len(wb.Smelters) != 3000 || len(wb.Issues) != 0 {
		t.Fatalf("got %d smelters and %d issues (%v)", len(wb.Smelters), len(wb.Issues), wb.Issues)
	}
	if s := wb.Smelters[2999]; s.Row != 3004 || s.SmelterID != "CID002999" || s.Country != "CN" {
		t.Errorf("last smelter = %+v", s)
	}
}

func TestIssueString(t *testing.T) {
	tests := []struct {
		in   Issue
		want string
	}{
		{Issue{File: "a.xlsx", Sheet: "Smelter List", Row: 12, Column: "Metal", Message: "unknown metal"}, "a.xlsx:Smelter List!12: Metal: unknown metal"},
		{Issue{File: "a.xlsx", Sheet: "Declaration", Column: "Company Name", Message: "no label"}, "a.xlsx:Declaration: Company Name: no label"},
		{Issue{File: "s.csv", Row: 3, Column: "rmi_id", Message: "bad"}, "s.csv:3: rmi_id: bad"},
		{Issue{File: "s.csv", Row: 1, Message: "empty"}, "s.csv:1: -: empty"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestParseMetal(t *testing.T) {
	for in, want := range map[string]string{"Tin": "TIN", "tantalum": "TANTALUM", " TUNGSTEN ": "TUNGSTEN", "Gold": "GOLD", "cObAlT": "COBALT",
		"Mica (*)": "MICA", "Copper": "COPPER", "graphite": "GRAPHITE", "Lithium": "LITHIUM", "NICKEL": "NICKEL"} {
		if got, ok := ParseMetal(in); !ok || got != want {
			t.Errorf("ParseMetal(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "Sn", "Tin ore", "Zinc"} {
		if got, ok := ParseMetal(in); ok {
			t.Errorf("ParseMetal(%q) = %q, want not ok", in, got)
		}
	}
}

func TestMatchHeader(t *testing.T) {
	tests := map[string]field{
		"Smelter Identification Number Input Column":  fieldInputID,
		"Smelter Identification Number\nInput Column": fieldInputID,
		"Smelter Identification":                      fieldID,
		"smelter identification number":               fieldID,
		"Smelter ID":                                  fieldID,
		"Source of Smelter Identification Number":     fieldSource,
		"Metal (*)":                              fieldMetal,
		"Metal l (*)":                            fieldMetal,
		"Smelter Look-up (*)":                    fieldLookup,
		"SMELTER LOOKUP":                         fieldLookup,
		"Smelter Name (1)":                       fieldName,
		"Standard Smelter Name":                  fieldStandardName,
		"Smelter Country (*)":                    fieldCountry,
		"Smelter Facility Location: Country (*)": fieldCountry,
		"Smelter Not Listed":                     -1,
		"Smelter not yet identified":             -1,
		"Country Code":                           -1,
		"Smelter Street ":                        -1,
		"Metallurgy":                             -1,
		"Comments":                               -1,
		"":                                       -1,
		"Metal " + strings.Repeat("x", 300):      -1,
	}
	for in, want := range tests {
		if got := matchHeader(in); got != want {
			t.Errorf("matchHeader(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestBuildTestWorkbookRoundTrip(t *testing.T) {
	var b bytes.Buffer
	rows := [][]string{row("", "Gold", "", "Gold Co", "Japan", "CID000001", "RMI")}
	if err := cmrttest.BuildTestWorkbook(&b, acme, rows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Revision", "Instructions", "Definitions", "Declaration", "Smelter List", "Checker", "Product List", "Smelter Look-up"}
	if diff := cmp.Diff(want, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	if v, _ := f.GetCellValue("Smelter List", "B4"); v != "Metal (*)" {
		t.Errorf("B4 = %q", v)
	}
	if v, _ := f.GetCellValue("Declaration", "D21"); v != "15-Jan-2025" {
		t.Errorf("effective date shown as %q, want 15-Jan-2025", v)
	}
	wb, err := Read(&b, "rt.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	want2 := &Workbook{File: "rt.xlsx", CompanyName: acme.CompanyName, EffectiveDate: date(t, "2025-01-15"),
		Smelters: []Smelter{{Row: 5, Metal: "GOLD", Name: "Gold Co", CountryName: "Japan", Country: "JP", SmelterID: "CID000001", Source: "RMI"}}}
	if diff := cmp.Diff(want2, wb, ignoreDeclaration); diff != "" {
		t.Errorf("Read (-want +got):\n%s", diff)
	}
}
