package explorer

import (
	"cmp"
	"context"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unique"

	"golang.org/x/sync/errgroup"

	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
)

// The analysis runs on what it needs of the database. Reading a large
// chain from Neo4j for every question takes seconds, so the service keeps
// an in-memory snapshot of the data, tagged with the data version (an
// epoch and the number of the last change, see neo4jstore.DataVersion). A
// question first asks Neo4j for the version (one small read). If the
// snapshot is behind, the snapshot catches up: it reads again only the
// companies, findings and codes the changes since its version touched (a
// one-row mutation: one company), and the question waits for it.
// Until the snapshot is first built, when the epoch changed (an initial
// import, `supplygraph refresh`), or when catching up takes longer than
// catchUpWait, questions are answered from Neo4j as before while the
// snapshot is read again in the background, in pages of companies, each
// a transaction of its own. Both ways give the same answers (tested).
//
// The snapshot is immutable: a catch-up makes a new one that shares what
// did not change, so that every part of an answer reads one state.
// Companies are numbered in byte order of their ids (as analysis.Graph
// wants them) and held in arrays by number; links, acknowledgments and
// requests hold numbers; short repeated texts (kinds, countries,
// materials, signatories) are interned.

// SnapshotOptions configure the snapshot.
type SnapshotOptions struct {
	// Enabled turns the snapshot on (serve does; tests choose).
	Enabled bool
	Log     *slog.Logger
	// PageSize is how many companies (with their links, acknowledgments
	// and requests) or findings one read of a build fetches (0: 10,000).
	PageSize int
	// Poll is how often the snapshot checks for changes when no question
	// asks (0: never; serve polls, so that a replica keeps up with the
	// writes made through the others).
	Poll time.Duration
}

// catchUpWait bounds how long a question waits for the snapshot to catch
// up before it is answered from Neo4j.
const catchUpWait = 5 * time.Second

type snapshotState struct {
	opts    SnapshotOptions
	current atomic.Pointer[snapshot]
	kick    chan struct{}
	once    sync.Once

	mu       sync.Mutex
	updated  chan struct{} // closed (and replaced) whenever current changes or an update ends
	building bool
	progress int // companies read by the build under way
	builds   atomic.Int32
}

// UseSnapshot configures the snapshot.
func (s *Service) UseSnapshot(o SnapshotOptions) {
	if o.PageSize <= 0 {
		o.PageSize = 10_000
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	s.snap.opts = o
	s.snap.kick = make(chan struct{}, 1)
	s.snap.updated = make(chan struct{})
}

// SnapshotStatus says whether analysis is answered from the snapshot.
type SnapshotStatus struct {
	Enabled  bool
	Ready    bool // a snapshot is built (it may be catching up)
	Building bool // a whole build is under way
	Read     int  // companies read by the build under way
	Builds   int  // whole builds so far
	Version  neo4jstore.Version
}

// SnapshotStatus returns the snapshot's state (for /readyz and metrics).
func (s *Service) SnapshotStatus() SnapshotStatus {
	st := SnapshotStatus{Enabled: s.snap.opts.Enabled}
	if sn := s.snap.current.Load(); sn != nil {
		st.Ready, st.Version = true, sn.ver
	}
	s.snap.mu.Lock()
	st.Building, st.Read, st.Builds = s.snap.building, s.snap.progress, int(s.snap.builds.Load())
	s.snap.mu.Unlock()
	return st
}

// StartSnapshot starts keeping the snapshot (serve calls it once the
// schema is migrated): it is built now, in the background, and kept
// current until ctx ends. Without it, the first question starts it.
func (s *Service) StartSnapshot(ctx context.Context) {
	if !s.snap.opts.Enabled {
		return
	}
	s.snap.once.Do(func() { go s.keepSnapshot(ctx) })
	s.kickSnapshot()
}

// kickSnapshot asks the updater to check for changes now.
func (s *Service) kickSnapshot() {
	if !s.snap.opts.Enabled {
		return
	}
	select {
	case s.snap.kick <- struct{}{}:
	default:
	}
}

// keepSnapshot is the updater: it builds the snapshot, then catches up
// whenever asked (or every Poll), rebuilding it whole when it must.
func (s *Service) keepSnapshot(ctx context.Context) {
	var tick <-chan time.Time
	if s.snap.opts.Poll > 0 {
		t := time.NewTicker(s.snap.opts.Poll)
		defer t.Stop()
		tick = t.C
	}
	delay := time.Second
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.snap.kick:
		case <-tick:
		}
		err := s.updateSnapshot(ctx)
		s.signal()
		if err != nil {
			s.snap.opts.Log.Warn("analysis snapshot not updated; answering from Neo4j meanwhile", "err", err.Error(), "retry_in", delay.String())
			select {
			case <-ctx.Done():
				return
			case <-time.After(delay):
			}
			delay = min(2*delay, 30*time.Second)
			s.kickSnapshot()
			continue
		}
		delay = time.Second
	}
}

// signal wakes the questions waiting for the snapshot.
func (s *Service) signal() {
	s.snap.mu.Lock()
	close(s.snap.updated)
	s.snap.updated = make(chan struct{})
	s.snap.mu.Unlock()
}

// updateSnapshot brings the snapshot to the database's current version:
// by catching up, or by building it whole.
func (s *Service) updateSnapshot(ctx context.Context) error {
	sn := s.snap.current.Load()
	if sn != nil {
		cur, subjects, codes, ok, err := s.store.Changes(ctx, sn.ver)
		if err != nil {
			return err
		}
		if ok {
			if cur == sn.ver {
				return nil
			}
			return s.catchUp(ctx, sn, cur, subjects, codes)
		}
	}
	return s.buildSnapshot(ctx)
}

// WarmUp builds the snapshot now (if enabled) and waits for it.
func (s *Service) WarmUp(ctx context.Context) error {
	if !s.snap.opts.Enabled {
		return nil
	}
	if err := s.buildSnapshot(ctx); err != nil {
		return err
	}
	s.StartSnapshot(context.WithoutCancel(ctx))
	return nil
}

// buildSnapshot reads everything, in pages (ranges of Neo4j's internal
// ids, read by scanWorkers at once: see neo4jstore.NodeRange), then
// catches up with the changes made meanwhile.
func (s *Service) buildSnapshot(ctx context.Context) error {
	log := s.snap.opts.Log
	start := time.Now()
	s.setBuilding(true, 0)
	defer s.setBuilding(false, 0)
	v, err := s.store.DataVersion(ctx)
	if err != nil {
		return err
	}
	ext, err := s.store.StoreExtent(ctx)
	if err != nil {
		return err
	}
	log.Info("analysis snapshot: building", "epoch", v.Epoch, "seq", v.Seq, "nodes", ext.Nodes, "relationships", ext.Rels)
	s.snap.builds.Add(1)
	b := newSnapBuilder(ext)
	var mu sync.Mutex // b
	lastLog := time.Now()
	progress := func() {
		s.setBuilding(true, len(b.ids))
		if time.Since(lastLog) >= 5*time.Second {
			log.Info("analysis snapshot: reading", "companies", len(b.ids), "links", len(b.links), "seconds", time.Since(start).Seconds())
			lastLog = time.Now()
		}
	}
	err = scanRanges(ctx, ext.MaxNode, rangeWidth(s.snap.opts.PageSize, ext.Nodes, ext.MaxNode), func(lo, hi int64) error {
		nodes, decls, err := s.store.NodeRange(ctx, lo, hi)
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		for i := range nodes {
			b.addCompany(&nodes[i])
		}
		for _, d := range decls {
			b.addDeclaration(d)
		}
		progress()
		return nil
	})
	if err != nil {
		return err
	}
	err = scanRanges(ctx, ext.MaxRel, rangeWidth(s.snap.opts.PageSize, ext.Rels, ext.MaxRel), func(lo, hi int64) error {
		rels, err := s.store.RelRange(ctx, lo, hi)
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		b.addRels(&rels)
		progress()
		return nil
	})
	if err != nil {
		return err
	}
	after := ""
	for {
		page, err := s.store.FindingPage(ctx, after, s.snap.opts.PageSize)
		if err != nil {
			return err
		}
		b.findings = append(b.findings, page...)
		if len(page) < s.snap.opts.PageSize {
			break
		}
		for _, f := range page { // the page's rows need not come in order
			after = max(after, f.ID)
		}
	}
	codes, accepts, err := s.readCodes(ctx)
	if err != nil {
		return err
	}
	sn := b.finish(v, codes, accepts)
	if sn.allClauses, sn.crosswalk, err = s.store.Clauses(ctx); err != nil {
		return err
	}
	s.snap.current.Store(sn)
	log.Info("analysis snapshot built", "companies", len(sn.ids), "links", len(sn.allLinks), "findings", len(sn.allFindings),
		"seconds", time.Since(start).Seconds(), "epoch", v.Epoch, "seq", v.Seq)
	// what changed while it was read
	return s.updateSnapshot(ctx)
}

// scanWorkers is how many ranges a build reads at once: with two, Neo4j
// finds the next range's records while the service decodes the last.
const scanWorkers = 2

// rangeWidth is how many ids a range spans to hold about pageSize
// records, when count records have ids up to maxID.
func rangeWidth(pageSize int, count, maxID int64) int64 {
	if count <= 0 {
		return int64(pageSize)
	}
	return max(int64(pageSize), int64(pageSize)*(maxID+1)/count)
}

// scanRanges calls read for the ranges of width ids that cover [0,
// maxID], scanWorkers at a time; it stops at the first error.
func scanRanges(ctx context.Context, maxID, width int64, read func(lo, hi int64) error) error {
	var next atomic.Int64
	g, ctx := errgroup.WithContext(ctx)
	for range scanWorkers {
		g.Go(func() error {
			for ctx.Err() == nil {
				lo := next.Add(width) - width
				if lo > maxID {
					return nil
				}
				if err := read(lo, lo+width-1); err != nil {
					return err
				}
			}
			return ctx.Err()
		})
	}
	return g.Wait()
}

func (s *Service) setBuilding(on bool, read int) {
	s.snap.mu.Lock()
	s.snap.building, s.snap.progress = on, read
	s.snap.mu.Unlock()
}

func (s *Service) readCodes(ctx context.Context) (map[string]domain.Code, map[string][]string, error) {
	list, err := s.store.Codes(ctx)
	if err != nil {
		return nil, nil, err
	}
	codes, ids := make(map[string]domain.Code, len(list)), make([]string, len(list))
	for i, c := range list {
		codes[c.ID], ids[i] = c, c.ID
	}
	accepts, err := s.store.AcceptedCodes(ctx, ids)
	return codes, accepts, err
}

// catchUp reads again what the changes up to cur touched and publishes
// the snapshot that results.
func (s *Service) catchUp(ctx context.Context, sn *snapshot, cur neo4jstore.Version, subjects, codeIDs []string) error {
	start := time.Now()
	var data []neo4jstore.CompanyData
	seen := map[string]bool{}
	want := subjects
	for len(want) > 0 { // the touched companies, and any company they name that the snapshot lacks
		for from := 0; from < len(want); from += s.snap.opts.PageSize {
			page, err := s.store.CompaniesWithData(ctx, want[from:min(len(want), from+s.snap.opts.PageSize)])
			if err != nil {
				return err
			}
			data = append(data, page...)
		}
		for _, id := range want {
			seen[id] = true
		}
		want = nil
		missing := func(id string) {
			if _, ok := sn.index[id]; !ok && !seen[id] {
				seen[id] = true
				want = append(want, id)
			}
		}
		for i := range data {
			for _, l := range data[i].Links {
				missing(l.CustomerID)
			}
			for _, q := range data[i].Requests {
				missing(q.SupplierID)
			}
		}
	}
	var findings []neo4jstore.FindingAt
	for from := 0; from < len(subjects); from += s.snap.opts.PageSize {
		page, err := s.store.FindingsAbout(ctx, subjects[from:min(len(subjects), from+s.snap.opts.PageSize)])
		if err != nil {
			return err
		}
		findings = append(findings, page...)
	}
	codes, accepts := sn.codeIndex, sn.accepts
	if len(codeIDs) > 0 {
		var err error
		if codes, accepts, err = s.readCodes(ctx); err != nil {
			return err
		}
	}
	next := sn.apply(cur, data, subjects, findings, codes, accepts)
	if len(codeIDs) > 0 { // clauses and the crosswalk change with their codes
		var err error
		if next.allClauses, next.crosswalk, err = s.store.Clauses(ctx); err != nil {
			return err
		}
	}
	s.snap.current.Store(next)
	s.snap.opts.Log.Debug("analysis snapshot caught up", "seq", cur.Seq, "subjects", len(subjects), "seconds", time.Since(start).Seconds())
	return nil
}

// requestMemo remembers, for one request, the data version it saw, so that
// the version is read once per request and every part of the answer comes
// from the same snapshot.
type requestMemo struct {
	once    sync.Once
	version neo4jstore.Version
	err     error
	sn      *snapshot
}

type memoKey struct{}

// WithRequestMemo returns ctx for one request (the GraphQL handler calls it).
func WithRequestMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, memoKey{}, &requestMemo{})
}

// snapshotFor returns the snapshot if it holds the data version the
// request sees (waiting for it to catch up if need be), else nil.
func (s *Service) snapshotFor(ctx context.Context) (*snapshot, error) {
	if !s.snap.opts.Enabled {
		return nil, nil
	}
	m, ok := ctx.Value(memoKey{}).(*requestMemo)
	if !ok {
		return s.findSnapshot(ctx)
	}
	m.once.Do(func() { m.sn, m.err = s.findSnapshot(ctx) })
	return m.sn, m.err
}

func (s *Service) findSnapshot(ctx context.Context) (*snapshot, error) {
	s.StartSnapshot(context.Background())
	v, err := s.store.DataVersion(ctx)
	if err != nil {
		return nil, err
	}
	timeout := time.NewTimer(catchUpWait)
	defer timeout.Stop()
	for {
		s.snap.mu.Lock()
		updated, building := s.snap.updated, s.snap.building
		s.snap.mu.Unlock()
		sn := s.snap.current.Load()
		if sn != nil && sn.ver.Epoch == v.Epoch && sn.ver.Seq >= v.Seq {
			return sn, nil
		}
		s.kickSnapshot()
		if sn == nil || sn.ver.Epoch != v.Epoch || building {
			return nil, nil // to be built whole: answer from Neo4j meanwhile
		}
		select {
		case <-updated:
		case <-timeout.C:
			return nil, nil
		case <-ctx.Done():
			return nil, nil
		}
	}
}

// SnapshotCurrent reports whether questions of ctx's request are answered
// from the in-memory snapshot (a read of a company or a code by id is then
// a lookup in memory). It reads the data version once per request.
func (s *Service) SnapshotCurrent(ctx context.Context) bool {
	sn, err := s.snapshotFor(ctx)
	return err == nil && sn != nil
}

// fromSnapshot picks the records with the given ids out of the current
// snapshot with get, or reads them with read when there is none.
func fromSnapshot[V any](ctx context.Context, s *Service, ids []string, get func(*snapshot, string) (V, bool),
	read func(context.Context, []string) (map[string]V, error)) (map[string]V, error) {
	sn, err := s.snapshotFor(ctx)
	if err != nil {
		return nil, err
	}
	if sn == nil {
		return read(ctx, ids)
	}
	out := make(map[string]V, len(ids))
	for _, id := range ids {
		if v, ok := get(sn, id); ok {
			out[id] = v
		}
	}
	return out, nil
}

// The snapshot's data.

// snapshot is the data the analysis reads, in compact form.
type snapshot struct {
	ver neo4jstore.Version

	ids   []string // company ids in byte order: a company's number is its index
	index map[string]int32
	co    []coRow // by number
	strs  *interner

	allLinks    []linkRow           // by supplier, customer, material
	acksByCode  map[string][]ackRow // each by company
	reqsByCode  map[string][]reqRow // each by requester
	allFindings []domain.Finding
	// findingCo is the company of each finding (its subject's operator
	// for a facility); operator maps those facilities to their company.
	findingCo []string
	operator  map[string]string
	codeIndex map[string]domain.Code
	accepts   map[string][]string
	// every clause (by code, id) and equivalence: read whole with the
	// codes, when a change touches a code
	allClauses []domain.Clause
	crosswalk  []domain.ClauseEquivalence

	graphs *graphCache // active graphs by date, shared while the links are
	// decls are the declarations by declarer; riskGraphs the active
	// graphs with the declared edges, by date, shared while the links and
	// the declarations are.
	decls      map[string][]domain.Declaration
	riskGraphs *graphCache
}

type coRow struct {
	name, rmiID                              string
	kind, country, disclosure, metal, status uint32 // interned
	rmapHistory                              string // "YYYY-MM-DD STATUS;..." (rarely set: a string keeps the row comparable)
}

const (
	hasSince = 1 << iota
	hasUntil
	hasShare
)

type linkRow struct {
	sup, cus             int32
	since, until         domain.Date
	share                float64
	material, proposedBy uint32 // interned
	flags                uint8
}

type ackRow struct {
	company, edition int32
	date             domain.Date
	signatory        uint32 // interned
}

type reqRow struct {
	requester, supplier int32
	date                domain.Date
}

// interner numbers short repeated texts ("" is 0). It only grows; a
// catch-up that adds texts copies it (it is small).
type interner struct {
	strs []string
	idx  map[string]uint32
}

func newInterner() *interner { return &interner{strs: []string{""}, idx: map[string]uint32{"": 0}} }

func (in *interner) id(s string) uint32 {
	if i, ok := in.idx[s]; ok {
		return i
	}
	i := uint32(len(in.strs))
	in.strs = append(in.strs, s)
	in.idx[s] = i
	return i
}

func (in *interner) clone() *interner {
	return &interner{strs: slices.Clone(in.strs), idx: func() map[string]uint32 {
		m := make(map[string]uint32, len(in.idx))
		for k, v := range in.idx {
			m[k] = v
		}
		return m
	}()}
}

// Company returns the company id (the snapshot is an analysis.Companies).
func (sn *snapshot) Company(id string) (domain.Company, bool) {
	v, ok := sn.index[id]
	if !ok {
		return domain.Company{}, false
	}
	return sn.companyAt(v), true
}

// numbersOf reports whether ids, a graph's company ids, are the
// snapshot's own array, so that the graph's numbers are the snapshot's.
func (sn *snapshot) numbersOf(ids []string) bool {
	return len(ids) == len(sn.ids) && len(ids) > 0 && &ids[0] == &sn.ids[0]
}

// CompanyNumbered returns company v of a graph over ids, when those are
// the snapshot's (analysis.NumberedCompanies).
func (sn *snapshot) CompanyNumbered(ids []string, v int32) (domain.Company, bool) {
	if !sn.numbersOf(ids) {
		return domain.Company{}, false
	}
	return sn.companyAt(v), true
}

// KindNumbered returns the kind of company v of a graph over ids, when
// those are the snapshot's (analysis.KindsNumbered).
func (sn *snapshot) KindNumbered(ids []string, v int32) (domain.CompanyKind, bool) {
	if !sn.numbersOf(ids) {
		return "", false
	}
	return domain.CompanyKind(sn.strs.strs[sn.co[v].kind]), true
}

func (sn *snapshot) companyAt(v int32) domain.Company {
	r, s := &sn.co[v], sn.strs.strs
	c := domain.Company{ID: sn.ids[v], Name: r.name, Kind: domain.CompanyKind(s[r.kind]), Country: s[r.country],
		Disclosure: domain.Disclosure(s[r.disclosure]), Metal: s[r.metal], RMIID: r.rmiID, RMAPStatus: domain.RMAPStatus(s[r.status])}
	if r.rmapHistory != "" {
		c.RMAPHistory = decodeRMAPHistory(r.rmapHistory)
	}
	return c
}

func encodeRMAPHistory(h []domain.RMAPAt) string {
	var b strings.Builder
	for i, x := range h {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(x.Date.String() + " " + string(x.Status))
	}
	return b.String()
}

func decodeRMAPHistory(s string) []domain.RMAPAt {
	var out []domain.RMAPAt
	for _, e := range strings.Split(s, ";") {
		d, st, _ := strings.Cut(e, " ")
		date, _ := domain.ParseDate(d)
		out = append(out, domain.RMAPAt{Date: date, Status: domain.RMAPStatus(st)})
	}
	return out
}

func (sn *snapshot) linkAt(l *linkRow) domain.SupplyLink {
	out := domain.SupplyLink{SupplierID: sn.ids[l.sup], CustomerID: sn.ids[l.cus], Material: sn.strs.strs[l.material],
		ProposedBy: sn.strs.strs[l.proposedBy]}
	if l.flags&hasSince != 0 {
		d := l.since
		out.Since = &d
	}
	if l.flags&hasUntil != 0 {
		d := l.until
		out.Until = &d
	}
	if l.flags&hasShare != 0 {
		w := l.share
		out.Share = &w
	}
	return out
}

func (sn *snapshot) row(c *domain.Company) coRow {
	in := sn.strs
	return coRow{name: c.Name, rmiID: c.RMIID, kind: in.id(string(c.Kind)), country: in.id(c.Country),
		disclosure: in.id(string(c.Disclosure)), metal: in.id(c.Metal), status: in.id(string(c.RMAPStatus)),
		rmapHistory: encodeRMAPHistory(c.RMAPHistory)}
}

func (sn *snapshot) linkRow(sup, cus int32, l *domain.SupplyLink) linkRow {
	r := linkRow{sup: sup, cus: cus, material: sn.strs.id(l.Material), proposedBy: sn.strs.id(l.ProposedBy)}
	if l.Since != nil {
		r.since, r.flags = *l.Since, r.flags|hasSince
	}
	if l.Until != nil {
		r.until, r.flags = *l.Until, r.flags|hasUntil
	}
	if l.Share != nil {
		r.share, r.flags = *l.Share, r.flags|hasShare
	}
	return r
}

func (sn *snapshot) compareLinks(a, b linkRow) int {
	if c := cmp.Compare(a.sup, b.sup); c != 0 {
		return c
	}
	if c := cmp.Compare(a.cus, b.cus); c != 0 {
		return c
	}
	return cmp.Compare(sn.strs.strs[a.material], sn.strs.strs[b.material])
}

// active reports whether the link is active at asOf (analysis.LinkActive).
func (l *linkRow) active(asOf domain.Date) bool {
	if l.flags&hasSince != 0 && l.since > asOf {
		return false
	}
	return l.flags&hasUntil == 0 || l.until > asOf
}

// graphCache holds the active graphs of a few dates.
type graphCache struct {
	mu     sync.Mutex
	graphs map[domain.Date]*analysis.Graph
}

// activeGraph returns the active graph at asOf, built once per date (a few dates are kept).
func (sn *snapshot) activeGraph(asOf domain.Date) *analysis.Graph {
	return sn.graphs.get(asOf, func() *analysis.Graph { return sn.graphOf(asOf, nil) })
}

// get returns the graph of asOf, built by build once (a few dates are kept).
func (c *graphCache) get(asOf domain.Date, build func() *analysis.Graph) *analysis.Graph {
	c.mu.Lock()
	if g, ok := c.graphs[asOf]; ok {
		c.mu.Unlock()
		return g
	}
	c.mu.Unlock()
	g := build() // outside the lock: build may use another cache
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.graphs[asOf]; ok {
		return old
	}
	if len(c.graphs) >= 4 {
		for d := range c.graphs {
			delete(c.graphs, d)
			break
		}
	}
	c.graphs[asOf] = g
	return g
}

// graphOf builds the active graph at asOf of the links keep allows (nil:
// all of them): one edge per supplier and customer, of the largest share.
func (sn *snapshot) graphOf(asOf domain.Date, keep func(sup, cus int32) bool) *analysis.Graph {
	sup, cus, w := make([]int32, 0, len(sn.allLinks)), make([]int32, 0, len(sn.allLinks)), make([]float64, 0, len(sn.allLinks))
	for i := range sn.allLinks {
		l := &sn.allLinks[i]
		if l.sup == l.cus || !l.active(asOf) || (keep != nil && !keep(l.sup, l.cus)) {
			continue
		}
		share := 1.0
		if l.flags&hasShare != 0 {
			share = l.share
		}
		if n := len(sup); n > 0 && sup[n-1] == l.sup && cus[n-1] == l.cus { // links are sorted: a duplicate pair is next
			w[n-1] = max(w[n-1], share)
			continue
		}
		sup, cus, w = append(sup, l.sup), append(cus, l.cus), append(w, share)
	}
	return analysis.NumberedGraph(sn.ids, sn.index, sup, slices.Clip(cus), slices.Clip(w))
}

// snapBuilder gathers the ranges of a build: companies are numbered as
// they arrive (finish renumbers them in id order), and relationships
// name their ends by internal id.
type snapBuilder struct {
	sn       *snapshot
	ids      []string
	nums     nodeNumbers
	links    []linkRow
	acks     map[string][]ackRow
	reqs     map[string][]reqRow
	findings []neo4jstore.FindingAt
	decls    map[string][]domain.Declaration
}

func newSnapBuilder(ext neo4jstore.Extent) *snapBuilder {
	// the counts are exact unless a write lands meanwhile (the catch-up
	// then adds what it wrote)
	return &snapBuilder{sn: &snapshot{strs: newInterner(), co: make([]coRow, 0, ext.Companies)}, nums: newNodeNumbers(ext),
		ids: make([]string, 0, ext.Companies), links: make([]linkRow, 0, ext.Links),
		acks: map[string][]ackRow{}, reqs: map[string][]reqRow{}, decls: map[string][]domain.Declaration{}}
}

// addDeclaration keeps d with its answers' and smelters' strings shared
// with the other declarations' (unique.Make): workbooks repeat the same
// questions, metals, answers and smelter ids, which the driver decodes as
// new strings each time (at 100 000 companies they were the largest
// strings the snapshot held).
func (b *snapBuilder) addDeclaration(d domain.Declaration) {
	word := func(s *string) { *s = unique.Make(*s).Value() }
	for i := range d.Answers {
		a := &d.Answers[i]
		word(&a.Metal)
		word(&a.Number)
		word(&a.Question)
		word(&a.Value)
	}
	for i := range d.Smelters {
		word(&d.Smelters[i].Metal)
		word(&d.Smelters[i].SmelterID)
	}
	word(&d.Version)
	b.decls[d.DeclarerID] = append(b.decls[d.DeclarerID], d)
}

// nodeNumbers maps internal node ids to company numbers: an array when
// the ids are dense (as Neo4j's record store keeps them), else a map.
type nodeNumbers struct {
	dense  []int32 // number+1; 0: not a company
	sparse map[int64]int32
}

func newNodeNumbers(ext neo4jstore.Extent) nodeNumbers {
	if ext.MaxNode+1 <= 2*ext.Nodes+1<<20 {
		return nodeNumbers{dense: make([]int32, ext.MaxNode+1)}
	}
	return nodeNumbers{sparse: map[int64]int32{}}
}

func (n *nodeNumbers) set(node int64, v int32) {
	if n.sparse == nil && node < int64(len(n.dense)) {
		n.dense[node] = v + 1
		return
	}
	if n.sparse == nil {
		n.sparse = map[int64]int32{}
	}
	n.sparse[node] = v
}

// get returns the number of node, or -1: not a company read by the build
// (one written meanwhile, which the catch-up reads).
func (n *nodeNumbers) get(node int64) int32 {
	if node >= 0 && node < int64(len(n.dense)) && n.dense[node] != 0 {
		return n.dense[node] - 1
	}
	if v, ok := n.sparse[node]; ok {
		return v
	}
	return -1
}

func (b *snapBuilder) addCompany(c *neo4jstore.NodeAt) {
	v := int32(len(b.ids))
	b.ids = append(b.ids, c.Company.ID)
	b.sn.co = append(b.sn.co, b.sn.row(&c.Company))
	b.nums.set(c.Node, v)
}

func (b *snapBuilder) addRels(r *neo4jstore.RelsAt) {
	sn := b.sn
	for i := range r.Links {
		l := &r.Links[i]
		if sup, cus := b.nums.get(l.From), b.nums.get(l.To); sup >= 0 && cus >= 0 {
			b.links = append(b.links, sn.linkRow(sup, cus, &l.Link))
		}
	}
	for _, a := range r.Acks {
		if v := b.nums.get(a.From); v >= 0 {
			b.acks[a.Ack.CodeID] = append(b.acks[a.Ack.CodeID], ackRow{company: v, edition: int32(a.Ack.Edition), date: a.Ack.Date, signatory: sn.strs.id(a.Ack.Signatory)})
		}
	}
	for _, q := range r.Requests {
		if req, sup := b.nums.get(q.From), b.nums.get(q.To); req >= 0 && sup >= 0 {
			b.reqs[q.Request.CodeID] = append(b.reqs[q.Request.CodeID], reqRow{requester: req, supplier: sup, date: q.Request.Date})
		}
	}
}

func (b *snapBuilder) finish(v neo4jstore.Version, codes map[string]domain.Code, accepts map[string][]string) *snapshot {
	sn := b.sn
	sn.ver, sn.codeIndex, sn.accepts = v, codes, accepts
	sn.graphs = &graphCache{graphs: map[domain.Date]*analysis.Graph{}}
	sn.riskGraphs = &graphCache{graphs: map[domain.Date]*analysis.Graph{}}
	for id, ds := range b.decls {
		domain.SortDeclarations(ds)
		b.decls[id] = slices.Clip(ds)
	}
	sn.decls = b.decls
	b.nums = nodeNumbers{}
	// companies arrive in the order of the store: number them in byte
	// order of their ids
	perm, renum := sortIDs(b.ids)
	sn.ids, sn.co = permuted(b.ids, perm), permuted(sn.co, perm)
	packStrings(len(sn.ids), func(i int) *string { return &sn.ids[i] })
	packStrings(len(sn.co), func(i int) *string { return &sn.co[i].name })
	packStrings(len(sn.co), func(i int) *string { return &sn.co[i].rmiID })
	sn.index = make(map[string]int32, len(sn.ids))
	for i, id := range sn.ids {
		sn.index[id] = int32(i)
	}
	for i := range b.links {
		l := &b.links[i]
		l.sup, l.cus = renum[l.sup], renum[l.cus]
	}
	slices.SortFunc(b.links, sn.compareLinks)
	sn.allLinks = slices.Clip(b.links)
	sn.acksByCode = map[string][]ackRow{}
	for code, as := range b.acks {
		for i := range as {
			as[i].company = renum[as[i].company]
		}
		// ranges arrive in any order: sort completely
		slices.SortFunc(as, func(a, b ackRow) int {
			return cmp.Or(cmp.Compare(a.company, b.company), cmp.Compare(a.edition, b.edition), cmp.Compare(a.date, b.date))
		})
		sn.acksByCode[code] = slices.Clip(as)
	}
	sn.reqsByCode = map[string][]reqRow{}
	for code, qs := range b.reqs {
		for i := range qs {
			qs[i].requester, qs[i].supplier = renum[qs[i].requester], renum[qs[i].supplier]
		}
		slices.SortFunc(qs, func(a, b reqRow) int {
			return cmp.Or(cmp.Compare(a.requester, b.requester), cmp.Compare(a.supplier, b.supplier), cmp.Compare(a.date, b.date))
		})
		sn.reqsByCode[code] = slices.Clip(qs)
	}
	sn.setFindings(b.findings)
	return sn
}

// packStrings makes the n strings at(i) substrings of one: the garbage
// collector then marks one object where it marked one per string (a
// million company ids and names were most of what it marked in every
// cycle, over and over while questions ran).
func packStrings(n int, at func(i int) *string) {
	size := 0
	for i := range n {
		size += len(*at(i))
	}
	var b strings.Builder
	b.Grow(size)
	for i := range n {
		b.WriteString(*at(i))
	}
	blob, off := b.String(), 0
	for i := range n {
		p := at(i)
		*p, off = blob[off:off+len(*p)], off+len(*p)
	}
}

// sortIDs returns the order of ids by byte order (new index -> old
// index) and the new number of each old index.
func sortIDs(ids []string) (perm, renum []int32) {
	perm = make([]int32, len(ids))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortFunc(perm, func(a, b int32) int { return cmp.Compare(ids[a], ids[b]) })
	renum = make([]int32, len(ids))
	for n, o := range perm {
		renum[o] = int32(n)
	}
	return perm, renum
}

// permuted returns xs in the order of perm (new index -> old index), in a
// new array: copying it back would move every row twice.
func permuted[T any](xs []T, perm []int32) []T {
	out := make([]T, len(xs))
	for n, o := range perm {
		out[n] = xs[o]
	}
	return out
}

func (sn *snapshot) setFindings(fs []neo4jstore.FindingAt) {
	slices.SortFunc(fs, func(a, b neo4jstore.FindingAt) int { return cmp.Compare(a.ID, b.ID) })
	sn.allFindings, sn.findingCo = make([]domain.Finding, len(fs)), make([]string, len(fs))
	for i, f := range fs {
		sn.allFindings[i], sn.findingCo[i] = f.Finding, f.CompanyID
	}
	sn.setOperators()
}

// setOperators maps the facilities findings are about to their companies.
func (sn *snapshot) setOperators() {
	sn.operator = map[string]string{}
	for i, f := range sn.allFindings {
		if f.SubjectID != sn.findingCo[i] {
			sn.operator[f.SubjectID] = sn.findingCo[i]
		}
	}
}

// apply returns the snapshot at version v: sn with the data of the
// companies in data, and the findings about subjects (found: those of
// them that exist now), replaced.
func (sn *snapshot) apply(v neo4jstore.Version, data []neo4jstore.CompanyData, subjects []string,
	found []neo4jstore.FindingAt, codes map[string]domain.Code, accepts map[string][]string) *snapshot {
	next := *sn
	next.ver, next.codeIndex, next.accepts = v, codes, accepts
	next.strs = sn.strs.clone()

	// new companies: renumber everything (numbers follow the ids' order)
	var added []string
	for i := range data {
		if _, ok := sn.index[data[i].Company.ID]; !ok {
			added = append(added, data[i].Company.ID)
		}
	}
	renum := func(v int32) int32 { return v }
	if len(added) > 0 {
		slices.Sort(added)
		added = slices.Compact(added)
		ids := make([]string, 0, len(sn.ids)+len(added))
		old := make([]int32, len(sn.ids)) // old number -> new
		i, j := 0, 0
		for i < len(sn.ids) || j < len(added) {
			if j == len(added) || (i < len(sn.ids) && sn.ids[i] < added[j]) {
				old[i] = int32(len(ids))
				ids = append(ids, sn.ids[i])
				i++
			} else {
				ids = append(ids, added[j])
				j++
			}
		}
		next.ids = ids
		next.index = make(map[string]int32, len(ids))
		for n, id := range ids {
			next.index[id] = int32(n)
		}
		next.co = make([]coRow, len(ids))
		for o, n := range old {
			next.co[n] = sn.co[o]
		}
		renum = func(v int32) int32 { return old[v] }
	} else {
		// the company rows are copied only if one of them changes
		for i := range data {
			c := sn.index[data[i].Company.ID]
			if next.row(&data[i].Company) != sn.co[c] {
				next.co = slices.Clone(sn.co)
				break
			}
		}
	}

	// declarations: replaced whole for the companies read again (the map
	// is copied only if one of them changes)
	declsChanged := false
	for i := range data {
		d := &data[i]
		if !slices.EqualFunc(sn.decls[d.Company.ID], d.Declarations, equalDeclaration) {
			if !declsChanged {
				next.decls = maps.Clone(sn.decls)
				declsChanged = true
			}
			if len(d.Declarations) == 0 {
				delete(next.decls, d.Company.ID)
			} else {
				next.decls[d.Company.ID] = d.Declarations
			}
		}
	}

	// companies, and the links, acknowledgments and requests they own
	touched := map[int32]bool{}
	var links []linkRow
	acks, reqs := map[string][]ackRow{}, map[string][]reqRow{}
	for i := range data {
		d := &data[i]
		c := next.index[d.Company.ID]
		touched[c] = true
		if r := next.row(&d.Company); r != next.co[c] { // (a changed row means a copy, above)
			next.co[c] = r
		}
		for k := range d.Links {
			if cus, ok := next.index[d.Links[k].CustomerID]; ok {
				links = append(links, next.linkRow(c, cus, &d.Links[k]))
			}
		}
		for _, a := range d.Acks {
			acks[a.CodeID] = append(acks[a.CodeID], ackRow{company: c, edition: int32(a.Edition), date: a.Date, signatory: next.strs.id(a.Signatory)})
		}
		for _, q := range d.Requests {
			if s, ok := next.index[q.SupplierID]; ok {
				reqs[q.CodeID] = append(reqs[q.CodeID], reqRow{requester: c, supplier: s, date: q.Date})
			}
		}
	}
	linksChanged := len(added) > 0
	if !linksChanged {
		// the same links as before for every touched company keep the graphs
		slices.SortFunc(links, next.compareLinks)
		var before []linkRow
		for c := range touched {
			from, _ := slices.BinarySearchFunc(sn.allLinks, c, func(l linkRow, c int32) int { return cmp.Compare(l.sup, c) })
			to := from
			for to < len(sn.allLinks) && sn.allLinks[to].sup == c {
				to++
			}
			before = append(before, sn.allLinks[from:to]...)
		}
		slices.SortFunc(before, next.compareLinks)
		linksChanged = !slices.Equal(before, links)
	}
	if linksChanged {
		// the links kept (in order: renumbering keeps it) merged with the
		// touched companies' (sorted above, or here)
		slices.SortFunc(links, next.compareLinks)
		out := make([]linkRow, 0, len(sn.allLinks)+len(links))
		j := 0
		for _, l := range sn.allLinks {
			l.sup, l.cus = renum(l.sup), renum(l.cus)
			if touched[l.sup] {
				continue
			}
			for j < len(links) && next.compareLinks(links[j], l) < 0 {
				out = append(out, links[j])
				j++
			}
			out = append(out, l)
		}
		out = append(out, links[j:]...)
		next.allLinks = out
		next.graphs = &graphCache{graphs: map[domain.Date]*analysis.Graph{}}
	}
	if linksChanged || declsChanged {
		next.riskGraphs = &graphCache{graphs: map[domain.Date]*analysis.Graph{}}
	}
	for _, as := range acks {
		slices.SortStableFunc(as, func(a, b ackRow) int { return cmp.Compare(a.company, b.company) })
	}
	for _, qs := range reqs {
		slices.SortStableFunc(qs, func(a, b reqRow) int { return cmp.Compare(a.requester, b.requester) })
	}
	next.acksByCode = replaceRows(sn.acksByCode, acks, len(added) > 0, touched,
		func(a ackRow) int32 { return a.company }, func(a *ackRow) { a.company = renum(a.company) })
	next.reqsByCode = replaceRows(sn.reqsByCode, reqs, len(added) > 0, touched,
		func(q reqRow) int32 { return q.requester }, func(q *reqRow) { q.requester, q.supplier = renum(q.requester), renum(q.supplier) })

	// findings: drop those about the subjects (whichever company they
	// were at) and those read again (which may have moved), add them back
	if len(subjects) > 0 {
		drop := map[string]bool{}
		for _, id := range subjects {
			drop[id] = true
		}
		again := map[string]bool{}
		for _, f := range found {
			again[f.ID] = true
		}
		// the findings kept (by id) merged with those read again (sorted here)
		slices.SortFunc(found, func(a, b neo4jstore.FindingAt) int { return cmp.Compare(a.ID, b.ID) })
		next.allFindings = make([]domain.Finding, 0, len(sn.allFindings)+len(found))
		next.findingCo = make([]string, 0, len(sn.allFindings)+len(found))
		j := 0
		add := func(f domain.Finding, co string) {
			next.allFindings, next.findingCo = append(next.allFindings, f), append(next.findingCo, co)
		}
		for i, f := range sn.allFindings {
			if drop[f.SubjectID] || drop[sn.findingCo[i]] || again[f.ID] {
				continue
			}
			for ; j < len(found) && found[j].ID < f.ID; j++ {
				add(found[j].Finding, found[j].CompanyID)
			}
			add(f, sn.findingCo[i])
		}
		for ; j < len(found); j++ {
			add(found[j].Finding, found[j].CompanyID)
		}
		next.setOperators()
	}
	return &next
}

// replaceRows returns rows by code with the rows of the touched companies
// (owner) replaced by those of fresh (each code's by owner); renumber is
// applied to every kept row when renumbered. Codes whose rows do not
// change are shared.
func replaceRows[R any](old, fresh map[string][]R, renumbered bool, touched map[int32]bool, owner func(R) int32, renumber func(*R)) map[string][]R {
	out := make(map[string][]R, len(old))
	for code, rows := range old {
		hit := renumbered || len(fresh[code]) > 0
		if !hit {
			for _, r := range rows {
				if touched[owner(r)] {
					hit = true
					break
				}
			}
		}
		if !hit {
			out[code] = rows
			continue
		}
		// the rows kept (by owner: renumbering keeps the order) merged with
		// the fresh ones (by owner, as they were read)
		add := fresh[code]
		kept := make([]R, 0, len(rows)+len(add))
		j := 0
		for _, r := range rows {
			if renumbered {
				renumber(&r)
			}
			if touched[owner(r)] {
				continue
			}
			for ; j < len(add) && owner(add[j]) < owner(r); j++ {
				kept = append(kept, add[j])
			}
			kept = append(kept, r)
		}
		out[code] = append(kept, add[j:]...)
	}
	for code, rows := range fresh {
		if _, ok := old[code]; !ok {
			out[code] = rows
		}
	}
	return out
}

// equalDeclaration compares two declarations field by field.
func equalDeclaration(a, b domain.Declaration) bool {
	return a.ID == b.ID && a.DeclarerID == b.DeclarerID && a.Template == b.Template && a.Version == b.Version &&
		a.Scope == b.Scope && a.ScopeText == b.ScopeText && a.Effective == b.Effective && a.CompanyName == b.CompanyName &&
		a.File == b.File && slices.Equal(a.Answers, b.Answers) && slices.Equal(a.Smelters, b.Smelters)
}
