package dataset

import (
	"fmt"
	"io"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// FileWriter writes one file of a dataset: the header of every column of
// the file (in Columns order), then rows given field by field. The CSV is
// what encoding/csv writes (RFC 4180, "\n" line ends, a field quoted only
// when it must be), without a string per field: the generators write
// millions of rows. Rows are buffered; Flush writes the rest.
type FileWriter struct {
	w       io.Writer
	file    string
	buf     []byte
	columns int // fields per row
	fields  int // in the current row
	rows    int
	err     error
}

// flushAt is how many buffered bytes make a row go to the underlying writer.
const flushAt = 256 << 10

// NewFileWriter starts file (companies.csv, ...) on w with its header.
func NewFileWriter(w io.Writer, file string) (*FileWriter, error) {
	names, _ := Columns(file)
	if names == nil {
		return nil, fmt.Errorf("unknown dataset file %q", file)
	}
	f := &FileWriter{w: w, file: file, columns: len(names)}
	f.Row(names...)
	f.rows = 0
	return f, f.err
}

// Rows is the number of data rows written.
func (f *FileWriter) Rows() int { return f.rows }

func (f *FileWriter) sep() {
	if f.fields > 0 {
		f.buf = append(f.buf, ',')
	}
	f.fields++
}

// Str writes a text field.
func (f *FileWriter) Str(s string) {
	f.sep()
	f.buf = appendField(f.buf, s)
}

// ID writes an id that the caller formatted into b. An id (see ValidID)
// never needs quoting: it is written as is, unchecked, which matters for
// the tens of millions of ids of a large generated dataset.
func (f *FileWriter) ID(b []byte) {
	f.sep()
	f.buf = append(f.buf, b...)
}

// Empty writes an empty field: a value not given.
func (f *FileWriter) Empty() { f.sep() }

// Int writes a whole number.
func (f *FileWriter) Int(n int) {
	f.sep()
	f.buf = strconv.AppendInt(f.buf, int64(n), 10)
}

// Date writes d as YYYY-MM-DD (years 0 to 9999, all that ParseDate reads).
func (f *FileWriter) Date(d domain.Date) {
	f.sep()
	y, m, dd := civil(int32(d))
	f.buf = append(f.buf, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+dd/10), byte('0'+dd%10))
}

// End ends the row. A row with another number of fields than the header
// is a mistake of the caller: Flush returns it.
func (f *FileWriter) End() {
	if f.fields != f.columns && f.err == nil {
		f.err = fmt.Errorf("%s: row %d has %d fields, the header %d", f.file, f.rows+1, f.fields, f.columns)
	}
	f.buf = append(f.buf, '\n')
	f.fields = 0
	f.rows++
	if len(f.buf) >= flushAt {
		f.write()
	}
}

// Row writes a whole row of text fields.
func (f *FileWriter) Row(fields ...string) {
	for _, s := range fields {
		f.Str(s)
	}
	f.End()
}

func (f *FileWriter) write() {
	if f.err == nil {
		_, f.err = f.w.Write(f.buf)
	}
	f.buf = f.buf[:0]
}

// Flush writes the buffered rows and returns the first error.
func (f *FileWriter) Flush() error {
	f.write()
	return f.err
}

// appendField appends s, quoted when encoding/csv would quote it.
func appendField(b []byte, s string) []byte {
	if !needsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// needsQuotes is encoding/csv's rule: a field is quoted when it holds a
// comma, a quote or a line break, starts with a space, or is `\.`.
func needsQuotes(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	r := rune(s[0])
	if r >= utf8.RuneSelf {
		r, _ = utf8.DecodeRuneInString(s)
	}
	return unicode.IsSpace(r) || s == `\.`
}

// civil converts days since 1970-01-01 to a proleptic Gregorian date
// (Howard Hinnant's civil_from_days), faster than time.Format for the
// millions of dates of a generated dataset.
func civil(days int32) (y, m, d int) {
	z := int(days) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}
