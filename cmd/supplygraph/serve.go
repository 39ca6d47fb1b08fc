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
	"strings"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/rs/cors"
	"github.com/supplygraph/supplygraph/graph"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/internal/httpapi"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
)

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr)
	var sf storeFlags
	sf.register(fs)
	addr := fs.String("addr", env("SUPPLYGRAPH_ADDR", "127.0.0.1:8080"), "listen address (env SUPPLYGRAPH_ADDR)")
	origins := fs.String("cors-origins", env("SUPPLYGRAPH_CORS_ORIGINS", ""), "comma-separated origins allowed by CORS (env SUPPLYGRAPH_CORS_ORIGINS); none by default")
	introspection := fs.Bool("introspection", env("SUPPLYGRAPH_INTROSPECTION", "true") == "true", "allow GraphQL introspection (env SUPPLYGRAPH_INTROSPECTION)")
	requestTimeout := fs.Duration("request-timeout", 30*time.Second, "time limit of one GraphQL request")
	maxUpload := fs.Int64("max-upload", httpapi.DefaultMaxUpload, "largest body of POST /api/load, in bytes")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	store, err := sf.open(log)
	if err != nil {
		return err
	}
	defer store.Close(context.WithoutCancel(ctx))

	var migrated atomic.Bool
	go migrateUntilDone(ctx, store, log, &migrated)

	svc := explorer.New(store)
	mux := http.NewServeMux()
	mux.Handle("/graphql", graph.NewHandler(svc, graph.Options{Introspection: *introspection, Timeout: *requestTimeout, Log: log}))
	mux.Handle("/api/load", httpapi.LoadHandler(svc, *maxUpload, nil, log))
	mux.Handle("GET /{$}", playground.Handler("supplygraph", "/graphql"))
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
		writeJSON(w, http.StatusOK, map[string]any{"status": "ready"})
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
		AllowedHeaders:   []string{"Authorization", "Content-Type"},
		AllowCredentials: false,
		MaxAge:           600,
	})

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	srv := &http.Server{Handler: c.Handler(mux), ReadHeaderTimeout: 10 * time.Second}
	log.Info("serving", "graphql", "http://"+ln.Addr().String()+"/graphql", "graphiql", "http://"+ln.Addr().String()+"/", "neo4j", sf.uri)
	fmt.Fprintf(stdout, "supplygraph serving GraphQL at http://%s/graphql (GraphiQL at http://%s/)\n", ln.Addr(), ln.Addr())

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
