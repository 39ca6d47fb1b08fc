// Package gen writes deterministic synthetic datasets in the bulk-load CSV
// format (docs/data-format.md), for tests and benchmarks: buyers, suppliers in 6
// to 10 tiers, smelters and mines, supply links with diamonds, cycles and
// dated links, codes of conduct with the cascade of their requests and
// acknowledgments, facilities and findings.
//
// The same Config gives byte-identical files. Rows are streamed to the
// files as they are drawn; the generator keeps only a few compact arrays per
// company, so a million companies (about four million rows) take seconds
// and tens of megabytes.
//
// Shape, for Companies = N (about 4.1 rows per company in all):
//
//   - companies: Buyers buyers B0001, B0002, ...; N/50 smelters SM0000001...
//     (all five metals, rmi_id CID000001..., RMAP statuses about 55%
//     CONFORMANT, 15% ACTIVE, 10% NON_CONFORMANT, 20% NOT_ENROLLED); N/100
//     mines M0000001...; the rest suppliers S0000001... in Tiers levels that
//     grow by 1.3 per level, numbered level by level. Ids are zero-padded
//     to 7 digits (more above 9,999,999 companies).
//   - supply links: every supplier, smelter and mine supplies 1 to 3
//     customers in the level below (tier-1 suppliers pick buyers with Zipf
//     weights, so B0001's chain is most of the graph), mostly near its
//     relative position in the level; 7% of those from tier 3 up also
//     supply a customer two levels below (diamonds); about 1% of links have
//     a reverse link (a cycle); 4% carry a second material. B0002 supplies B0001. Dates relative to
//     RefDate: about 4% ended, 2.5% not started, 3% ending later.
//   - facilities F0000001...: about one per four suppliers.
//   - codes: one per buyer (B0001-COC, ...) and the industry code RBA-COC,
//     which B0001-COC (and about half the others) accepts.
//   - requests and acknowledgments: buyers ask their direct suppliers (and
//     a few smelters); a covered company passes a code on to most of its
//     suppliers, a few uncovered ones do too; answers are current, old or
//     expired editions, RBA acknowledgments, late or missing, so coverage
//     falls tier by tier.
//   - findings FND0000001...: about one per ten companies, at companies and
//     facilities.
package gen

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"

	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// Defaults and limits of a Config.
const (
	DefaultBuyers = 3
	MaxBuyers     = 16
	MinTiers      = 6  // supplier tiers drawn from the seed: MinTiers to MaxTiers
	MaxTiers      = 10 // (an explicit Config.Tiers may be 1 to 20)
	// MaxDepth is the analysis depth used for Chain.WithinMaxDepth (the API default).
	MaxDepth = 10
)

// RefDate is the reference date ("asOf") the data is shaped around: some
// links end before it or start after it, some requests, acknowledgments and
// findings are dated after it.
const RefDate = "2026-06-01"

// Config says what to generate.
type Config struct {
	// Companies is the total number of companies, buyers, smelters and
	// mines included (at least MinCompanies).
	Companies int
	// Seed seeds the PCG generator: the same Config gives the same files.
	Seed uint64
	// Buyers is the number of buyers (1 to MaxBuyers; 0: DefaultBuyers).
	Buyers int
	// Tiers is the number of supplier tiers (0: MinTiers to MaxTiers, drawn
	// from the seed).
	Tiers int
}

// MinCompanies is the smallest Companies a Config may ask for.
const MinCompanies = 50

// Stats counts what Generate wrote.
type Stats struct {
	// Rows per file.
	Companies, Facilities, SupplyLinks, Codes, CodeAccepts, Requests, Acknowledgments, Findings int
	Clauses, Crosswalk, Citations, Actions                                                      int

	// Companies per kind, and the number of supplier tiers.
	Buyers, Suppliers, Smelters, Mines, Tiers int

	// Chain is the supply chain of the first buyer at RefDate.
	Chain Chain
}

// Chain describes a focal company's supply chain at a date (docs/analysis.md:
// active links only, tier = fewest edges to the focal company).
type Chain struct {
	Focal string
	AsOf  string
	// Companies in the chain at any depth, and the deepest tier.
	Companies, Tiers int
	// PerTier[n-1] is the number of companies at tier n.
	PerTier []int
	// WithinMaxDepth counts the companies at tier <= MaxDepth.
	WithinMaxDepth int
}

// FileRows is the row count of one file.
type FileRows struct {
	File string
	Rows int
}

// Files lists the rows per file, in dataset.Files order.
func (s Stats) Files() []FileRows {
	by := map[string]int{
		dataset.CompaniesFile: s.Companies, dataset.FacilitiesFile: s.Facilities, dataset.CodesFile: s.Codes,
		dataset.CodeAcceptsFile: s.CodeAccepts, dataset.SupplyLinksFile: s.SupplyLinks, dataset.RequestsFile: s.Requests,
		dataset.AcknowledgmentsFile: s.Acknowledgments, dataset.FindingsFile: s.Findings,
		dataset.ClausesFile: s.Clauses, dataset.ClauseCrosswalkFile: s.Crosswalk, dataset.FindingClausesFile: s.Citations,
		dataset.ActionsFile: s.Actions,
	}
	out := make([]FileRows, 0, len(dataset.Files))
	for _, f := range dataset.Files {
		out = append(out, FileRows{f, by[f]})
	}
	return out
}

// TotalRows is the number of data rows of every file.
func (s Stats) TotalRows() int {
	return s.Companies + s.Facilities + s.SupplyLinks + s.Codes + s.CodeAccepts + s.Requests + s.Acknowledgments + s.Findings +
		s.Clauses + s.Crosswalk + s.Citations + s.Actions
}

// Generate writes the dataset of cfg into dir (created if missing; the
// eight files are overwritten).
func Generate(cfg Config, dir string) (Stats, error) {
	return GenerateContext(context.Background(), cfg, dir)
}

// GenerateContext is Generate, stopping with ctx's error when ctx is done
// (the files are then incomplete).
func GenerateContext(ctx context.Context, cfg Config, dir string) (Stats, error) {
	g, err := newGenerator(cfg)
	if err != nil {
		return Stats{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Stats{}, err
	}
	g.alloc()
	if err := g.open(dir); err != nil {
		g.closeAll()
		return Stats{}, err
	}
	runErr := g.run(ctx)
	if err := errors.Join(runErr, g.closeAll()); err != nil {
		return Stats{}, err
	}
	return g.stats(), nil
}

// Check reports whether cfg is valid; Generate checks it too.
func (cfg Config) Check() error {
	_, err := newGenerator(cfg)
	return err
}

// Dates used by the generator, as days since 1970-01-01.
var (
	ref      = day(RefDate)
	d2010    = day("2010-01-01")
	d2015    = day("2015-01-01")
	d2021    = day("2021-01-01")
	d2022    = day("2022-01-01")
	d2023    = day("2023-01-01")
	d2023end = day("2023-12-31")
	d2024    = day("2024-01-01")
	d2025mid = day("2025-06-30")
	d2026end = day("2026-12-31")
	d2027end = day("2027-12-31")
	d2029end = day("2029-12-31")
)

func day(s string) int32 {
	d, err := domain.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return int32(d)
}

var shares = []string{"", "1", "0.5", "0.25", "0.3", "0.7", "0.15"}

var rmapStatuses = []string{"CONFORMANT", "ACTIVE", "NON_CONFORMANT", "NOT_ENROLLED"}

type codeInfo struct {
	id                  string
	edition, minEdition int
	validDays           int32 // 0: never expires
}

type ackRec struct {
	code    int // index in generator.codes; rba is the industry code
	edition int
	date    int32
}

type generator struct {
	r      *rand.Rand
	n, nB  int // companies, buyers
	nT     int // supplier tiers
	width  int // digits of zero-padded ids
	starts []int32
	// starts[L] is the first company of level L: level 0 the buyers,
	// 1..nT the supplier tiers, nT+1 the smelters, nT+2 the mines;
	// starts[nT+3] == n.

	smelterMetal []uint8
	byMetal      [numMetals][]int32 // smelters per metal
	buyerCum     []float64          // cumulative Zipf weights of the buyers

	codes      []codeInfo // one per buyer, then the industry code
	rba        int        // index of the industry code in codes
	acceptsRBA []bool

	// pass[c*nB+b] says whether company c passes code b on to its
	// suppliers: 0 no; > 0 yes, being covered, from that date; < 0 yes,
	// without being covered, from minus that date.
	pass []int32

	companies, facilities, codesF, accepts, links, requests, acks, findings *dataset.FileWriter
	remedyState
	files           []*os.File
	idBuf           []byte // to format ids in
	facSeq, findSeq int

	edgeSup, edgeCus []int32 // active edges at RefDate

	// per-company scratch
	cust   []int32
	reqMin []int32
	ackBuf []ackRec
	facs   []int
}

func newGenerator(cfg Config) (*generator, error) {
	nB := cfg.Buyers
	if nB == 0 {
		nB = DefaultBuyers
	}
	if nB < 1 || nB > MaxBuyers {
		return nil, fmt.Errorf("buyers: %d, want 1 to %d", cfg.Buyers, MaxBuyers)
	}
	if cfg.Companies < MinCompanies {
		return nil, fmt.Errorf("companies: %d, want at least %d", cfg.Companies, MinCompanies)
	}
	if cfg.Companies > 1e8 {
		return nil, fmt.Errorf("companies: %d, want at most 100000000", cfg.Companies)
	}
	if cfg.Tiers < 0 || cfg.Tiers > 20 {
		return nil, fmt.Errorf("tiers: %d, want 1 to 20 (0: drawn from the seed)", cfg.Tiers)
	}
	g := &generator{r: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)), n: cfg.Companies, nB: nB}
	g.r2 = rand.New(rand.NewPCG(cfg.Seed^0x5bd1e995, cfg.Seed))
	g.nT = cfg.Tiers
	if g.nT == 0 {
		g.nT = MinTiers + g.r.IntN(MaxTiers-MinTiers+1)
	}
	g.width = max(7, len(fmt.Sprint(g.n)))

	nSmelt := max(5, g.n/50)
	nMine := max(2, g.n/100)
	nSupp := g.n - nB - nSmelt - nMine
	if nSupp < 2*g.nT {
		return nil, fmt.Errorf("companies: %d is too few for %d buyers and %d tiers", g.n, nB, g.nT)
	}
	// Tier sizes grow by a factor 1.3 per tier, each tier at least one company.
	weights := make([]float64, g.nT)
	sum := 0.0
	for t := range weights {
		w := 1.0
		for range t {
			w *= 1.3
		}
		weights[t] = w
		sum += w
	}
	sizes := make([]int, g.nT)
	left := nSupp - g.nT
	used := 0
	for t := range sizes {
		sizes[t] = 1 + int(float64(left)*weights[t]/sum)
		used += sizes[t]
	}
	sizes[g.nT-1] += nSupp - used
	g.starts = make([]int32, 0, g.nT+4)
	pos := 0
	g.starts = append(g.starts, 0)
	pos += nB
	for _, s := range sizes {
		g.starts = append(g.starts, int32(pos))
		pos += s
	}
	g.starts = append(g.starts, int32(pos)) // smelters
	pos += nSmelt
	g.starts = append(g.starts, int32(pos)) // mines
	pos += nMine
	g.starts = append(g.starts, int32(pos))

	g.buyerCum = make([]float64, nB)
	acc := 0.0
	for b := range nB {
		acc += 1 / float64(b+1)
		g.buyerCum[b] = acc
	}
	return g, nil
}

// alloc allocates the per-company state.
func (g *generator) alloc() {
	g.smelterMetal = make([]uint8, 0, g.size(g.nT+1))
	g.pass = make([]int32, g.n*g.nB)
	g.reqMin = make([]int32, g.nB)
	g.edgeSup = make([]int32, 0, 2*g.n)
	g.edgeCus = make([]int32, 0, 2*g.n)
}

func (g *generator) open(dir string) error {
	var err error
	mk := func(name string) *dataset.FileWriter {
		if err != nil {
			return nil
		}
		var f *os.File
		if f, err = os.Create(filepath.Join(dir, name)); err != nil {
			return nil
		}
		g.files = append(g.files, f)
		var w *dataset.FileWriter
		w, err = dataset.NewFileWriter(f, name)
		return w
	}
	g.companies = mk(dataset.CompaniesFile)
	g.facilities = mk(dataset.FacilitiesFile)
	g.codesF = mk(dataset.CodesFile)
	g.accepts = mk(dataset.CodeAcceptsFile)
	g.links = mk(dataset.SupplyLinksFile)
	g.requests = mk(dataset.RequestsFile)
	g.acks = mk(dataset.AcknowledgmentsFile)
	g.findings = mk(dataset.FindingsFile)
	g.clausesF = mk(dataset.ClausesFile)
	g.crosswalkF = mk(dataset.ClauseCrosswalkFile)
	g.citesF = mk(dataset.FindingClausesFile)
	g.actionsF = mk(dataset.ActionsFile)
	return err
}

func (g *generator) closeAll() error {
	var errs []error
	for _, w := range []*dataset.FileWriter{g.companies, g.facilities, g.codesF, g.accepts, g.links, g.requests, g.acks, g.findings,
		g.clausesF, g.crosswalkF, g.citesF, g.actionsF} {
		if w != nil {
			errs = append(errs, w.Flush())
		}
	}
	for _, f := range g.files {
		errs = append(errs, f.Close())
	}
	return errors.Join(errs...)
}

func (g *generator) stats() Stats {
	nT := g.nT
	s := Stats{
		Companies: g.companies.Rows(), Facilities: g.facilities.Rows(), SupplyLinks: g.links.Rows(),
		Codes: g.codesF.Rows(), CodeAccepts: g.accepts.Rows(), Requests: g.requests.Rows(),
		Acknowledgments: g.acks.Rows(), Findings: g.findings.Rows(),
		Clauses: g.clausesF.Rows(), Crosswalk: g.crosswalkF.Rows(), Citations: g.citesF.Rows(), Actions: g.actionsF.Rows(),
		Buyers: g.nB, Suppliers: int(g.starts[nT+1] - g.starts[1]), Smelters: g.size(nT + 1), Mines: g.size(nT + 2),
		Tiers: nT,
	}
	s.Chain = g.chain(0)
	return s
}

// Levels and ids.

func (g *generator) size(level int) int { return int(g.starts[level+1] - g.starts[level]) }

func (g *generator) appendCompanyID(b []byte, i int32) []byte {
	smelt, mine := g.starts[g.nT+1], g.starts[g.nT+2]
	switch {
	case int(i) < g.nB:
		return appendID(b, "B", int(i)+1, 4)
	case i < smelt:
		return appendID(b, "S", int(i)-g.nB+1, g.width)
	case i < mine:
		return appendID(b, "SM", int(i-smelt)+1, g.width)
	default:
		return appendID(b, "M", int(i-mine)+1, g.width)
	}
}

// appendID appends prefix followed by n zero-padded to width digits.
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

func (g *generator) companyID(i int32) string { return string(g.appendCompanyID(nil, i)) }

// cid writes the id of company i.
func (g *generator) cid(f *dataset.FileWriter, i int32) {
	g.idBuf = g.appendCompanyID(g.idBuf[:0], i)
	f.ID(g.idBuf)
}

// id writes prefix followed by n zero-padded to width digits.
func (g *generator) id(f *dataset.FileWriter, prefix string, n, width int) {
	g.idBuf = appendID(g.idBuf[:0], prefix, n, width)
	f.ID(g.idBuf)
}

// optDate writes d, or an empty field when d is 0.
func optDate(f *dataset.FileWriter, d int32) {
	if d == 0 {
		f.Empty()
		return
	}
	f.Date(domain.Date(d))
}

// Random helpers.

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

// between returns a date from lo to hi, both included.
func (g *generator) between(lo, hi int32) int32 { return lo + int32(g.r.IntN(int(hi-lo)+1)) }

func pickStr(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

// local picks an index in [0, nTo) for the j-th of nFrom companies: mostly
// near the same relative position (suppliers of similar customers overlap,
// giving diamonds), sometimes anywhere.
func (g *generator) local(j, nFrom, nTo int) int {
	if nTo == 1 {
		return 0
	}
	if g.r.Float64() < 0.75 {
		center := int((2*int64(j) + 1) * int64(nTo) / (2 * int64(nFrom)))
		w := max(1, nTo/25)
		x := (center + g.r.IntN(2*w+1) - w) % nTo
		if x < 0 {
			x += nTo
		}
		return x
	}
	return g.r.IntN(nTo)
}

func (g *generator) pickBuyer() int32 {
	u := g.r.Float64() * g.buyerCum[g.nB-1]
	for b, c := range g.buyerCum {
		if u < c {
			return int32(b)
		}
	}
	return int32(g.nB - 1)
}

func (g *generator) hasCustomer(c int32) bool {
	for _, x := range g.cust {
		if x == c {
			return true
		}
	}
	return false
}

func (g *generator) numCustomers() int {
	u := g.r.Float64()
	switch {
	case u < 0.5:
		return 1
	case u < 0.82:
		return 2
	}
	return 3
}

// run writes every file.
func (g *generator) run(ctx context.Context) error {
	g.writeCodes()
	g.writeClauses()
	for L := 0; L < len(g.starts)-1; L++ {
		for i := g.starts[L]; i < g.starts[L+1]; i++ {
			if i%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			g.company(L, i)
		}
	}
	return nil
}

func (g *generator) writeCodes() {
	r := g.r
	for b := range g.nB {
		ed := 3 + r.IntN(5)
		c := codeInfo{id: g.companyID(int32(b)) + "-COC", edition: ed, minEdition: ed}
		minCol := 0
		u := r.Float64()
		switch {
		case b == 0 || u < 0.35:
			c.minEdition, minCol = ed-1, ed-1
		case u < 0.8:
			minCol = ed
		}
		u = r.Float64()
		switch {
		case b == 0 || u < 0.5:
			c.validDays = 1095
		case u < 0.75:
			c.validDays = 730
		}
		g.codes = append(g.codes, c)
		f := g.codesF
		f.Str(c.id)
		g.cid(f, int32(b))
		f.Str(buyerName(b) + " Supplier Code of Conduct")
		f.Int(ed)
		f.Date(domain.Date(g.between(d2022, d2025mid)))
		if minCol > 0 {
			f.Int(minCol)
		} else {
			f.Empty()
		}
		if c.validDays > 0 {
			f.Int(int(c.validDays))
		} else {
			f.Empty()
		}
		f.End()
	}
	g.rba = len(g.codes)
	g.codes = append(g.codes, codeInfo{id: "RBA-COC", edition: 8, minEdition: 8})
	g.codesF.Row("RBA-COC", "", "Responsible Business Alliance Code of Conduct", "8", "2024-01-01", "8", "")

	g.acceptsRBA = make([]bool, g.nB)
	for b := range g.nB {
		if b == 0 || g.chance(0.5) {
			g.acceptsRBA[b] = true
			g.accepts.Row(g.codes[b].id, "RBA-COC")
		}
	}
}

func buyerName(b int) string {
	if b < len(buyerNames) {
		return buyerNames[b]
	}
	return fmt.Sprintf("Buyer Group %d", b+1)
}

const (
	kindBuyer = iota
	kindSupplier
	kindSmelter
	kindMine
)

func (g *generator) kindOf(level int) int {
	switch {
	case level == 0:
		return kindBuyer
	case level <= g.nT:
		return kindSupplier
	case level == g.nT+1:
		return kindSmelter
	}
	return kindMine
}

// company writes company i of the given level with its facilities, the
// links to its customers, the requests it receives, its acknowledgments
// and its findings.
func (g *generator) company(level int, i int32) {
	r := g.r
	kind := g.kindOf(level)
	f := g.companies
	g.cid(f, i)
	var name, country string
	metal := -1 // smelters and mines
	switch kind {
	case kindBuyer:
		name, country = buyerName(int(i)), buyerCountries[int(i)%len(buyerCountries)]
		f.Row(name, "BUYER", country, "COMPLETE", "", "", "")
	case kindSupplier:
		name = pickStr(r, namePrefixes) + " " + pickStr(r, nameIndustries) + " " + pickStr(r, nameSuffixes)
		country = pickStr(r, supplierCountries)
		// Disclosure thins out upstream: 70% COMPLETE at tier 1, 20% at the top tier.
		pc := 0.7
		if g.nT > 1 {
			pc -= 0.5 * float64(level-1) / float64(g.nT-1)
		}
		disclosure := "NONE"
		switch u := r.Float64(); {
		case u < pc:
			disclosure = "COMPLETE"
		case u < pc+(1-pc)/2:
			disclosure = "PARTIAL"
		}
		f.Row(name, "SUPPLIER", country, disclosure, "", "", "")
	case kindSmelter:
		k := int(i - g.starts[level])
		metal = r.IntN(numMetals)
		if k < numMetals {
			metal = k
		}
		status := weightedRMAP(r.Float64())
		if k < len(rmapStatuses) {
			status = k
		}
		g.smelterMetal = append(g.smelterMetal, uint8(metal))
		g.byMetal[metal] = append(g.byMetal[metal], i)
		name = pickStr(r, namePrefixes) + " " + smelterWords[metal]
		country = pickStr(r, smelterCountries)
		f.Row(name, "SMELTER", country, []string{"COMPLETE", "PARTIAL", "NONE", "NONE"}[status], metalNames[metal],
			string(appendID(nil, "CID", k+1, 6)), rmapStatuses[status])
	case kindMine:
		// A mine digs the ore of one metal that some smelter refines.
		metal = int(g.smelterMetal[r.IntN(len(g.smelterMetal))])
		name = pickStr(r, namePrefixes) + " " + capitalize(metalOres[metal]) + " Mine"
		country = pickStr(r, mineCountries)
		f.Row(name, "MINE", country, "", metalNames[metal], "", "")
	}

	// Facilities: about one per four suppliers.
	g.facs = g.facs[:0]
	if kind == kindSupplier {
		nf := 0
		if u := r.Float64(); u >= 0.97 {
			nf = 2
		} else if u >= 0.78 {
			nf = 1
		}
		for range nf {
			g.facSeq++
			g.facs = append(g.facs, g.facSeq)
			t := 0
			switch u := r.Float64(); {
			case u < 0.5:
				t = 0
			case u < 0.7:
				t = 1
			case u < 0.85:
				t = 2
			default:
				t = 3
			}
			fc := country
			if g.chance(0.15) {
				fc = pickStr(r, supplierCountries)
			}
			ff := g.facilities
			g.id(ff, "F", g.facSeq, g.width)
			g.cid(ff, i)
			ff.Row(name+" "+facilityNames[t], fc, facilityTypes[t])
		}
	}

	// Customers: 1 to 3 in the level below, sometimes one two levels below
	// (a diamond: paths of unequal length).
	g.cust = g.cust[:0]
	nNormal := 0
	j := int(i - g.starts[level])
	switch {
	case kind == kindBuyer:
		if i == 1 {
			g.cust = append(g.cust, 0) // the second buyer supplies the first
		}
		nNormal = len(g.cust)
	case kind == kindMine:
		list := g.byMetal[metal]
		k := min(g.numCustomers(), len(list))
		for len(g.cust) < k {
			if c := list[g.local(j, g.size(level), len(list))]; !g.hasCustomer(c) {
				g.cust = append(g.cust, c)
			}
		}
		nNormal = len(g.cust)
	case level == 1:
		k := min(g.numCustomers(), g.nB)
		for len(g.cust) < k {
			if c := g.pickBuyer(); !g.hasCustomer(c) {
				g.cust = append(g.cust, c)
			}
		}
		nNormal = len(g.cust)
	default:
		to := level - 1
		k := min(g.numCustomers(), g.size(to))
		for len(g.cust) < k {
			if c := g.starts[to] + int32(g.local(j, g.size(level), g.size(to))); !g.hasCustomer(c) {
				g.cust = append(g.cust, c)
			}
		}
		nNormal = len(g.cust)
		if level >= 3 && g.chance(0.07) {
			to := level - 2
			g.cust = append(g.cust, g.starts[to]+int32(g.local(j, g.size(level), g.size(to))))
		}
	}

	for idx, c := range g.cust {
		mat, alt := g.materials(kind, metal)
		g.link(i, c, mat, false)
		if alt != "" && g.chance(0.04) {
			g.link(i, c, alt, false) // a second material: w(u,v) is the larger share
		}
		// A cycle: the customer also supplies this company (fixtures, scrap).
		if idx < nNormal && level >= 2 && level <= g.nT+1 && g.chance(0.012) {
			back := pickStr(r, backMaterials)
			if kind == kindSmelter {
				back = "recycled scrap"
			}
			g.link(c, i, back, true)
		}
	}

	g.cascade(kind, i)

	// Findings: about one per ten companies, counting facility findings.
	if g.chance(0.08) {
		g.finding(kind, i, 0)
	}
	for _, fac := range g.facs {
		if g.chance(0.12) {
			g.finding(kind, i, fac)
		}
	}
}

func weightedRMAP(u float64) int {
	switch {
	case u < 0.55:
		return 0
	case u < 0.7:
		return 1
	case u < 0.8:
		return 2
	}
	return 3
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// materials returns the material of a link from a company of the given
// kind (and metal, for smelters and mines), and another material it may
// supply to the same customer as well ("" for none).
func (g *generator) materials(kind, metal int) (string, string) {
	r := g.r
	switch kind {
	case kindBuyer:
		return "OEM modules", ""
	case kindSmelter:
		p := metalProducts[metal]
		if r.IntN(2) == 0 {
			return p[0], p[1]
		}
		return p[1], p[0]
	case kindMine:
		return metalOres[metal], ""
	}
	n := len(supplierMaterials)
	a := r.IntN(n)
	b := (a + 1 + r.IntN(n-1)) % n
	return supplierMaterials[a], supplierMaterials[b]
}

// link writes one supply link; cycle links are always active.
func (g *generator) link(sup, cus int32, material string, cycle bool) {
	r := g.r
	var since, until int32
	if cycle {
		since = g.between(d2015, ref-1)
	} else {
		switch u := r.Float64(); {
		case u < 0.2: // no start date
		case u < 0.225:
			since = g.between(ref+1, d2027end) // not started yet
		case u < 0.228:
			since = ref // starts on the reference date: active
		default:
			since = g.between(d2010, ref-1)
		}
		v := r.Float64()
		switch {
		case since > ref:
			if v < 0.2 {
				until = since + 30 + int32(r.IntN(900))
			}
		case v < 0.04: // ended, on or before the reference date
			until = g.between(max(since, d2015), ref)
		case v < 0.07:
			until = g.between(ref+1, d2029end)
		}
	}
	f := g.links
	g.cid(f, sup)
	g.cid(f, cus)
	f.Str(material)
	optDate(f, since)
	optDate(f, until)
	f.Str(shares[r.IntN(len(shares))])
	f.End()
	if (since == 0 || since <= ref) && (until == 0 || until > ref) {
		g.edgeSup = append(g.edgeSup, sup)
		g.edgeCus = append(g.edgeCus, cus)
	}
}

// buyerRequestDate is when a buyer asks a supplier: mostly 2024 to the
// reference date, some earlier, some after it.
func (g *generator) buyerRequestDate() int32 {
	switch u := g.r.Float64(); {
	case u < 0.72:
		return g.between(d2024, ref-1)
	case u < 0.92:
		return g.between(d2021, d2023end)
	case u < 0.995:
		return g.between(ref+1, d2026end)
	}
	return ref
}

func (g *generator) request(requester, supplier int32, code int, date int32) {
	f := g.requests
	g.cid(f, requester)
	g.cid(f, supplier)
	f.Str(g.codes[code].id)
	f.Date(domain.Date(date))
	f.End()
	if m := g.reqMin[code]; m == 0 || date < m {
		g.reqMin[code] = date
	}
}

// cascade writes the requests company i receives from its customers (and,
// for smelters, directly from buyers), its acknowledgments, and decides
// whether it passes each code on.
func (g *generator) cascade(kind int, i int32) {
	r := g.r
	nB := g.nB
	for b := range g.reqMin {
		g.reqMin[b] = 0
	}
	for _, c := range g.cust {
		for b := range nB {
			if int(c) == b {
				// A buyer asks its own suppliers.
				if g.chance(0.93) {
					g.request(c, i, b, g.buyerRequestDate())
				}
			} else if pd := g.pass[int(c)*nB+b]; pd != 0 {
				if g.chance(0.85) {
					if pd < 0 {
						pd = -pd
					}
					g.request(c, i, b, pd+3+int32(r.IntN(43)))
				}
			}
		}
	}
	if kind == kindSmelter {
		for b := range nB {
			if g.chance(0.04) { // conflict-minerals programmes ask smelters directly
				g.request(int32(b), i, b, g.buyerRequestDate())
			}
		}
	}

	// Acknowledgments.
	g.ackBuf = g.ackBuf[:0]
	rbaDone := false
	for b := range nB {
		if int(i) == b {
			continue // a buyer's own code
		}
		code := g.codes[b]
		rq := g.reqMin[b]
		if rq == 0 {
			if kind != kindBuyer && g.chance(0.006) { // acknowledged unasked
				g.ack(i, b, code.minEdition+r.IntN(code.edition-code.minEdition+1), g.between(d2023, ref-1))
			}
			continue
		}
		d := rq + 3 + int32(r.IntN(58))
		cur := code.minEdition + r.IntN(code.edition-code.minEdition+1)
		ed := -1
		switch u := r.Float64(); {
		case u < 0.62:
			ed = cur
		case u < 0.7: // an edition no longer accepted
			ed = max(1, code.minEdition-1-r.IntN(2))
		case u < 0.76:
			if !rbaDone {
				rbaDone = true
				e := 8
				if g.chance(0.2) {
					e = 7 // not accepted by the RBA code itself
				}
				g.ack(i, g.rba, e, d)
			} else {
				ed = cur
			}
		case u < 0.79: // answered after the reference date
			ed, d = cur, max(d, ref+1+int32(r.IntN(200)))
		}
		if ed > 0 {
			g.ack(i, b, ed, d)
			if g.chance(0.08) { // an older acknowledgment on file too
				g.ack(i, b, max(1, ed-1), d-300-int32(r.IntN(700)))
			}
		}
	}
	if !rbaDone && kind != kindBuyer && kind != kindMine && g.chance(0.03) {
		e := 8
		if g.chance(0.15) {
			e = 7
		}
		g.ack(i, g.rba, e, g.between(d2023, ref-1)) // an RBA member
	}

	// Status at the reference date per code, and whether to pass it on.
	for b := range nB {
		if int(i) == b {
			continue
		}
		covered, latest := false, int32(0)
		for _, a := range g.ackBuf {
			if a.date > ref || (a.code != b && !(a.code == g.rba && g.acceptsRBA[b])) {
				continue
			}
			k := g.codes[a.code]
			if a.edition >= k.minEdition && (k.validDays == 0 || ref < a.date+k.validDays) {
				covered = true
				latest = max(latest, a.date)
			}
		}
		switch {
		case covered && g.chance(0.85):
			g.pass[int(i)*nB+b] = latest
		case !covered && g.reqMin[b] != 0 && g.chance(0.06):
			g.pass[int(i)*nB+b] = -(g.reqMin[b] + 20 + int32(r.IntN(100)))
		}
	}
}

func (g *generator) ack(i int32, code, edition int, date int32) {
	g.ackBuf = append(g.ackBuf, ackRec{code, edition, date})
	r := g.r
	f := g.acks
	g.cid(f, i)
	f.Str(g.codes[code].id)
	f.Int(edition)
	f.Date(domain.Date(date))
	if g.chance(0.1) {
		f.Empty()
	} else {
		f.Str(string(rune('A'+r.IntN(26))) + ". " + pickStr(r, surnames) + pickStr(r, signatoryRoles))
	}
	f.End()
}

// finding writes a finding at company i, or at its facility fac (> 0).
func (g *generator) finding(kind int, i int32, fac int) {
	r := g.r
	g.findSeq++
	f := g.findings
	g.id(f, "FND", g.findSeq, g.width)
	if fac > 0 {
		g.id(f, "F", fac, g.width)
	} else {
		g.cid(f, i)
	}
	cat := r.IntN(len(categories))
	minerals := kind == kindSmelter || kind == kindMine
	if minerals && g.chance(0.5) {
		cat = catResponsibleMinerals
	}
	f.Str(categories[cat])
	f.Int(1 + r.IntN(5))
	f.Int(1 + r.IntN(5))
	status := "OPEN"
	switch u := r.Float64(); {
	case u < 0.45:
	case u < 0.7:
		status = "REMEDIATING"
	default:
		status = "CLOSED"
	}
	f.Str(status)
	switch {
	case cat == catResponsibleMinerals && minerals && g.chance(0.6):
		f.Str("RMAP")
	case g.chance(0.05):
		f.Empty() // defaults to OTHER
	default:
		f.Str(findingSources[r.IntN(len(findingSources))])
	}
	detected := g.between(d2023, d2026end)
	f.Date(domain.Date(detected))
	var closed int32
	switch {
	case status == "CLOSED" && g.chance(0.8):
		closed = detected + 1 + int32(r.IntN(500))
	case status == "REMEDIATING" && g.chance(0.03):
		closed = detected + 1 + int32(r.IntN(300))
	}
	optDate(f, closed)
	f.Str(descriptions[cat][r.IntN(len(descriptions[cat]))])
	f.End()
	g.remedy(i, cat, detected, closed, status)
}

// chain computes the supply chain of company focal from the active edges.
func (g *generator) chain(focal int32) Chain {
	// Each company's suppliers, in compressed form (see analysis.BFS).
	start := make([]int32, g.n+1)
	for _, c := range g.edgeCus {
		start[c+1]++
	}
	for k := 1; k <= g.n; k++ {
		start[k] += start[k-1]
	}
	next := make([]int32, len(g.edgeSup))
	fill := slices.Clone(start[:g.n])
	for e, c := range g.edgeCus {
		next[fill[c]] = g.edgeSup[e]
		fill[c]++
	}
	dist := fill // reused: -1 unseen
	for k := range dist {
		dist[k] = -1
	}
	ch := Chain{Focal: g.companyID(focal), AsOf: RefDate}
	for _, v := range analysis.BFS(focal, g.n, start, next, dist) {
		t := int(dist[v])
		for len(ch.PerTier) < t {
			ch.PerTier = append(ch.PerTier, 0)
		}
		ch.PerTier[t-1]++
		ch.Companies++
		if t <= MaxDepth {
			ch.WithinMaxDepth++
		}
	}
	ch.Tiers = len(ch.PerTier)
	return ch
}
