package explorer

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// The analysis runs on what it needs of the database. Reading a large
// chain from Neo4j for every question takes seconds, so the service keeps
// an in-memory snapshot of the data, tagged with the data version that
// every write changes. A question first asks Neo4j for the version (one
// small read): if the snapshot is current it is answered from memory; if
// not, it is answered from Neo4j as before while a new snapshot is built in
// the background. Both ways give the same answers (tested). Writes made to
// Neo4j by other means than supplygraph do not change the version.

// SnapshotOptions configure the snapshot.
type SnapshotOptions struct {
	// Enabled turns the snapshot on (serve does; tests choose).
	Enabled bool
	// MaxLinks: a database with more supply links is not snapshotted
	// (0: 10 million).
	MaxLinks int
	Log      *slog.Logger
}

type snapshot struct {
	version        string
	allLinks       []domain.SupplyLink
	companyIndex   map[string]domain.Company
	codeIndex      map[string]domain.Code
	accepts        map[string][]string
	acksByCode     map[string][]domain.Acknowledgment
	requestsByCode map[string][]domain.Request
	allFindings    []domain.Finding
	operator       map[string]string // facility -> operator

	mu     sync.Mutex
	graphs map[domain.Date]*analysis.Graph
}

// activeGraph returns the active graph at asOf, built once per date (a few dates are kept).
func (sn *snapshot) activeGraph(asOf domain.Date) *analysis.Graph {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if g, ok := sn.graphs[asOf]; ok {
		return g
	}
	if len(sn.graphs) >= 8 {
		for d := range sn.graphs {
			delete(sn.graphs, d)
			break
		}
	}
	g := analysis.ActiveGraph(sn.allLinks, asOf)
	sn.graphs[asOf] = g
	return g
}

type snapshotState struct {
	opts     SnapshotOptions
	current  atomic.Pointer[snapshot]
	building atomic.Bool
}

// UseSnapshot configures the snapshot.
func (s *Service) UseSnapshot(o SnapshotOptions) {
	if o.MaxLinks == 0 {
		o.MaxLinks = 10_000_000
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	s.snap.opts = o
}

// requestMemo remembers, for one request, the data version it saw, so that
// the version is read once per request and every part of the answer comes
// from the same snapshot.
type requestMemo struct {
	once    sync.Once
	version string
	err     error
}

type memoKey struct{}

// WithRequestMemo returns ctx for one request (the GraphQL handler calls it).
func WithRequestMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, memoKey{}, &requestMemo{})
}

func (s *Service) dataVersion(ctx context.Context) (string, error) {
	m, ok := ctx.Value(memoKey{}).(*requestMemo)
	if !ok {
		return s.store.DataVersion(ctx)
	}
	m.once.Do(func() { m.version, m.err = s.store.DataVersion(ctx) })
	return m.version, m.err
}

// snapshotFor returns the snapshot if it is current, else nil (and starts
// building a new one).
func (s *Service) snapshotFor(ctx context.Context) (*snapshot, error) {
	if !s.snap.opts.Enabled {
		return nil, nil
	}
	v, err := s.dataVersion(ctx)
	if err != nil {
		return nil, err
	}
	if sn := s.snap.current.Load(); sn != nil && sn.version == v {
		return sn, nil
	}
	if s.snap.building.CompareAndSwap(false, true) {
		go func() {
			defer s.snap.building.Store(false)
			bctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
			defer cancel()
			if err := s.buildSnapshot(bctx); err != nil {
				s.snap.opts.Log.Warn("analysis snapshot not built; answering from Neo4j", "err", err.Error())
			}
		}()
	}
	return nil, nil
}

// WarmUp builds the snapshot now (if enabled) and waits for it.
func (s *Service) WarmUp(ctx context.Context) error {
	if !s.snap.opts.Enabled {
		return nil
	}
	return s.buildSnapshot(ctx)
}

func (s *Service) buildSnapshot(ctx context.Context) error {
	start := time.Now()
	v, err := s.store.DataVersion(ctx)
	if err != nil {
		return err
	}
	e, err := s.store.ReadEverything(ctx, s.snap.opts.MaxLinks)
	if err != nil {
		return err
	}
	if after, err := s.store.DataVersion(ctx); err != nil || after != v {
		return domain.Errorf(domain.Unavailable, "the data changed while the snapshot was read; it will be read again")
	}
	sn := &snapshot{version: v, allLinks: e.Links, companyIndex: make(map[string]domain.Company, len(e.Companies)),
		codeIndex: map[string]domain.Code{}, accepts: e.Accepts, acksByCode: map[string][]domain.Acknowledgment{},
		requestsByCode: map[string][]domain.Request{}, operator: map[string]string{}, graphs: map[domain.Date]*analysis.Graph{}}
	for _, c := range e.Companies {
		sn.companyIndex[c.ID] = c
	}
	for _, c := range e.Codes {
		sn.codeIndex[c.ID] = c
	}
	for _, a := range e.Acks {
		sn.acksByCode[a.CodeID] = append(sn.acksByCode[a.CodeID], a)
	}
	for _, q := range e.Requests {
		sn.requestsByCode[q.CodeID] = append(sn.requestsByCode[q.CodeID], q)
	}
	for _, f := range e.Findings {
		sn.allFindings = append(sn.allFindings, f.Finding)
		if f.SubjectID != f.CompanyID {
			sn.operator[f.SubjectID] = f.CompanyID
		}
	}
	s.snap.current.Store(sn)
	s.snap.opts.Log.Info("analysis snapshot built", "links", len(e.Links), "companies", len(e.Companies),
		"seconds", time.Since(start).Seconds())
	return nil
}

// SnapshotCurrent reports whether questions of ctx's request are answered
// from the in-memory snapshot (a read of a company or a code by id is then
// a lookup in memory). It reads the data version once per request.
func (s *Service) SnapshotCurrent(ctx context.Context) bool {
	sn, err := s.snapshotFor(ctx)
	return err == nil && sn != nil
}

// fromSnapshot picks the records with the given ids out of the current
// snapshot's index, or reads them with read when there is none.
func fromSnapshot[V any](ctx context.Context, s *Service, ids []string, index func(*snapshot) map[string]V,
	read func(context.Context, []string) (map[string]V, error)) (map[string]V, error) {
	sn, err := s.snapshotFor(ctx)
	if err != nil {
		return nil, err
	}
	if sn == nil {
		return read(ctx, ids)
	}
	all := index(sn)
	out := make(map[string]V, len(ids))
	for _, id := range ids {
		if v, ok := all[id]; ok {
			out[id] = v
		}
	}
	return out, nil
}
