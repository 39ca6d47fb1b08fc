package cmrt

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// Sheet names of a CMRT workbook that Read uses.
const (
	DeclarationSheet = "Declaration"
	SmelterListSheet = "Smelter List"
)

// Limits of Read.
const (
	// MaxFileSize is the largest workbook Read accepts (a CMRT 6.x is 1-3 MiB).
	MaxFileSize = 32 << 20
	// MaxRows is the last Smelter List row Read reads.
	MaxRows = 100_000
	// HeaderScanRows is how many rows Read searches for the Smelter List header.
	HeaderScanRows = 10
	// declarationScanRows is how many Declaration rows Read reads.
	declarationScanRows = 200
	unzipSizeLimit      = 256 << 20
	unzipXMLSizeLimit   = 64 << 20
)

// Metals lists the metals a smelter may process, as Read returns them: those
// of the CMRT and the EMRT (domain.AllMetals).
var Metals = domain.AllMetals

// ParseMetal maps a metal named in a CMRT or EMRT ("Tin", "tantalum",
// " GOLD ", "Cobalt (*)") to one of Metals.
func ParseMetal(s string) (string, bool) {
	s = strings.ToUpper(strings.Join(strings.Fields(markerPattern.ReplaceAllString(s, " ")), " "))
	for _, m := range Metals {
		if s == m {
			return m, true
		}
	}
	return "", false
}

// Workbook is what Read found in a CMRT or EMRT.
type Workbook struct {
	File          string
	Template      domain.Template         // CMRT or EMRT (from the title; else inferred, with an issue)
	Version       string                  // "6.5", "2.0"; "" if the title does not say
	CompanyName   string                  // Declaration "Company Name"; "" if missing
	CompanyRow    int                     // the row of the "Company Name" label; 0 if there is none
	Scope         domain.DeclarationScope // Declaration "Declaration Scope or Class"; "" if missing
	ScopeText     string                  // Declaration "Description of Scope"
	EffectiveDate *domain.Date            // Declaration "Effective Date"; nil if missing or unreadable
	Answers       []domain.Answer         // per-metal and company-level answers, in sheet order
	Smelters      []Smelter               // in row order, one per smelter id
	Issues        []Issue                 // rows and values that were not imported as they are
}

// Smelter is one smelter of a Smelter List.
type Smelter struct {
	Row         int    // row number in the Smelter List sheet (1-based, as Excel shows it)
	Metal       string // one of Metals
	Name        string // Smelter Name, else the look-up's name, else Standard Smelter Name
	CountryName string // the country as written in the workbook
	Country     string // ISO 3166-1 alpha-2, or "" when CountryName is empty or unknown
	SmelterID   string // Smelter Identification, e.g. CID001234; a valid project id
	Source      string // Source of Smelter Identification Number, e.g. RMI
}

// Issue is a problem in a workbook that Read reported instead of guessing.
type Issue struct {
	File    string `json:"file"`
	Sheet   string `json:"sheet,omitempty"` // "" for CSV files
	Row     int    `json:"row,omitempty"`   // row (or CSV line) number; 0 for the whole sheet
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

// String formats the issue as "file:Sheet!row: column: message", or
// "file:line: column: message" for CSV files.
func (i Issue) String() string {
	var b strings.Builder
	b.WriteString(i.File)
	if i.Sheet != "" {
		b.WriteString(":" + i.Sheet)
		if i.Row > 0 {
			b.WriteString("!" + strconv.Itoa(i.Row))
		}
	} else if i.Row > 0 {
		b.WriteString(":" + strconv.Itoa(i.Row))
	}
	col := i.Column
	if col == "" {
		col = "-"
	}
	b.WriteString(": " + col + ": " + i.Message)
	return b.String()
}

// catchPanics turns a panic while parsing (in excelize, on a malformed
// workbook) into a BAD_INPUT error. Fuzzing may turn it off to see panics.
var catchPanics = true

var oleSignature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Read parses a CMRT 6.x workbook; name is the file name used in errors and
// issues. See the package documentation for what it reads and reports.
func Read(r io.Reader, name string) (wb *Workbook, err error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > MaxFileSize {
		return nil, domain.Errorf(domain.BadInput, "%s: file is larger than %d MiB: not a CMRT workbook", name, MaxFileSize>>20)
	}
	if bytes.HasPrefix(data, oleSignature) {
		return nil, domain.Errorf(domain.BadInput,
			"%s: not an .xlsx workbook: this is an old Excel .xls file or an encrypted workbook; save the CMRT as .xlsx without a password", name)
	}
	if !bytes.HasPrefix(data, []byte("PK")) {
		return nil, domain.Errorf(domain.BadInput, "%s: not an .xlsx workbook", name)
	}
	if catchPanics {
		defer func() {
			if p := recover(); p != nil {
				wb, err = nil, domain.Errorf(domain.BadInput, "%s: malformed .xlsx workbook", name)
			}
		}()
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: unzipSizeLimit, UnzipXMLSizeLimit: unzipXMLSizeLimit, RawCellValue: true,
	})
	if f != nil {
		defer func() { _ = f.Close() }()
	}
	if err != nil {
		return nil, domain.Errorf(domain.BadInput, "%s: not a readable .xlsx workbook: %s", name, dataset.Truncate(err.Error()))
	}
	p := &parser{f: f, wb: &Workbook{File: name}}
	smelterSheet, declSheet := "", ""
	for _, s := range f.GetSheetList() {
		switch normalizeHeader(s) {
		case "smelter list":
			if smelterSheet == "" {
				smelterSheet = s
			}
		case "declaration":
			if declSheet == "" {
				declSheet = s
			}
		}
	}
	if smelterSheet == "" {
		return nil, domain.Errorf(domain.BadInput, "%s: no %q sheet: not a CMRT workbook", name, SmelterListSheet)
	}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		p.date1904 = *props.Date1904
	}
	if err := p.readTemplate(); err != nil {
		return nil, err
	}
	if declSheet == "" {
		p.issue(DeclarationSheet, 0, "", "no %q sheet: company name and effective date unknown", DeclarationSheet)
	} else if err := p.readDeclaration(declSheet); err != nil {
		return nil, err
	}
	if err := p.readSmelterList(smelterSheet); err != nil {
		return nil, err
	}
	p.inferTemplate()
	for _, s := range f.GetSheetList() {
		if normalizeHeader(s) == "mine list" {
			p.issue(s, 0, "", "the %s's mine list is not read", p.wb.Template)
		}
	}
	return p.wb, nil
}

var (
	titlePattern   = regexp.MustCompile(`(?i)\b(CMRT|EMRT|conflict minerals reporting template|extended minerals reporting template)\b`)
	versionPattern = regexp.MustCompile(`(?i)\b(?:revision|version|rev\.?|v)\s*([0-9]+(?:\.[0-9]+)*)`)
)

// titleScanRows is how many rows of the first sheets readTemplate searches.
const titleScanRows = 6

// readTemplate finds the template and its version in the title of the
// Revision, Instructions or Declaration sheet ("Conflict Minerals
// Reporting Template (CMRT) - Revision 6.5").
func (p *parser) readTemplate() error {
	for _, s := range p.f.GetSheetList() {
		switch normalizeHeader(s) {
		case "revision", "instructions", "declaration":
		default:
			continue
		}
		_, err := p.eachRow(s, titleScanRows, func(row int, cells []string) bool {
			for _, c := range cells {
				if len(c) > maxHeaderLen {
					continue
				}
				if m := titlePattern.FindStringSubmatch(c); m != nil && p.wb.Template == "" {
					if strings.Contains(strings.ToLower(m[1]), "extended") || strings.EqualFold(m[1], "EMRT") {
						p.wb.Template = domain.TemplateEMRT
					} else {
						p.wb.Template = domain.TemplateCMRT
					}
				}
				// the revision may be in the title or a cell of its own
				if v := versionPattern.FindStringSubmatch(c); v != nil && p.wb.Version == "" && strings.Contains(v[1], ".") {
					p.wb.Version = v[1]
				}
			}
			return p.wb.Template == "" || p.wb.Version == ""
		})
		if err != nil {
			return err
		}
		if p.wb.Template != "" {
			return nil
		}
		p.wb.Version = "" // a revision without a template name is not the template's
	}
	return nil
}

// inferTemplate names the template from the metals when no title said it.
func (p *parser) inferTemplate() {
	if p.wb.Template != "" {
		return
	}
	p.wb.Template = domain.TemplateCMRT
	for _, s := range p.wb.Smelters {
		if !slices.Contains(domain.CMRTMetals, s.Metal) {
			p.wb.Template = domain.TemplateEMRT
			break
		}
	}
	p.issue("", 0, "", "no title names the template (CMRT or EMRT): read as a %s from its metals", p.wb.Template)
}

type parser struct {
	f        *excelize.File
	wb       *Workbook
	date1904 bool
	sheet    string
	cols     columns
	seen     map[string]int // smelter id -> index in wb.Smelters
}

func (p *parser) issue(sheet string, row int, column, format string, args ...any) {
	p.wb.Issues = append(p.wb.Issues, Issue{File: p.wb.File, Sheet: sheet, Row: row, Column: column,
		Message: fmt.Sprintf(format, args...)})
}

func (p *parser) sheetError(sheet string, err error) error {
	return domain.Errorf(domain.BadInput, "%s: cannot read sheet %q: %s", p.wb.File, sheet, dataset.Truncate(err.Error()))
}

// eachRow calls fn with the 1-based number and raw cell values of each row of
// sheet, until fn returns false or after row maxRow.
func (p *parser) eachRow(sheet string, maxRow int, fn func(row int, cells []string) bool) (more bool, err error) {
	rows, err := p.f.Rows(sheet)
	if err != nil {
		return false, p.sheetError(sheet, err)
	}
	defer func() { _ = rows.Close() }()
	n := 0
	for rows.Next() {
		n++
		if n > maxRow {
			return true, nil
		}
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return false, p.sheetError(sheet, fmt.Errorf("row %d: %w", n, err))
		}
		if !fn(n, cells) {
			return false, nil
		}
	}
	if err := rows.Error(); err != nil {
		return false, p.sheetError(sheet, err)
	}
	return false, nil
}

var (
	companyLabels   = []string{"company name"}
	dateLabels      = []string{"effective date", "date of completion", "authorization date", "authorisation date"}
	scopeLabels     = []string{"declaration scope or class", "declaration scope"}
	scopeTextLabels = []string{"description of scope", "scope description"}
)

var (
	metalQuestionPattern   = regexp.MustCompile(`^\s*([1-9][0-9]?)\s*[).]\s*(\S.*)$`)
	companyQuestionPattern = regexp.MustCompile(`^\s*([A-Z])\s*[).]\s*(\S.{9,})$`)
)

// isLabel reports whether a normalized cell is one of labels, alone or
// followed by a short hint such as "(DD-MMM-YYYY)".
func isLabel(key string, labels []string) bool {
	for _, l := range labels {
		if key == l || (strings.HasPrefix(key, l+" ") && len(key) <= len(l)+20) {
			return true
		}
	}
	return false
}

// rightOf returns the first non-empty cell right of column i.
func rightOf(cells []string, i int) string {
	for _, c := range cells[i+1:] {
		if v := cleanCell(c); v != "" {
			return v
		}
	}
	return ""
}

func (p *parser) readDeclaration(sheet string) error {
	companyRow, dateRow, scopeRow := 0, 0, 0
	company, date, scope := "", "", ""
	// the per-metal question being answered, and the metals answered so far
	question, number := "", ""
	answered := map[string]int{}
	_, err := p.eachRow(sheet, declarationScanRows, func(row int, cells []string) bool {
		for i, c := range cells {
			if len(c) > maxHeaderLen*4 {
				continue
			}
			key := normalizeHeader(c)
			if len(c) <= maxHeaderLen {
				switch {
				case companyRow == 0 && isLabel(key, companyLabels):
					companyRow, company = row, rightOf(cells, i)
					return true
				case dateRow == 0 && isLabel(key, dateLabels):
					dateRow, date = row, rightOf(cells, i)
					return true
				case scopeRow == 0 && isLabel(key, scopeLabels):
					scopeRow, scope = row, rightOf(cells, i)
					return true
				case p.wb.ScopeText == "" && isLabel(key, scopeTextLabels):
					p.wb.ScopeText = rightOf(cells, i)
					return true
				}
			}
			text := cleanCell(c)
			if m := metalQuestionPattern.FindStringSubmatch(text); m != nil && len(text) > 15 {
				number, question = m[1], m[2]
				clear(answered)
				return true
			}
			if m := companyQuestionPattern.FindStringSubmatch(text); m != nil && strings.HasSuffix(strings.TrimSpace(strings.TrimSuffix(text, "(*)")), "?") {
				question = "" // the per-metal questions are over
				if v := rightOf(cells, i); v != "" {
					p.wb.Answers = append(p.wb.Answers, domain.Answer{Number: m[1], Question: m[2], Value: v})
				}
				return true
			}
			if question != "" && text != "" {
				if metal, ok := ParseMetal(text); ok {
					if v := rightOf(cells, i); v != "" {
						if first, dup := answered[metal]; dup {
							p.issue(sheet, row, metal, "question %s is answered for %s at row %d already: row ignored", number, metal, first)
						} else {
							answered[metal] = row
							p.wb.Answers = append(p.wb.Answers, domain.Answer{Metal: metal, Number: number, Question: question, Value: v})
						}
					}
				}
				return true // a row's first text decides what it is
			}
			if text != "" {
				return true
			}
		}
		return true
	})
	if err != nil {
		return err
	}
	switch s := strings.ToLower(scope); {
	case scopeRow == 0:
	case s == "":
		p.issue(sheet, scopeRow, "Declaration Scope or Class", "missing declaration scope")
	case strings.HasPrefix(s, "a.") || strings.HasPrefix(s, "a ") || strings.Contains(s, "company"):
		p.wb.Scope = domain.ScopeCompany
	case strings.HasPrefix(s, "b.") || strings.HasPrefix(s, "b ") || strings.Contains(s, "product"):
		p.wb.Scope = domain.ScopeProduct
	case strings.HasPrefix(s, "c.") || strings.HasPrefix(s, "c ") || strings.Contains(s, "user"):
		p.wb.Scope = domain.ScopeUserDefined
	default:
		p.issue(sheet, scopeRow, "Declaration Scope or Class", "unknown declaration scope %q: want A. Company, B. Product (or List of Products) or C. User defined", dataset.Truncate(scope))
	}
	p.wb.CompanyRow = companyRow
	switch {
	case companyRow == 0:
		p.issue(sheet, 0, "Company Name", "no %q label in rows 1 to %d: company name unknown", "Company Name", declarationScanRows)
	case company == "":
		p.issue(sheet, companyRow, "Company Name", "missing company name")
	default:
		p.wb.CompanyName = company
	}
	switch {
	case dateRow == 0:
		p.issue(sheet, 0, "Effective Date", "no %q label in rows 1 to %d: effective date unknown", "Effective Date", declarationScanRows)
	case date == "":
		p.issue(sheet, dateRow, "Effective Date", "missing effective date")
	default:
		if d, ok := parseDate(date, p.date1904); ok {
			p.wb.EffectiveDate = &d
		} else {
			p.issue(sheet, dateRow, "Effective Date", "invalid effective date %q: want a date such as 31-Jan-2025 or 2025-01-31", dataset.Truncate(date))
		}
	}
	return nil
}

// maxExcelSerial is 9999-12-31 as an Excel date serial number.
const maxExcelSerial = 2958465

var dateLayouts = []string{"02-Jan-2006", "2-Jan-2006", "2006-01-02", "02-Jan-06", "2-Jan-06", "2 Jan 2006",
	"2 January 2006", "January 2, 2006", "Jan 2, 2006", "2006/01/02", "2006.01.02", "02.01.2006",
	time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05"}

// parseDate reads a date cell: an Excel serial number (a cell formatted as a
// date) or text in an unambiguous format. Numeric day/month orders such as
// 01/02/2025 are ambiguous and rejected.
func parseDate(s string, date1904 bool) (domain.Date, bool) {
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if !(f >= 1 && f < maxExcelSerial+1) {
			return 0, false
		}
		t, err := excelize.ExcelDateToTime(f, date1904)
		if err != nil {
			return 0, false
		}
		return domain.DateOf(t), true
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return domain.DateOf(t), true
		}
	}
	return 0, false
}

func (p *parser) readSmelterList(sheet string) error {
	p.sheet = sheet
	p.seen = map[string]int{}
	headerRow := 0
	var problem error
	more, err := p.eachRow(sheet, MaxRows, func(row int, cells []string) bool {
		if headerRow == 0 {
			if c, n := matchHeaderRow(cells); c.isHeaderRow(n) {
				headerRow, p.cols = row, c
				problem = p.checkHeader(row)
				return problem == nil
			}
			return row < HeaderScanRows
		}
		p.smelterRow(row, cells)
		return true
	})
	if err != nil {
		return err
	}
	if problem != nil {
		return problem
	}
	if headerRow == 0 {
		return domain.Errorf(domain.BadInput,
			"%s: sheet %q: no header row in rows 1 to %d (looked for the columns %s, %s, %s and %s)",
			p.wb.File, sheet, HeaderScanRows, fieldNames[fieldMetal], fieldNames[fieldID], fieldNames[fieldLookup], fieldNames[fieldCountry])
	}
	if more {
		p.issue(sheet, MaxRows+1, "", "rows after %d are not read", MaxRows)
	}
	return nil
}

func (p *parser) checkHeader(row int) error {
	if p.cols[fieldID] < 0 && p.cols[fieldInputID] < 0 {
		return domain.Errorf(domain.BadInput, "%s: sheet %q, header row %d: no %q column",
			p.wb.File, p.sheet, row, fieldNames[fieldID])
	}
	if p.cols[fieldCountry] < 0 {
		p.issue(p.sheet, row, fieldNames[fieldCountry], "no %q column: smelters are imported without a country", fieldNames[fieldCountry])
	}
	return nil
}

// Special look-up values of the CMRT.
const (
	notListed        = "smelter not listed"
	notYetIdentified = "smelter not yet identified"
)

func lookupKey(s string) string { return strings.ToLower(s) }

// isPlaceholder reports whether a name cell holds a look-up option or a
// placeholder rather than a smelter name.
func isPlaceholder(s string) bool {
	switch lookupKey(s) {
	case notListed, notYetIdentified, "enter smelter details", "unknown":
		return true
	}
	return false
}

func (p *parser) smelterRow(row int, cells []string) {
	get := func(f field) string {
		i := p.cols[f]
		if i < 0 || i >= len(cells) {
			return ""
		}
		return cleanCell(cells[i])
	}
	metal, lookup, name, std := get(fieldMetal), get(fieldLookup), get(fieldName), get(fieldStandardName)
	id, input := get(fieldID), get(fieldInputID)
	if metal == "" && lookup == "" && name == "" && id == "" && input == "" {
		return // blank row, or one with only values the look-up fills in
	}
	idCol := fieldNames[fieldID]
	if p.cols[fieldID] < 0 {
		idCol = fieldNames[fieldInputID]
	}
	switch {
	case id == "":
		id = input
	case input != "" && !strings.EqualFold(input, id):
		p.issue(p.sheet, row, fieldNames[fieldInputID], "input column says %q but %s says %q: used %q",
			dataset.Truncate(input), fieldNames[fieldID], dataset.Truncate(id), dataset.Truncate(id))
	}
	if id == "" {
		p.missingID(row, idCol, lookup, name)
		return
	}
	if !dataset.ValidID(id) {
		p.issue(p.sheet, row, idCol, "invalid smelter id %q: want 1 to 128 characters of A-Z a-z 0-9 . _ : -; row not imported", dataset.Truncate(id))
		return
	}
	m, ok := ParseMetal(metal)
	covered := domain.AllMetals
	if p.wb.Template != "" {
		covered = domain.TemplateMetals(p.wb.Template, p.wb.Version)
	}
	if !ok || !slices.Contains(covered, m) {
		want := make([]string, len(covered))
		for i, c := range covered {
			want[i] = c[:1] + strings.ToLower(c[1:])
		}
		of := ""
		if p.wb.Template != "" {
			of = " of the " + string(p.wb.Template)
			if p.wb.Version != "" {
				of += " " + p.wb.Version
			}
		}
		if metal == "" {
			p.issue(p.sheet, row, fieldNames[fieldMetal], "missing metal for smelter %s: row not imported", id)
		} else {
			p.issue(p.sheet, row, fieldNames[fieldMetal], "unknown metal %q for smelter %s: want one of %s%s; row not imported",
				dataset.Truncate(metal), id, strings.Join(want, ", "), of)
		}
		return
	}
	if i, dup := p.seen[id]; dup {
		first := p.wb.Smelters[i]
		if first.Metal == m {
			p.issue(p.sheet, row, idCol, "smelter %s is already listed at row %d: row ignored", id, first.Row)
		} else {
			p.issue(p.sheet, row, idCol, "smelter %s is listed at row %d as %s and here as %s: kept row %d, row ignored", id, first.Row, first.Metal, m, first.Row)
		}
		return
	}
	s := Smelter{Row: row, Metal: m, SmelterID: id, Source: get(fieldSource), CountryName: get(fieldCountry)}
	for _, n := range []string{name, lookup, std} {
		if n != "" && !isPlaceholder(n) {
			s.Name = n
			break
		}
	}
	if s.Name == "" {
		p.issue(p.sheet, row, fieldNames[fieldName], "missing name of smelter %s: imported without a name", id)
	}
	if p.cols[fieldCountry] >= 0 {
		switch code, ok := CountryCode(s.CountryName); {
		case s.CountryName == "":
			p.issue(p.sheet, row, fieldNames[fieldCountry], "missing country of smelter %s: imported without a country", id)
		case !ok:
			p.issue(p.sheet, row, fieldNames[fieldCountry], "unknown country %q of smelter %s: imported without a country", dataset.Truncate(s.CountryName), id)
		default:
			s.Country = code
		}
	}
	p.seen[id] = len(p.wb.Smelters)
	p.wb.Smelters = append(p.wb.Smelters, s)
}

func (p *parser) missingID(row int, col, lookup, name string) {
	named := ""
	for _, n := range []string{name, lookup} {
		if n != "" && !isPlaceholder(n) {
			named = fmt.Sprintf(" (smelter name %q)", dataset.Truncate(n))
			break
		}
	}
	switch {
	case lookupKey(lookup) == notListed || lookupKey(name) == notListed:
		p.issue(p.sheet, row, col, "no smelter id and the look-up says %q: row not imported%s", "Smelter not listed", named)
	case lookupKey(lookup) == notYetIdentified || lookupKey(name) == notYetIdentified:
		p.issue(p.sheet, row, col, "no smelter id and the look-up says %q: row not imported%s", "Smelter not yet identified", named)
	default:
		p.issue(p.sheet, row, col, "no smelter id: row not imported%s", named)
	}
}
