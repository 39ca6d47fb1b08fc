package dataset

import (
	"context"
	"encoding/csv"
	"errors"
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
)

// Files lists the dataset's files in load order (nodes before relationships).
var Files = []string{CompaniesFile, FacilitiesFile, CodesFile, CodeAcceptsFile,
	SupplyLinksFile, RequestsFile, AcknowledgmentsFile, FindingsFile}

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
}

// Columns returns the column names of a dataset file and which are required.
func Columns(file string) (names []string, required []bool) {
	for _, c := range schemas[file] {
		names = append(names, c.name)
		required = append(required, c.required)
	}
	return names, required
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,128}$`)

// ValidID reports whether s is a valid id: 1 to 128 characters of A-Z a-z 0-9 . _ : -
func ValidID(s string) bool { return idPattern.MatchString(s) }

// RefKind is what a reference points at.
type RefKind string

// Reference kinds.
const (
	RefCompany RefKind = "Company"
	RefCode    RefKind = "Code"
	RefSubject RefKind = "Subject" // a company or a facility
)

type location struct {
	file   string
	line   int
	column string
}

// Dataset is a parsed dataset, deduplicated by key (last row wins).
type Dataset struct {
	Companies       []domain.Company
	Facilities      []domain.Facility
	Codes           []domain.Code
	CodeAccepts     []domain.CodeAccept
	SupplyLinks     []domain.SupplyLink
	Requests        []domain.Request
	Acknowledgments []domain.Acknowledgment
	Findings        []domain.Finding

	// Rows counts the data rows read per file (before deduplication).
	Rows map[string]int

	refs    map[RefKind]map[string]location // references the dataset does not define
	defined map[string]location             // company and facility ids defined, for collisions
	report  Report
}

// Lookup answers which ids already exist in the store.
type Lookup interface {
	// ExistingIDs returns the subset of ids that exist with the given label
	// ("Company", "Facility", "Code" or "Subject").
	ExistingIDs(ctx context.Context, label string, ids []string) (map[string]bool, error)
}

// ReadDir reads and validates the dataset in dir. It returns a
// *ValidationError listing every problem it found (up to MaxIssues), with
// the dataset of the rows that were valid (for Check), or an error of kind
// BAD_INPUT when dir cannot be read.
func ReadDir(dir string) (*Dataset, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, domain.Errorf(domain.BadInput, "cannot read dataset directory %s: %v", dir, err)
	}
	files := map[string]io.Reader{}
	var closers []io.Closer
	defer func() {
		for _, c := range closers {
			c.Close()
		}
	}()
	for _, e := range entries {
		if e.IsDir() || !strings.EqualFold(filepath.Ext(e.Name()), ".csv") {
			continue
		}
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, domain.Errorf(domain.BadInput, "cannot open %s: %v", e.Name(), err)
		}
		closers = append(closers, f)
		files[e.Name()] = f
	}
	return Read(files)
}

// Read validates a dataset given as file name -> contents. Names other than
// the dataset's files are errors; companies.csv is required.
func Read(files map[string]io.Reader) (*Dataset, error) {
	d := &Dataset{Rows: map[string]int{}, refs: map[RefKind]map[string]location{}, defined: map[string]location{}}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if _, ok := schemas[n]; !ok {
			d.report.Add(n, 0, "", "unknown file (expected one of %s)", strings.Join(Files, ", "))
		}
	}
	if _, ok := files[CompaniesFile]; !ok {
		d.report.Add(CompaniesFile, 0, "", "missing required file")
	}
	p := &parser{d: d, companies: map[string]int{}, facilities: map[string]int{}, codes: map[string]int{}}
	for _, n := range Files {
		if r, ok := files[n]; ok {
			p.readFile(n, r)
		}
	}
	p.finish()
	if err := d.report.Err(); err != nil {
		return d, err
	}
	return d, nil
}

// ReadAndCheck reads the dataset in dir and checks it against the store:
// every problem of both steps in one report, ordered by file and line.
func ReadAndCheck(ctx context.Context, dir string, lookup Lookup) (*Dataset, error) {
	d, err := ReadDir(dir)
	var ve *ValidationError
	if err != nil && !errors.As(err, &ve) {
		return nil, err
	}
	if err := d.Check(ctx, lookup); err != nil {
		var ce *ValidationError
		if !errors.As(err, &ce) {
			return nil, err
		}
		merged := d.report
		for _, i := range ce.Report.Issues {
			merged.Add(i.File, i.Line, i.Column, "%s", i.Message)
		}
		merged.Total += ce.Report.Total - len(ce.Report.Issues)
		sortIssues(merged.Issues)
		return nil, merged.Err()
	}
	if ve != nil {
		return nil, err
	}
	return d, nil
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

// Check resolves the dataset's references to ids it does not define against
// the store, and checks that its company and facility ids do not collide with
// facilities and companies already stored. It returns a *ValidationError
// when something is missing or collides, or the lookup's error.
func (d *Dataset) Check(ctx context.Context, lookup Lookup) error {
	var rep Report
	for _, kind := range []RefKind{RefCompany, RefCode, RefSubject} {
		refs := d.refs[kind]
		if len(refs) == 0 {
			continue
		}
		ids := sortedKeys(refs)
		found, err := lookup.ExistingIDs(ctx, string(kind), ids)
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
				rep.Add(loc.file, loc.line, loc.column, "unknown %s %q (neither in the dataset nor in the database)", what, id)
			}
		}
	}
	// Company ids must not name stored facilities, nor facility ids stored companies.
	var companyIDs, facilityIDs []string
	for _, c := range d.Companies {
		companyIDs = append(companyIDs, c.ID)
	}
	for _, f := range d.Facilities {
		facilityIDs = append(facilityIDs, f.ID)
	}
	for _, pair := range []struct {
		ids   []string
		label string
		what  string
	}{{companyIDs, "Facility", "facility"}, {facilityIDs, "Company", "company"}} {
		if len(pair.ids) == 0 {
			continue
		}
		found, err := lookup.ExistingIDs(ctx, pair.label, pair.ids)
		if err != nil {
			return err
		}
		for _, id := range pair.ids {
			if found[id] {
				loc := d.defined[id]
				rep.Add(loc.file, loc.line, "id", "id %q is already used by a %s in the database (companies and facilities share one id space)", id, pair.what)
			}
		}
	}
	sortIssues(rep.Issues)
	return rep.Err()
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

// parser holds the state of reading one dataset.
type parser struct {
	d          *Dataset
	companies  map[string]int // id -> index in d.Companies
	facilities map[string]int
	codes      map[string]int
	pending    []pendingRef // references checked once every file is read
	k          *keyed
}

type pendingRef struct {
	kind RefKind
	id   string
	loc  location
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
	r.p.d.report.Add(r.file, r.line, col, format, args...)
}

func (r *row) str(col string, required bool) string {
	v := r.get(col)
	if required && v == "" {
		r.fail(col, "missing required value")
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
		r.fail(col, "invalid id %q: want 1 to 128 characters of A-Z a-z 0-9 . _ : -", truncate(v))
		return ""
	}
	return v
}

func (r *row) ref(col string, kind RefKind, required bool) string {
	v := r.id(col, required)
	if v != "" {
		r.p.pending = append(r.p.pending, pendingRef{kind, v, location{r.file, r.line, col}})
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
		r.fail(col, "invalid date %q: want YYYY-MM-DD", truncate(v))
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
			r.fail(col, "invalid number %q: want a whole number >= %d", truncate(v), lo)
		} else {
			r.fail(col, "invalid number %q: want a whole number from %d to %d", truncate(v), lo, hi)
		}
		return nil
	}
	return &n
}

func (r *row) share(col string) *float64 {
	v := r.get(col)
	if v == "" {
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || f <= 0 || f > 1 {
		r.fail(col, "invalid share %q: want a number greater than 0 and at most 1", truncate(v))
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
	r.fail(col, "invalid value %q: want one of %s", truncate(v), strings.Join(names, ", "))
	return def
}

var countryPattern = regexp.MustCompile(`^[A-Z]{2}$`)

func (r *row) country(col string) string {
	v := r.get(col)
	if v != "" && !countryPattern.MatchString(v) {
		r.fail(col, "invalid country %q: want an ISO 3166-1 alpha-2 code such as JP", truncate(v))
		return ""
	}
	return v
}

func truncate(s string) string {
	if len(s) <= 80 {
		return s
	}
	cut := 80
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

func (p *parser) readFile(name string, src io.Reader) {
	rep := &p.d.report
	cr := csv.NewReader(src)
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err == io.EOF {
		rep.Add(name, 1, "", "empty file: a header row is required")
		return
	}
	if err != nil {
		rep.Add(name, csvLine(err, 1), "", "%s", csvMessage(err))
		return
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
		return
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			rep.Add(name, csvLine(err, 0), "", "%s", csvMessage(err))
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				continue
			}
			return // quoting errors leave the rest of the file unreadable
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" && len(header) > 1 {
			continue // blank line
		}
		p.d.Rows[name]++
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
