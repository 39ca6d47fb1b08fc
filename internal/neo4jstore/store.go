package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// Config says how to reach Neo4j.
type Config struct {
	URI      string // bolt://127.0.0.1:7687
	User     string
	Password string
	Database string // neo4j
	// QueryTimeout bounds every transaction (passed to Neo4j as the
	// transaction timeout); 0 means 30 s.
	QueryTimeout time.Duration
	// ConnectTimeout bounds getting a connection; 0 means 1 s.
	ConnectTimeout time.Duration
}

// Store is supplygraph's Neo4j store. It is safe for concurrent use.
type Store struct {
	driver neo4j.DriverWithContext // writes: transient errors retried for up to 1 s
	reads  neo4j.DriverWithContext // reads: no retries, so that an outage fails fast
	cfg    Config
	log    *slog.Logger
	obs    Observer
	// bookmarks holds the bookmarks of every transaction this process has
	// run, and every session starts from them: on a Neo4j cluster, where
	// reads go to followers that may lag behind the leader, a read waits
	// until its server has caught up with this process's last write (and
	// last read), so whoever wrote through this process reads its write.
	// With one server, bookmarks cost nothing.
	bookmarks neo4j.BookmarkManager
}

// Observer receives the store's measurements, for metrics; nil fields are
// skipped.
type Observer struct {
	// Query is called after each read or write transaction with the access
	// mode ("read", "write"), the outcome ("ok" or an error kind) and the time.
	Query func(mode, outcome string, d time.Duration)
	// Rows is called as a load writes rows of a file.
	Rows func(file string, n int)
}

// Observe sets the observer; call it before the store is used.
func (s *Store) Observe(o Observer) { s.obs = o }

func (s *Store) observeQuery(mode string, start time.Time, err error) {
	if s.obs.Query == nil {
		return
	}
	outcome := "ok"
	if err != nil {
		outcome = string(domain.KindOf(err))
	}
	s.obs.Query(mode, outcome, time.Since(start))
}

// Open connects to Neo4j. It does not wait for Neo4j to be up: use Ping.
func Open(cfg Config, log *slog.Logger) (*Store, error) {
	if cfg.URI == "" {
		cfg.URI = "bolt://127.0.0.1:7687"
	}
	if cfg.Database == "" {
		cfg.Database = "neo4j"
	}
	if cfg.QueryTimeout == 0 {
		cfg.QueryTimeout = 30 * time.Second
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = time.Second
	}
	if log == nil {
		log = slog.Default()
	}
	auth := neo4j.NoAuth()
	if cfg.User != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	newDriver := func(retry time.Duration) (neo4j.DriverWithContext, error) {
		return neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
			c.ConnectionAcquisitionTimeout = cfg.ConnectTimeout
			c.SocketConnectTimeout = cfg.ConnectTimeout
			c.MaxConnectionPoolSize = 64
			c.MaxTransactionRetryTime = retry
			// A pooled connection idle for 2 s is checked before use, so that
			// connections left over from before a Neo4j restart are not handed out.
			c.ConnectionLivenessCheckTimeout = 2 * time.Second
		})
	}
	driver, err := newDriver(time.Second)
	if err != nil {
		return nil, domain.Errorf(domain.BadInput, "invalid Neo4j settings (NEO4J_URI %q): %v", cfg.URI, err)
	}
	reads, err := newDriver(0)
	if err != nil {
		return nil, domain.Errorf(domain.BadInput, "invalid Neo4j settings (NEO4J_URI %q): %v", cfg.URI, err)
	}
	bm := neo4j.NewBookmarkManager(neo4j.BookmarkManagerConfig{})
	return &Store{driver: driver, reads: reads, cfg: cfg, log: log, bookmarks: bm}, nil
}

// Close closes the drivers.
func (s *Store) Close(ctx context.Context) error {
	s.reads.Close(ctx)
	return s.driver.Close(ctx)
}

// Ping checks that Neo4j answers RETURN 1. It returns UNAVAILABLE otherwise.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.ConnectTimeout+time.Second)
	defer cancel()
	_, err := s.read(ctx, `RETURN 1 AS one`, nil)
	return err
}

// QueryTimeout is the transaction timeout of every query.
func (s *Store) QueryTimeout() time.Duration { return s.cfg.QueryTimeout }

// read runs a read query in an auto-routed read transaction and returns its records.
func (s *Store) read(ctx context.Context, query string, params map[string]any) ([]*neo4j.Record, error) {
	return s.run(ctx, query, params, neo4j.AccessModeRead)
}

func (s *Store) write(ctx context.Context, query string, params map[string]any) ([]*neo4j.Record, error) {
	return s.run(ctx, query, params, neo4j.AccessModeWrite)
}

// session opens a session in mode (reads on the driver without retries)
// that starts from the process's bookmarks and those the request carries
// (WithBookmarks), and adds its own to the process's.
func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	drv := s.driver
	if mode == neo4j.AccessModeRead {
		drv = s.reads
	}
	return drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.cfg.Database, AccessMode: mode,
		BookmarkManager: s.bookmarks, Bookmarks: bookmarksOf(ctx)})
}

func (s *Store) run(ctx context.Context, query string, params map[string]any, mode neo4j.AccessMode) ([]*neo4j.Record, error) {
	if err := unreachedBookmarks(ctx); err != nil {
		return nil, err
	}
	sess := s.session(ctx, mode)
	defer sess.Close(context.WithoutCancel(ctx))
	work := func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, query, params)
		if err != nil {
			return nil, err
		}
		return res.Collect(ctx)
	}
	var out any
	var err error
	start := time.Now()
	timeout := neo4j.WithTxTimeout(s.txTimeout(ctx))
	if mode == neo4j.AccessModeRead {
		out, err = sess.ExecuteRead(ctx, work, timeout)
	} else {
		out, err = sess.ExecuteWrite(ctx, work, timeout)
	}
	err = s.classify(ctx, err)
	s.observeQuery(map[neo4j.AccessMode]string{neo4j.AccessModeRead: "read", neo4j.AccessModeWrite: "write"}[mode], start, err)
	if err != nil {
		return nil, err
	}
	return out.([]*neo4j.Record), nil
}

// txTimeout is the query timeout, shortened to the context's deadline.
func (s *Store) txTimeout(ctx context.Context) time.Duration {
	t := s.cfg.QueryTimeout
	if dl, ok := ctx.Deadline(); ok {
		if left := time.Until(dl); left < t {
			t = max(left, time.Millisecond)
		}
	}
	return t
}

// classify turns a driver error into a domain error; the driver's message is
// kept as the cause (logged) and never shown.
func (s *Store) classify(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	if unreachable(err) {
		return domain.Wrap(domain.Unavailable, err, "the database is unavailable")
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return domain.Wrap(domain.Timeout, err, "the query ran past its time limit")
	}
	if neo4j.IsConnectivityError(err) || isConnError(err) {
		return domain.Wrap(domain.Unavailable, err, "the database is unavailable")
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return domain.Wrap(domain.Timeout, err, "the query ran past its time limit")
	}
	if errors.Is(err, context.Canceled) {
		return domain.Wrap(domain.Unavailable, err, "the request was cancelled")
	}
	var ne *neo4j.Neo4jError
	var gaveUp *neo4j.TransactionExecutionLimit
	if errors.As(err, &gaveUp) && len(gaveUp.Errors) > 0 {
		errors.As(gaveUp.Errors[len(gaveUp.Errors)-1], &ne) // the driver stopped retrying: its last error says why
	} else {
		errors.As(err, &ne)
	}
	if ne != nil {
		switch {
		case strings.Contains(ne.Code, "TransactionTimedOut"):
			return domain.Wrap(domain.Timeout, err, "the query ran past its time limit")
		case ne.Code == "Neo.TransientError.Transaction.BookmarkTimeout":
			if b := requestBookmarksOf(ctx); b != nil {
				b.unreached.Store(true)
			}
			return domain.Wrap(domain.Unavailable, err, bookmarksUnreached)
		case strings.HasPrefix(ne.Code, "Neo.TransientError"):
			return domain.Wrap(domain.Unavailable, err, "the database is temporarily unavailable")
		case ne.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
			return domain.Wrap(domain.BadInput, err, "the change conflicts with existing data (an id is already in use)")
		case strings.HasPrefix(ne.Code, "Neo.ClientError.Transaction.InvalidBookmark"):
			return domain.Wrap(domain.BadInput, err, "invalid bookmark")
		case ne.Code == "Neo.ClientError.Security.Unauthorized":
			return domain.Wrap(domain.Unavailable, err, "the database refused the configured credentials")
		}
		return domain.Wrap(domain.Internal, err, "database error")
	}
	return domain.Wrap(domain.Internal, err, "database error")
}

// unreachable reports errors that say Neo4j cannot be reached at all.
func unreachable(err error) bool {
	msg := err.Error()
	for _, s := range []string{"connection refused", "no route to host", "network is unreachable", "broken pipe", "connection reset"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

func isConnError(err error) bool {
	msg := err.Error()
	// classify tries unreachable first; these are the remaining signs of a lost connection.
	for _, s := range []string{"ConnectivityError", "pool", "i/o timeout", "EOF"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// String describes the store for logs.
func (s *Store) String() string { return fmt.Sprintf("neo4j %s db=%s", s.cfg.URI, s.cfg.Database) }

// readOnce runs a small read as an auto-commit query: one round trip,
// no retries.
func (s *Store) readOnce(ctx context.Context, query string) ([]*neo4j.Record, error) {
	if err := unreachedBookmarks(ctx); err != nil {
		return nil, err
	}
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer sess.Close(context.WithoutCancel(ctx))
	start := time.Now()
	var recs []*neo4j.Record
	res, err := sess.Run(ctx, query, nil, neo4j.WithTxTimeout(s.txTimeout(ctx)))
	if err == nil {
		recs, err = res.Collect(ctx)
	}
	err = s.classify(ctx, err)
	s.observeQuery("read", start, err)
	return recs, err
}

// runAutoCommit runs a statement that manages its own transactions (CALL
// ... IN TRANSACTIONS).
func (s *Store) runAutoCommit(ctx context.Context, query string) error {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	res, err := sess.Run(ctx, query, nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	return s.classify(ctx, err)
}
