package dataset

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"hash/maphash"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// File names of a dataset, in the order they are written.
const (
	CompaniesFile       = "companies.csv"
	FacilitiesFile      = "facilities.csv"
	CodesFile           = "codes.csv"
	CodeAcceptsFile     = "code_accepts.csv"
	SupplyLinksFile     = "supply_links.csv"
	RequestsFile        = "requests.csv"
	AcknowledgmentsFile = "acknowledgments.csv"
	FindingsFile        = "findings.csv"
	// Clauses, the crosswalk, clause citations and corrective actions
	// (remedy.go).
	ClausesFile         = "clauses.csv"
	ClauseCrosswalkFile = "clause_crosswalk.csv"
	FindingClausesFile  = "finding_clauses.csv"
	ActionsFile         = "actions.csv"
)

// Files lists the dataset's files in load order (nodes before relationships).
var Files = []string{CompaniesFile, FacilitiesFile, CodesFile, CodeAcceptsFile,
	SupplyLinksFile, RequestsFile, AcknowledgmentsFile, FindingsFile,
	ClausesFile, ClauseCrosswalkFile, FindingClausesFile, ActionsFile}

type column struct {
	name     string
	required bool
}

var schemas = map[string][]column{
	CompaniesFile:       {{"id", true}, {"name", true}, {"kind", false}, {"country", false}, {"disclosure", false}, {"metal", false}, {"rmi_id", false}, {"rmap_status", false}},
	FacilitiesFile:      {{"id", true}, {"company_id", true}, {"name", true}, {"country", false}, {"type", false}},
	SupplyLinksFile:     {{"supplier_id", true}, {"customer_id", true}, {"material", false}, {"since", false}, {"until", false}, {"share", false}},
	CodesFile:           {{"id", true}, {"issuer_id", false}, {"title", true}, {"edition", true}, {"issued", true}, {"min_edition", false}, {"valid_days", false}},
	CodeAcceptsFile:     {{"code_id", true}, {"accepted_code_id", true}},
	RequestsFile:        {{"requester_id", true}, {"supplier_id", true}, {"code_id", true}, {"date", true}},
	AcknowledgmentsFile: {{"company_id", true}, {"code_id", true}, {"edition", true}, {"date", true}, {"signatory", false}},
	FindingsFile:        {{"id", true}, {"subject_id", true}, {"category", true}, {"severity", true}, {"likelihood", true}, {"status", false}, {"source", false}, {"detected", true}, {"closed", false}, {"description", false}},
	ClausesFile:         {{"code_id", true}, {"id", true}, {"chapter", true}, {"title", true}, {"topics", false}, {"introduced_in", true}, {"dropped_in", false}},
	ClauseCrosswalkFile: {{"code_id", true}, {"clause_id", true}, {"equivalent_code_id", true}, {"equivalent_clause_id", true}},
	FindingClausesFile:  {{"finding_id", true}, {"code_id", true}, {"clause_id", true}},
	ActionsFile: {{"id", true}, {"finding_id", true}, {"kind", true}, {"description", false}, {"responsible_id", true}, {"opened", true},
		{"due", false}, {"status", false}, {"done", false}, {"verified", false}, {"verified_by", false}, {"level", false},
		{"supplier_id", false}, {"customer_id", false}},
}

// Columns returns the column names of a dataset file and which are required.
func Columns(file string) (names []string, required []bool) {
	for _, c := range schemas[file] {
		names = append(names, c.name)
		required = append(required, c.required)
	}
	return names, required
}

// ValidID reports whether s is a valid id: 1 to 128 characters of A-Z a-z 0-9 . _ : -
// (a loop, not a regular expression: every id and reference of a load is
// checked, and the expression took a fifth of the validation's time).
func ValidID(s string) bool {
	if len(s) == 0 || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == ':' || c == '-') {
			return false
		}
	}
	return true
}

// RefKind is what a reference points at.
type RefKind string

// Reference kinds.
const (
	RefCompany RefKind = "Company"
	RefCode    RefKind = "Code"
	RefSubject RefKind = "Subject" // a company or a facility
	RefClause  RefKind = "Clause"  // a clause, by ClauseRef(code, clause)
	RefFinding RefKind = "Finding"
)

type location struct {
	file   string
	line   int
	column string
}

// Source is a dataset's files: a directory, or files held in memory
// (uploads, mutations).
type Source interface {
	// Names lists the file names present.
	Names() []string
	// Open opens one of them.
	Open(name string) (io.ReadCloser, error)
}

type dirSource struct {
	dir   string
	names []string
}

// Dir returns the dataset in directory dir: its .csv files (other files,
// such as a README, are ignored). BAD_INPUT when dir cannot be read.
func Dir(dir string) (Source, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, domain.Errorf(domain.BadInput, "cannot read dataset directory %s: %v", dir, err)
	}
	s := &dirSource{dir: dir}
	for _, e := range entries {
		if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".csv") {
			s.names = append(s.names, e.Name())
		}
	}
	return s, nil
}

func (s *dirSource) Names() []string { return s.names }

func (s *dirSource) Open(name string) (io.ReadCloser, error) {
	f, err := os.Open(filepath.Join(s.dir, name))
	if err != nil {
		return nil, domain.Errorf(domain.BadInput, "cannot open %s: %v", name, err)
	}
	return f, nil
}

// Mem is a dataset held in memory: file name -> contents.
type Mem map[string][]byte

// Names lists the files, sorted.
func (f Mem) Names() []string { return sortedKeys(f) }

// Open returns a reader of one file.
func (f Mem) Open(name string) (io.ReadCloser, error) {
	b, ok := f[name]
	if !ok {
		return nil, domain.Errorf(domain.BadInput, "no file %s", name)
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

// Summary describes a valid dataset.
type Summary struct {
	// Files lists the dataset's files in load order.
	Files []string
	// Rows counts the data rows per file.
	Rows map[string]int
	// Repeated counts per file the rows whose key an earlier row of the
	// file has (see Key): the later row replaces the earlier one.
	Repeated map[string]int
	// Warnings name each repeated row and the earlier row of its key. They
	// do not stop a load.
	Warnings Report
}

// TotalRows is the number of data rows of every file.
func (s *Summary) TotalRows() int {
	n := 0
	for _, r := range s.Rows {
		n += r
	}
	return n
}

// Lookup answers which ids already exist in the store.
type Lookup interface {
	// ExistingIDs returns the subset of ids that exist with the given label
	// ("Company", "Facility", "Code" or "Subject").
	ExistingIDs(ctx context.Context, label string, ids []string) (map[string]bool, error)
}

// Validate reads every file of src and checks every row, and every
// reference to an id the dataset does not define against lookup (nil: the
// database is empty). It keeps only ids in memory, so datasets of millions
// of rows validate in bounded memory. It returns a *ValidationError listing
// the problems (up to MaxIssues, with the total), ordered by file and line.
//
// A file that cannot be read as intended (missing, empty, a wrong or
// repeated column, malformed CSV) is reported, and the references into it
// that the dataset does not resolve are not checked: rather than an
// "unknown company" for every row that names one, a warning per file says
// how many rows were not checked and why.
func Validate(ctx context.Context, src Source, lookup Lookup) (*Summary, error) {
	return validate(ctx, src, lookup, true)
}

// ValidatePart is Validate for a part of a dataset: companies.csv is not
// required (mutations that add, say, supply links alone).
func ValidatePart(ctx context.Context, src Source, lookup Lookup) (*Summary, error) {
	return validate(ctx, src, lookup, false)
}

func validate(ctx context.Context, src Source, lookup Lookup, requireCompanies bool) (*Summary, error) {
	p := newParser(nil)
	sum := &Summary{Rows: p.rows, Repeated: p.repeated}
	present := map[string]bool{}
	for _, n := range src.Names() {
		present[n] = true
		if _, ok := schemas[n]; !ok {
			p.report.Add(n, 0, "", "unknown file (expected one of %s)", strings.Join(Files, ", "))
		}
	}
	if requireCompanies && !present[CompaniesFile] {
		p.report.Add(CompaniesFile, 0, "", "missing required file")
		p.broken[CompaniesFile] = true
	}
	for _, n := range Files {
		if !present[n] {
			continue
		}
		sum.Files = append(sum.Files, n)
		if err := p.readSource(ctx, src, n); err != nil {
			return nil, err
		}
	}
	if err := p.checkStore(ctx, lookup); err != nil {
		return nil, err
	}
	p.warnUnchecked()
	sortIssues(p.report.Issues)
	sortIssues(p.warnings.Issues)
	if p.report.Total > 0 {
		return nil, &ValidationError{Report: p.report, Warnings: p.warnings}
	}
	sum.Warnings = p.warnings
	return sum, nil
}

// Records calls fn with every record of one file of src, in file order: a
// domain.Company, domain.Facility, domain.Code, domain.CodeAccept,
// domain.SupplyLink, domain.Request, domain.Acknowledgment or
// domain.Finding. src must have passed Validate; fn's error stops the walk.
func Records(ctx context.Context, src Source, file string, fn func(rec any) error) error {
	p := newParser(fn)
	if err := p.readSource(ctx, src, file); err != nil {
		return err
	}
	if p.emitErr != nil {
		return p.emitErr
	}
	if err := p.report.Err(); err != nil {
		return err // the source changed since it was validated
	}
	return nil
}

func sortIssues(issues []Issue) {
	sort.SliceStable(issues, func(i, j int) bool {
		a, b := issues[i], issues[j]
		if a.File != b.File {
			return fileOrder(a.File) < fileOrder(b.File)
		}
		return a.Line < b.Line
	})
}

// checkStore resolves the references to ids the dataset does not define,
// and checks that its company and facility ids do not collide with
// facilities and companies already stored.
func (p *parser) checkStore(ctx context.Context, lookup Lookup) error {
	exists := func(label string, ids []string) (map[string]bool, error) {
		if lookup == nil {
			return map[string]bool{}, nil
		}
		return lookup.ExistingIDs(ctx, label, ids)
	}
	for _, kind := range []RefKind{RefCompany, RefCode, RefSubject, RefClause, RefFinding} {
		refs := p.unresolved[kind]
		if len(refs) == 0 {
			continue
		}
		ids := sortedKeys(refs)
		found, err := exists(string(kind), ids)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if !found[id] {
				loc := refs[id]
				what := strings.ToLower(string(kind))
				if kind == RefSubject {
					what = "company or facility"
				}
				if kind == RefClause {
					code, clause, _ := strings.Cut(id, "/")
					p.report.Add(loc.file, loc.line, loc.column, "unknown clause %q of code %q (neither in the dataset nor in the database)", clause, code)
					continue
				}
				p.report.Add(loc.file, loc.line, loc.column, "unknown %s %q (neither in the dataset nor in the database)", what, id)
			}
		}
	}
	for _, pair := range []struct {
		ids   map[string]int32
		file  string
		label string
		what  string
	}{{p.companies, CompaniesFile, "Facility", "facility"}, {p.facilities, FacilitiesFile, "Company", "company"}} {
		if len(pair.ids) == 0 {
			continue
		}
		ids := sortedKeys(pair.ids)
		found, err := exists(pair.label, ids)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if found[id] {
				p.report.Add(pair.file, int(pair.ids[id]), "id", "id %q is already used by a %s in the database (companies and facilities share one id space)", id, pair.what)
			}
		}
	}
	return nil
}

func fileOrder(name string) int {
	for i, f := range Files {
		if f == name {
			return i
		}
	}
	return len(Files)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// parser holds the state of reading one dataset. In validation mode (emit
// nil) it records issues and warnings, the ids the dataset defines (with
// the line that first defines them), the references it cannot resolve yet
// and the files it could not read; in emit mode it hands each record to
// emit.
type parser struct {
	report     Report
	warnings   Report
	rows       map[string]int
	companies  map[string]int32
	facilities map[string]int32
	codes      map[string]int32
	clauses    map[string]int32 // by ClauseRef
	findings   map[string]int32
	unresolved map[RefKind]map[string]location
	broken     map[string]bool
	unchecked  map[uncheckedKey]uncheckedRows
	// keys holds the current file's keys (hashed, see checkKey) with the
	// line that last had each; repeated counts the rows that repeat one.
	keys     map[[3]uint32]int32
	hash     [2]maphash.Hash
	repeated map[string]int
	emit     func(any) error
	emitErr  error
}

func newParser(emit func(any) error) *parser {
	return &parser{rows: map[string]int{}, companies: map[string]int32{}, facilities: map[string]int32{},
		codes: map[string]int32{}, clauses: map[string]int32{}, findings: map[string]int32{}, unresolved: map[RefKind]map[string]location{}, broken: map[string]bool{},
		unchecked: map[uncheckedKey]uncheckedRows{}, keys: map[[3]uint32]int32{}, repeated: map[string]int{}, emit: emit}
}

func (p *parser) readSource(ctx context.Context, src Source, name string) error {
	f, err := src.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return p.readFile(ctx, name, f)
}

// row gives typed access to one CSV record and records issues.
type row struct {
	p      *parser
	file   string
	line   int
	index  map[string]int
	fields []string
	bad    bool
}

func (r *row) get(col string) string {
	i, ok := r.index[col]
	if !ok {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

func (r *row) fail(col, format string, args ...any) {
	r.bad = true
	r.p.report.Add(r.file, r.line, col, format, args...)
}

// Longest text values, in characters: names, materials and other indexed or
// displayed text are kept short enough to index.
const (
	MaxName        = 500
	MaxShortText   = 200
	MaxDescription = 10000
)

func (r *row) str(col string, required bool) string {
	return r.text(col, required, MaxName)
}

func (r *row) text(col string, required bool, max int) string {
	v := r.get(col)
	if required && v == "" {
		r.fail(col, "missing required value")
	}
	if n := utf8.RuneCountInString(v); n > max {
		r.fail(col, "too long: %d characters, at most %d", n, max)
		return ""
	}
	return v
}

func (r *row) id(col string, required bool) string {
	v := r.get(col)
	if v == "" {
		if required {
			r.fail(col, "missing required value")
		}
		return ""
	}
	if !ValidID(v) {
		r.fail(col, "invalid id %q: want 1 to 128 characters of A-Z a-z 0-9 . _ : -", Truncate(v))
		return ""
	}
	return v
}

func (r *row) ref(col string, kind RefKind, required bool) string {
	v := r.id(col, required)
	if v != "" && r.p.emit == nil {
		r.p.resolve(kind, v, location{r.file, r.line, col}, r)
	}
	return v
}

func (r *row) date(col string, required bool) *domain.Date {
	v := r.get(col)
	if v == "" {
		if required {
			r.fail(col, "missing required value")
		}
		return nil
	}
	d, err := domain.ParseDate(v)
	if err != nil {
		r.fail(col, "invalid date %q: want YYYY-MM-DD", Truncate(v))
		return nil
	}
	return &d
}

func (r *row) integer(col string, required bool, lo, hi int) *int {
	v := r.get(col)
	if v == "" {
		if required {
			r.fail(col, "missing required value")
		}
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		if hi == math.MaxInt32 {
			r.fail(col, "invalid number %q: want a whole number >= %d", Truncate(v), lo)
		} else {
			r.fail(col, "invalid number %q: want a whole number from %d to %d", Truncate(v), lo, hi)
		}
		return nil
	}
	return &n
}

// decimalPattern is a number in decimal notation (strconv.ParseFloat also
// reads hexadecimal, underscores, Inf and NaN, which no spreadsheet writes).
var decimalPattern = regexp.MustCompile(`^\+?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

func (r *row) share(col string) *float64 {
	v := r.get(col)
	if v == "" {
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !decimalPattern.MatchString(v) || math.IsNaN(f) || f <= 0 || f > 1 {
		r.fail(col, "invalid share %q: want a number greater than 0 and at most 1", Truncate(v))
		return nil
	}
	return &f
}

func enum[T ~string](r *row, col string, required bool, def T, values []T) T {
	v := r.get(col)
	if v == "" {
		if required {
			r.fail(col, "missing required value")
		}
		return def
	}
	for _, x := range values {
		if string(x) == v {
			return x
		}
	}
	names := make([]string, len(values))
	for i, x := range values {
		names[i] = string(x)
	}
	r.fail(col, "invalid value %q: want one of %s", Truncate(v), strings.Join(names, ", "))
	return def
}

var countryPattern = regexp.MustCompile(`^[A-Z]{2}$`)

func (r *row) country(col string) string {
	v := r.get(col)
	if v != "" && !countryPattern.MatchString(v) {
		r.fail(col, "invalid country %q: want an ISO 3166-1 alpha-2 code such as JP", Truncate(v))
		return ""
	}
	return v
}

// Truncate shortens s to at most 80 bytes, on a character boundary, for
// quoting input in error messages.
func Truncate(s string) string {
	if len(s) <= 80 {
		return s
	}
	cut := 80
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// maxRowBytes bounds a row of a file, header included (the longest legal
// row holds a few descriptions of MaxDescription characters): the CSV
// reader holds a row whole before it returns it, so one 150 MB value took
// 800 MB of memory before it was refused as too long.
const maxRowBytes = 1 << 20

var errRowTooLong = errors.New("row too long")

// rowLimiter reads from r no further than limit (raised as rows are read).
type rowLimiter struct {
	r           io.Reader
	read, limit int64
}

func (l *rowLimiter) Read(b []byte) (int, error) {
	if l.read >= l.limit {
		return 0, errRowTooLong
	}
	if int64(len(b)) > l.limit-l.read {
		b = b[:l.limit-l.read]
	}
	n, err := l.r.Read(b)
	l.read += int64(n)
	return n, err
}

// rowSlack is what the CSV reader may read beyond the row it returns (its
// buffer).
const rowSlack = 64 << 10

func (p *parser) readFile(ctx context.Context, name string, src io.Reader) error {
	rep := &p.report
	lim := &rowLimiter{r: src, limit: maxRowBytes + rowSlack}
	cr := csv.NewReader(lim)
	cr.ReuseRecord = false
	tooLong := func(err error, line int) bool {
		if !errors.Is(err, errRowTooLong) {
			return false
		}
		rep.Add(name, line, "", "a row longer than %d bytes (a value may have at most %d characters)", maxRowBytes, MaxDescription)
		p.broken[name] = true
		return true
	}
	header, err := cr.Read()
	if tooLong(err, 1) {
		return nil
	}
	if err == io.EOF {
		rep.Add(name, 1, "", "empty file: a header row is required")
		p.broken[name] = true
		return nil
	}
	if err != nil {
		rep.Add(name, csvLine(err, 1), "", "%s", csvMessage(err))
		p.broken[name] = true
		return nil
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	known := map[string]bool{}
	for _, c := range schemas[name] {
		known[c.name] = true
	}
	index := map[string]int{}
	headerOK := true
	for i, h := range header {
		h = strings.TrimSpace(h)
		switch {
		case !known[h]:
			rep.Add(name, 1, h, "unknown column")
			headerOK = false
		case seen(index, h):
			rep.Add(name, 1, h, "duplicate column")
			headerOK = false
		default:
			index[h] = i
		}
	}
	for _, c := range schemas[name] {
		if _, ok := index[c.name]; c.required && !ok {
			rep.Add(name, 1, c.name, "missing required column")
			headerOK = false
		}
	}
	if !headerOK {
		p.broken[name] = true
		return nil
	}
	if p.emit == nil {
		clear(p.keys) // keeps the table's size: the next file's keys need not grow it again
	}
	lastLine := 1
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return domain.Wrap(domain.Timeout, ctx.Err(), "reading the dataset was cancelled")
		}
		lim.limit = cr.InputOffset() + maxRowBytes + rowSlack
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if tooLong(err, lastLine+1) {
			return nil
		}
		if err != nil {
			rep.Add(name, csvLine(err, 0), "", "%s", csvMessage(err))
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				continue
			}
			p.broken[name] = true // quoting errors leave the rest of the file unreadable
			return nil
		}
		line, _ := cr.FieldPos(0)
		lastLine, _ = cr.FieldPos(len(rec) - 1)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" && len(header) > 1 {
			continue // blank line
		}
		p.rows[name]++
		r := &row{p: p, file: name, line: line, index: index, fields: rec}
		for col, i := range index {
			if !utf8.ValidString(rec[i]) {
				r.fail(col, "invalid UTF-8")
			}
		}
		if r.bad {
			continue
		}
		p.parseRow(r)
		if p.emitErr != nil {
			return p.emitErr
		}
	}
}

func csvLine(err error, def int) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) && pe.Line > 0 {
		return pe.Line
	}
	return def
}

func csvMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return "wrong number of fields (the header has a different number of columns)"
		}
		return "malformed CSV: " + pe.Err.Error()
	}
	return "cannot read: " + err.Error()
}

func seen(index map[string]int, h string) bool {
	_, ok := index[h]
	return ok
}
