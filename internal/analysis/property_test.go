package analysis

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/supplygraph/supplygraph/internal/domain"
)

var (
	propSeeds = flag.Int("prop.seeds", 1000, "number of random datasets in TestPropertyAgainstReference")
	propFirst = flag.Int64("prop.first", 1, "first seed of TestPropertyAgainstReference")
)

// the dates around which links, acknowledgments, requests and findings start
// and end; questions are asked at each of them.
var propAsOfs = []domain.Date{mustDate("2025-06-01"), mustDate("2026-01-01"), mustDate("2026-01-02")}

var propShares = []*float64{nil, ptr(1.0), ptr(0.5), ptr(0.25), ptr(0.3), ptr(0.7)}

func ptr[T any](v T) *T { return &v }

// genIDs returns n distinct ids over characters that exercise byte order.
func genIDs(rng *rand.Rand, n int, taken map[string]bool) []string {
	const alphabet = "-.019:ACZ_az"
	var out []string
	for len(out) < n {
		l := 1 + rng.Intn(3)
		b := make([]byte, l)
		for i := range b {
			b[i] = alphabet[rng.Intn(len(alphabet))]
		}
		id := string(b)
		if !taken[id] {
			taken[id] = true
			out = append(out, id)
		}
	}
	return out
}

// nearDate returns a date at, just before or after, or far from one of the
// question dates, or nil when optional.
func nearDate(rng *rand.Rand, optional bool) *domain.Date {
	if optional && rng.Intn(3) == 0 {
		return nil
	}
	base := propAsOfs[rng.Intn(len(propAsOfs))]
	offs := []int{-400, -40, -1, 0, 0, 1, 30}
	d := base.AddDays(offs[rng.Intn(len(offs))])
	return &d
}

func genDataset(rng *rand.Rand) *dataset {
	ds := &dataset{}
	n := 8 + rng.Intn(18)
	taken := map[string]bool{}
	ids := genIDs(rng, n, taken)
	kinds := domain.CompanyKinds
	for _, id := range ids {
		c := domain.Company{ID: id, Name: "company " + id, Kind: kinds[rng.Intn(len(kinds))],
			Disclosure: domain.Disclosures[rng.Intn(len(domain.Disclosures))]}
		if c.Kind == domain.KindSmelter {
			c.RMAPStatus = domain.RMAPStatuses[rng.Intn(len(domain.RMAPStatuses))]
		}
		ds.companies = append(ds.companies, c)
	}
	facIDs := genIDs(rng, rng.Intn(4), taken)
	for _, id := range facIDs {
		ds.facilities = append(ds.facilities, domain.Facility{ID: id, CompanyID: ids[rng.Intn(n)], Name: "site " + id})
	}

	// Links: companies get a random level; most links go from a higher level
	// to a lower one (upstream to downstream), some go back (cycles) or
	// sideways, some pairs get several links with different materials.
	level := make([]int, n)
	for i := range level {
		level[i] = rng.Intn(5)
	}
	// a third of the datasets use only shares 1 (empty or explicit) or 1 and
	// 0.5, where many paths have exactly equal weights
	// and some use shares whose products round differently in different
	// orders (0.3 x 0.7 x 0.1 ...), where equal weights are not exactly equal
	shares := propShares
	switch rng.Intn(4) {
	case 1:
		shares = propShares[:2]
	case 2:
		shares = propShares[:3]
	case 3:
		shares = []*float64{ptr(0.3), ptr(0.7), ptr(0.1), ptr(0.9)}
	}
	density := 1.0 + rng.Float64()*1.5
	nl := int(float64(n) * density)
	for k := 0; k < nl; k++ {
		a, b := rng.Intn(n), rng.Intn(n)
		if a == b {
			continue
		}
		if level[a] < level[b] && rng.Intn(6) != 0 {
			a, b = b, a
		}
		l := domain.SupplyLink{SupplierID: ids[a], CustomerID: ids[b], Material: fmt.Sprintf("m%d", rng.Intn(2)),
			Share: shares[rng.Intn(len(shares))]}
		switch rng.Intn(4) {
		case 0:
			l.Since = nearDate(rng, true)
		case 1:
			l.Until = nearDate(rng, true)
		case 2:
			l.Since, l.Until = nearDate(rng, true), nearDate(rng, true)
		}
		ds.links = append(ds.links, l)
	}

	// Codes with editions, minimum editions and validity; acceptances.
	codeIDs := genIDs(rng, 3, taken)
	for _, id := range codeIDs {
		ed := 1 + rng.Intn(4)
		c := domain.Code{ID: id, Title: "code " + id, Edition: ed, Issued: propAsOfs[0].AddDays(-1000), MinEdition: 1 + rng.Intn(ed)}
		// validity periods that end exactly on a question date for some
		// acknowledgment dates (1 and 40 days before, 214 days between the
		// first two question dates)
		if k := rng.Intn(6); k > 0 {
			c.ValidDays = ptr([]int{1, 40, 214, 365, 30}[k-1])
		}
		ds.codes = append(ds.codes, c)
	}
	for _, a := range codeIDs {
		for _, b := range codeIDs {
			if a != b && rng.Intn(3) == 0 {
				ds.accepts = append(ds.accepts, domain.CodeAccept{CodeID: a, AcceptedCodeID: b})
			}
		}
	}
	// Acknowledgments: unique per (company, code, edition, date), the key.
	type ak struct {
		c, k string
		e    int
		d    domain.Date
	}
	seenAck := map[ak]bool{}
	for k := rng.Intn(2 * n); k > 0; k-- {
		code := ds.codes[rng.Intn(len(ds.codes))]
		a := domain.Acknowledgment{CompanyID: ids[rng.Intn(n)], CodeID: code.ID,
			Edition: 1 + rng.Intn(code.Edition+1), Date: *nearDate(rng, false), Signatory: fmt.Sprintf("s%d", k)}
		if key := (ak{a.CompanyID, a.CodeID, a.Edition, a.Date}); !seenAck[key] {
			seenAck[key] = true
			ds.acks = append(ds.acks, a)
		}
	}
	// Requests: unique per (requester, supplier, code); some chains of
	// requests follow supply links, others are random.
	type rk struct{ r, s, c string }
	seen := map[rk]bool{}
	for k := rng.Intn(3 * n); k > 0; k-- {
		var r, s string
		if len(ds.links) > 0 && rng.Intn(2) == 0 {
			l := ds.links[rng.Intn(len(ds.links))]
			r, s = l.CustomerID, l.SupplierID
		} else {
			r, s = ids[rng.Intn(n)], ids[rng.Intn(n)]
		}
		c := codeIDs[rng.Intn(len(codeIDs))]
		if rng.Intn(2) == 0 {
			c = codeIDs[0]
		}
		if seen[rk{r, s, c}] {
			continue
		}
		seen[rk{r, s, c}] = true
		ds.requests = append(ds.requests, domain.Request{RequesterID: r, SupplierID: s, CodeID: c, Date: *nearDate(rng, false)})
	}
	// Findings on companies and facilities, every status, open and closed.
	subjects := append(append([]string{}, ids...), facIDs...)
	for k := rng.Intn(n); k > 0; k-- {
		f := domain.Finding{ID: fmt.Sprintf("F%02d", k), SubjectID: subjects[rng.Intn(len(subjects))],
			Category: domain.RiskCategories[rng.Intn(len(domain.RiskCategories))],
			Severity: 1 + rng.Intn(5), Likelihood: 1 + rng.Intn(5),
			Status:   domain.FindingStatuses[rng.Intn(len(domain.FindingStatuses))],
			Source:   domain.FindingSources[rng.Intn(len(domain.FindingSources))],
			Detected: *nearDate(rng, false), Closed: nearDate(rng, true)}
		ds.findings = append(ds.findings, f)
	}
	genMinerals(rng, ds)
	return ds
}

// genMinerals adds dated RMAP statuses to some smelters and CMRT and EMRT
// declarations (some superseding others, some effective after the
// question dates) naming smelters, some of which the declarer also has a
// disclosed link from, with answers to the response-rate and
// smelters-identified questions.
func genMinerals(rng *rand.Rand, ds *dataset) {
	var smelters, others []string
	for i := range ds.companies {
		c := &ds.companies[i]
		if c.Kind != domain.KindSmelter {
			others = append(others, c.ID)
			continue
		}
		c.Metal = []string{"TIN", "GOLD", "COBALT"}[rng.Intn(3)]
		smelters = append(smelters, c.ID)
		for k := rng.Intn(3); k > 0; k-- {
			d := *nearDate(rng, false)
			dup := false
			for _, h := range c.RMAPHistory {
				dup = dup || h.Date == d
			}
			if !dup {
				c.RMAPHistory = append(c.RMAPHistory, domain.RMAPAt{Date: d, Status: domain.RMAPStatuses[rng.Intn(len(domain.RMAPStatuses))]})
			}
		}
		slices.SortFunc(c.RMAPHistory, func(a, b domain.RMAPAt) int { return int(a.Date - b.Date) })
	}
	if len(smelters) == 0 || len(others) == 0 || rng.Intn(5) == 0 {
		return
	}
	seen := map[string]bool{}
	for k := rng.Intn(2 * len(others)); k > 0; k-- {
		declarer := others[rng.Intn(len(others))]
		t := domain.Templates[rng.Intn(2)]
		eff := *nearDate(rng, false)
		id := domain.DeclarationID(declarer, t, eff)
		if seen[id] {
			continue
		}
		seen[id] = true
		d := domain.Declaration{ID: id, DeclarerID: declarer, Template: t, Version: "2.0", Effective: eff}
		named := map[string]bool{}
		for j := rng.Intn(4); j > 0; j-- {
			sm := smelters[rng.Intn(len(smelters))]
			metal := "TIN"
			if t == domain.TemplateEMRT {
				metal = "COBALT"
			}
			if rng.Intn(3) == 0 {
				metal = map[domain.Template]string{domain.TemplateCMRT: "GOLD", domain.TemplateEMRT: "MICA"}[t]
			}
			if !named[metal+sm] {
				named[metal+sm] = true
				d.Smelters = append(d.Smelters, domain.NamedSmelter{Metal: metal, SmelterID: sm})
			}
		}
		sortNamedSmelters(d.Smelters)
		for _, metal := range domain.TemplateMetals(t, "2.0")[:2] {
			if rng.Intn(2) == 0 {
				d.Answers = append(d.Answers, domain.Answer{Metal: metal, Number: "5",
					Question: "What percentage of relevant suppliers have provided a response to your supply chain survey?",
					Value:    []string{"100%", "Greater than 90%", "None"}[rng.Intn(3)]})
			}
			if rng.Intn(2) == 0 {
				d.Answers = append(d.Answers, domain.Answer{Metal: metal, Number: "6",
					Question: "Have you identified all of the smelters supplying the 3TG to your supply chain?",
					Value:    []string{"Yes", "No"}[rng.Intn(2)]})
			}
		}
		ds.declarations = append(ds.declarations, d)
	}
}

func sortNamedSmelters(ns []domain.NamedSmelter) {
	slices.SortFunc(ns, func(a, b domain.NamedSmelter) int {
		if a.Metal != b.Metal {
			return strings.Compare(a.Metal, b.Metal)
		}
		return strings.Compare(a.SmelterID, b.SmelterID)
	})
}

// genQueries returns questions about ds covering every query and the
// argument values of interest.
func genQueries(rng *rand.Rand, ds *dataset, count int) []query {
	depths := []int{1, 2, 3, 5, 20}
	thresholds := []float64{0, 0.5, 1}
	alphas := []float64{0.5, 0.8, 1}
	expLimits := []int{1, 2, 3, 5, 20, 500}
	pathLimits := []int{1, 2, 3, 10, 100}
	company := func() string {
		// prefer customers of some link, so that chains are not empty
		if len(ds.links) > 0 && rng.Intn(4) != 0 {
			return ds.links[rng.Intn(len(ds.links))].CustomerID
		}
		return ds.companies[rng.Intn(len(ds.companies))].ID
	}
	var out []query
	for i := 0; i < count; i++ {
		q := query{AsOf: propAsOfs[rng.Intn(len(propAsOfs))].String()}
		if rng.Intn(6) != 0 {
			q.MaxDepth = ptr(depths[rng.Intn(len(depths))])
		}
		switch i % 5 {
		case 0, 1:
			q.Op = "cascade"
			if i%5 == 1 {
				q.Op = "uncoveredTiers"
				if rng.Intn(4) != 0 {
					q.Threshold = ptr(thresholds[rng.Intn(len(thresholds))])
				}
			}
			q.Focal = company()
			q.Code = ds.codes[rng.Intn(len(ds.codes))].ID
			if rng.Intn(2) == 0 {
				q.Code = ds.codes[0].ID
			}
		case 2:
			q.Op = "riskExposure"
			q.Focal = company()
			if rng.Intn(4) != 0 {
				q.Limit = ptr(expLimits[rng.Intn(len(expLimits))])
			}
			for k := rng.Intn(4) - 1; k > 0; k-- {
				q.Categories = append(q.Categories, string(domain.RiskCategories[rng.Intn(len(domain.RiskCategories))]))
			}
			if rng.Intn(5) == 0 {
				q.Categories = []string{string(domain.ResponsibleMinerals)}
			}
		case 3:
			q.Op = "riskPaths"
			q.To = company()
			q.From = upstreamOf(rng, ds, q.To)
			if rng.Intn(10) == 0 {
				q.From = q.To
			}
			if rng.Intn(4) != 0 {
				q.Limit = ptr(pathLimits[rng.Intn(len(pathLimits))])
			}
		case 4:
			q.Op = "impact"
			q.Source = ds.companies[rng.Intn(len(ds.companies))].ID
		}
		if q.Op != "cascade" && q.Op != "uncoveredTiers" && rng.Intn(5) != 0 {
			q.Attenuation = ptr(alphas[rng.Intn(len(alphas))])
		}
		out = append(out, q)
	}
	return out
}

var propCmp = []cmp.Option{cmpopts.EquateApprox(1e-9, 0), cmpopts.EquateEmpty()}

// diffAnswer compares the package with the reference on one question; it
// returns "" when they agree.
func diffAnswer(ds *dataset, q query) (d string) {
	defer func() {
		if p := recover(); p != nil {
			d = fmt.Sprintf("panic: %v", p)
		}
	}()
	got, err := ds.answer(context.Background(), q)
	if err != nil {
		return fmt.Sprintf("error: %v", err)
	}
	want := referenceAnswer(ds, q)
	if d := cmp.Diff(want, got, propCmp...); d != "" {
		return d
	}
	// the same answer from the smallest input the store may hand over
	min, err := ds.answerWith(context.Background(), q, true)
	if err != nil {
		return fmt.Sprintf("error with the minimal input: %v", err)
	}
	if d := cmp.Diff(want, min, propCmp...); d != "" {
		return "with the minimal input:\n" + d
	}
	return ""
}

// shrink removes links, acknowledgments, requests, findings, facilities,
// acceptances and companies one at a time while the question still fails,
// and returns the smallest failing dataset found.
func shrink(ds *dataset, q query) *dataset {
	cur := *ds
	fails := func(c *dataset) bool { return diffAnswer(c, q) != "" }
	for changed := true; changed; {
		changed = false
		try := func(n int, without func(i int) (dataset, bool)) {
			for i := n - 1; i >= 0; i-- {
				if c, ok := without(i); ok && fails(&c) {
					cur = c
					changed = true
				}
			}
		}
		try(len(cur.links), func(i int) (dataset, bool) { c := cur; c.links = del(cur.links, i); return c, true })
		try(len(cur.acks), func(i int) (dataset, bool) { c := cur; c.acks = del(cur.acks, i); return c, true })
		try(len(cur.requests), func(i int) (dataset, bool) { c := cur; c.requests = del(cur.requests, i); return c, true })
		try(len(cur.findings), func(i int) (dataset, bool) { c := cur; c.findings = del(cur.findings, i); return c, true })
		try(len(cur.accepts), func(i int) (dataset, bool) { c := cur; c.accepts = del(cur.accepts, i); return c, true })
		try(len(cur.facilities), func(i int) (dataset, bool) {
			c := cur
			id := cur.facilities[i].ID
			for _, f := range cur.findings {
				if f.SubjectID == id {
					return c, false // still referenced
				}
			}
			c.facilities = del(cur.facilities, i)
			return c, true
		})
		try(len(cur.companies), func(i int) (dataset, bool) {
			c := cur
			if cur.referenced(cur.companies[i].ID, q) {
				return c, false
			}
			c.companies = del(cur.companies, i)
			return c, true
		})
	}
	return &cur
}

func del[T any](s []T, i int) []T {
	out := make([]T, 0, len(s)-1)
	out = append(out, s[:i]...)
	return append(out, s[i+1:]...)
}

func (ds *dataset) referenced(id string, q query) bool {
	if id == q.Focal || id == q.From || id == q.To || id == q.Source {
		return true
	}
	for _, l := range ds.links {
		if l.SupplierID == id || l.CustomerID == id {
			return true
		}
	}
	for _, f := range ds.facilities {
		if f.CompanyID == id {
			return true
		}
	}
	for _, r := range ds.requests {
		if r.RequesterID == id || r.SupplierID == id {
			return true
		}
	}
	for _, a := range ds.acks {
		if a.CompanyID == id {
			return true
		}
	}
	for _, f := range ds.findings {
		if f.SubjectID == id {
			return true
		}
	}
	return false
}

// dump writes ds in the bulk-load CSV format, for a failure report.
func (ds *dataset) dump() string {
	var b strings.Builder
	ds2 := func(d *domain.Date) string {
		if d == nil {
			return ""
		}
		return d.String()
	}
	fmt.Fprintln(&b, "companies.csv\nid,name,kind,disclosure,rmap_status")
	for _, c := range ds.companies {
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s\n", c.ID, c.Name, c.Kind, c.Disclosure, c.RMAPStatus)
	}
	fmt.Fprintln(&b, "facilities.csv\nid,company_id")
	for _, f := range ds.facilities {
		fmt.Fprintf(&b, "%s,%s\n", f.ID, f.CompanyID)
	}
	fmt.Fprintln(&b, "supply_links.csv\nsupplier_id,customer_id,material,since,until,share")
	for _, l := range ds.links {
		share := ""
		if l.Share != nil {
			share = fmt.Sprint(*l.Share)
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s\n", l.SupplierID, l.CustomerID, l.Material, ds2(l.Since), ds2(l.Until), share)
	}
	fmt.Fprintln(&b, "codes.csv\nid,edition,min_edition,valid_days")
	for _, c := range ds.codes {
		vd := ""
		if c.ValidDays != nil {
			vd = fmt.Sprint(*c.ValidDays)
		}
		fmt.Fprintf(&b, "%s,%d,%d,%s\n", c.ID, c.Edition, c.MinEdition, vd)
	}
	fmt.Fprintln(&b, "code_accepts.csv\ncode_id,accepted_code_id")
	for _, a := range ds.accepts {
		fmt.Fprintf(&b, "%s,%s\n", a.CodeID, a.AcceptedCodeID)
	}
	fmt.Fprintln(&b, "requests.csv\nrequester_id,supplier_id,code_id,date")
	for _, r := range ds.requests {
		fmt.Fprintf(&b, "%s,%s,%s,%s\n", r.RequesterID, r.SupplierID, r.CodeID, r.Date)
	}
	fmt.Fprintln(&b, "acknowledgments.csv\ncompany_id,code_id,edition,date,signatory")
	for _, a := range ds.acks {
		fmt.Fprintf(&b, "%s,%s,%d,%s,%s\n", a.CompanyID, a.CodeID, a.Edition, a.Date, a.Signatory)
	}
	fmt.Fprintln(&b, "findings.csv\nid,subject_id,category,severity,likelihood,status,detected,closed")
	for _, f := range ds.findings {
		fmt.Fprintf(&b, "%s,%s,%s,%d,%d,%s,%s,%s\n", f.ID, f.SubjectID, f.Category, f.Severity, f.Likelihood, f.Status, f.Detected, ds2(f.Closed))
	}
	return b.String()
}

// TestPropertyAgainstReference compares every query of the package with the
// brute-force reference on random datasets (seeds prop.first to
// prop.first+prop.seeds-1, 40 questions each). On a difference it prints
// the seed, the question and the smallest failing dataset it can find.
func TestPropertyAgainstReference(t *testing.T) {
	seeds := *propSeeds
	if testing.Short() {
		seeds = 60
	}
	stats := map[string]int{}
	nonEmpty := map[string]int{}
	failures := 0
	for seed := *propFirst; seed < *propFirst+int64(seeds); seed++ {
		rng := rand.New(rand.NewSource(seed))
		ds := genDataset(rng)
		for _, q := range genQueries(rng, ds, 40) {
			stats[q.Op]++
			if d := diffAnswer(ds, q); d != "" {
				failures++
				small := shrink(ds, q)
				qj, _ := json.Marshal(q)
				t.Errorf("seed %d: question %s: package and reference differ (-reference +package):\n%s\nsmallest failing dataset:\n%s",
					seed, qj, diffAnswer(small, q), small.dump())
				if failures >= 3 {
					t.Fatal("stopping after 3 failures")
				}
				continue
			}
			if nonTrivial(referenceAnswer(ds, q)) {
				nonEmpty[q.Op]++
			}
		}
	}
	for _, k := range sortedKeys(refStats) {
		t.Logf("reference: %-45s %d", k, refStats[k])
	}
	ops := sortedKeys(stats)
	sort.Strings(ops)
	for _, op := range ops {
		t.Logf("%-15s %5d questions, %5d with a non-empty answer", op, stats[op], nonEmpty[op])
	}
}

// upstreamOf walks a few random steps from id against the links.
func upstreamOf(rng *rand.Rand, ds *dataset, id string) string {
	if rng.Intn(5) == 0 {
		return ds.companies[rng.Intn(len(ds.companies))].ID
	}
	for steps := 1 + rng.Intn(5); steps > 0; steps-- {
		var sup []string
		for _, l := range ds.links {
			if l.CustomerID == id {
				sup = append(sup, l.SupplierID)
			}
		}
		if len(sup) == 0 {
			break
		}
		id = sup[rng.Intn(len(sup))]
	}
	return id
}

func nonTrivial(a any) bool {
	switch a := a.(type) {
	case jCascade:
		return len(a.Entries) > 0
	case jUncovered:
		return len(a.Tiers) > 0
	case jExposure:
		return len(a.Sources) > 0
	case []jPath:
		return len(a) > 0
	case jImpact:
		return len(a.Affected) > 0
	}
	return false
}
