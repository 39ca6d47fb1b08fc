package cmrt

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supplygraph/supplygraph/internal/cmrt/cmrttest"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// TestReadDeclaration: the template, version, scope and answers of CMRT and
// EMRT declarations, and the quirks of real workbooks.
func TestReadDeclaration(t *testing.T) {
	q := func(n int) string { return cmrttest.MetalQuestions[n-1] }
	cq := func(l byte) string { return cmrttest.CompanyQuestions[l-'A'] }
	eff := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		tw       cmrttest.TestWorkbook
		want     *Workbook
		smelters []Smelter
	}{
		{
			name: "CMRT 6.4, product scope, answers per metal and company-level, a trailing tab",
			tw: cmrttest.TestWorkbook{Version: "6.4", Declaration: cmrttest.Declaration{
				CompanyName: "Eastern Solder\t", EffectiveDate: eff, Scope: "B. Product (or List of Products)", ScopeText: "solder paste\tlines",
				Answers: map[int]map[string]string{
					1: {"Tin": "Yes", "Gold": "Yes"},
					5: {"Tin": "100%", "Gold": "Greater than 75%"},
					6: {"Tin": "Yes", "Gold": "No"},
				},
				CompanyAnswers: map[string]string{"A": "Yes", "H": "No"},
			}, Rows: [][]string{
				row("", "Tin", "", "", "Indonesia", "CID001\t", "RMI"),
			}},
			want: &Workbook{
				Template: domain.TemplateCMRT, Version: "6.4", CompanyName: "Eastern Solder", Scope: domain.ScopeProduct,
				ScopeText: "solder paste lines", EffectiveDate: date(t, "2026-01-15"),
				Answers: []domain.Answer{
					{Metal: "TIN", Number: "1", Question: q(1), Value: "Yes"},
					{Metal: "GOLD", Number: "1", Question: q(1), Value: "Yes"},
					{Metal: "TIN", Number: "5", Question: q(5), Value: "100%"},
					{Metal: "GOLD", Number: "5", Question: q(5), Value: "Greater than 75%"},
					{Metal: "TIN", Number: "6", Question: q(6), Value: "Yes"},
					{Metal: "GOLD", Number: "6", Question: q(6), Value: "No"},
					{Number: "A", Question: cq('A'), Value: "Yes"},
					{Number: "H", Question: cq('H'), Value: "No"},
				},
				Issues: []Issue{{Sheet: SmelterListSheet, Row: 5, Column: "Smelter Name", Message: "missing name of smelter CID001: imported without a name"}},
			},
			smelters: []Smelter{{Row: 5, Metal: "TIN", CountryName: "Indonesia", Country: "ID", SmelterID: "CID001", Source: "RMI"}},
		},
		{
			name: "EMRT 1.1: cobalt and mica; copper is not of this version",
			tw: cmrttest.TestWorkbook{Template: "EMRT", Version: "1.1", Declaration: cmrttest.Declaration{
				CompanyName: "Cobalt Parts", EffectiveDate: eff, Scope: "C. User defined", Answers: map[int]map[string]string{5: {"Cobalt": "50% or less"}},
			}, Rows: [][]string{
				row("", "Cobalt", "Huayou Cobalt", "", "China", "CID002", "RMI"),
				row("", "Copper", "", "Red Metal", "Chile", "CID003", ""),
			}},
			want: &Workbook{
				Template: domain.TemplateEMRT, Version: "1.1", CompanyName: "Cobalt Parts", Scope: domain.ScopeUserDefined, EffectiveDate: date(t, "2026-01-15"),
				Answers: []domain.Answer{{Metal: "COBALT", Number: "5", Question: q(5), Value: "50% or less"}},
				Issues: []Issue{{Sheet: SmelterListSheet, Row: 6, Column: "Metal",
					Message: `unknown metal "Copper" for smelter CID003: want one of Cobalt, Mica of the EMRT 1.1; row not imported`}},
			},
			smelters: []Smelter{{Row: 5, Metal: "COBALT", Name: "Huayou Cobalt", CountryName: "China", Country: "CN", SmelterID: "CID002", Source: "RMI"}},
		},
		{
			name: "EMRT 2.0: copper, the mine list not read, blank company name",
			tw: cmrttest.TestWorkbook{Template: "EMRT", Declaration: cmrttest.Declaration{EffectiveDate: eff, Answers: map[int]map[string]string{}},
				Rows: [][]string{row("", "Copper", "", "Red Metal", "Chile", "CID003", "")}},
			want: &Workbook{
				Template: domain.TemplateEMRT, Version: "2.0", Scope: domain.ScopeCompany, EffectiveDate: date(t, "2026-01-15"),
				Issues: []Issue{
					{Sheet: DeclarationSheet, Row: 8, Column: "Company Name", Message: "missing company name"},
					{Sheet: "Mine List", Message: "the EMRT's mine list is not read"},
				},
			},
			smelters: []Smelter{{Row: 5, Metal: "COPPER", Name: "Red Metal", CountryName: "Chile", Country: "CL", SmelterID: "CID003"}},
		},
		{
			name: "no title: the metals decide",
			tw: cmrttest.TestWorkbook{NoTitle: true, Declaration: cmrttest.Declaration{CompanyName: "X", EffectiveDate: eff, Answers: map[int]map[string]string{}},
				Rows: [][]string{row("", "Gold", "", "", "Japan", "CID004", ""), row("", "Gold", "", "", "Japan", "CID004", "")}},
			want: &Workbook{
				Template: domain.TemplateCMRT, CompanyName: "X", Scope: domain.ScopeCompany, EffectiveDate: date(t, "2026-01-15"),
				Issues: []Issue{
					{Sheet: SmelterListSheet, Row: 5, Column: "Smelter Name", Message: "missing name of smelter CID004: imported without a name"},
					{Sheet: SmelterListSheet, Row: 6, Column: "Smelter Identification", Message: "smelter CID004 is already listed at row 5: row ignored"},
					{Message: "no title names the template (CMRT or EMRT): read as a CMRT from its metals"},
				},
			},
			smelters: []Smelter{{Row: 5, Metal: "GOLD", CountryName: "Japan", Country: "JP", SmelterID: "CID004"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.tw.Write(&b); err != nil {
				t.Fatal(err)
			}
			got, err := Read(&b, "w.xlsx")
			if err != nil {
				t.Fatal(err)
			}
			tt.want.File, tt.want.Smelters = "w.xlsx", tt.smelters
			for i := range tt.want.Issues {
				tt.want.Issues[i].File = "w.xlsx"
			}
			if got.CompanyRow != 8 {
				t.Errorf("company name row %d, want 8", got.CompanyRow)
			}
			got.CompanyRow = 0
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Read (-want +got):\n%s", diff)
			}
		})
	}
}
