// Package cmrttest writes CMRT-6.x-shaped workbooks for tests, with the quirks
// of real ones.
package cmrttest

import (
	"fmt"
	"io"
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
	if err := set("Revision", "A1", "Conflict Minerals Reporting Template (CMRT) - Revision 6.5"); err != nil {
		return err
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
	// Labels in B (merged B:C), answers in D (merged D:G), from row 8 on.
	info := []kv{
		{"Company Name (*):", d.CompanyName},
		{"Declaration Scope or Class (*):", "A. Company"},
		{"Description of Scope:", nil},
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
		func() error { return f.SetCellValue(s, "A1", "Conflict Minerals Reporting Template (CMRT)") },
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
	q := 8 + len(info) + 2
	if err := f.SetCellValue(s, fmt.Sprintf("B%d", q), "1) Is any 3TG intentionally added or used in the product(s) or in the production process? (*)"); err != nil {
		return err
	}
	for i, m := range []string{"Tantalum (*)", "Tin (*)", "Gold (*)", "Tungsten (*)"} {
		if err := f.SetCellValue(s, fmt.Sprintf("B%d", q+1+i), m); err != nil {
			return err
		}
		if err := f.SetCellValue(s, fmt.Sprintf("D%d", q+1+i), "Yes"); err != nil {
			return err
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
