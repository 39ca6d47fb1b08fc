package cmrt

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// Filing is a declaration to write as a workbook in the template's layout:
// what a company files (see WriteFiling).
type Filing struct {
	Template    domain.Template
	Version     string // "": 6.5 for the CMRT, 2.0 for the EMRT
	CompanyName string
	Scope       domain.DeclarationScope // "": COMPANY
	ScopeText   string
	Effective   domain.Date
	// Answers are the per-metal answers by question number ("1" to "7");
	// the questions are written with the template's wording.
	Answers  []domain.Answer
	Smelters []Smelter // Metal, Name, Country (ISO alpha-2), SmelterID, Source
}

// MetalQuestions are the per-metal questions of the templates' Declaration
// sheet (the CMRT's wording; the EMRT asks the same of its minerals), 1 to 7.
var MetalQuestions = []string{
	"Is any %s intentionally added or used in the product(s) or in the production process? (*)",
	"Does any %s remain in the product(s)? (*)",
	"Do any of the smelters in your supply chain source the %s from the covered countries? (*)",
	"Does 100 percent of the %s (necessary to the functionality or production of your products) originate from recycled or scrap sources? (*)",
	"What percentage of relevant suppliers have provided a response to your supply chain survey? (*)",
	"Have you identified all of the smelters supplying the %s to your supply chain? (*)",
	"Has all of the smelter information received by your company been reported in this declaration? (*)",
}

// FilingSmelterHeader is the Smelter List header WriteFiling writes on row
// 4, in the template's column order (A to G).
var FilingSmelterHeader = []string{"Smelter Identification Number\nInput Column", "Metal (*)", "Smelter Look-up (*)",
	"Smelter Name (1)", "Smelter Country\n(*)", "Smelter Identification", "Source of Smelter Identification Number"}

func titleCase(s string) string { return s[:1] + strings.ToLower(s[1:]) }

// WriteFiling writes f as an .xlsx workbook in the template's layout: a
// Revision sheet naming the template and its revision, the Declaration
// sheet (company information, the per-metal questions with a row per metal
// of the template, the company-level block) and the Smelter List (header on
// row 4). Read reads it back.
func WriteFiling(w io.Writer, f Filing) error {
	x := excelize.NewFile()
	defer func() { _ = x.Close() }()
	if err := buildFiling(x, f); err != nil {
		return fmt.Errorf("cmrt: write workbook: %w", err)
	}
	return x.Write(w)
}

func buildFiling(x *excelize.File, f Filing) error {
	version, name, what := f.Version, "Conflict Minerals Reporting Template (CMRT)", "3TG"
	if f.Template == domain.TemplateEMRT {
		name, what = "Extended Minerals Reporting Template (EMRT)", "selected minerals"
		if version == "" {
			version = "2.0"
		}
	} else if version == "" {
		version = "6.5"
	}
	if err := x.SetSheetName("Sheet1", "Revision"); err != nil {
		return err
	}
	for _, s := range []string{DeclarationSheet, SmelterListSheet} {
		if _, err := x.NewSheet(s); err != nil {
			return err
		}
	}
	var err error
	set := func(sheet, cell string, v any) {
		if err == nil {
			err = x.SetCellValue(sheet, cell, v)
		}
	}
	set("Revision", "A1", name+" - Revision "+version)
	set("Revision", "A2", "Written by supplygraph from its supply graph")

	const d = DeclarationSheet
	set(d, "A1", name)
	scope := map[domain.DeclarationScope]string{domain.ScopeCompany: "A. Company", domain.ScopeProduct: "B. Product (or List of Products)",
		domain.ScopeUserDefined: "C. User defined"}[f.Scope]
	if scope == "" {
		scope = "A. Company"
	}
	info := [][2]any{
		{"Company Name (*):", f.CompanyName},
		{"Declaration Scope or Class (*):", scope},
		{"Description of Scope:", f.ScopeText},
		{"Effective Date (*):", f.Effective.String()},
	}
	for i, kv := range info {
		set(d, fmt.Sprintf("B%d", 8+i), kv[0])
		if s, _ := kv[1].(string); s != "" {
			set(d, fmt.Sprintf("D%d", 8+i), s)
		}
	}
	metals := domain.TemplateMetals(f.Template, version)
	answer := map[[2]string]string{}
	for _, a := range f.Answers {
		answer[[2]string{a.Number, a.Metal}] = a.Value
	}
	row := 8 + len(info) + 2
	for n, q := range MetalQuestions {
		text := q
		if strings.Contains(q, "%s") {
			text = fmt.Sprintf(q, what)
		}
		set(d, fmt.Sprintf("B%d", row), fmt.Sprintf("%d) %s", n+1, text))
		for i, m := range metals {
			set(d, fmt.Sprintf("C%d", row+1+i), titleCase(m)+" (*)")
			if v := answer[[2]string{fmt.Sprint(n + 1), m}]; v != "" {
				set(d, fmt.Sprintf("D%d", row+1+i), v)
			}
		}
		row += len(metals) + 2
	}
	set(d, fmt.Sprintf("B%d", row), "Answer the Following Questions at a Company Level")

	const s = SmelterListSheet
	set(s, "A1", "Smelter List")
	for i, h := range FilingSmelterHeader {
		cell, _ := excelize.CoordinatesToCellName(i+1, 4)
		set(s, cell, h)
	}
	for i, sm := range f.Smelters {
		r := 5 + i
		set(s, fmt.Sprintf("B%d", r), titleCase(sm.Metal))
		if sm.Name != "" {
			set(s, fmt.Sprintf("D%d", r), sm.Name)
		}
		if c := CountryName(sm.Country); c != "" {
			set(s, fmt.Sprintf("E%d", r), c)
		}
		set(s, fmt.Sprintf("F%d", r), sm.SmelterID)
		if sm.Source != "" {
			set(s, fmt.Sprintf("G%d", r), sm.Source)
		}
	}
	if err != nil {
		return err
	}
	if idx, err := x.GetSheetIndex(d); err == nil && idx >= 0 {
		x.SetActiveSheet(idx)
	}
	return nil
}
