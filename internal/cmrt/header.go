package cmrt

import (
	"regexp"
	"strings"
	"unicode"
)

// field is a Smelter List column that Read uses.
type field int

const (
	fieldInputID      field = iota // Smelter Identification Number Input Column
	fieldSource                    // Source of Smelter Identification Number
	fieldID                        // Smelter Identification
	fieldMetal                     // Metal (*)
	fieldLookup                    // Smelter Look-up (*)
	fieldName                      // Smelter Name (1)
	fieldStandardName              // Standard Smelter Name (hidden, filled by the look-up)
	fieldCountry                   // Smelter Country (*)
	numFields
)

// fieldNames are the names issues give the columns.
var fieldNames = [numFields]string{
	fieldInputID:      "Smelter Identification Number Input Column",
	fieldSource:       "Source of Smelter Identification Number",
	fieldID:           "Smelter Identification",
	fieldMetal:        "Metal",
	fieldLookup:       "Smelter Look-up",
	fieldName:         "Smelter Name",
	fieldStandardName: "Standard Smelter Name",
	fieldCountry:      "Smelter Country",
}

// headerRules map a normalized header to a field by prefix. They are tried in
// order, so the longer "smelter identification number input" is tried before
// "smelter identification".
var headerRules = []struct {
	prefixes []string
	field    field
}{
	{[]string{"smelter identification number input", "smelter id number input", "smelter id input"}, fieldInputID},
	{[]string{"source of smelter identification", "source of smelter id"}, fieldSource},
	{[]string{"smelter identification", "smelter id"}, fieldID},
	{[]string{"metal"}, fieldMetal},
	{[]string{"smelter look up", "smelter lookup"}, fieldLookup},
	{[]string{"smelter name", "smelter reference list"}, fieldName},
	{[]string{"standard smelter name"}, fieldStandardName},
	{[]string{"smelter country", "smelter facility location country"}, fieldCountry},
}

// maxHeaderLen: longer cells are instructions, not headers.
const maxHeaderLen = 200

var markerPattern = regexp.MustCompile(`\(\s*[*0-9]*\s*\)|\*`)

// normalizeHeader lower-cases a header, drops "(*)" and "(1)" markers and
// turns punctuation and any run of whitespace (line breaks, no-break spaces)
// into one space: "Smelter Look-up\n(*) " -> "smelter look up".
func normalizeHeader(s string) string {
	s = markerPattern.ReplaceAllString(strings.ToLower(s), " ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return ' '
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// matchHeader returns the field a header cell names, or -1.
func matchHeader(cell string) field {
	if len(cell) > maxHeaderLen {
		return -1
	}
	h := normalizeHeader(cell)
	for _, r := range headerRules {
		for _, p := range r.prefixes {
			if h == p || strings.HasPrefix(h, p+" ") {
				return r.field
			}
		}
	}
	return -1
}

// columns is where each field is in a header row (-1: absent).
type columns [numFields]int

// matchHeaderRow maps the cells of a row to fields; the leftmost cell wins
// when two name the same field. It returns the number of fields found.
func matchHeaderRow(cells []string) (columns, int) {
	var c columns
	for i := range c {
		c[i] = -1
	}
	n := 0
	for i, cell := range cells {
		if f := matchHeader(cell); f >= 0 && c[f] < 0 {
			c[f] = i
			n++
		}
	}
	return c, n
}

// isHeaderRow: a Metal column and at least two other known columns.
func (c columns) isHeaderRow(n int) bool { return c[fieldMetal] >= 0 && n >= 3 }

// cleanCell trims a cell value, folds line breaks and runs of whitespace into
// single spaces, and treats Excel error values (#N/A, #REF!, ...) as empty.
func cleanCell(s string) string {
	s = strings.Join(strings.FieldsFunc(s, isSpace), " ")
	if isExcelError(s) {
		return ""
	}
	return s
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' || r == '\ufeff'
}

var excelErrors = map[string]bool{"#N/A": true, "#REF!": true, "#VALUE!": true, "#NAME?": true, "#DIV/0!": true,
	"#NUM!": true, "#NULL!": true, "#SPILL!": true, "#CALC!": true, "#GETTING_DATA": true, "#FIELD!": true, "#BLOCKED!": true,
	"#CONNECT!": true, "#BUSY!": true, "#UNKNOWN!": true, "#PYTHON!": true}

func isExcelError(s string) bool { return len(s) > 0 && s[0] == '#' && excelErrors[strings.ToUpper(s)] }
