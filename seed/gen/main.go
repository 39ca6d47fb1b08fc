// Command gen writes the demo dataset of the supply-chain graph explorer: a
// fictional supply chain of the Hitachi Group and NEC down to smelters and
// mines, with the cascade of their supplier codes of conduct and risk
// findings, in the bulk-load CSV format (one file per entity), and, in
// seed/demo/minerals, the CMRT and EMRT declarations and dated RMAP statuses
// make run imports after the load (minerals.go).
//
//	go run ./seed/gen -out seed/demo
//
// The output is byte-for-byte deterministic for a given -seed.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/dataset"
)

// DefaultSeed is the seed of the committed demo dataset.
const DefaultSeed = 20250501

// refDate is the reference date of the story: "today" for the demo.
const refDate = "2026-06-01"

// Levels of companies in the generated graph (design levels; the tier of a
// company is computed from the links).
const (
	lvBuyer   = 0
	lvPartner = 1
	lvComp    = 2
	lvPart    = 3
	lvMat     = 4
	lvSmelter = 5
	lvTrader  = 6
	lvMine    = 7
)

type company struct {
	ID, Name, Kind, Country, Disclosure, Metal, RMIID, RMAP string

	level   int
	product string
	inputs  []string
	stem    string
	signer  string
	buyers  []string
}

type facility struct{ ID, CompanyID, Name, Country, Type string }

type link struct{ Sup, Cus, Mat, Since, Until, Share string }

type code struct {
	ID, Issuer, Title string
	Edition           int
	Issued            string
	MinEdition        string
	ValidDays         string
}

type request struct{ Req, Sup, Code, Date string }

type ack struct {
	Company, Code string
	Edition       int
	Date, Signer  string
}

type finding struct {
	ID, Subject, Category                   string
	Sev, Lik                                int
	Status, Source, Detected, Closed, Descr string
	Company                                 string      // the subject, or its operator
	Cites                                   [][2]string // (code, clause)
}

type action struct {
	ID, Finding, Kind, Descr, Responsible, Opened, Due, Status, Done, Verified, VerifiedBy, Level, Sup, Cus string
}

// Dataset is a generated dataset.
type Dataset struct {
	companies  []*company
	byID       map[string]*company
	facilities []*facility
	links      []*link
	linkIdx    map[[3]string]*link
	codes      []code
	accepts    [][2]string
	requests   []*request
	reqIdx     map[[3]string]bool
	acks       []*ack
	ackIdx     map[string]bool
	findings   []*finding
	clauses    []clauseDef
	crosswalk  [][4]string
	actions    []*action
	seed       uint64
}

type gen struct {
	r     *rand.Rand
	ds    *Dataset
	pools map[string][]string
	ids   map[string]bool
	names map[string]bool
	rmi   map[int]bool
}

func main() {
	out := flag.String("out", "seed/demo", "output directory")
	seed := flag.Uint64("seed", DefaultSeed, "random seed")
	summary := flag.Bool("summary", false, "print the README summary of the dataset to stdout")
	flag.Parse()
	ds := Generate(*seed)
	if err := Write(ds, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if *summary {
		fmt.Print(Summary(ds))
	}
}

// Generate builds the dataset for seed.
func Generate(seed uint64) *Dataset {
	g := &gen{
		r: rand.New(rand.NewPCG(seed, 0x5eedc0de)),
		ds: &Dataset{byID: map[string]*company{}, linkIdx: map[[3]string]*link{},
			reqIdx: map[[3]string]bool{}, ackIdx: map[string]bool{}},
		pools: map[string][]string{},
		ids:   map[string]bool{},
		names: map[string]bool{},
		rmi:   map[int]bool{},
	}
	g.ds.seed = seed
	g.companiesAll()
	g.linksAll()
	g.facilitiesAll()
	g.codesAll()
	g.cascadeHitachi()
	g.cascadeNEC()
	g.findingsAll()
	g.addClauses()
	g.addActions()
	return g.ds
}

// ---------------------------------------------------------------- helpers

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func fd(t time.Time) string { return t.Format("2006-01-02") }

func (g *gen) intIn(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) between(a, b time.Time) time.Time {
	n := int(b.Sub(a).Hours() / 24)
	if n <= 0 {
		return a
	}
	return a.AddDate(0, 0, g.r.IntN(n+1))
}

func (g *gen) betweenS(a, b string) time.Time { return g.between(day(a), day(b)) }

func (g *gen) after(t time.Time, lo, hi int) time.Time { return t.AddDate(0, 0, g.intIn(lo, hi)) }

func pick[T any](g *gen, xs []T) T { return xs[g.r.IntN(len(xs))] }

// weighted picks a key by weight; keys are in a fixed order.
func (g *gen) weighted(keys []string, weights []int) string {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := g.r.IntN(total)
	for i, w := range weights {
		if n < w {
			return keys[i]
		}
		n -= w
	}
	return keys[len(keys)-1]
}

func maxT(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// ---------------------------------------------------------------- companies

// stemsLeft reports whether country cc still has unused name stems.
func (g *gen) stemsLeft(cc string) bool {
	pool, ok := g.pools[cc]
	return !ok || len(pool) > 0
}

// country picks a country for a company of level, among those with unused stems.
func (g *gen) country(level int) string {
	for {
		cc := pick(g, levelCountries[level])
		if g.stemsLeft(cc) {
			return cc
		}
	}
}

func (g *gen) stem(cc string) string {
	pool, ok := g.pools[cc]
	if !ok {
		if cc == "CN" {
			for _, f := range cnFirst {
				for _, s := range cnSecond {
					if strings.ToLower(f) != s && !slices.Contains(cnAvoid, f+s) {
						pool = append(pool, f+s)
					}
				}
			}
		} else {
			pool = slices.Clone(stems[cc])
		}
		if len(pool) == 0 {
			panic("no name stems for country " + cc)
		}
		g.r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	}
	if len(pool) == 0 {
		panic("name stems exhausted for country " + cc)
	}
	s := pool[0]
	g.pools[cc] = pool[1:]
	return s
}

func (g *gen) newID(stem, cc string) string {
	var b strings.Builder
	for _, r := range stem {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	base := b.String()
	if len(base) > 10 {
		base = base[:10]
	}
	id := base + "-" + cc
	for n := 2; g.ids[id]; n++ {
		id = fmt.Sprintf("%s-%s-%d", base, cc, n)
	}
	g.ids[id] = true
	return id
}

func (g *gen) signer(cc string) string {
	names := surnames[cc]
	if names == nil {
		names = genericSurnames
	}
	return fmt.Sprintf("%s. %s (%s)", pick(g, initials), pick(g, names), pick(g, roles))
}

func (g *gen) add(c *company) *company {
	if c.ID == "" {
		c.ID = g.newID(c.stem, c.Country)
	} else {
		g.ids[c.ID] = true
	}
	if g.names[c.Name] {
		panic("duplicate company name " + c.Name)
	}
	g.names[c.Name] = true
	g.ds.companies = append(g.ds.companies, c)
	g.ds.byID[c.ID] = c
	return c
}

func (g *gen) disclosure(level int) string {
	w := map[int][]int{
		lvPartner: {70, 25, 5},
		lvComp:    {45, 35, 20},
		lvPart:    {28, 40, 32},
		lvMat:     {18, 35, 47},
		lvTrader:  {0, 40, 60},
	}[level]
	return g.weighted([]string{"COMPLETE", "PARTIAL", "NONE"}, w)
}

func (g *gen) supplier(level int, p product, cc string) *company {
	st := g.stem(cc)
	d := pick(g, p.descr)
	var name string
	switch cc {
	case "ID":
		name = "PT " + st + " " + d
	case "CN":
		name = pick(g, cities["CN"]) + " " + st + " " + d + " Co., Ltd."
	default:
		name = st + " " + d + " " + legalSuffix[cc]
	}
	return g.add(&company{Name: name, Kind: "SUPPLIER", Country: cc, Disclosure: g.disclosure(level),
		level: level, product: p.name, inputs: p.inputs, stem: st, signer: g.signer(cc)})
}

func productsAt(level int) []product {
	var ps []product
	for _, p := range products {
		if p.level == level {
			ps = append(ps, p)
		}
	}
	return ps
}

func productByNameOK(name string) product {
	for _, p := range products {
		if p.name == name {
			return p
		}
	}
	return product{}
}

func productByName(name string) product {
	for _, p := range products {
		if p.name == name {
			return p
		}
	}
	panic("unknown product " + name)
}

var hitProducts = []string{"control boards", "power modules", "traction motors", "cable assemblies", "battery systems",
	"display units", "elevator drive units", "rail signalling units", "server subassemblies", "industrial inverters"}
var necProducts = []string{"control boards", "power modules", "cable assemblies", "battery systems", "display units",
	"server subassemblies", "network equipment"}

func (g *gen) companiesAll() {
	g.add(&company{ID: "HIT", Name: "Hitachi Group", Kind: "BUYER", Country: "JP", Disclosure: "COMPLETE", level: lvBuyer})
	g.add(&company{ID: "NEC", Name: "NEC Corporation", Kind: "BUYER", Country: "JP", Disclosure: "COMPLETE", level: lvBuyer})

	// Upstream first: smelters, traders and mines have fixed countries.
	// Smelters, with a fixed mix of RMAP statuses.
	nSmelters := 0
	for _, m := range metals {
		nSmelters += len(m.smelterCountries)
	}
	statuses := []string{}
	for range (nSmelters*12 + 50) / 100 {
		statuses = append(statuses, "ACTIVE")
	}
	for range (nSmelters*8 + 50) / 100 {
		statuses = append(statuses, "NON_CONFORMANT")
	}
	for range (nSmelters*10 + 50) / 100 {
		statuses = append(statuses, "NOT_ENROLLED")
	}
	for len(statuses) < nSmelters {
		statuses = append(statuses, "CONFORMANT")
	}
	g.r.Shuffle(len(statuses), func(i, j int) { statuses[i], statuses[j] = statuses[j], statuses[i] })
	si := 0
	for _, m := range metals {
		for _, cc := range m.smelterCountries {
			st := g.stem(cc)
			word := m.smelterWord
			if m.metal == "GOLD" && g.chance(0.4) {
				word = "Precious Metals"
			}
			name := strings.TrimSpace(st + " " + word + " " + legalSuffix[cc])
			if cc == "ID" {
				name = "PT " + st + " " + word
			}
			status := statuses[si]
			si++
			disc := map[string]string{"CONFORMANT": "COMPLETE", "ACTIVE": "PARTIAL"}[status]
			if disc == "" {
				disc = "NONE"
			}
			rmi := g.intIn(100, 3999)
			for g.rmi[rmi] {
				rmi = g.intIn(100, 3999)
			}
			g.rmi[rmi] = true
			g.add(&company{Name: name, Kind: "SMELTER", Country: cc, Disclosure: disc, Metal: m.metal,
				RMIID: fmt.Sprintf("CID%06d", rmi), RMAP: status, level: lvSmelter, product: m.output,
				inputs: []string{m.ore}, stem: st, signer: g.signer(cc)})
		}
	}

	// Mineral traders (exporters, comptoirs) between mines and smelters.
	for _, m := range metals {
		for _, cc := range m.traderCountries {
			st := g.stem(cc)
			var name string
			switch {
			case cc == "CD" || cc == "RW":
				name = "Comptoir " + st + " " + legalSuffix[cc]
			case m.metal == "GOLD":
				name = st + " Bullion Trading " + legalSuffix[cc]
			default:
				name = st + " Minerals Trading " + legalSuffix[cc]
			}
			g.add(&company{Name: name, Kind: "SUPPLIER", Country: cc, Disclosure: g.disclosure(lvTrader),
				Metal: "", level: lvTrader, product: m.ore, inputs: []string{m.ore}, stem: st, signer: g.signer(cc)})
		}
	}

	// Mines.
	for _, m := range metals {
		for _, cc := range m.mineCountries {
			st := g.stem(cc)
			var name string
			switch m.metal {
			case "TIN":
				name = st + " Tin Mine"
			case "TANTALUM":
				name = st + " Coltan Mining Cooperative"
			case "TUNGSTEN":
				name = st + " Wolfram Mine"
			case "GOLD":
				name = st + " Gold Mine"
			case "COBALT":
				if cc == "CD" && g.chance(0.5) {
					name = st + " Artisanal Cobalt Site"
				} else {
					name = st + " Copper-Cobalt Mine"
				}
			}
			if g.names[name] {
				name += " II"
			}
			g.add(&company{Name: name, Kind: "MINE", Country: cc, level: lvMine, product: m.ore,
				stem: st, signer: g.signer(cc)})
		}
	}

	// Procurement partners: 18 of Hitachi only, 6 of NEC only, 6 shared, one
	// former Hitachi partner and one being onboarded.
	roles := []string{}
	for range 18 {
		roles = append(roles, "HIT")
	}
	for range 6 {
		roles = append(roles, "NEC")
	}
	for range 6 {
		roles = append(roles, "BOTH")
	}
	roles = append(roles, "FORMER", "NEW")
	nth := map[string]int{}
	for _, role := range roles {
		var choices []string
		switch role {
		case "NEC":
			choices = necProducts
		case "BOTH":
			for _, p := range necProducts {
				if slices.Contains(hitProducts, p) {
					choices = append(choices, p)
				}
			}
		default:
			choices = hitProducts
		}
		// The first partners of a role cover every product the buyer buys.
		name := pick(g, choices)
		if i := nth[role]; i < len(choices) && (role == "HIT" || role == "NEC") {
			name = choices[len(choices)-1-i]
		}
		nth[role]++
		p := productByName(name)
		c := g.supplier(lvPartner, p, g.country(lvPartner))
		switch role {
		case "HIT":
			c.buyers = []string{"HIT"}
		case "NEC":
			c.buyers = []string{"NEC"}
		case "BOTH":
			c.buyers = []string{"HIT", "NEC"}
		case "FORMER":
			c.buyers = []string{"HIT-FORMER"}
		case "NEW":
			c.buyers = []string{"HIT-NEW"}
		}
	}

	for _, lc := range []struct{ level, n int }{{lvComp, 90}, {lvPart, 105}, {lvMat, 80}} {
		ps := productsAt(lc.level)
		var names []string
		var ws []int
		for _, p := range ps {
			names = append(names, p.name)
			ws = append(ws, p.weight)
		}
		for i := range lc.n {
			var p product
			if i < len(ps) {
				p = ps[i] // every product has at least one maker
			} else {
				p = productByName(g.weighted(names, ws))
			}
			g.supplier(lc.level, p, g.country(lc.level))
		}
	}
}

// ---------------------------------------------------------------- links

func (g *gen) addLink(sup, cus *company, mat string, since, until string) *link {
	k := [3]string{sup.ID, cus.ID, mat}
	if sup.ID == cus.ID || g.ds.linkIdx[k] != nil {
		return nil
	}
	l := &link{Sup: sup.ID, Cus: cus.ID, Mat: mat, Since: since, Until: until}
	g.ds.links = append(g.ds.links, l)
	g.ds.linkIdx[k] = l
	return l
}

func (g *gen) makers() map[string][]*company {
	m := map[string][]*company{}
	for _, c := range g.ds.companies {
		if c.product != "" {
			m[c.product] = append(m[c.product], c)
		}
	}
	return m
}

func (g *gen) sinceFor(sup, cus *company) string {
	switch {
	case cus.level == lvBuyer:
		return fd(g.betweenS("2004-04-01", "2023-12-31"))
	case sup.level >= lvSmelter:
		if g.chance(0.1) {
			return ""
		}
		return fd(g.betweenS("2015-01-01", "2025-09-30"))
	default:
		if g.chance(0.08) {
			return ""
		}
		return fd(g.betweenS("2010-01-01", "2025-12-31"))
	}
}

func (g *gen) linksAll() {
	ds := g.ds
	mk := g.makers()

	// Partners to buyers.
	for _, c := range ds.companies {
		if c.level != lvPartner {
			continue
		}
		for _, b := range c.buyers {
			switch b {
			case "HIT-FORMER":
				g.addLink(c, ds.byID["HIT"], c.product, "2012-04-01", "2025-03-31")
			case "HIT-NEW":
				g.addLink(c, ds.byID["HIT"], c.product, "2026-07-01", "")
			default:
				g.addLink(c, ds.byID[b], c.product, g.sinceFor(c, ds.byID[b]), "")
			}
		}
	}

	// Customers buy each input from suppliers at a deeper level, as far as
	// they have disclosed them.
	for _, c := range ds.companies {
		if len(c.inputs) == 0 {
			continue
		}
		var chosen []string
		kmin, kmax := 1, 3
		switch c.Disclosure {
		case "COMPLETE":
			chosen = c.inputs
		case "PARTIAL":
			for _, in := range c.inputs {
				if g.chance(0.6) {
					chosen = append(chosen, in)
				}
			}
			if len(chosen) == 0 {
				chosen = []string{pick(g, c.inputs)}
			}
			kmax = 2
		default:
			if g.chance(0.25) {
				chosen = []string{pick(g, c.inputs)}
			}
			kmax = 1
		}
		if c.level == lvSmelter || c.level == lvTrader {
			if c.Disclosure == "COMPLETE" {
				kmin, kmax = 2, 4
			}
		}
		// Processors of conflict minerals name their smelters in their CMRT,
		// even when they disclose little else.
		if p := productByNameOK(c.product); c.level == lvMat && p.metal != "" {
			chosen = nil
			if c.Disclosure != "NONE" || g.chance(0.5) {
				chosen = c.inputs
			}
			kmin, kmax = 2, 4
			if c.Disclosure == "NONE" {
				kmin, kmax = 1, 2
			}
		}
		for _, in := range chosen {
			var cands []*company
			for _, s := range mk[in] {
				if s.level > c.level {
					cands = append(cands, s)
				}
			}
			if len(cands) == 0 {
				continue
			}
			cands = slices.Clone(cands)
			g.r.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
			k := min(g.intIn(kmin, kmax), len(cands))
			for _, s := range cands[:k] {
				g.addLink(s, c, in, g.sinceFor(s, c), "")
			}
		}
	}

	// Every company supplies someone: orphans are attached to a customer
	// at a shallower level that buys what they make, level by level so that
	// every company leads to a buyer.
	hasCustomer := map[string]bool{}
	for _, l := range ds.links {
		hasCustomer[l.Sup] = true
	}
	for level := lvComp; level <= lvMine; level++ {
		for _, c := range ds.companies {
			if c.level != level || hasCustomer[c.ID] {
				continue
			}
			var good, any []*company
			for _, cu := range ds.companies {
				if cu.level >= lvPartner && cu.level < c.level && slices.Contains(cu.inputs, c.product) &&
					!slices.Contains(cu.buyers, "HIT-FORMER") && !slices.Contains(cu.buyers, "HIT-NEW") {
					any = append(any, cu)
					if cu.Disclosure != "NONE" {
						good = append(good, cu)
					}
				}
			}
			if len(good) == 0 {
				good = any
			}
			if len(good) == 0 {
				panic("no customer for " + c.ID + " making " + c.product)
			}
			cu := pick(g, good)
			g.addLink(c, cu, c.product, g.sinceFor(c, cu), "")
			hasCustomer[c.ID] = true
		}
	}

	// Cycles: recycling flows back to smelters, test fixtures back to a parts maker.
	var recycle []*link
	for _, l := range ds.links {
		s, c := ds.byID[l.Sup], ds.byID[l.Cus]
		if s.level == lvSmelter && (c.product == "tin solder" || c.product == "gold bonding wire") {
			recycle = append(recycle, l)
		}
	}
	for _, l := range pickN(g, recycle, 3) {
		mat := "solder dross"
		if ds.byID[l.Sup].Metal == "GOLD" {
			mat = "gold scrap"
		}
		g.addLink(ds.byID[l.Cus], ds.byID[l.Sup], mat, fd(g.betweenS("2019-01-01", "2024-12-31")), "")
	}
	var fixtures []*link
	for _, l := range ds.links {
		s, c := ds.byID[l.Sup], ds.byID[l.Cus]
		if c.product == "PCB assemblies" && s.level == lvPart {
			fixtures = append(fixtures, l)
		}
	}
	for _, l := range pickN(g, fixtures, 2) {
		g.addLink(ds.byID[l.Cus], ds.byID[l.Sup], "test fixtures", fd(g.betweenS("2018-01-01", "2024-12-31")), "")
	}

	// Ended contracts (a supplier keeps at least one active customer),
	// contracts ending after the reference date, and new sources being
	// qualified (links starting after the reference date).
	activeOut := map[string]int{}
	for _, l := range ds.links {
		activeOut[l.Sup]++
	}
	for _, l := range ds.links {
		if ds.byID[l.Cus].level == lvBuyer || l.Mat == "solder dross" || l.Mat == "gold scrap" || l.Mat == "test fixtures" {
			continue
		}
		switch {
		case activeOut[l.Sup] >= 2 && g.chance(0.05):
			u := g.betweenS("2023-01-31", "2026-05-31")
			l.Until = fd(u)
			if l.Since == "" || !day(l.Since).Before(u.AddDate(0, -6, 0)) {
				l.Since = fd(u.AddDate(-g.intIn(1, 6), -g.intIn(0, 11), 0))
			}
			activeOut[l.Sup]--
		case g.chance(0.02):
			l.Until = fd(g.betweenS("2026-06-30", "2027-12-31"))
		}
	}
	var customers []*company
	for _, c := range ds.companies {
		if c.level >= lvPartner && c.level <= lvMat && len(c.inputs) > 0 && c.Disclosure != "NONE" && len(c.buyers) == 0 {
			customers = append(customers, c)
		}
	}
	for added := 0; added < 25; {
		c := pick(g, customers)
		in := pick(g, c.inputs)
		var cands []*company
		for _, s := range mk[in] {
			if s.level > c.level && ds.linkIdx[[3]string{s.ID, c.ID, in}] == nil {
				cands = append(cands, s)
			}
		}
		if len(cands) == 0 {
			continue
		}
		if g.addLink(pick(g, cands), c, in, fd(g.betweenS("2026-06-15", "2027-03-31")), "") != nil {
			added++
		}
	}

	g.shares()
}

func pickN[T any](g *gen, xs []T, n int) []T {
	xs = slices.Clone(xs)
	g.r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
	return xs[:min(n, len(xs))]
}

// shares splits each customer's need for a material among its suppliers.
func (g *gen) shares() {
	groups := map[[2]string][]*link{}
	var keys [][2]string
	for _, l := range g.ds.links {
		k := [2]string{l.Cus, l.Mat}
		if groups[k] == nil {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], l)
	}
	for _, k := range keys {
		ls := groups[k]
		if len(ls) == 1 {
			if g.chance(0.6) {
				ls[0].Share = "1.00"
			}
			continue
		}
		ws := make([]int, len(ls))
		sum := 0
		for i := range ws {
			ws[i] = g.intIn(1, 10)
			sum += ws[i]
		}
		units := make([]int, len(ls))
		left := 100
		for i := range ls {
			units[i] = max(1, 100*ws[i]/sum)
			left -= units[i]
		}
		for i := 0; left > 0; i = (i + 1) % len(ls) {
			units[i]++
			left--
		}
		for i, l := range ls {
			if g.chance(0.06) {
				continue // share unknown
			}
			l.Share = fmt.Sprintf("%d.%02d", units[i]/100, units[i]%100)
		}
	}
}

// activeAt reports whether l is active at t (docs/analysis.md).
func activeAt(l *link, t string) bool {
	return (l.Since == "" || l.Since <= t) && (l.Until == "" || l.Until > t)
}

// suppliersOf returns the active suppliers of id at refDate, sorted by id.
func (g *gen) suppliersOf(id string) []*company {
	seen := map[string]bool{}
	var out []*company
	for _, l := range g.ds.links {
		if l.Cus == id && activeAt(l, refDate) && !seen[l.Sup] {
			seen[l.Sup] = true
			out = append(out, g.ds.byID[l.Sup])
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// ---------------------------------------------------------------- facilities

func (g *gen) facilitiesAll() {
	ds := g.ds
	overseas := []string{"CN", "TH", "VN", "MY", "PH", "MX", "PL"}
	dormCountries := []string{"CN", "MY", "TH", "VN", "TW", "JP", "ID", "PH"}
	for _, c := range ds.companies {
		var types []string
		switch {
		case c.Kind == "SUPPLIER" && c.level == lvTrader:
			if g.chance(0.5) {
				types = []string{pick(g, []string{"OFFICE", "WAREHOUSE"})}
			}
		case c.Kind == "SUPPLIER":
			if !g.chance(0.25) {
				continue
			}
			types = []string{"PRODUCTION"}
			n := g.weighted([]string{"1", "2", "3"}, []int{55, 33, 12})
			if n != "1" {
				if slices.Contains(dormCountries, c.Country) || g.chance(0.2) {
					types = append(types, "DORMITORY")
				} else {
					types = append(types, "WAREHOUSE")
				}
			}
			if n == "3" {
				types = append(types, pick(g, []string{"WAREHOUSE", "OFFICE", "OFFICE"}))
			}
		case c.Kind == "SMELTER":
			if g.chance(0.35) {
				types = []string{"PRODUCTION"}
			}
		case c.Kind == "MINE":
			if g.chance(0.4) {
				types = []string{"PRODUCTION"}
				if g.chance(0.5) {
					types = append(types, "DORMITORY")
				}
			}
		}
		if len(types) == 0 {
			continue
		}
		cc := c.Country
		if (cc == "JP" || cc == "KR" || cc == "TW" || cc == "DE" || cc == "US") && g.chance(0.3) {
			cc = pick(g, overseas)
		}
		city := pick(g, cities[cc])
		seen := map[string]bool{}
		for i, t := range types {
			var name string
			switch t {
			case "PRODUCTION":
				switch c.Kind {
				case "MINE":
					name = c.stem + " " + city + " mine site"
				case "SMELTER":
					name = c.stem + " " + city + " smelter"
				default:
					name = c.stem + " " + city + " plant"
				}
			case "DORMITORY":
				if c.Kind == "MINE" {
					name = c.stem + " " + city + " workers' camp"
				} else {
					name = c.stem + " " + city + " worker dormitory"
				}
			case "WAREHOUSE":
				name = c.stem + " " + city + " warehouse"
			case "OFFICE":
				name = c.stem + " " + city + " office"
			}
			if seen[name] {
				name += " 2"
			}
			seen[name] = true
			ds.facilities = append(ds.facilities, &facility{ID: fmt.Sprintf("%s-F%d", c.ID, i+1), CompanyID: c.ID,
				Name: name, Country: cc, Type: t})
		}
	}
}

// ---------------------------------------------------------------- codes

func (g *gen) codesAll() {
	g.ds.codes = []code{
		{ID: "HIT-SPG", Issuer: "HIT", Title: "Hitachi Group Sustainable Procurement Guidelines", Edition: 7,
			Issued: "2025-05-01", MinEdition: "6", ValidDays: "1095"},
		{ID: "NEC-SCG", Issuer: "NEC", Title: "NEC Group Supply-Chain CSR Guideline", Edition: 3,
			Issued: "2021-04-01"},
		{ID: "RBA-COC", Title: "Responsible Business Alliance Code of Conduct", Edition: 8,
			Issued: "2024-01-01", MinEdition: "8"},
	}
	g.ds.accepts = [][2]string{{"HIT-SPG", "RBA-COC"}}
}

func (g *gen) addRequest(req, sup, code string, d time.Time) bool {
	k := [3]string{req, sup, code}
	if req == sup || g.ds.reqIdx[k] {
		return false
	}
	g.ds.reqIdx[k] = true
	g.ds.requests = append(g.ds.requests, &request{Req: req, Sup: sup, Code: code, Date: fd(d)})
	return true
}

func (g *gen) addAck(c *company, code string, ed int, d time.Time) {
	k := fmt.Sprintf("%s|%s|%d|%s", c.ID, code, ed, fd(d))
	if g.ds.ackIdx[k] {
		return
	}
	g.ds.ackIdx[k] = true
	g.ds.acks = append(g.ds.acks, &ack{Company: c.ID, Code: code, Edition: ed, Date: fd(d), Signer: c.signer})
}

func (g *gen) hasAnyAck(c *company) bool {
	for _, a := range g.ds.acks {
		if a.Company == c.ID {
			return true
		}
	}
	return false
}

func (g *gen) hasAck(c *company, code string, ed int) bool {
	for _, a := range g.ds.acks {
		if a.Company == c.ID && a.Code == code && a.Edition == ed {
			return true
		}
	}
	return false
}

// Dates of the Hitachi editions' acknowledgment windows.
func (g *gen) hitOld(ed int) time.Time {
	switch ed {
	case 4:
		return g.betweenS("2021-08-01", "2023-02-15")
	case 5:
		return g.betweenS("2023-03-15", "2023-09-30")
	default:
		return g.betweenS("2023-10-02", "2025-04-30")
	}
}

type task struct {
	c    *company
	base time.Time
}

// cascadeHitachi plays the Hitachi campaign of 2025: after the 7th edition
// (May 2025) Hitachi asks all its partners to acknowledge the guidelines and
// to extend them to their suppliers, who pass them on in turn.
func (g *gen) cascadeHitachi() {
	ds := g.ds
	const code = "HIT-SPG"
	var partners []*company
	for _, c := range g.suppliersOf("HIT") {
		partners = append(partners, c)
	}
	behaviours := []string{}
	for _, b := range []struct {
		name string
		n    int
	}{{"ed7c", 8}, {"ed6c", 3}, {"ed6exp", 1}, {"rbac", 1}, {"rbarba", 1}, {"nocasc", 3},
		{"stale5c", 2}, {"stale4", 1}, {"pending", 3}, {"ed7late", 1}} {
		for range b.n {
			behaviours = append(behaviours, b.name)
		}
	}
	for len(behaviours) < len(partners) {
		behaviours = append(behaviours, "ed7c")
	}
	g.r.Shuffle(len(behaviours), func(i, j int) { behaviours[i], behaviours[j] = behaviours[j], behaviours[i] })

	decided := map[string]bool{"HIT": true, "NEC": true}
	var queue []task
	var rbaCascaders []task
	for i, p := range partners {
		d := g.betweenS("2025-05-19", "2025-06-30")
		g.addRequest("HIT", p.ID, code, d)
		decided[p.ID] = true
		switch behaviours[i] {
		case "ed7c", "nocasc":
			a := g.after(d, 10, 60)
			if g.chance(0.4) {
				ed := pick(g, []int{5, 6})
				g.addAck(p, code, ed, g.hitOld(ed))
			}
			g.addAck(p, code, 7, a)
			if behaviours[i] == "ed7c" {
				queue = append(queue, task{p, maxT(a, d)})
			}
		case "ed6c":
			g.addAck(p, code, 6, g.betweenS("2023-12-01", "2025-04-30"))
			queue = append(queue, task{p, d})
		case "ed6exp":
			g.addAck(p, code, 4, g.hitOld(4))
			g.addAck(p, code, 6, g.betweenS("2023-10-02", "2023-11-15"))
			queue = append(queue, task{p, d})
		case "rbac", "rbarba":
			a := g.betweenS("2024-02-01", "2025-03-31")
			g.addAck(p, "RBA-COC", 8, a)
			if behaviours[i] == "rbac" {
				queue = append(queue, task{p, d})
			} else {
				rbaCascaders = append(rbaCascaders, task{p, maxT(a, d)})
			}
		case "stale5c":
			g.addAck(p, code, 5, g.hitOld(5))
			queue = append(queue, task{p, d})
		case "stale4":
			g.addAck(p, code, 4, g.hitOld(4))
		case "ed7late":
			g.addAck(p, code, 7, g.betweenS("2026-06-10", "2026-08-31"))
		case "pending":
		}
	}

	for len(queue) > 0 {
		t := queue[0]
		queue = queue[1:]
		for _, s := range g.suppliersOf(t.c.ID) {
			if s.Kind == "BUYER" || !g.chance(0.85) {
				continue
			}
			d := g.after(t.base, 10, 40)
			if !g.addRequest(t.c.ID, s.ID, code, d) || decided[s.ID] {
				continue
			}
			decided[s.ID] = true
			if cascades, base := g.respondHitachi(s, d); cascades {
				queue = append(queue, task{s, base})
			}
		}
	}

	// The RBA member partner passes on the RBA Code of Conduct instead.
	for _, t := range rbaCascaders {
		for _, s := range g.suppliersOf(t.c.ID) {
			d := g.after(t.base, 14, 60)
			if g.addRequest(t.c.ID, s.ID, "RBA-COC", d) && !g.hasAck(s, "RBA-COC", 8) && g.chance(0.5) {
				g.addAck(s, "RBA-COC", 8, g.after(d, 10, 60))
			}
		}
	}

	// Some companies still pending at the reference date sign shortly after it.
	var pending []*company
	for _, c := range ds.companies {
		if decided[c.ID] && c.Kind != "BUYER" && !g.hasAnyAck(c) {
			pending = append(pending, c)
		}
	}
	for _, c := range pickN(g, pending, 4) {
		g.addAck(c, code, 7, g.betweenS("2026-06-03", "2026-09-30"))
	}

	// A second wave planned after the reference date, and the new partner.
	var waves [][2]*company
	for _, a := range ds.acks {
		if a.Code != code || a.Edition != 7 || a.Date > "2026-03-31" {
			continue
		}
		r := ds.byID[a.Company]
		for _, s := range g.suppliersOf(r.ID) {
			if !ds.reqIdx[[3]string{r.ID, s.ID, code}] && s.Kind != "BUYER" {
				waves = append(waves, [2]*company{r, s})
			}
		}
	}
	for _, w := range pickN(g, waves, 6) {
		g.addRequest(w[0].ID, w[1].ID, code, g.betweenS("2026-06-08", "2026-10-15"))
	}
	for _, c := range ds.companies {
		if slices.Contains(c.buyers, "HIT-NEW") {
			g.addRequest("HIT", c.ID, code, day("2026-07-15"))
		}
	}
}

// respondHitachi decides how s answers a request for the Hitachi guidelines
// dated d; it returns whether s passes the request on, and from when.
func (g *gen) respondHitachi(s *company, d time.Time) (bool, time.Time) {
	const code = "HIT-SPG"
	keys := []string{"ed7", "ed6", "rba", "rba7", "old", "none"}
	var w []int
	var pc float64
	switch s.level {
	case lvComp:
		w, pc = []int{38, 14, 8, 2, 12, 26}, 0.75
	case lvPart:
		w, pc = []int{30, 10, 5, 2, 12, 41}, 0.6
	case lvMat:
		w, pc = []int{30, 8, 5, 1, 10, 46}, 0.85
	case lvSmelter:
		w, pc = []int{15, 0, 30, 3, 0, 52}, 0.3
	default:
		w, pc = []int{8, 0, 0, 0, 0, 92}, 0.2
	}
	if g.hasAck(s, "RBA-COC", 8) {
		return g.chance(pc), d
	}
	switch g.weighted(keys, w) {
	case "ed7":
		if g.chance(0.3) {
			ed := pick(g, []int{4, 5, 6})
			g.addAck(s, code, ed, g.hitOld(ed))
		}
		a := g.after(d, 5, 40)
		g.addAck(s, code, 7, a)
		return g.chance(pc), maxT(a, d)
	case "ed6":
		if g.chance(0.25) {
			g.addAck(s, code, 4, g.hitOld(4))
		}
		g.addAck(s, code, 6, g.hitOld(6))
		return g.chance(pc), d
	case "rba":
		a := g.betweenS("2024-01-15", "2025-12-31")
		g.addAck(s, "RBA-COC", 8, a)
		return g.chance(pc), maxT(a, d)
	case "rba7":
		g.addAck(s, "RBA-COC", 7, g.betweenS("2021-03-01", "2023-12-31"))
	case "old":
		ed := pick(g, []int{4, 5, 5})
		g.addAck(s, code, ed, g.hitOld(ed))
		// Some believe they comply and pass the request on: a broken cascade.
		return g.chance(0.25), d
	}
	return false, d
}

// cascadeNEC plays NEC's 2024 supply-chain CSR survey with its own guideline.
func (g *gen) cascadeNEC() {
	const code = "NEC-SCG"
	partners := g.suppliersOf("NEC")
	behaviours := []string{}
	for _, b := range []struct {
		name string
		n    int
	}{{"ed3c", 5}, {"ed3n", 3}, {"stale2", 2}, {"pending", 2}} {
		for range b.n {
			behaviours = append(behaviours, b.name)
		}
	}
	for len(behaviours) < len(partners) {
		behaviours = append(behaviours, "ed3c")
	}
	g.r.Shuffle(len(behaviours), func(i, j int) { behaviours[i], behaviours[j] = behaviours[j], behaviours[i] })
	decided := map[string]bool{"HIT": true, "NEC": true}
	var queue []task
	for i, p := range partners {
		d := g.betweenS("2024-04-01", "2024-05-31")
		g.addRequest("NEC", p.ID, code, d)
		decided[p.ID] = true
		switch behaviours[i] {
		case "ed3c", "ed3n":
			a := g.necEd3(d)
			g.addAck(p, code, 3, a)
			if behaviours[i] == "ed3c" {
				queue = append(queue, task{p, maxT(a, d)})
			}
		case "stale2":
			g.addAck(p, code, 2, g.betweenS("2018-06-01", "2021-03-15"))
		}
	}
	for len(queue) > 0 {
		t := queue[0]
		queue = queue[1:]
		for _, s := range g.suppliersOf(t.c.ID) {
			if s.Kind == "BUYER" || !g.chance(0.8) {
				continue
			}
			d := g.after(t.base, 14, 75)
			if !g.addRequest(t.c.ID, s.ID, code, d) || decided[s.ID] {
				continue
			}
			decided[s.ID] = true
			var w []int
			var pc float64
			switch s.level {
			case lvComp:
				w, pc = []int{45, 15, 40}, 0.6
			case lvPart:
				w, pc = []int{40, 10, 50}, 0.35
			case lvMat:
				w, pc = []int{25, 5, 70}, 0.2
			default:
				w, pc = []int{10, 0, 90}, 0
			}
			switch g.weighted([]string{"ed3", "ed2", "none"}, w) {
			case "ed3":
				a := g.necEd3(d)
				g.addAck(s, code, 3, a)
				if g.chance(pc) {
					queue = append(queue, task{s, maxT(a, d)})
				}
			case "ed2":
				g.addAck(s, code, 2, g.betweenS("2018-06-01", "2021-03-15"))
			}
		}
	}
}

// necEd3 dates an acknowledgment of the NEC guideline's current edition:
// either signed in an earlier survey or in answer to the request of d.
func (g *gen) necEd3(d time.Time) time.Time {
	if g.chance(0.45) && d.After(day("2021-07-01")) {
		return g.between(day("2021-05-10"), d.AddDate(0, 0, -1))
	}
	return g.after(d, 7, 60)
}

// ---------------------------------------------------------------- findings

// upstreamOf returns the companies with an active path to id at refDate.
func (g *gen) upstreamOf(id string) map[string]bool {
	var edges []analysis.Edge
	for _, l := range g.ds.links {
		if activeAt(l, refDate) {
			edges = append(edges, analysis.Edge{Supplier: l.Sup, Customer: l.Cus, Weight: 1})
		}
	}
	up := map[string]bool{}
	for c := range analysis.Chain(analysis.NewGraph(edges), id, len(g.ds.companies)) {
		up[c] = true
	}
	return up
}

type subject struct {
	id, company, country string
	kinds                []string
}

func (g *gen) findingsAll() {
	ds := g.ds
	inHIT, inNEC := g.upstreamOf("HIT"), g.upstreamOf("NEC")
	var subjects []subject
	for _, c := range ds.companies {
		if !inHIT[c.ID] && !inNEC[c.ID] {
			continue
		}
		var kinds []string
		switch {
		case c.Kind == "SMELTER":
			kinds = []string{"smelter"}
		case c.Kind == "MINE":
			kinds = []string{"mine"}
		case c.level == lvTrader:
			kinds = []string{"trader"}
		case c.Kind == "SUPPLIER":
			kinds = []string{"supplier"}
			if c.level == lvMat && productByName(c.product).metal != "" {
				kinds = append(kinds, "processor")
			}
		}
		subjects = append(subjects, subject{c.ID, c.ID, c.Country, kinds})
	}
	for _, f := range ds.facilities {
		c := ds.byID[f.CompanyID]
		if !inHIT[c.ID] && !inNEC[c.ID] {
			continue
		}
		var kind string
		switch {
		case c.Kind == "MINE":
			kind = "minesite"
		case f.Type == "DORMITORY":
			kind = "dorm"
		case f.Type == "PRODUCTION" && c.Kind == "SUPPLIER":
			kind = "plant"
		case f.Type == "WAREHOUSE":
			kind = "warehouse"
		default:
			continue
		}
		subjects = append(subjects, subject{f.ID, c.ID, f.Country, []string{kind}})
	}

	used := map[string]int{}
	candidates := func(t findingTemplate) []subject {
		var out []subject
		for _, s := range subjects {
			if used[s.id] >= 2 {
				continue
			}
			ok := false
			for _, k := range s.kinds {
				if slices.Contains(t.subjects, k) {
					ok = true
				}
			}
			if !ok || (len(t.countries) > 0 && !slices.Contains(t.countries, s.country)) {
				continue
			}
			h, n := inHIT[s.company], inNEC[s.company]
			if (h && !n && t.hit == "") || (n && !h && t.nec == "") {
				continue
			}
			out = append(out, s)
		}
		return out
	}
	emit := func(t findingTemplate, future bool) bool {
		cands := candidates(t)
		if len(cands) == 0 {
			return false
		}
		s := pick(g, cands)
		used[s.id]++
		h, n := inHIT[s.company], inNEC[s.company]
		var ref string
		switch {
		case h && n && t.hit != "" && t.nec != "":
			ref = "Hitachi SPG " + t.hit + "; NEC " + t.nec
		case h && t.hit != "":
			ref = "Hitachi SPG " + t.hit
		default:
			ref = "NEC " + t.nec
		}
		f := &finding{Subject: s.id, Category: t.category,
			Sev: g.intIn(t.sev[0], t.sev[1]), Lik: g.intIn(t.lik[0], t.lik[1]),
			Source: pick(g, t.sources), Descr: ref + ": " + pick(g, t.texts), Company: s.company}
		// the clauses the reference names
		if id := clauseID(t.hit); id != "" && strings.Contains(ref, "Hitachi SPG") {
			f.Cites = append(f.Cites, [2]string{"HIT-SPG", id})
		}
		if id := clauseID(t.nec); id != "" && strings.Contains(ref, "NEC ") {
			f.Cites = append(f.Cites, [2]string{"NEC-SCG", id})
		}
		if future {
			f.Detected = fd(g.betweenS("2026-06-08", "2026-10-30"))
			f.Status = "OPEN"
		} else {
			det := g.betweenS("2024-01-08", "2026-05-29")
			f.Detected = fd(det)
			var st string
			if det.Before(day("2025-06-01")) {
				st = g.weighted([]string{"CLOSED", "REMEDIATING", "OPEN"}, []int{50, 30, 20})
			} else {
				st = g.weighted([]string{"CLOSED", "REMEDIATING", "OPEN"}, []int{15, 35, 50})
			}
			if st == "CLOSED" {
				cl := g.after(det, 30, 330)
				if cl.After(day("2026-05-31")) {
					st = "REMEDIATING"
				} else {
					f.Closed = fd(cl)
				}
			}
			f.Status = st
		}
		ds.findings = append(ds.findings, f)
		return true
	}

	// Every template once, a few detected after the reference date, then a
	// mix weighted by category.
	for _, t := range findingTemplates {
		emit(t, false)
	}
	for range 4 {
		emit(pick(g, findingTemplates), true)
	}
	cats := []string{"HUMAN_RIGHTS", "HEALTH_SAFETY", "ENVIRONMENT", "ETHICS", "QUALITY_SAFETY",
		"INFORMATION_SECURITY", "RESPONSIBLE_MINERALS", "BUSINESS_CONTINUITY"}
	cw := []int{30, 22, 18, 10, 12, 10, 16, 10}
	for len(ds.findings) < 150 {
		cat := g.weighted(cats, cw)
		var ts []findingTemplate
		for _, t := range findingTemplates {
			if t.category == cat {
				ts = append(ts, t)
			}
		}
		emit(pick(g, ts), false)
	}

	sort.SliceStable(ds.findings, func(i, j int) bool {
		a, b := ds.findings[i], ds.findings[j]
		if a.Detected != b.Detected {
			return a.Detected < b.Detected
		}
		return a.Subject < b.Subject
	})
	for i, f := range ds.findings {
		f.ID = fmt.Sprintf("FND-%04d", i+1)
	}
}

// ---------------------------------------------------------------- output

func itoa(n int) string { return fmt.Sprint(n) }

// Render returns the content of every file, written by the dataset
// writer, rows sorted by their key.
func Render(ds *Dataset) dataset.Mem {
	out := dataset.Mem{}
	// write writes file's rows sorted by their first k fields, the key
	// (byte order).
	write := func(file string, k int, rows [][]string) {
		sort.SliceStable(rows, func(i, j int) bool {
			for c := range k {
				if rows[i][c] != rows[j][c] {
					return rows[i][c] < rows[j][c]
				}
			}
			return false
		})
		var buf bytes.Buffer
		w, err := dataset.NewFileWriter(&buf, file)
		if err != nil {
			panic(err)
		}
		for _, r := range rows {
			w.Row(r...)
		}
		if err := w.Flush(); err != nil {
			panic(err)
		}
		out[file] = buf.Bytes()
	}
	var rows [][]string
	for _, c := range ds.companies {
		rows = append(rows, []string{c.ID, c.Name, c.Kind, c.Country, c.Disclosure, c.Metal, c.RMIID, c.RMAP})
	}
	write(dataset.CompaniesFile, 1, rows)

	rows = nil
	for _, f := range ds.facilities {
		rows = append(rows, []string{f.ID, f.CompanyID, f.Name, f.Country, f.Type})
	}
	write(dataset.FacilitiesFile, 1, rows)

	rows = nil
	for _, l := range ds.links {
		rows = append(rows, []string{l.Sup, l.Cus, l.Mat, l.Since, l.Until, l.Share})
	}
	write(dataset.SupplyLinksFile, 3, rows)

	rows = nil
	for _, c := range ds.codes {
		rows = append(rows, []string{c.ID, c.Issuer, c.Title, itoa(c.Edition), c.Issued, c.MinEdition, c.ValidDays})
	}
	write(dataset.CodesFile, 1, rows)

	rows = nil
	for _, a := range ds.accepts {
		rows = append(rows, []string{a[0], a[1]})
	}
	write(dataset.CodeAcceptsFile, 2, rows)

	rows = nil
	for _, r := range ds.requests {
		rows = append(rows, []string{r.Req, r.Sup, r.Code, r.Date})
	}
	write(dataset.RequestsFile, 3, rows)

	rows = nil
	for _, a := range ds.acks {
		rows = append(rows, []string{a.Company, a.Code, itoa(a.Edition), a.Date, a.Signer})
	}
	// Key (company, code, edition, date): editions are single digits, so
	// text order is numeric order.
	write(dataset.AcknowledgmentsFile, 4, rows)

	rows = nil
	for _, f := range ds.findings {
		rows = append(rows, []string{f.ID, f.Subject, f.Category, itoa(f.Sev), itoa(f.Lik), f.Status, f.Source, f.Detected, f.Closed, f.Descr})
	}
	write(dataset.FindingsFile, 1, rows)

	rows = nil
	for _, c := range ds.clauses {
		rows = append(rows, []string{c.code, c.id, c.chapter, c.title, c.topics, itoa(c.introduced), ""})
	}
	write(dataset.ClausesFile, 2, rows)

	rows = nil
	for _, e := range ds.crosswalk {
		rows = append(rows, e[:])
	}
	write(dataset.ClauseCrosswalkFile, 4, rows)

	rows = nil
	for _, f := range ds.findings {
		for _, c := range f.Cites {
			rows = append(rows, []string{f.ID, c[0], c[1]})
		}
	}
	write(dataset.FindingClausesFile, 3, rows)

	rows = nil
	for _, a := range ds.actions {
		rows = append(rows, []string{a.ID, a.Finding, a.Kind, a.Descr, a.Responsible, a.Opened, a.Due, a.Status, a.Done,
			a.Verified, a.VerifiedBy, a.Level, a.Sup, a.Cus})
	}
	write(dataset.ActionsFile, 1, rows)
	return out
}

// Write writes the dataset's files into dir, creating it if needed.
func Write(ds *Dataset, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, b := range Render(ds) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	files, err := Minerals(ds)
	if err != nil {
		return err
	}
	mdir := filepath.Join(dir, MineralsDir)
	if err := os.RemoveAll(mdir); err != nil {
		return err
	}
	for name, b := range files {
		p := filepath.Join(mdir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
