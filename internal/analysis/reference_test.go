package analysis

import (
	"math"
	"sort"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// This file is a brute-force reference of the analysis semantics, written
// from the product's rules without using the package under test: plain
// loops over the whole dataset, breadth-first search for tiers, exhaustive
// enumeration of simple paths for best paths and risk paths, and a literal
// transcription of the status and reach rules. It is slow on purpose.
//
// Best paths are searched among simple paths: a walk with a repeated company
// contains a cycle, and cutting the cycle out multiplies its weight by
// 1 / (w1 x ... x wc x a^c) >= 1 while removing c edges, so the walk always
// loses to the shorter path (larger weight, or equal weight and fewer edges).
// TestBestWalkIsSimple checks this against walk enumeration.

// refPath is a path of company ids with its weight.
type refPath struct {
	ids []string
	w   float64
}

type refWorld struct {
	ds    *dataset
	asOf  domain.Date
	depth int
	alpha float64

	w    map[[2]string]float64 // active graph: (supplier, customer) -> weight
	decl map[[2]string]bool    // the pairs joined by a declared edge only
	ids  []string              // every company id, sorted
}

// newRefWorldDeclared is newRefWorld with the declared edges: for every
// declaration in force (no declaration of the same declarer and template is
// effective later, on or before asOf), an edge smelter -> declarer of
// weight 1 where no active disclosed link joins them.
func newRefWorldDeclared(ds *dataset, asOf domain.Date, depth int, alpha float64) *refWorld {
	r := newRefWorld(ds, asOf, depth, alpha)
	for _, d := range ds.declarations {
		if d.Effective > asOf {
			continue
		}
		superseded := false
		for _, e := range ds.declarations {
			if e.DeclarerID == d.DeclarerID && e.Template == d.Template && e.Effective > d.Effective && e.Effective <= asOf {
				superseded = true
			}
		}
		if superseded {
			continue
		}
		for _, n := range d.Smelters {
			k := [2]string{n.SmelterID, d.DeclarerID}
			if _, disclosed := r.w[k]; disclosed && !r.decl[k] || n.SmelterID == d.DeclarerID {
				continue
			}
			r.w[k], r.decl[k] = 1, true
		}
	}
	return r
}

// declaredHops marks the declared edges of a path; nil when none is.
func (r *refWorld) declaredHops(ids []string) []bool {
	var out []bool
	for i := 1; i < len(ids); i++ {
		if r.decl[[2]string{ids[i-1], ids[i]}] {
			if out == nil {
				out = make([]bool, len(ids)-1)
				refStats["a path with a declared edge"]++
			}
			out[i-1] = true
		}
	}
	return out
}

// rmapStatusAt: the status of the latest publication on or before t, else
// the undated status.
func refRMAPStatusAt(c domain.Company, t domain.Date) domain.RMAPStatus {
	st, best := c.RMAPStatus, domain.Date(-1<<30)
	for _, h := range c.RMAPHistory {
		if h.Date <= t && h.Date > best {
			st, best = h.Status, h.Date
		}
	}
	if st != c.RMAPStatus {
		refStats["RMAP status at asOf from the history differs from the undated one"]++
	}
	return st
}

func newRefWorld(ds *dataset, asOf domain.Date, depth int, alpha float64) *refWorld {
	r := &refWorld{ds: ds, asOf: asOf, depth: depth, alpha: alpha, w: map[[2]string]float64{}, decl: map[[2]string]bool{}}
	for _, l := range ds.links {
		if l.Since != nil && !(*l.Since <= asOf) {
			continue
		}
		if l.Until != nil && !(*l.Until > asOf) {
			continue
		}
		share := 1.0
		if l.Share != nil {
			share = *l.Share
		}
		k := [2]string{l.SupplierID, l.CustomerID}
		if old, ok := r.w[k]; !ok || share > old {
			r.w[k] = share
		}
	}
	for _, c := range ds.companies {
		r.ids = append(r.ids, c.ID)
	}
	sort.Strings(r.ids)
	return r
}

func (r *refWorld) company(id string) domain.Company {
	for _, c := range r.ds.companies {
		if c.ID == id {
			return c
		}
	}
	panic("no company " + id)
}

// tiers: breadth-first search towards f against edge direction.
func (r *refWorld) tiers(f string) map[string]int {
	dist := map[string]int{f: 0}
	for d := 1; d <= r.depth; d++ {
		for k := range r.w {
			u, v := k[0], k[1]
			if dv, ok := dist[v]; ok && dv == d-1 {
				if _, seen := dist[u]; !seen {
					dist[u] = d
				}
			}
		}
	}
	delete(dist, f)
	return dist
}

// distancesFrom: breadth-first search from s along edge direction.
func (r *refWorld) distancesFrom(s string) map[string]int {
	dist := map[string]int{s: 0}
	for d := 1; d <= r.depth; d++ {
		for k := range r.w {
			u, v := k[0], k[1]
			if du, ok := dist[u]; ok && du == d-1 {
				if _, seen := dist[v]; !seen {
					dist[v] = d
				}
			}
		}
	}
	delete(dist, s)
	return dist
}

// simplePaths enumerates every simple path from a to b of 1 to depth edges.
func (r *refWorld) simplePaths(a, b string) []refPath {
	var out []refPath
	path := []string{a}
	on := map[string]bool{a: true}
	var walk func()
	walk = func() {
		last := path[len(path)-1]
		if last == b {
			ids := append([]string(nil), path...)
			out = append(out, refPath{ids, r.weight(ids)})
			return
		}
		if len(path)-1 == r.depth {
			return
		}
		for _, next := range r.ids {
			if _, ok := r.w[[2]string{last, next}]; !ok || on[next] {
				continue
			}
			on[next] = true
			path = append(path, next)
			walk()
			path = path[:len(path)-1]
			on[next] = false
		}
	}
	if a != b {
		walk()
	}
	return out
}

// weight: w(v0,v1) x ... x w(vk-1,vk) x alpha^(k-1).
func (r *refWorld) weight(ids []string) float64 {
	x := 1.0
	for i := 1; i < len(ids); i++ {
		x *= r.w[[2]string{ids[i-1], ids[i]}]
	}
	return x * math.Pow(r.alpha, float64(len(ids)-2))
}

func refEqual(a, b float64) bool {
	return math.Abs(a-b)/math.Max(math.Abs(a), math.Abs(b)) < 1e-9
}

func refIdsLess(a, b []string) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) < len(b)
}

// refStats counts how often the reference's tie rules decided something,
// to show that the random datasets exercise them.
var refStats = map[string]int{}

// refPathBefore: larger weight, then fewer edges, then smaller ids.
func refPathBefore(p, q refPath) bool {
	if !refEqual(p.w, q.w) {
		return p.w > q.w
	}
	if p.w != q.w {
		refStats["path weights equal within 1e-9 but not exactly"]++
	}
	if len(p.ids) != len(q.ids) {
		refStats["path tie on weight, decided by edges"]++
		return len(p.ids) < len(q.ids)
	}
	refStats["path tie on weight and edges, decided by ids"]++
	return refIdsLess(p.ids, q.ids)
}

func (r *refWorld) bestPath(a, b string) (refPath, bool) {
	var best refPath
	found := false
	for _, p := range r.simplePaths(a, b) {
		if !found || refPathBefore(p, best) {
			best, found = p, true
		}
	}
	return best, found
}

// ---- acknowledgment status and cascade

type refCascade struct {
	r     *refWorld
	code  string
	accep map[string]domain.Code // A(C)
}

func newRefCascade(r *refWorld, code string) *refCascade {
	c := &refCascade{r: r, code: code, accep: map[string]domain.Code{}}
	for _, k := range r.ds.codes {
		if k.ID == code {
			c.accep[k.ID] = k
		}
	}
	for _, a := range r.ds.accepts {
		if a.CodeID != code {
			continue
		}
		for _, k := range r.ds.codes {
			if k.ID == a.AcceptedCodeID {
				c.accep[k.ID] = k
			}
		}
	}
	return c
}

func (c *refCascade) isCurrent(a domain.Acknowledgment) bool {
	k := c.accep[a.CodeID]
	return a.Edition >= k.MinEdition && (k.ValidDays == nil || int(c.r.asOf) < int(a.Date)+*k.ValidDays)
}

// acksOf: acknowledgments by x of codes in A(C) dated <= T.
func (c *refCascade) acksOf(x string) []domain.Acknowledgment {
	var out []domain.Acknowledgment
	for _, a := range c.r.ds.acks {
		if _, ok := c.accep[a.CodeID]; ok && a.CompanyID == x && a.Date <= c.r.asOf {
			out = append(out, a)
		}
	}
	return out
}

// requestsFor: requests for C itself dated <= T.
func (c *refCascade) requestsFor() []domain.Request {
	var out []domain.Request
	for _, q := range c.r.ds.requests {
		if q.CodeID == c.code && q.Date <= c.r.asOf {
			out = append(out, q)
		}
	}
	return out
}

func (c *refCascade) status(x string) (domain.AckStatus, *jAck) {
	var current, all []domain.Acknowledgment
	for _, a := range c.acksOf(x) {
		all = append(all, a)
		if c.isCurrent(a) {
			current = append(current, a)
		}
	}
	pick := func(list []domain.Acknowledgment) domain.Acknowledgment {
		best := list[0]
		for _, a := range list[1:] {
			if a.Date > best.Date || (a.Date == best.Date && (a.Edition > best.Edition ||
				(a.Edition == best.Edition && a.CodeID < best.CodeID))) {
				best = a
			}
		}
		return best
	}
	if len(current) > 0 {
		a := pick(current)
		return domain.StatusCovered, &jAck{Code: a.CodeID, Edition: a.Edition, Date: a.Date.String(), Signatory: a.Signatory, Current: true}
	}
	if len(all) > 0 {
		a := pick(all)
		return domain.StatusStale, &jAck{Code: a.CodeID, Edition: a.Edition, Date: a.Date.String(), Signatory: a.Signatory, Current: false}
	}
	for _, q := range c.requestsFor() {
		if q.SupplierID == x {
			return domain.StatusPending, nil
		}
	}
	return domain.StatusNotRequested, nil
}

// reached: fixpoint of "F requested X, or a reached COVERED R requested X".
func (c *refCascade) reached(f string) map[string]bool {
	reached := map[string]bool{}
	for changed := true; changed; {
		changed = false
		for _, q := range c.requestsFor() {
			x := q.SupplierID
			if x == f || reached[x] {
				continue
			}
			ok := q.RequesterID == f
			if !ok && reached[q.RequesterID] {
				st, _ := c.status(q.RequesterID)
				ok = st == domain.StatusCovered
			}
			if ok {
				if q.RequesterID != f {
					refStats["reached through a covered company"]++
				}
				reached[x] = true
				changed = true
			}
		}
	}
	return reached
}

func (c *refCascade) requestedBy(x string) []string {
	set := map[string]bool{}
	for _, q := range c.requestsFor() {
		if q.SupplierID == x {
			set[q.RequesterID] = true
		}
	}
	return sortedKeys(set)
}

// chainOrder: chain members by tier, then id.
func chainOrder(tiers map[string]int) []string {
	ids := sortedKeys(tiers)
	sort.SliceStable(ids, func(i, j int) bool { return tiers[ids[i]] < tiers[ids[j]] })
	return ids
}

func refCascadeAnswer(ds *dataset, q query, s Settings) jCascade {
	r := newRefWorld(ds, mustDate(q.AsOf), s.MaxDepth, 1)
	c := newRefCascade(r, q.Code)
	tiers := r.tiers(q.Focal)
	reached := c.reached(q.Focal)
	out := jCascade{Tiers: []jCascadeTier{}, Entries: []jEntry{}}
	maxTier := 0
	for _, x := range chainOrder(tiers) {
		st, ack := c.status(x)
		out.Entries = append(out.Entries, jEntry{Company: x, Tier: tiers[x], Status: string(st), Reached: reached[x],
			RequestedBy: c.requestedBy(x), Acknowledgment: ack})
		maxTier = max(maxTier, tiers[x])
	}
	for n := 1; n <= maxTier; n++ {
		t := jCascadeTier{Tier: n}
		for _, e := range out.Entries {
			if e.Tier != n {
				continue
			}
			t.Companies++
			switch domain.AckStatus(e.Status) {
			case domain.StatusCovered:
				t.Covered++
			case domain.StatusStale:
				t.Stale++
			case domain.StatusPending:
				t.Pending++
			case domain.StatusNotRequested:
				t.NotRequested++
			}
			if e.Reached {
				t.Reached++
			}
		}
		if t.Companies > 0 {
			t.Coverage = float64(t.Covered) / float64(t.Companies)
			out.Tiers = append(out.Tiers, t)
		}
	}
	return out
}

func refUncoveredAnswer(ds *dataset, q query, s Settings) jUncovered {
	r := newRefWorld(ds, mustDate(q.AsOf), s.MaxDepth, 1)
	c := newRefCascade(r, q.Code)
	tiers := r.tiers(q.Focal)
	out := jUncovered{Tiers: []jTierCoverage{}}
	for n := 1; n <= s.MaxDepth; n++ {
		t := jTierCoverage{Tier: n, UncoveredCompanies: []string{}, OpenEndCompanies: []string{}}
		for _, x := range sortedKeys(tiers) {
			if tiers[x] != n {
				continue
			}
			t.Companies++
			st, _ := c.status(x)
			if st == domain.StatusCovered {
				t.Covered++
			} else {
				t.UncoveredCompanies = append(t.UncoveredCompanies, x)
			}
			co := r.company(x)
			if (co.Kind == domain.KindBuyer || co.Kind == domain.KindSupplier) && co.Disclosure != domain.DisclosureComplete {
				t.OpenEnds++
				t.OpenEndCompanies = append(t.OpenEndCompanies, x)
			}
		}
		if t.Companies == 0 {
			continue
		}
		t.Coverage = float64(t.Covered) / float64(t.Companies)
		t.AckGap = t.Coverage < s.Threshold
		t.VisibilityGap = t.OpenEnds > 0
		t.Uncovered = t.AckGap || t.VisibilityGap
		if t.Uncovered && out.FirstUncoveredTier == nil {
			n := n
			out.FirstUncoveredTier = &n
		}
		out.Tiers = append(out.Tiers, t)
	}
	for x, tier := range tiers {
		if tier != s.MaxDepth {
			continue
		}
		for k := range r.w {
			if k[1] != x {
				continue
			}
			if _, inChain := tiers[k[0]]; !inChain && k[0] != q.Focal {
				out.Truncated = true
			}
		}
	}
	return out
}

// ---- risk

func refFindingActive(f domain.Finding, t domain.Date) bool {
	return f.Detected <= t && !(f.Closed != nil && *f.Closed <= t) && !(f.Status == domain.FindingClosed && f.Closed == nil)
}

func refExposureAnswer(ds *dataset, q query, s Settings) jExposure {
	r := newRefWorldDeclared(ds, mustDate(q.AsOf), s.MaxDepth, s.Attenuation)
	tiers := r.tiers(q.Focal)
	wanted := func(cat string) bool {
		if len(q.Categories) == 0 {
			return true
		}
		for _, c := range q.Categories {
			if c == cat {
				return true
			}
		}
		return false
	}
	var sources []jSource
	for _, f := range ds.findings {
		if !refFindingActive(f, r.asOf) {
			continue
		}
		company := f.SubjectID
		for _, fa := range ds.facilities {
			if fa.ID == f.SubjectID {
				company = fa.CompanyID
			}
		}
		sources = append(sources, jSource{ID: f.ID, Category: string(f.Category), Severity: f.Severity,
			Likelihood: f.Likelihood, Base: f.Severity * f.Likelihood, Company: company})
	}
	for _, co := range ds.companies {
		st := refRMAPStatusAt(co, r.asOf)
		if co.Kind != domain.KindSmelter || st == domain.RMAPConformant {
			continue
		}
		lik := map[domain.RMAPStatus]int{domain.RMAPActive: 2, domain.RMAPNonConformant: 5, domain.RMAPNotEnrolled: 4}[st]
		sources = append(sources, jSource{ID: "rmap:" + co.ID, Category: string(domain.ResponsibleMinerals),
			Severity: 4, Likelihood: lik, Base: 4 * lik, Derived: true, Company: co.ID})
	}
	var all []jSourceExposure
	for _, src := range sources {
		if _, ok := tiers[src.Company]; !ok || !wanted(src.Category) {
			continue
		}
		p, ok := r.bestPath(src.Company, q.Focal)
		if !ok {
			panic("chain member without a path")
		}
		if len(p.ids)-1 > tiers[src.Company] {
			refStats["exposure path longer than the tier"]++
		}
		all = append(all, jSourceExposure{Source: src, Path: p.ids, Hops: len(p.ids) - 1, Weight: p.w,
			Score: float64(src.Base) * p.w, Partner: p.ids[len(p.ids)-2], Declared: r.declaredHops(p.ids)})
	}
	// insertion sort with the product's order
	before := func(a, b jSourceExposure) bool {
		if !refEqual(a.Score, b.Score) {
			return a.Score > b.Score
		}
		if a.Score != b.Score {
			refStats["scores equal within 1e-9 but not exactly"]++
		}
		refStats["score tie"]++
		if a.Source.Base != b.Source.Base {
			return a.Source.Base > b.Source.Base
		}
		return a.Source.ID < b.Source.ID
	}
	for i := 1; i < len(all); i++ {
		for j := i; j > 0 && before(all[j], all[j-1]); j-- {
			all[j], all[j-1] = all[j-1], all[j]
		}
	}
	out := jExposure{Ranked: append([]jSourceExposure{}, all...), Sources: []jSourceExposure{}, ByCategory: []jCategory{}, ByPartner: []jPartner{}}
	for _, cat := range []string{"BUSINESS_CONTINUITY", "ENVIRONMENT", "ETHICS", "HEALTH_SAFETY", "HUMAN_RIGHTS",
		"INFORMATION_SECURITY", "QUALITY_SAFETY", "RESPONSIBLE_MINERALS"} {
		c := jCategory{Category: cat}
		for _, e := range all {
			if e.Source.Category == cat {
				c.Count++
				c.MaxScore = math.Max(c.MaxScore, e.Score)
			}
		}
		if c.Count > 0 {
			out.ByCategory = append(out.ByCategory, c)
		}
	}
	for _, partner := range r.ids {
		p := jPartner{Partner: partner}
		for _, e := range all {
			if e.Partner == partner {
				p.Count++
				p.MaxScore = math.Max(p.MaxScore, e.Score)
			}
		}
		if p.Count > 0 {
			out.ByPartner = append(out.ByPartner, p)
		}
	}
	for i, e := range all {
		if i < s.Limit {
			out.Sources = append(out.Sources, e)
		}
	}
	return out
}

func refPathsAnswer(ds *dataset, q query, s Settings) []jPath {
	r := newRefWorldDeclared(ds, mustDate(q.AsOf), s.MaxDepth, s.Attenuation)
	paths := r.simplePaths(q.From, q.To)
	sort.SliceStable(paths, func(i, j int) bool { return refPathBefore(paths[i], paths[j]) })
	out := []jPath{}
	for i, p := range paths {
		if i < s.Limit {
			out = append(out, jPath{Nodes: p.ids, Hops: len(p.ids) - 1, Weight: p.w, Declared: r.declaredHops(p.ids)})
		}
	}
	return out
}

func refImpactAnswer(ds *dataset, q query, s Settings) jImpact {
	r := newRefWorldDeclared(ds, mustDate(q.AsOf), s.MaxDepth, s.Attenuation)
	dist := r.distancesFrom(q.Source)
	ids := sortedKeys(dist)
	sort.SliceStable(ids, func(i, j int) bool { return dist[ids[i]] < dist[ids[j]] })
	out := jImpact{Affected: []jImpactEntry{}, Buyers: []string{}}
	for _, y := range ids {
		p, ok := r.bestPath(q.Source, y)
		if !ok {
			panic("reachable company without a path")
		}
		out.Affected = append(out.Affected, jImpactEntry{Company: y, Distance: dist[y], Path: p.ids, Weight: p.w, Declared: r.declaredHops(p.ids)})
		if r.company(y).Kind == domain.KindBuyer {
			out.Buyers = append(out.Buyers, y)
		}
	}
	return out
}

// referenceAnswer answers q with the reference. Defaults come from the
// product's rules, written out here again.
func referenceAnswer(ds *dataset, q query) any {
	s := Settings{MaxDepth: 10, Threshold: 1, Attenuation: 0.8}
	if q.MaxDepth != nil {
		s.MaxDepth = *q.MaxDepth
	}
	if q.Threshold != nil {
		s.Threshold = *q.Threshold
	}
	if q.Attenuation != nil {
		s.Attenuation = *q.Attenuation
	}
	switch q.Op {
	case "riskExposure":
		s.Limit = 20
	case "riskPaths":
		s.Limit = 10
	}
	if q.Limit != nil {
		s.Limit = *q.Limit
	}
	switch q.Op {
	case "cascade":
		return refCascadeAnswer(ds, q, s)
	case "uncoveredTiers":
		return refUncoveredAnswer(ds, q, s)
	case "riskExposure":
		return refExposureAnswer(ds, q, s)
	case "riskPaths":
		return refPathsAnswer(ds, q, s)
	case "impact":
		return refImpactAnswer(ds, q, s)
	}
	panic("unknown op " + q.Op)
}
