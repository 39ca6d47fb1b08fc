package analysis

import (
	"cmp"
	"context"
	"slices"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// CascadeInput is what the cascade and uncoveredTiers queries need.
type CascadeInput struct {
	Focal    string      // F
	Code     string      // C
	AsOf     domain.Date // T
	MaxDepth int         // D, 1 to 20

	// Graph is the active graph at AsOf. It must contain at least every
	// active edge among the companies within MaxDepth+1 upstream hops of
	// Focal (the extra hop tells uncoveredTiers whether the chain is cut).
	Graph *Graph
	// Companies holds at least every company of the chain (uncoveredTiers
	// reads kind and disclosure). Cascade does not use it.
	Companies Companies
	// Codes is A(C): C itself and the codes C accepts, each with its
	// MinEdition (0 counts as Edition) and ValidDays.
	Codes []domain.Code
	// Acks holds the acknowledgments of codes in Codes, of any date, for
	// every chain member and every company that may pass the code on
	// (those reached through requests for C). Acknowledgments of other codes
	// are ignored.
	Acks []domain.Acknowledgment
	// Requests holds every request for C, of any date, requester and
	// supplier. Requests for other codes are ignored.
	Requests []domain.Request

	// AckCompany and RequestEnds, when not nil, hold the Graph's numbers
	// of each acknowledgment's company and each request's requester and
	// supplier (the service's snapshot knows them: its graph numbers every
	// company), which saves looking up each id (a third of a cascade's
	// time at a million companies).
	AckCompany  []int32
	RequestEnds [][2]int32
}

// AcceptedCodes returns A(code), what CascadeInput.Codes holds, from whole
// lists of codes and acceptances: code itself and the codes it accepts.
func AcceptedCodes(code string, codes []domain.Code, accepts []domain.CodeAccept) []domain.Code {
	ids := map[string]bool{code: true}
	for _, a := range accepts {
		if a.CodeID == code {
			ids[a.AcceptedCodeID] = true
		}
	}
	var out []domain.Code
	for _, c := range codes {
		if ids[c.ID] {
			out = append(out, c)
		}
	}
	return out
}

// ShownAck is the acknowledgment shown for a company, with whether it is
// current at the date of the report.
type ShownAck struct {
	domain.Acknowledgment
	Current bool
}

// CascadeEntry is one company of the chain in a cascade report.
type CascadeEntry struct {
	CompanyID      string
	Tier           int
	Status         domain.AckStatus
	Reached        bool
	RequestedBy    []string  // sorted by id, never nil
	Acknowledgment *ShownAck // nil when PENDING or NOT_REQUESTED
}

// CascadeTier summarizes one tier of a cascade report.
type CascadeTier struct {
	Tier         int
	Companies    int
	Covered      int
	Stale        int
	Pending      int
	NotRequested int
	Reached      int
	Coverage     float64 // Covered / Companies
}

// CascadeReport is the answer of the cascade query. Its entries, one per
// chain member, are kept compact (a few integers each, nothing for the
// garbage collector to scan) and built when read: a chain can have a
// hundred thousand members, and most readers want a page of them.
type CascadeReport struct {
	Tiers []CascadeTier // ascending, only tiers that have companies

	rows       []cascadeRow            // by tier, then id
	requesters []int32                 // each row's requesters (sorted by id), consecutive
	acks       []domain.Acknowledgment // the acknowledgments rows show
	names      companyNames            // of the company numbers in rows and requesters
}

// cascadeRow is a compact CascadeEntry.
type cascadeRow struct {
	company, tier       int32
	req0, req1          int32 // requesters[req0:req1]
	ack                 int32 // index in acks, or -1
	status              uint8 // index in statuses
	reached, currentAck bool
}

// statuses numbers the acknowledgment statuses for cascadeRow.
var statuses = [...]domain.AckStatus{domain.StatusCovered, domain.StatusStale, domain.StatusPending, domain.StatusNotRequested}

// Len is the number of entries: the chain's members.
func (r *CascadeReport) Len() int { return len(r.rows) }

// Entries builds the entries from index from to index to (excluded), by
// tier then id; 0 <= from <= to <= Len().
func (r *CascadeReport) Entries(from, to int) []CascadeEntry {
	out := make([]CascadeEntry, to-from)
	for i, row := range r.rows[from:to] {
		by := make([]string, row.req1-row.req0)
		for j, v := range r.requesters[row.req0:row.req1] {
			by[j] = r.names.name(v)
		}
		out[i] = CascadeEntry{CompanyID: r.names.name(row.company), Tier: int(row.tier), Status: statuses[row.status],
			Reached: row.reached, RequestedBy: by}
		if row.ack >= 0 {
			out[i].Acknowledgment = &ShownAck{Acknowledgment: r.acks[row.ack], Current: row.currentAck}
		}
	}
	return out
}

// AllEntries builds every entry.
func (r *CascadeReport) AllEntries() []CascadeEntry { return r.Entries(0, r.Len()) }

// companyNames names company numbers: the graph's ids, then the extra
// numbers of companies outside the graph.
type companyNames struct {
	ids   []string // the graph's
	extra []string // of the numbers after the graph's
}

func (c *companyNames) name(v int32) string {
	if int(v) < len(c.ids) {
		return c.ids[v]
	}
	return c.extra[int(v)-len(c.ids)]
}

// ackEval computes acknowledgment statuses for one code at one date.
// Companies are numbered like the graph's; companies that appear only in
// acknowledgments or requests get numbers after the graph's.
type ackEval struct {
	asOf     domain.Date
	codes    map[string]domain.Code
	g        *Graph
	extraNum map[string]int32 // numbers of companies outside the graph
	companyNames
	n int32 // companies numbered so far

	// acknowledgments dated <= asOf of codes in A(C), by company: those of
	// x are acks[ackIdx[i]] for i in [ackStart[x], ackStart[x+1]). acks is
	// the input's own array: indices, not copies (a report keeps it).
	ackStart []int32
	ackIdx   []int32
	acks     []domain.Acknowledgment
	// requests for C dated <= asOf (deduplicated): requesters by supplier
	// and suppliers by requester
	reqStart, reqFrom []int32
	supStart, supTo   []int32

	status []domain.AckStatus // cache, "" until computed
}

// release recycles e's arrays; e must not be used afterwards.
func (e *ackEval) release() {
	ackStates.put(e.status)
	int32s.put(e.ackStart)
	int32s.put(e.reqStart)
	int32s.put(e.supStart)
	e.status, e.ackStart, e.reqStart, e.supStart = nil, nil, nil, nil
}

func (e *ackEval) num(id string) int32 {
	if v, ok := e.g.index[id]; ok {
		return v
	}
	if v, ok := e.extraNum[id]; ok {
		return v
	}
	v := e.n
	e.n++
	e.extraNum[id] = v
	e.extra = append(e.extra, id)
	return v
}

func newAckEval(in *CascadeInput) *ackEval {
	e := &ackEval{
		asOf:         in.AsOf,
		acks:         in.Acks,
		codes:        make(map[string]domain.Code, len(in.Codes)),
		g:            in.Graph,
		extraNum:     map[string]int32{},
		companyNames: companyNames{ids: in.Graph.ids},
		n:            int32(len(in.Graph.ids)),
	}
	for _, c := range in.Codes {
		e.codes[c.ID] = c
	}
	type numbered struct {
		c int32
		i int
	}
	var acks []numbered
	for i, a := range in.Acks {
		if a.Date > in.AsOf {
			continue
		}
		if _, ok := e.codes[a.CodeID]; !ok {
			continue
		}
		if in.AckCompany != nil {
			acks = append(acks, numbered{in.AckCompany[i], i})
		} else {
			acks = append(acks, numbered{e.num(a.CompanyID), i})
		}
	}
	type pair struct{ r, s int32 }
	var reqs []pair
	for i, r := range in.Requests {
		if r.CodeID != in.Code || r.Date > in.AsOf {
			continue
		}
		if in.RequestEnds != nil {
			reqs = append(reqs, pair{in.RequestEnds[i][0], in.RequestEnds[i][1]})
		} else {
			reqs = append(reqs, pair{e.num(r.RequesterID), e.num(r.SupplierID)})
		}
	}
	n := int(e.n)
	e.status = ackStates.get(n)

	// acknowledgments by company (counting sort)
	e.ackStart = int32s.get(n + 1)
	for _, a := range acks {
		e.ackStart[a.c+1]++
	}
	for i := 0; i < n; i++ {
		e.ackStart[i+1] += e.ackStart[i]
	}
	e.ackIdx = make([]int32, len(acks))
	fill := int32s.get(n)
	defer int32s.put(fill)
	copy(fill, e.ackStart[:n])
	for _, a := range acks {
		e.ackIdx[fill[a.c]] = int32(a.i)
		fill[a.c]++
	}

	// requests: sort by (supplier, requester), drop duplicates
	slices.SortFunc(reqs, func(a, b pair) int {
		if a.s != b.s {
			return cmp.Compare(a.s, b.s)
		}
		return cmp.Compare(a.r, b.r)
	})
	reqs = slices.Compact(reqs)
	e.reqStart = int32s.get(n + 1)
	e.supStart = int32s.get(n + 1)
	e.reqFrom = make([]int32, len(reqs))
	e.supTo = make([]int32, len(reqs))
	for i, q := range reqs {
		e.reqStart[q.s+1]++
		e.supStart[q.r+1]++
		e.reqFrom[i] = q.r
	}
	for i := 0; i < n; i++ {
		e.reqStart[i+1] += e.reqStart[i]
		e.supStart[i+1] += e.supStart[i]
	}
	copy(fill, e.supStart[:n])
	for _, q := range reqs {
		e.supTo[fill[q.r]] = q.s
		fill[q.r]++
	}
	return e
}

// current reports whether an acknowledgment (of a code in A(C)) is current
// at asOf: its edition is at least the code's minimum edition, and the code
// has no validity period or asOf is before date + validDays.
func (e *ackEval) current(a *domain.Acknowledgment) bool {
	k := e.codes[a.CodeID]
	min := k.MinEdition
	if min <= 0 {
		min = k.Edition
	}
	if a.Edition < min {
		return false
	}
	return k.ValidDays == nil || e.asOf < a.Date.AddDays(*k.ValidDays)
}

// ackBefore orders acknowledgments for display: latest date, then higher
// edition, then smaller code id (then signatory, for determinism only).
func ackBefore(a, b *domain.Acknowledgment) bool {
	if a.Date != b.Date {
		return a.Date > b.Date
	}
	if a.Edition != b.Edition {
		return a.Edition > b.Edition
	}
	if a.CodeID != b.CodeID {
		return a.CodeID < b.CodeID
	}
	return a.Signatory < b.Signatory
}

// evaluate returns x's status and the acknowledgment shown for it (an
// index in e.acks, or -1), with whether that one is current.
func (e *ackEval) evaluate(x int32) (st domain.AckStatus, shown int32, current bool) {
	best := int32(-1)
	covered := false
	for _, i := range e.ackIdx[e.ackStart[x]:e.ackStart[x+1]] {
		cur := e.current(&e.acks[i])
		switch {
		case cur && !covered:
			covered, best = true, i
		case cur == covered && (best < 0 || ackBefore(&e.acks[i], &e.acks[best])):
			best = i
		}
	}
	switch {
	case best >= 0:
		st = domain.StatusStale
		if covered {
			st = domain.StatusCovered
		}
	case e.reqStart[x+1] > e.reqStart[x]:
		st = domain.StatusPending
	default:
		st = domain.StatusNotRequested
	}
	e.status[x] = st
	return st, best, covered
}

func (e *ackEval) statusOf(x int32) domain.AckStatus {
	if st := e.status[x]; st != "" {
		return st
	}
	st, _, _ := e.evaluate(x)
	return st
}

// requestedBy appends x's requesters, sorted by id, to into.
func (e *ackEval) requestedBy(into []int32, x int32) []int32 {
	from := len(into)
	into = append(into, e.reqFrom[e.reqStart[x]:e.reqStart[x+1]]...)
	slices.SortFunc(into[from:], func(a, b int32) int { return cmp.Compare(e.name(a), e.name(b)) })
	return into
}

// reached returns which companies the cascade from focal reached: those
// focal requested, then those requested by a reached company that is
// COVERED, following requests alone. focal itself is never reached.
func (e *ackEval) reached(focal int32) []bool {
	reached := make([]bool, e.n)
	var queue []int32
	push := func(r int32) {
		for i := e.supStart[r]; i < e.supStart[r+1]; i++ {
			if x := e.supTo[i]; x != focal && !reached[x] {
				reached[x] = true
				queue = append(queue, x)
			}
		}
	}
	push(focal)
	for len(queue) > 0 {
		r := queue[0]
		queue = queue[1:]
		if e.statusOf(r) == domain.StatusCovered {
			push(r)
		}
	}
	return reached
}

func checkCascadeInput(in *CascadeInput) error {
	if err := ValidateMaxDepth(in.MaxDepth); err != nil {
		return err
	}
	if in.Graph == nil {
		return domain.Errorf(domain.Internal, "analysis: cascade input has no graph")
	}
	return nil
}

// chainMembers returns focal's graph number and its chain as graph numbers
// ordered by tier, then id, with the distance array (putDist recycles it).
func chainMembers(g *Graph, focal string, maxDepth int) (f int32, dist []int32, order []int32, ok bool) {
	f, ok = g.index[focal]
	if !ok {
		return 0, nil, nil, false
	}
	dist, order = g.upstreamDist(f, maxDepth)
	return f, dist, order, true
}

// Cascade reports how far acknowledgment of in.Code has cascaded through
// in.Focal's chain: every chain member with its tier, status, whether the
// cascade reached it, who requested it and the acknowledgment shown, and a
// summary per tier.
func Cascade(ctx context.Context, in CascadeInput) (*CascadeReport, error) {
	if err := checkCascadeInput(&in); err != nil {
		return nil, err
	}
	if err := checkCtx(ctx, "cascade"); err != nil {
		return nil, err
	}
	g := in.Graph
	rep := &CascadeReport{Tiers: []CascadeTier{}, names: companyNames{ids: g.ids}}
	f, dist, order, ok := chainMembers(g, in.Focal, in.MaxDepth)
	if !ok {
		return rep, nil
	}
	defer putDist(dist, f, order)
	e := newAckEval(&in)
	defer e.release()
	rep.acks, rep.names = e.acks, e.companyNames
	reached := e.reached(g.index[in.Focal])
	requests := 0
	for _, v := range order {
		requests += int(e.reqStart[v+1] - e.reqStart[v])
	}
	rep.rows = make([]cascadeRow, 0, len(order))
	rep.requesters = make([]int32, 0, requests)
	for _, v := range order {
		st, shown, current := e.evaluate(v)
		req0 := int32(len(rep.requesters))
		rep.requesters = e.requestedBy(rep.requesters, v)
		row := cascadeRow{company: v, tier: dist[v], req0: req0, req1: int32(len(rep.requesters)), ack: shown,
			status: uint8(slices.Index(statuses[:], st)), reached: reached[v], currentAck: current}
		rep.rows = append(rep.rows, row)
		tier := int(row.tier)
		if n := len(rep.Tiers); n == 0 || rep.Tiers[n-1].Tier != tier {
			rep.Tiers = append(rep.Tiers, CascadeTier{Tier: tier})
		}
		t := &rep.Tiers[len(rep.Tiers)-1]
		t.Companies++
		switch st {
		case domain.StatusCovered:
			t.Covered++
		case domain.StatusStale:
			t.Stale++
		case domain.StatusPending:
			t.Pending++
		default:
			t.NotRequested++
		}
		if row.reached {
			t.Reached++
		}
	}
	for i := range rep.Tiers {
		t := &rep.Tiers[i]
		t.Coverage = float64(t.Covered) / float64(t.Companies)
	}
	return rep, nil
}

// TierCoverage is one tier of an uncoveredTiers report.
type TierCoverage struct {
	Tier               int
	Companies          int
	Covered            int
	Coverage           float64  // Covered / Companies
	OpenEnds           int      // BUYER or SUPPLIER companies whose disclosure is not COMPLETE
	AckGap             bool     // Coverage < threshold
	VisibilityGap      bool     // OpenEnds > 0
	Uncovered          bool     // AckGap or VisibilityGap
	UncoveredCompanies []string // companies not COVERED, sorted by id
	OpenEndCompanies   []string // sorted by id
}

// UncoveredReport is the answer of the uncoveredTiers query.
type UncoveredReport struct {
	Tiers              []TierCoverage // ascending, only tiers that have companies
	FirstUncoveredTier *int           // smallest uncovered tier, nil if none
	Truncated          bool           // a company at tier MaxDepth has an active supplier outside the chain (and not the focal company)
}

// isOpenEnd reports whether c's own suppliers are not fully known: a BUYER or
// SUPPLIER (an empty kind counts as SUPPLIER, the data model's default) whose
// disclosure is not COMPLETE.
func isOpenEnd(c domain.Company) bool {
	k := c.Kind
	if k == "" {
		k = domain.KindSupplier
	}
	return (k == domain.KindBuyer || k == domain.KindSupplier) && c.Disclosure != domain.DisclosureComplete
}

// UncoveredTiers reports, per tier of in.Focal's chain, whether
// acknowledgment of in.Code falls short of threshold (ackGap) or the supply
// chain is not disclosed beyond some company (visibilityGap), the first
// uncovered tier, and whether the chain is cut by MaxDepth.
func UncoveredTiers(ctx context.Context, in CascadeInput, threshold float64) (*UncoveredReport, error) {
	if err := checkCascadeInput(&in); err != nil {
		return nil, err
	}
	if err := ValidateThreshold(threshold); err != nil {
		return nil, err
	}
	if err := checkCtx(ctx, "uncoveredTiers"); err != nil {
		return nil, err
	}
	rep := &UncoveredReport{Tiers: []TierCoverage{}}
	g := in.Graph
	f, dist, order, ok := chainMembers(g, in.Focal, in.MaxDepth)
	if !ok {
		return rep, nil
	}
	defer putDist(dist, f, order)
	e := newAckEval(&in)
	defer e.release()
	// The tiers' company lists are consecutive parts of two arrays (order
	// is by tier) instead of a growing slice per tier: the uncovered
	// companies' of its size (counted first; statuses are cached), the
	// open ends', fewer, grown as they come.
	nu := 0
	for _, v := range order {
		if e.statusOf(v) != domain.StatusCovered {
			nu++
		}
	}
	uncovered, openEnds := make([]string, 0, nu), []string{}
	u0, o0 := 0, 0 // where the current tier's lists start
	cut := func() {
		if n := len(rep.Tiers); n > 0 {
			t := &rep.Tiers[n-1]
			t.UncoveredCompanies = uncovered[u0:len(uncovered):len(uncovered)]
			t.OpenEndCompanies = openEnds[o0:len(openEnds):len(openEnds)]
			u0, o0 = len(uncovered), len(openEnds)
		}
	}
	for _, v := range order {
		id := g.ids[v]
		c, ok := g.company(in.Companies, v)
		if !ok {
			return nil, domain.Errorf(domain.Internal, "analysis: company %q of the chain is missing from the input", id)
		}
		tier := int(dist[v])
		if n := len(rep.Tiers); n == 0 || rep.Tiers[n-1].Tier != tier {
			cut()
			rep.Tiers = append(rep.Tiers, TierCoverage{Tier: tier})
		}
		t := &rep.Tiers[len(rep.Tiers)-1]
		t.Companies++
		if e.statusOf(v) == domain.StatusCovered {
			t.Covered++
		} else {
			uncovered = append(uncovered, id)
		}
		if isOpenEnd(c) {
			t.OpenEnds++
			openEnds = append(openEnds, id)
		}
		if tier == in.MaxDepth && !rep.Truncated {
			for p := g.inStart[v]; p < g.inStart[v+1]; p++ {
				if dist[g.inFrom[p]] < 0 { // not in the chain and not F (dist 0)
					rep.Truncated = true
					break
				}
			}
		}
	}
	cut()
	for i := range rep.Tiers {
		t := &rep.Tiers[i]
		t.Coverage = float64(t.Covered) / float64(t.Companies)
		t.AckGap = t.Coverage < threshold
		t.VisibilityGap = t.OpenEnds > 0
		t.Uncovered = t.AckGap || t.VisibilityGap
		if t.Uncovered && rep.FirstUncoveredTier == nil {
			tier := t.Tier
			rep.FirstUncoveredTier = &tier
		}
	}
	return rep, nil
}
