package graph

import (
	"context"
	"log/slog"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/metrics"
)

// requestNote is what a GraphQL request logs, filled in as gqlgen handles
// it: gqlgen's extensions see the operation's name and its outcome, but
// not the request's start, and not at all a request refused before an
// operation exists (a body that cannot be read or decoded).
type requestNote struct {
	operation string // the name the client asked for
	// selected is whether gqlgen found the operation in the document, and
	// selectedName its name: only those are labelled in the metrics.
	selected     bool
	selectedName string
	outcome      string
}

// maxLoggedName bounds the operation name logged: the client chooses it.
const maxLoggedName = 64

// truncate returns s cut to at most n bytes (on a rune boundary), marked
// with "…" if cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

type requestNoteKey struct{}

// noteOperation records the operation name the client asked for.
func noteOperation(ctx context.Context, name string) {
	if n, ok := ctx.Value(requestNoteKey{}).(*requestNote); ok && name != "" {
		n.operation = name
	}
}

// noteOutcome is response middleware that records each response's
// outcome: ok, or the code of its first error.
func noteOutcome(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	n, ok := ctx.Value(requestNoteKey{}).(*requestNote)
	if !ok {
		return resp
	}
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		noteOperation(ctx, oc.OperationName)
		if oc.Operation != nil {
			n.selected, n.selectedName = true, oc.Operation.Name
		}
	}
	n.outcome = "ok"
	if resp != nil && len(resp.Errors) > 0 {
		n.outcome = "error"
		if code, ok := resp.Errors[0].Extensions["code"].(string); ok {
			n.outcome = code
		}
	}
	return resp
}

// observeRequests logs every request that reaches next (request id, key
// id, operation name, outcome and its whole duration: reading the body,
// parsing, validation, execution and writing the answer) and records it
// in the metrics, refused requests included.
func observeRequests(log *slog.Logger, m *metrics.Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		note := &requestNote{}
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), requestNoteKey{}, note)))
		d := time.Since(start)
		outcome := note.outcome
		if outcome == "" {
			outcome = outcomeOfStatus(sw.code)
		}
		m.GraphQL(note.selectedName, note.selected, outcome, d)
		ctx := r.Context()
		attrs := []any{"request_id", RequestID(ctx), "operation", truncate(note.operation, maxLoggedName), "duration_ms", float64(d.Microseconds()) / 1000, "outcome", outcome}
		if p := auth.From(ctx); p != nil && p.KeyID != "" {
			attrs = append(attrs, "key_id", p.KeyID)
		}
		log.InfoContext(ctx, "graphql", attrs...)
	})
}

// outcomeOfStatus is the outcome of a request answered without a GraphQL
// response, from its HTTP status.
func outcomeOfStatus(code int) string {
	switch {
	case code < 400:
		return "ok"
	case code == http.StatusUnauthorized:
		return string(domain.Unauthenticated)
	case code == http.StatusForbidden:
		return string(domain.Forbidden)
	case code == http.StatusServiceUnavailable:
		return string(domain.Unavailable)
	case code == http.StatusGatewayTimeout || code == http.StatusRequestTimeout:
		return string(domain.Timeout)
	case code < 500:
		return string(domain.BadInput)
	}
	return string(domain.Internal)
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
