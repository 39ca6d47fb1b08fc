package gen

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// csvFile streams the rows of one dataset file: RFC 4180, "\n" line ends,
// fields quoted only when they must be.
type csvFile struct {
	name  string
	f     *os.File
	w     *bufio.Writer
	buf   []byte
	first bool
	rows  int
}

func createCSV(dir, name string, header ...string) (*csvFile, error) {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	c := &csvFile{name: name, f: f, w: bufio.NewWriterSize(f, 256<<10), buf: make([]byte, 0, 512), first: true}
	for _, h := range header {
		c.str(h)
	}
	c.endHeader()
	return c, nil
}

func (c *csvFile) sep() {
	if c.first {
		c.first = false
		return
	}
	c.buf = append(c.buf, ',')
}

// str appends a text field, quoting it when it holds a comma, a quote, a
// line break or surrounding spaces.
func (c *csvFile) str(s string) {
	c.sep()
	if s != "" && (strings.ContainsAny(s, ",\"\r\n") || s[0] == ' ' || s[len(s)-1] == ' ') {
		c.buf = append(c.buf, '"')
		for i := 0; i < len(s); i++ {
			if s[i] == '"' {
				c.buf = append(c.buf, '"')
			}
			c.buf = append(c.buf, s[i])
		}
		c.buf = append(c.buf, '"')
		return
	}
	c.buf = append(c.buf, s...)
}

// raw appends a field known to need no quoting (ids, numbers, enums).
func (c *csvFile) raw(s string) {
	c.sep()
	c.buf = append(c.buf, s...)
}

func (c *csvFile) empty() { c.sep() }

func (c *csvFile) int(n int) {
	c.sep()
	c.buf = strconv.AppendInt(c.buf, int64(n), 10)
}

// id appends prefix followed by n zero-padded to width digits.
func (c *csvFile) id(prefix string, n, width int) {
	c.sep()
	c.buf = appendID(c.buf, prefix, n, width)
}

func (c *csvFile) date(d int32) {
	c.sep()
	c.buf = appendDate(c.buf, d)
}

// optDate appends d, or an empty field when d is 0.
func (c *csvFile) optDate(d int32) {
	if d == 0 {
		c.empty()
		return
	}
	c.date(d)
}

func (c *csvFile) endHeader() {
	c.buf = append(c.buf, '\n')
	c.w.Write(c.buf)
	c.buf = c.buf[:0]
	c.first = true
}

func (c *csvFile) end() {
	c.endHeader()
	c.rows++
}

func (c *csvFile) close() error {
	err := c.w.Flush()
	if cerr := c.f.Close(); err == nil {
		err = cerr
	}
	return err
}

func appendID(b []byte, prefix string, n, width int) []byte {
	b = append(b, prefix...)
	var digits [20]byte
	i := len(digits)
	for n > 0 || i == len(digits) {
		i--
		digits[i] = byte('0' + n%10)
		n /= 10
	}
	for pad := width - (len(digits) - i); pad > 0; pad-- {
		b = append(b, '0')
	}
	return append(b, digits[i:]...)
}

func idString(prefix string, n, width int) string {
	return string(appendID(nil, prefix, n, width))
}

// appendDate appends the date d (days since 1970-01-01) as YYYY-MM-DD.
func appendDate(b []byte, d int32) []byte {
	y, m, dd := civil(d)
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+dd/10), byte('0'+dd%10))
	return b
}

// civil converts days since 1970-01-01 to a proleptic Gregorian date
// (Howard Hinnant's civil_from_days).
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
