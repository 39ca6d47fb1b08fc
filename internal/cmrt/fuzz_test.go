package cmrt

import (
	"bytes"
	"errors"
	"github.com/supplygraph/supplygraph/internal/cmrt/cmrttest"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// FuzzRead feeds arbitrary bytes, and mutations of generated CMRTs, to Read:
// it returns a workbook that keeps its promises or a BAD_INPUT error, and
// never panics. Read turns panics inside excelize into errors; run with
// CMRT_FUZZ_NO_RECOVER=1 to see them.
func FuzzRead(f *testing.F) {
	if os.Getenv("CMRT_FUZZ_NO_RECOVER") != "" {
		catchPanics = false
		f.Cleanup(func() { catchPanics = true })
	}
	f.Add(build(f, cmrttest.TestWorkbook{Declaration: acme, Rows: [][]string{
		row("", "Tin", "Thaisarco", "Thaisarco", "Thailand", "CID001898", "RMI"),
		row("CID000468", "gold", "", "Heraeus", "Germany", "", "RMI"),
		row("", "Tantalum", "Smelter not listed", "Acme", "China", "", ""),
		nil,
		row("", "tin", "Thaisarco", "Thaisarco", "Atlantis", "CID001898", "RMI"),
	}}))
	f.Add(build(f, cmrttest.TestWorkbook{Declaration: cmrttest.Declaration{CompanyName: "Beta", EffectiveDateText: "31-Dec-2024"}, HeaderRow: 6,
		Header: []string{"Smelter ID", "Metal", "Smelter Country", "Smelter Name"},
		Rows:   [][]string{{"CID1", "Cobalt", "Viet Nam", "Co"}}}))
	f.Add(build(f, cmrttest.TestWorkbook{NoDeclaration: true}))
	f.Add(build(f, cmrttest.TestWorkbook{NoSmelterList: true}))
	f.Add(zipOf(f, map[string]string{"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}))
	f.Add([]byte{})
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("rmi_id,rmap_status\nCID1,ACTIVE\n"))
	f.Add(append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, 0, 0, 0))
	f.Fuzz(func(t *testing.T, data []byte) {
		wb, err := Read(bytes.NewReader(data), "fuzz.xlsx")
		checkRead(t, wb, err)
	})
}

// checkRead checks what Read promises for any input named fuzz.xlsx.
func checkRead(t *testing.T, wb *Workbook, err error) {
	t.Helper()
	if err != nil {
		if wb != nil {
			t.Fatalf("workbook and error: %v", err)
		}
		if domain.KindOf(err) != domain.BadInput {
			t.Fatalf("error of kind %s: %v", domain.KindOf(err), err)
		}
		if !strings.HasPrefix(err.Error(), "fuzz.xlsx: ") {
			t.Fatalf("error does not name the file: %v", err)
		}
		return
	}
	ids := map[string]bool{}
	for _, s := range wb.Smelters {
		if !dataset.ValidID(s.SmelterID) {
			t.Fatalf("invalid id accepted: %q", s.SmelterID)
		}
		if ids[s.SmelterID] {
			t.Fatalf("id %q imported twice", s.SmelterID)
		}
		ids[s.SmelterID] = true
		if !slices.Contains(Metals, s.Metal) {
			t.Fatalf("metal %q accepted", s.Metal)
		}
		if s.Country != "" && CountryName(s.Country) == "" {
			t.Fatalf("country %q accepted", s.Country)
		}
		if s.Row <= 1 {
			t.Fatalf("smelter at row %d", s.Row)
		}
	}
	for _, i := range wb.Issues {
		if i.File != "fuzz.xlsx" || i.Sheet == "" || i.Message == "" {
			t.Fatalf("bad issue %+v", i)
		}
	}
}

// FuzzReadContent fuzzes what a workbook says rather than its bytes (whose
// mutations mostly fail the zip checksums): a Declaration and a Smelter List
// built from fuzzed strings ("|" separates cells, newlines rows).
func FuzzReadContent(f *testing.F) {
	std := strings.Join(cmrttest.StandardHeader[:7], "|")
	f.Add("Acme", "15-Jan-2025", 4, std, "|Tin|Thaisarco|Thaisarco|Thailand|CID001898|RMI\n\n|gold|Smelter not listed|X|Atlantis||\nCID1|Cobalt|||Korea, Republic of|CID1|")
	f.Add("", "45672", 6, "Smelter ID|METAL|Smelter Facility Location: Country|Standard Smelter Name", "CID1|tin|Viet Nam|A\nCID1|Gold|Unknown|B\nx y|Tin|China|C\n#N/A|Tin||")
	f.Add("B", "01/02/2025", 1, "Metal|Smelter Name|Smelter Identification Number Input Column", "Tungsten|W|CID000002")
	f.Fuzz(func(t *testing.T, company, date string, headerRow int, header, body string) {
		tw := cmrttest.TestWorkbook{Declaration: cmrttest.Declaration{CompanyName: company, EffectiveDateText: date},
			HeaderRow: 1 + (headerRow%12+12)%12, Header: limit(strings.Split(header, "|"), 40)}
		for _, line := range limit(strings.Split(body, "\n"), 200) {
			tw.Rows = append(tw.Rows, limit(strings.Split(line, "|"), 40))
		}
		var b bytes.Buffer
		if err := tw.Write(&b); err != nil {
			t.Skip(err) // excelize refuses some strings (too long, ...)
		}
		wb, err := Read(&b, "fuzz.xlsx")
		checkRead(t, wb, err)
		if err == nil {
			for _, s := range wb.Smelters {
				if !strings.Contains(body, s.SmelterID) {
					t.Fatalf("smelter id %q is not in the workbook", s.SmelterID)
				}
			}
		}
	})
}

func limit[T any](s []T, n int) []T { return s[:min(len(s), n)] }

// FuzzReadRMAPStatuses: any input gives valid updates or a *RMAPError.
func FuzzReadRMAPStatuses(f *testing.F) {
	f.Add("rmi_id,rmap_status\nCID001898,CONFORMANT\nCID000468,ACTIVE\n")
	f.Add("\ufeffrmap_status,rmi_id\r\nnon-conformant,CID1\r\n\r\nNOT_ENROLLED,CID2\r\n")
	f.Add("rmi_id,rmap_status\nCID1,ACTIVE\nCID1,CONFORMANT\n\"x,y\n")
	f.Add("rmi_id\n")
	f.Add("")
	f.Add("rmi_id,published,rmap_status\nCID1,2026-01-01,ACTIVE\nCID1,2026-02-01,CONFORMANT\n")
	f.Fuzz(func(t *testing.T, data string) {
		var published *domain.Date
		if !strings.Contains(data, "published") {
			d := domain.Date(20000)
			published = &d
		}
		ups, err := ReadRMAPStatuses(strings.NewReader(data), "r.csv", published)
		if err != nil {
			var re *RMAPError
			if !errors.As(err, &re) || re.Total == 0 || len(re.Issues) == 0 || ups != nil {
				t.Fatalf("bad error %v (%T), %d updates", err, err, len(ups))
			}
			if domain.KindOf(err) != domain.BadInput {
				t.Fatalf("kind %s", domain.KindOf(err))
			}
			return
		}
		ids := map[string]bool{}
		for _, u := range ups {
			key := u.RMIID + " " + u.Published.String()
			if !dataset.ValidID(u.RMIID) || ids[key] || !slices.Contains(domain.RMAPStatuses, u.Status) || u.Line < 2 {
				t.Fatalf("bad update %+v", u)
			}
			ids[key] = true
		}
	})
}
