package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/internal/metrics"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Options configure the GraphQL handler.
type Options struct {
	// Introspection allows schema introspection (on in development).
	Introspection bool
	// Timeout bounds each request; 0 means 30 s. It reaches Neo4j as the
	// transaction timeout of the request's queries.
	Timeout time.Duration
	// MaxDepth and MaxComplexity bound each operation; 0 means the defaults.
	MaxDepth, MaxComplexity int
	// MaxBodyBytes bounds the request body; 0 means 1 MiB.
	MaxBodyBytes int64
	// Document bounds each document before it is parsed; zero fields take
	// DefaultDocumentLimits, its depth MaxDepth.
	Document DocumentLimits
	Log      *slog.Logger
	// Metrics, if set, records every operation.
	Metrics *metrics.Metrics
}

// NewHandler returns the GraphQL HTTP handler (POST and GET) over svc, with
// per-request dataloaders.
func NewHandler(svc *explorer.Service, opts Options) http.Handler {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Timeout == 0 {
		opts.Timeout = 30 * time.Second
	}
	if opts.MaxDepth == 0 {
		opts.MaxDepth = DefaultMaxDepth
	}
	if opts.Document.Depth == 0 {
		opts.Document.Depth = opts.MaxDepth
	}
	opts.Document = opts.Document.withDefaults()
	if opts.MaxComplexity == 0 {
		opts.MaxComplexity = DefaultMaxComplexity
	}
	if opts.MaxBodyBytes == 0 {
		opts.MaxBodyBytes = 1 << 20
	}
	srv := handler.New(NewExecutableSchema(Config{Resolvers: &Resolver{Service: svc}, Complexity: complexity()}))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	docs := lru.New[*ast.QueryDocument](1000)
	srv.SetQueryCache(docs)
	srv.SetParserTokenLimit(opts.Document.Tokens)
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	srv.Use(documentGuard{limits: opts.Document, checked: docs}) // after persisted queries are filled in
	srv.Use(extension.FixedComplexityLimit(opts.MaxComplexity))
	srv.Use(&argumentGuard{chainLists: opts.Document.ChainLists})
	srv.AroundResponses(noteOutcome)
	srv.SetErrorPresenter(errorPresenter(opts.Log))
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		opts.Log.ErrorContext(ctx, "panic in resolver", "panic", v)
		return domain.Errorf(domain.Internal, "internal error")
	})
	h := httpGuard(opts.MaxBodyBytes, WithLoaders(svc, srv)) // answers what the transports cannot take (httpguard.go)
	return observeRequests(opts.Log, opts.Metrics, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(explorer.WithRequestMemo(r.Context()), opts.Timeout)
		defer cancel()
		r.Body = http.MaxBytesReader(w, r.Body, opts.MaxBodyBytes)
		h.ServeHTTP(w, r.WithContext(ctx))
	}))
}

// maxErrorMessage bounds the message of a parse or validation error.
const maxErrorMessage = 300

// errorPresenter gives every error an extensions.code from its domain kind
// and shows only public messages; internal causes go to the log.
func errorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		var de *domain.Error
		if !errors.As(err, &de) {
			// gqlgen's messages quote the document (names, literals) and
			// the operation name: a quote is a snippet, never the input.
			gerr.Message = truncate(gerr.Message, maxErrorMessage)
			// Parse and validation errors from gqlgen itself carry no domain error.
			if gerr.Extensions == nil {
				gerr.Extensions = map[string]any{}
			}
			switch gerr.Extensions["code"] {
			case "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "BAD_USER_INPUT", "PERSISTED_QUERY_NOT_FOUND", "COMPLEXITY_LIMIT_EXCEEDED":
				gerr.Extensions["code"] = string(domain.BadInput)
				return gerr
			}
			if _, ok := gerr.Extensions["code"]; !ok {
				var ge *gqlerror.Error
				if errors.As(err, &ge) && ge.Err == nil {
					gerr.Extensions["code"] = string(domain.BadInput)
					return gerr
				}
				if strings.Contains(err.Error(), "introspection disabled") {
					gerr.Message = "introspection is disabled on this server"
					gerr.Extensions["code"] = string(domain.BadInput)
					return gerr
				}
				if errors.Is(err, context.DeadlineExceeded) {
					gerr.Message = "the request ran past its time limit"
					gerr.Extensions["code"] = string(domain.Timeout)
					return gerr
				}
				log.ErrorContext(ctx, "internal error", "err", err.Error(), "path", gerr.Path.String())
				gerr.Message = "internal error"
				gerr.Extensions["code"] = string(domain.Internal)
			}
			return gerr
		}
		if de.Kind == domain.Internal || de.Cause != nil {
			log.ErrorContext(ctx, "request error", "kind", string(de.Kind), "err", err.Error(), "path", gerr.Path.String())
		}
		gerr.Message = domain.PublicMessage(de)
		gerr.Extensions = map[string]any{"code": string(de.Kind)}
		var ve *dataset.ValidationError
		if errors.As(err, &ve) {
			issues := make([]string, len(ve.Report.Issues))
			for i, is := range ve.Report.Issues {
				issues[i] = is.String()
			}
			gerr.Message = fmt.Sprintf("the input has %d problem(s): %s", ve.Report.Total, strings.Join(issues, "; "))
			gerr.Extensions["issues"] = issues
			gerr.Extensions["total"] = ve.Report.Total
		}
		return gerr
	}
}
