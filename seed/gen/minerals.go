package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/supplygraph/supplygraph/internal/cmrt"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// MineralsDir is the subdirectory of seed/demo holding the CMRT and EMRT
// declarations (cmrt/<company id>/*.xlsx: `supplygraph cmrt --dir`) and the
// dated RMAP statuses (rmap_history.csv: `supplygraph rmap`); a load of
// seed/demo ignores it.
const MineralsDir = "minerals"

// RMAPHistoryFile is the dated RMAP statuses, under MineralsDir.
const RMAPHistoryFile = "rmap_history.csv"

var cmrtMetals = []string{"TIN", "TANTALUM", "TUNGSTEN", "GOLD"}

// Dates of the demo's RMAP publications: one before the reference date
// restating statuses, one in 2026 that changes two of them, one after the
// reference date (it counts only for later asOf dates).
const (
	rmapPub1 = "2025-11-03"
	rmapPub2 = "2026-03-02"
	rmapPub3 = "2026-07-06"
)

// declaration is one workbook to write.
type declaration struct {
	company   *company
	template  domain.Template
	version   string
	eff       string
	metals    []string            // the metals it answers for
	smelters  map[string][]string // metal -> smelter ids named
	overstate bool                // answers 100% / Yes whatever its suppliers did
}

// minerals is what Minerals derives from the active graph at refDate.
type minerals struct {
	ds      *Dataset
	r       *rand.Rand
	sups    map[string][]string // customer -> active suppliers, sorted
	decls   []*declaration
	inForce map[string]*declaration // company|template -> the latest declaration
}

func (m *minerals) upstream(id string) []*company {
	seen := map[string]bool{id: true}
	queue := []string{id}
	var out []*company
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		for _, s := range m.sups[x] {
			if !seen[s] {
				seen[s] = true
				queue = append(queue, s)
				out = append(out, m.ds.byID[s])
			}
		}
	}
	slices.SortFunc(out, func(a, b *company) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// smeltersUpstream returns the smelters of metal in id's disclosed chain.
func (m *minerals) smeltersUpstream(id, metal string) []string {
	var out []string
	for _, c := range m.upstream(id) {
		if c.Kind == "SMELTER" && c.Metal == metal {
			out = append(out, c.ID)
		}
	}
	return out
}

// current reports whether c has a declaration of template t in force and
// current (effective within the default 365 days) at refDate.
func (m *minerals) current(c string, t domain.Template) bool {
	d := m.inForce[c+"|"+string(t)]
	return d != nil && day(d.eff).AddDate(0, 0, 365).After(day(refDate))
}

// Minerals returns the files of MineralsDir (paths relative to it, with
// "/"), drawn from the dataset and a random stream of their own: the
// dataset's CSV files do not change.
//
// Declarers are about 60% of the tier-1 partners of HIT and NEC and 30% of
// their tier-2 suppliers whose disclosed chain holds smelters of the CMRT
// metals. Each CMRT names most of those smelters, and one in four also a
// smelter of the same metal that its chain does not disclose (a declared
// edge). About 60% are current at refDate (effective from mid-2025), the
// others stale (2024 to April 2025); a few have an older declaration a
// year before, kept as history. Answers: question 1 Yes for the metals of
// its chain; questions 5 and 6 from its direct suppliers' declarations and
// disclosure, except for one in fifteen declarers (at least one partner), who
// answer 100% and Yes anyway. The tier-1 and tier-2 suppliers with cobalt
// smelters upstream file an EMRT 2.0 for cobalt, about half of them.
func Minerals(ds *Dataset) (map[string][]byte, error) {
	m := &minerals{ds: ds, r: rand.New(rand.NewPCG(ds.seed, 0x6d696e6572616c73)), sups: map[string][]string{},
		inForce: map[string]*declaration{}}
	for _, l := range ds.links {
		if activeAt(l, refDate) && !slices.Contains(m.sups[l.Cus], l.Sup) {
			m.sups[l.Cus] = append(m.sups[l.Cus], l.Sup)
		}
	}
	for _, s := range m.sups {
		slices.Sort(s)
	}
	isSupplier := func(id string) bool { return ds.byID[id].Kind == "SUPPLIER" }
	var tier1, tier2 []string
	seen := map[string]bool{}
	for _, b := range []string{"HIT", "NEC"} {
		for _, s := range m.sups[b] {
			if isSupplier(s) && !seen[s] {
				seen[s] = true
				tier1 = append(tier1, s)
			}
		}
	}
	slices.Sort(tier1)
	for _, p := range tier1 {
		for _, s := range m.sups[p] {
			if isSupplier(s) && !seen[s] {
				seen[s] = true
				tier2 = append(tier2, s)
			}
		}
	}
	slices.Sort(tier2)

	allSmelters := map[string][]string{} // metal -> ids, sorted
	for _, c := range ds.companies {
		if c.Kind == "SMELTER" {
			allSmelters[c.Metal] = append(allSmelters[c.Metal], c.ID)
		}
	}
	for _, ids := range allSmelters {
		slices.Sort(ids)
	}

	// name picks most of the smelters of metal in c's chain, sometimes one
	// more that the chain does not disclose.
	name := func(c, metal string, extra bool) []string {
		up := m.smeltersUpstream(c, metal)
		var out []string
		for _, s := range up {
			if m.r.Float64() < 0.85 {
				out = append(out, s)
			}
		}
		if len(out) == 0 && len(up) > 0 {
			out = append(out, up[m.r.IntN(len(up))])
		}
		if extra {
			var others []string
			for _, s := range allSmelters[metal] {
				if !slices.Contains(up, s) {
					others = append(others, s)
				}
			}
			if len(others) > 0 {
				out = append(out, others[m.r.IntN(len(others))])
			}
		}
		slices.Sort(out)
		return out
	}
	cmrtVersion := func(eff string) string {
		switch {
		case eff >= "2025-05-01":
			return "6.5"
		case eff >= "2024-05-01":
			return "6.4"
		default:
			return "6.31"
		}
	}
	overstated := false
	for i, group := range [][]string{tier1, tier2} {
		p := []float64{0.6, 0.3}[i]
		for _, id := range group {
			var metals []string
			for _, mt := range cmrtMetals {
				if len(m.smeltersUpstream(id, mt)) > 0 {
					metals = append(metals, mt)
				}
			}
			if len(metals) == 0 || m.r.Float64() >= p {
				continue
			}
			var eff time.Time
			if m.r.Float64() < 0.6 {
				eff = m.between(day("2025-07-01"), day("2026-05-15"))
			} else {
				eff = m.between(day("2024-02-01"), day("2025-04-30"))
			}
			d := &declaration{company: ds.byID[id], template: domain.TemplateCMRT, eff: fd(eff), metals: metals,
				smelters: map[string][]string{}}
			d.version = cmrtVersion(d.eff)
			extraMetal := ""
			if m.r.Float64() < 0.25 {
				extraMetal = metals[m.r.IntN(len(metals))]
			}
			for _, mt := range metals {
				d.smelters[mt] = name(id, mt, mt == extraMetal)
			}
			d.overstate = m.r.Float64() < 0.07 || (i == 0 && !overstated && eff.After(day("2025-06-01")))
			overstated = overstated || d.overstate
			// history: an older declaration a year before, superseded by
			// this one (at least one in the demo)
			if m.r.Float64() < 0.2 || (i == 0 && len(m.decls) == 0) {
				old := &declaration{company: d.company, template: domain.TemplateCMRT, eff: fd(eff.AddDate(-1, 0, 0)),
					metals: metals, smelters: map[string][]string{}}
				old.version = cmrtVersion(old.eff)
				for _, mt := range metals {
					old.smelters[mt] = name(id, mt, m.r.Float64() < 0.3)
				}
				m.decls = append(m.decls, old)
			}
			m.decls = append(m.decls, d)
			m.inForce[id+"|CMRT"] = d
		}
	}
	for _, id := range append(slices.Clone(tier1), tier2...) {
		cobalt := m.smeltersUpstream(id, "COBALT")
		if len(cobalt) == 0 || m.r.Float64() >= 0.5 {
			continue
		}
		eff := m.between(day("2025-03-01"), day("2026-04-30"))
		d := &declaration{company: ds.byID[id], template: domain.TemplateEMRT, version: "2.0", eff: fd(eff),
			metals: []string{"COBALT"}, smelters: map[string][]string{"COBALT": name(id, "COBALT", false)}}
		m.decls = append(m.decls, d)
		m.inForce[id+"|EMRT"] = d
	}

	out := map[string][]byte{}
	for _, d := range m.decls {
		b, err := m.workbook(d)
		if err != nil {
			return nil, err
		}
		out[path.Join("cmrt", d.company.ID, fmt.Sprintf("%s-%s-%s.xlsx", d.company.ID, d.template, d.eff))] = b
	}
	out[RMAPHistoryFile] = m.rmapHistory()
	return out, nil
}

func (m *minerals) between(a, b time.Time) time.Time {
	n := int(b.Sub(a).Hours() / 24)
	return a.AddDate(0, 0, m.r.IntN(n+1))
}

// workbook writes d with its answers: question 1 Yes (the metal is in its
// chain), question 5 the share of its direct suppliers with a current
// declaration of the template, question 6 Yes when all have one and
// disclose completely; an overstating declarer answers 100% and Yes.
func (m *minerals) workbook(d *declaration) ([]byte, error) {
	direct := 0
	answered, complete := 0, true
	for _, s := range m.sups[d.company.ID] {
		c := m.ds.byID[s]
		if c.Kind != "SUPPLIER" {
			continue
		}
		direct++
		if m.current(s, d.template) {
			answered++
		} else {
			complete = false
		}
		if c.Disclosure != "COMPLETE" {
			complete = false
		}
	}
	rate := "None"
	if direct > 0 {
		switch r := float64(answered) / float64(direct); {
		case r == 1:
			rate = "100%"
		case r > 0.9:
			rate = "Greater than 90%"
		case r > 0.75:
			rate = "Greater than 75%"
		case r > 0.5:
			rate = "Greater than 50%"
		case r > 0:
			rate = "50% or less"
		}
	} else {
		rate, complete = "100%", true // no supplier to ask: its own smelters are its list
	}
	identified := map[bool]string{true: "Yes", false: "No"}[complete]
	if d.overstate {
		rate, identified = "100%", "Yes"
	}
	f := cmrt.Filing{Template: d.template, Version: d.version, CompanyName: d.company.Name, Effective: date(d.eff)}
	for _, mt := range d.metals {
		f.Answers = append(f.Answers,
			domain.Answer{Metal: mt, Number: "1", Value: "Yes"},
			domain.Answer{Metal: mt, Number: "5", Value: rate},
			domain.Answer{Metal: mt, Number: "6", Value: identified})
		for _, id := range d.smelters[mt] {
			s := m.ds.byID[id]
			f.Smelters = append(f.Smelters, cmrt.Smelter{Metal: mt, Name: s.Name, Country: s.Country, SmelterID: s.ID, Source: "RMI"})
		}
	}
	var b bytes.Buffer
	if err := cmrt.WriteFiling(&b, f); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// rmapHistory writes the dated RMAP statuses: the first publication
// restates the status of about a third of the smelters named by the
// declarations; the 2026 one makes an ACTIVE smelter CONFORMANT and takes
// conformance from a CONFORMANT one (NON_CONFORMANT: its reassessment found
// a gap); the one after the reference date makes another ACTIVE smelter
// CONFORMANT.
func (m *minerals) rmapHistory() []byte {
	named := map[string]bool{}
	for _, d := range m.decls {
		for _, ids := range d.smelters {
			for _, id := range ids {
				named[id] = true
			}
		}
	}
	var active, conformant []*company
	for _, c := range m.ds.companies {
		if c.Kind != "SMELTER" || !named[c.ID] {
			continue
		}
		switch c.RMAP {
		case "ACTIVE":
			active = append(active, c)
		case "CONFORMANT":
			conformant = append(conformant, c)
		}
	}
	slices.SortFunc(active, func(a, b *company) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(conformant, func(a, b *company) int { return strings.Compare(a.ID, b.ID) })
	type row struct{ rmi, status, pub string }
	var rows []row
	restated := map[string]bool{}
	for _, c := range conformant {
		if m.r.Float64() < 0.35 {
			rows = append(rows, row{c.RMIID, c.RMAP, rmapPub1})
			restated[c.ID] = true
		}
	}
	if len(active) > 0 {
		a := active[m.r.IntN(len(active))]
		rows = append(rows, row{a.RMIID, "ACTIVE", rmapPub1}, row{a.RMIID, "CONFORMANT", rmapPub2})
		active = slices.DeleteFunc(active, func(c *company) bool { return c == a })
	}
	if len(conformant) > 0 {
		c := conformant[m.r.IntN(len(conformant))]
		if !restated[c.ID] {
			rows = append(rows, row{c.RMIID, "CONFORMANT", rmapPub1})
		}
		rows = append(rows, row{c.RMIID, "NON_CONFORMANT", rmapPub2})
	}
	if len(active) > 0 {
		a := active[m.r.IntN(len(active))]
		rows = append(rows, row{a.RMIID, "CONFORMANT", rmapPub3})
	}
	slices.SortFunc(rows, func(a, b row) int {
		if c := strings.Compare(a.pub, b.pub); c != 0 {
			return c
		}
		return strings.Compare(a.rmi, b.rmi)
	})
	var b bytes.Buffer
	b.WriteString("rmi_id,rmap_status,published\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%s,%s,%s\n", r.rmi, r.status, r.pub)
	}
	return b.Bytes()
}
