package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/klauspost/compress/gzhttp"
	"github.com/rs/cors"
	"github.com/supplygraph/supplygraph/graph"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/internal/httpapi"
	"github.com/supplygraph/supplygraph/internal/metrics"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
	"github.com/supplygraph/supplygraph/web"
)

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr)
	var sf storeFlags
	sf.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address (env SUPPLYGRAPH_ADDR)")
	origins := fs.String("cors-origins", "", "comma-separated origins allowed by CORS (env SUPPLYGRAPH_CORS_ORIGINS); none by default")
	introspection := fs.Bool("introspection", true, "allow GraphQL introspection (env SUPPLYGRAPH_INTROSPECTION)")
	requestTimeout := fs.Duration("request-timeout", 30*time.Second, "time limit of one GraphQL request")
	maxUpload := fs.Int64("max-upload", httpapi.DefaultMaxUpload, "largest body of POST /api/load, in bytes")
	maxBody := fs.Int64("max-body", 1<<20, "largest body of a GraphQL request, in bytes")
	maxDepth := fs.Int("max-depth", graph.DefaultMaxDepth, "deepest GraphQL operation, in fields")
	maxComplexity := fs.Int("max-complexity", graph.DefaultMaxComplexity, "largest GraphQL operation complexity")
	devAnonymous := fs.Bool("dev-anonymous", false, "let requests without a key read (development; refused unless --addr is a loopback address)")
	snapshot := fs.Bool("snapshot", true, "answer analysis queries from an in-memory snapshot of the data, kept current from the change records of writes (env SUPPLYGRAPH_SNAPSHOT)")
	maxAnalysis := fs.Int("max-analysis", 0, "analysis questions answered at once; more wait their turn (0: the number of cores)")
	memoryLimit := fs.Int64("memory-limit", 900, "soft limit of the process's memory in MiB, which the garbage collector works to keep under (0: none; the GOMEMLIMIT environment variable overrides it)")
	analysisWait := fs.Duration("analysis-wait", 10*time.Second, "longest wait of an analysis question for its turn; then it is answered BUSY")
	graphiqlKey := fs.String("graphiql-key", "", "prefill GraphiQL's Authorization header with this key (development; loopback only; env SUPPLYGRAPH_GRAPHIQL_KEY, never printed)")
	readHeaderTimeout := fs.Duration("read-header-timeout", 10*time.Second, "time to read a request's headers")
	readTimeout := fs.Duration("read-timeout", 10*time.Second, "time to read a request, headers and body (uploads to /api/load: --upload-timeout)")
	uploadTimeout := fs.Duration("upload-timeout", 30*time.Minute, "time for the body of a POST /api/load to arrive, once its key is known to be allowed to load")
	writeTimeout := fs.Duration("write-timeout", 30*time.Second, "time to write an answer, from its first byte")
	idleTimeout := fs.Duration("idle-timeout", 60*time.Second, "time a keep-alive connection may wait for its next request")
	maxConnsPerClient := fs.Int("max-conns-per-client", 64, "connections open at once from one client address; more are closed at once (0: no limit; behind a proxy, every client is the proxy)")
	bindRetry := fs.Duration("bind-retry", 5*time.Second, "how long to retry while --addr is in use (a previous serve still exiting)")
	for f, name := range map[string]string{"addr": "SUPPLYGRAPH_ADDR", "cors-origins": "SUPPLYGRAPH_CORS_ORIGINS",
		"introspection": "SUPPLYGRAPH_INTROSPECTION", "snapshot": "SUPPLYGRAPH_SNAPSHOT", "graphiql-key": "SUPPLYGRAPH_GRAPHIQL_KEY"} {
		fromEnv(fs, f, name)
	}
	if err := parseArgs(fs, args, 0, "serve takes no arguments"); err != nil {
		return err
	}
	if *devAnonymous || *graphiqlKey != "" {
		if !loopback(*addr) {
			return usageError{fmt.Errorf("--dev-anonymous and --graphiql-key are for development on a loopback address; %s is not one", *addr)}
		}
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	store, err := sf.open(log)
	if err != nil {
		return err
	}
	defer store.Close(context.WithoutCancel(ctx))

	m := metrics.New()
	store.Observe(neo4jstore.Observer{Query: m.Neo4jQuery, Rows: m.LoadRows})
	svc := explorer.New(store)
	svc.UseSnapshot(explorer.SnapshotOptions{Enabled: *snapshot, Log: log, Poll: time.Second})
	svc.LimitAnalysis(explorer.AdmissionOptions{Limit: *maxAnalysis, Wait: *analysisWait})
	m.Snapshot(func() (bool, bool, int64) {
		st := svc.SnapshotStatus()
		return st.Ready, st.Building, st.Version.Seq
	})

	var migrated atomic.Bool
	go func() {
		migrateUntilDone(ctx, store, log, &migrated)
		// Start building the analysis snapshot now, in the background,
		// rather than on the first question (which is answered from
		// Neo4j meanwhile, as every question is until it is built).
		if migrated.Load() {
			svc.StartSnapshot(ctx)
		}
	}()
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set && *memoryLimit > 0 {
		// The garbage collector lets the heap grow to 1.75 times what is
		// live (GOGC 75); near the limit it works harder instead (figures
		// in docs/operations.md, Memory).
		debug.SetMemoryLimit(*memoryLimit << 20)
	}
	if _, set := os.LookupEnv("GOGC"); !set {
		// Under concurrent questions the heap is mostly their garbage:
		// GOGC 75 instead of 100 kept serve's peak at 100 000 companies
		// under 300 MB with the same answers per second.
		debug.SetGCPercent(75)
	}
	mux := http.NewServeMux()
	route := func(pattern, name string, h http.Handler) {
		mux.Handle(pattern, answerBudget(*writeTimeout, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
			h.ServeHTTP(rec, r)
			m.HTTP(name, rec.code)
		})))
	}
	// Bookmarks first: the key lookup, too, reads what the client's
	// bookmarks say it has written through another replica.
	authn := func(h http.Handler) http.Handler {
		return httpapi.Bookmarks(svc, httpapi.Authenticate(svc, httpapi.AuthOptions{Anonymous: *devAnonymous}, h))
	}
	who := func(r *http.Request) string {
		if p := auth.From(r.Context()); p != nil && p.KeyID != "" {
			return "key:" + p.KeyID
		}
		return "api"
	}
	route("/graphql", "/graphql", authn(graph.NewHandler(svc, graph.Options{Introspection: *introspection, Timeout: *requestTimeout,
		MaxDepth: *maxDepth, MaxComplexity: *maxComplexity, MaxBodyBytes: *maxBody, Log: log, Metrics: m})))
	route("/api/load", "/api/load", authn(httpapi.LoadHandler(svc, *maxUpload, *uploadTimeout, who, log)))
	route("/api/export/cascade", "/api/export/cascade", authn(httpapi.ExportCascadeHandler(svc, *requestTimeout)))
	route("/api/export/minerals", "/api/export/minerals", authn(httpapi.ExportMineralsHandler(svc, *requestTimeout)))
	route("/api/export/report", "/api/export/report", authn(httpapi.ExportReportHandler(svc, *requestTimeout)))
	route("GET /graphiql", "/graphiql", web.GraphiQL(*graphiqlKey))
	page := web.Handler()
	route("GET /{$}", "/", page)
	route("GET /assets/", "/assets/", page)
	route("GET /favicon.svg", "/favicon.svg", page)
	mux.Handle("GET /metrics", m.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := store.Ping(r.Context()); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "unavailable", "neo4j": "unreachable"})
			return
		}
		if !migrated.Load() {
			if err := store.CheckSchema(r.Context()); err != nil {
				writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "unavailable", "schema": "not migrated"})
				return
			}
		}
		writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "analysis": analysisSource(svc.SnapshotStatus())})
	})

	var allowed []string
	for _, o := range strings.Split(*origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			allowed = append(allowed, o)
		}
	}
	c := cors.New(cors.Options{
		AllowedOrigins:   allowed,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost},
		AllowedHeaders:   []string{"Authorization", "Content-Type", httpapi.BookmarksHeader},
		ExposedHeaders:   []string{httpapi.BookmarksHeader},
		AllowCredentials: false,
		MaxAge:           600,
	})

	ln, err := listen(ctx, *addr, *bindRetry, log)
	if err != nil {
		return err
	}
	ln = limitPerClient(ln, *maxConnsPerClient, m.ConnRefused)
	// The read timeout bounds every request but an upload to /api/load,
	// which LoadHandler gives --upload-timeout once its key may load; the
	// write timeout bounds what answerBudget does not (/metrics, /healthz,
	// /readyz), from the end of the headers.
	// Answers are compressed for clients that accept it (a chain view of
	// 18,000 companies: 3.2 MB, 0.3 MB gzipped); small ones are not.
	zipped, err := gzhttp.NewWrapper(gzhttp.MinSize(1024))
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: graph.WithRequestID(c.Handler(zipped(mux))), ReadHeaderTimeout: *readHeaderTimeout,
		ReadTimeout: *readTimeout, WriteTimeout: *writeTimeout, IdleTimeout: *idleTimeout}
	log.Info("serving", "explorer", "http://"+ln.Addr().String()+"/", "graphql", "http://"+ln.Addr().String()+"/graphql",
		"graphiql", "http://"+ln.Addr().String()+"/graphiql", "neo4j", sf.uri)
	fmt.Fprintf(stdout, "supplygraph serving the explorer at http://%s/ and GraphQL at http://%s/graphql (GraphiQL at http://%s/graphiql)\n", ln.Addr(), ln.Addr(), ln.Addr())

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// analysisSource says in /readyz where analysis questions are answered
// from: "snapshot", "neo4j (snapshot building: N companies read)", or
// "neo4j" (--snapshot=false).
func analysisSource(st explorer.SnapshotStatus) string {
	switch {
	case st.Ready && !st.Building:
		return "snapshot"
	case st.Building:
		return fmt.Sprintf("neo4j (snapshot building: %d companies read)", st.Read)
	case st.Enabled:
		return "neo4j (snapshot not built yet)"
	}
	return "neo4j"
}

// migrateUntilDone migrates the schema, retrying while Neo4j is unavailable.
func migrateUntilDone(ctx context.Context, store *neo4jstore.Store, log *slog.Logger, done *atomic.Bool) {
	delay := 500 * time.Millisecond
	for {
		err := store.Migrate(ctx)
		if err == nil {
			done.Store(true)
			log.Info("schema migrated", "version", neo4jstore.SchemaVersion)
			return
		}
		log.Warn("schema migration failed; retrying", "err", describe(err).Error(), "in", delay.String())
		select {
		case <-ctx.Done():
			return
		case <-time.After(delay):
		}
		delay = min(delay*2, 10*time.Second)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.code = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection (read and
// write deadlines).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// loopback reports whether addr (host:port) listens on a loopback address only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
