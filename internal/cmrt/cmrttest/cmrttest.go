// Package cmrttest writes CMRT-6.x-shaped workbooks for tests, with the quirks
// of real ones.
package cmrttest

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// The sheets a CMRT has, named as RMI's template names them (written out
// here, not taken from the reader, so that tests check the reader's names).
const (
	declarationSheet = "Declaration"
	smelterListSheet = "Smelter List"
)

// Declaration is the company information that TestWorkbook writes on the
// Declaration sheet.
type Declaration struct {
	CompanyName string
	// EffectiveDate is written as an Excel date (a serial number formatted
	// DD-MMM-YYYY), as the CMRT stores it. Zero: the cell is left empty
	// unless EffectiveDateText is set.
	EffectiveDate time.Time
	// EffectiveDateText, when set, is written as text instead.
	EffectiveDateText string
	// Scope is the "Declaration Scope or Class" answer; "": "A. Company".
	Scope string
	// ScopeText is the "Description of Scope".
	ScopeText string
	// Answers are the answers to the per-metal questions: question number
	// (1 to 7) -> metal as the template writes it ("Tin") -> answer. nil:
	// "Yes" to question 1 for every metal of the template.
	Answers map[int]map[string]string
	// CompanyAnswers are the answers to the company-level questions A to H.
	CompanyAnswers map[string]string
}

// MetalQuestions are the per-metal questions of the CMRT 6.x Declaration
// (the EMRT asks the same of its minerals), numbered from 1.
var MetalQuestions = []string{
	"Is any 3TG intentionally added or used in the product(s) or in the production process? (*)",
	"Does any 3TG remain in the product(s)? (*)",
	"Do any of the smelters in your supply chain source the 3TG from the covered countries? (SEC term, see definitions tab) (*)",
	"Does 100 percent of the 3TG (necessary to the functionality or production of your products) originate from recycled or scrap sources? (*)",
	"What percentage of relevant suppliers have provided a response to your supply chain survey? (*)",
	"Have you identified all of the smelters supplying the 3TG to your supply chain? (*)",
	"Has all of the smelter information received by your company been reported in this declaration? (*)",
}

// CompanyQuestions are the company-level questions A to H.
var CompanyQuestions = []string{
	"Do you have a policy in place that addresses conflict minerals sourcing? (*)",
	"Is your conflict minerals sourcing policy publicly available on your website? (*)",
	"Do you require your direct suppliers to source the 3TG from smelters whose due diligence practices have been validated by an independent third party audit program? (*)",
	"Have you implemented due diligence measures for conflict-free sourcing? (*)",
	"Does your company conduct Conflict Minerals survey(s) of your relevant supplier(s)? (*)",
	"Do you review due diligence information received from your suppliers against your company's expectations? (*)",
	"Does your review process include corrective action management? (*)",
	"Is your company required to file an annual conflict minerals disclosure? (*)",
}

// StandardHeader is the Smelter List header row of a CMRT 6.x, with the line
// breaks, stray spaces and "(*)"/"(1)" markers of the real template, in its
// column order (A to Q, then the hidden look-up columns R to W).
var StandardHeader = []string{
	"Smelter Identification Number\nInput Column",
	"Metal (*)",
	"Smelter Look-up (*)",
	"Smelter Name (1)",
	"Smelter Country\n(*)",
	"Smelter Identification",
	"Source of Smelter Identification Number",
	"Smelter Street ",
	"Smelter City",
	"Smelter Facility Location: State / Province",
	"Smelter Contact Name",
	"Smelter Contact Email",
	"Proposed next steps",
	"Name of Mine(s) or if recycled or scrap sourced, enter \"recycled\" or \"scrap\"",
	"Location (Country) of Mine(s) or if recycled or scrap sourced, enter \"recycled\" or \"scrap\"",
	"Does 100% of the smelter’s feedstock originate from recycled or scrap sources?",
	"Comments",
	"Standard Smelter Name",
	"Country Code",
	"State / Province Code",
	"Smelter not yet identified",
	"Smelter Not Listed",
	"Unknown",
}

// Column indexes of StandardHeader, for building rows.
const (
	ColInputID = iota
	ColMetal
	ColLookup
	ColName
	ColCountry
	ColSmelterID
	ColSource
	ColStreet
	ColCity
	ColState
)

// TestWorkbook describes a CMRT-6.x-shaped workbook for tests: the sheets
// Revision, Instructions, Definitions, Declaration, Smelter List, Checker,
// Product List and Smelter Look-up, merged title rows, the company
// information block of the Declaration, and the Smelter List header and rows.
type TestWorkbook struct {
	// Template is "CMRT" (""), or "EMRT".
	Template string
	// Version is the template's revision; "": 6.5 for the CMRT, 2.0 for the EMRT.
	Version string
	// NoTitle leaves the template's name out of the sheets' titles.
	NoTitle     bool
	Declaration Declaration
	// Header is the Smelter List header; nil: StandardHeader.
	Header []string
	// HeaderRow is the header's row number; 0: 4, as in the CMRT.
	HeaderRow int
	// Rows follow the header row, one slice of cell values per row in the
	// order of Header; a nil or empty row is a blank row.
	Rows [][]string
	// NoDeclaration and NoSmelterList leave those sheets out.
	NoDeclaration, NoSmelterList bool
}

// BuildTestWorkbook writes a CMRT 6.x workbook with the given declaration and
// Smelter List rows (in the column order of StandardHeader) to w.
func BuildTestWorkbook(w io.Writer, decl Declaration, rows [][]string) error {
	return TestWorkbook{Declaration: decl, Rows: rows}.Write(w)
}

// Write writes the workbook to w as .xlsx.
func (t TestWorkbook) Write(w io.Writer) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	if err := t.build(f); err != nil {
		return fmt.Errorf("cmrt: build test workbook: %w", err)
	}
	return f.Write(w)
}

func (t TestWorkbook) build(f *excelize.File) error {
	sheets := []string{"Revision", "Instructions", "Definitions"}
	if !t.NoDeclaration {
		sheets = append(sheets, declarationSheet)
	}
	if !t.NoSmelterList {
		sheets = append(sheets, smelterListSheet)
	}
	sheets = append(sheets, "Checker", "Product List", "Smelter Look-up")
	if err := f.SetSheetName("Sheet1", sheets[0]); err != nil {
		return err
	}
	for _, s := range sheets[1:] {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	set := func(sheet, cell string, v any) error { return f.SetCellValue(sheet, cell, v) }
	if err := set("Revision", "A1", t.title(true)); err != nil {
		return err
	}
	if t.Template == "EMRT" && !strings.HasPrefix(t.version(), "1") {
		if _, err := f.NewSheet("Mine List"); err != nil {
			return err
		}
		if err := set("Mine List", "A4", "Metal (*)"); err != nil {
			return err
		}
	}
	if err := set("Instructions", "A1", "Instructions: complete the Declaration and the Smelter List in English."); err != nil {
		return err
	}
	if !t.NoDeclaration {
		if err := t.buildDeclaration(f); err != nil {
			return err
		}
	}
	if !t.NoSmelterList {
		if err := t.buildSmelterList(f); err != nil {
			return err
		}
	}
	if err := f.SetSheetVisible("Smelter Look-up", false); err != nil {
		return err
	}
	if idx, err := f.GetSheetIndex(declarationSheet); err == nil && idx >= 0 {
		f.SetActiveSheet(idx)
	}
	return nil
}

// title is the template's name, with its revision if asked.
func (t TestWorkbook) title(revision bool) string {
	title := "Conflict Minerals Reporting Template (CMRT)"
	if t.Template == "EMRT" {
		title = "Extended Minerals Reporting Template (EMRT)"
	}
	if t.NoTitle {
		title = "Reporting template"
	}
	if revision {
		title += " - Revision " + t.version()
	}
	return title
}

func (t TestWorkbook) version() string {
	switch {
	case t.Version != "":
		return t.Version
	case t.Template == "EMRT":
		return "2.0"
	}
	return "6.5"
}

// metals are the template's metals as its Declaration writes them.
func (t TestWorkbook) metals() []string {
	if t.Template != "EMRT" {
		return []string{"Tantalum", "Tin", "Gold", "Tungsten"}
	}
	if strings.HasPrefix(t.version(), "1") {
		return []string{"Cobalt", "Mica"}
	}
	return []string{"Cobalt", "Copper", "Graphite", "Lithium", "Mica", "Nickel"}
}

func (t TestWorkbook) buildDeclaration(f *excelize.File) error {
	const s = declarationSheet
	d := t.Declaration
	type kv struct {
		label string
		value any
	}
	var date any
	switch {
	case d.EffectiveDateText != "":
		date = d.EffectiveDateText
	case !d.EffectiveDate.IsZero():
		date = d.EffectiveDate
	}
	scope := any("A. Company")
	if d.Scope != "" {
		scope = d.Scope
	}
	scopeText := any(nil)
	if d.ScopeText != "" {
		scopeText = d.ScopeText
	}
	// Labels in B (merged B:C), answers in D (merged D:G), from row 8 on.
	info := []kv{
		{"Company Name (*):", d.CompanyName},
		{"Declaration Scope or Class (*):", scope},
		{"Description of Scope:", scopeText},
		{"Company Unique ID:", nil},
		{"Company Unique ID Authority:", nil},
		{"Address:", nil},
		{"Contact Name (*):", "Test Contact"},
		{"Email – Contact (*):", "contact@example.com"},
		{"Phone – Contact (*):", "+1 555 0100"},
		{"Authorizer (*):", "Test Authorizer"},
		{"Title - Authorizer:", nil},
		{"Email - Authorizer (*):", "authorizer@example.com"},
		{"Phone - Authorizer:", nil},
		{"Effective Date (*):", date},
	}
	steps := []func() error{
		func() error { return f.SetCellValue(s, "A1", t.title(false)) },
		func() error { return f.MergeCell(s, "A1", "I1") },
		func() error {
			return f.SetCellValue(s, "B3", "Select Your Language Preference Here:\n请选择你的语言：")
		},
		func() error { return f.SetCellValue(s, "D3", "English") },
		func() error {
			return f.SetCellValue(s, "B5", "The purpose of this document is to collect sourcing information on tin, tantalum, tungsten and gold used in products.")
		},
		func() error { return f.MergeCell(s, "B5", "I5") },
		func() error { return f.SetCellValue(s, "B6", "Company Information") },
		func() error { return f.SetCellValue(s, "B7", "Answers must be in English") },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	for i, e := range info {
		row := 8 + i
		if err := f.SetCellValue(s, fmt.Sprintf("B%d", row), e.label); err != nil {
			return err
		}
		if err := f.MergeCell(s, fmt.Sprintf("B%d", row), fmt.Sprintf("C%d", row)); err != nil {
			return err
		}
		if e.value != nil {
			if err := f.SetCellValue(s, fmt.Sprintf("D%d", row), e.value); err != nil {
				return err
			}
		}
		if err := f.MergeCell(s, fmt.Sprintf("D%d", row), fmt.Sprintf("G%d", row)); err != nil {
			return err
		}
		if _, isTime := e.value.(time.Time); isTime {
			format := "dd-mmm-yyyy"
			style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
			if err != nil {
				return err
			}
			if err := f.SetCellStyle(s, fmt.Sprintf("D%d", row), fmt.Sprintf("D%d", row), style); err != nil {
				return err
			}
		}
	}
	answers := d.Answers
	if answers == nil {
		answers = map[int]map[string]string{1: {}}
		for _, m := range t.metals() {
			answers[1][m] = "Yes"
		}
	}
	// Each question in B, then a row per metal: its name in C, the answer in D.
	q := 8 + len(info) + 2
	for n, text := range MetalQuestions {
		if err := f.SetCellValue(s, fmt.Sprintf("B%d", q), fmt.Sprintf("%d) %s", n+1, text)); err != nil {
			return err
		}
		if err := f.MergeCell(s, fmt.Sprintf("B%d", q), fmt.Sprintf("I%d", q)); err != nil {
			return err
		}
		for i, m := range t.metals() {
			row := q + 1 + i
			if err := f.SetCellValue(s, fmt.Sprintf("C%d", row), m+" (*)"); err != nil {
				return err
			}
			if a := answers[n+1][m]; a != "" {
				if err := f.SetCellValue(s, fmt.Sprintf("D%d", row), a); err != nil {
					return err
				}
			}
		}
		q += len(t.metals()) + 2
	}
	if err := f.SetCellValue(s, fmt.Sprintf("B%d", q), "Answer the Following Questions at a Company Level"); err != nil {
		return err
	}
	q++
	for i, text := range CompanyQuestions {
		letter := string(rune('A' + i))
		if err := f.SetCellValue(s, fmt.Sprintf("B%d", q+i), letter+". "+text); err != nil {
			return err
		}
		if a := d.CompanyAnswers[letter]; a != "" {
			if err := f.SetCellValue(s, fmt.Sprintf("D%d", q+i), a); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t TestWorkbook) buildSmelterList(f *excelize.File) error {
	const s = smelterListSheet
	header := t.Header
	if header == nil {
		header = StandardHeader
	}
	hr := t.HeaderRow
	if hr <= 0 {
		hr = 4
	}
	last := len(header)
	if last < 17 {
		last = 17
	}
	lastCol, err := excelize.ColumnNumberToName(last)
	if err != nil {
		return err
	}
	// Title and instruction rows above the header, merged across the sheet.
	titles := []string{
		"Smelter List - Tantalum, Tin, Tungsten and Gold",
		"Instructions: enter the Smelter Identification Number, or select the Metal and the Smelter Look-up; " +
			"select \"Smelter not listed\" and enter the Smelter Name and Smelter Country if the smelter is not in the list.",
		"(1) Smelter Name: use the Smelter Look-up where possible.",
	}
	for i := 1; i < hr && i <= len(titles); i++ {
		if err := f.SetCellValue(s, fmt.Sprintf("A%d", i), titles[i-1]); err != nil {
			return err
		}
		if err := f.MergeCell(s, fmt.Sprintf("A%d", i), fmt.Sprintf("%s%d", lastCol, i)); err != nil {
			return err
		}
	}
	if err := writeRow(f, s, hr, header); err != nil {
		return err
	}
	for i, r := range t.Rows {
		if err := writeRow(f, s, hr+1+i, r); err != nil {
			return err
		}
	}
	if t.Header == nil {
		// The look-up columns are hidden, as in the CMRT.
		if err := f.SetColVisible(s, "R:W", false); err != nil {
			return err
		}
	}
	return nil
}

func writeRow(f *excelize.File, sheet string, row int, cells []string) error {
	for i, v := range cells {
		if v == "" {
			continue
		}
		cell, err := excelize.CoordinatesToCellName(i+1, row)
		if err != nil {
			return err
		}
		if err := f.SetCellStr(sheet, cell, v); err != nil {
			return err
		}
	}
	return nil
}
