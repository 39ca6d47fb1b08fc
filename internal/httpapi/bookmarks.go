package httpapi

import (
	"net/http"

	"github.com/supplygraph/supplygraph/internal/explorer"
)

// BookmarksHeader carries Neo4j bookmarks between a client and the
// replicas of the service (see docs/operations.md, Replicas): every answer
// of /graphql and /api/load has the bookmarks of the replica's latest
// transactions, and a request that sends them back reads, on whichever
// replica it reaches, only from a Neo4j server that has caught up with them.
const BookmarksHeader = "Supplygraph-Bookmarks"

// Bookmarks is middleware that applies the request's bookmarks (BAD_INPUT,
// 400, for malformed ones) and sets the answer's.
func Bookmarks(svc *explorer.Service, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, err := explorer.WithBookmarks(r.Context(), r.Header.Get(BookmarksHeader))
		if err != nil {
			deny(w, r, http.StatusBadRequest, err)
			return
		}
		r = r.WithContext(ctx)
		next.ServeHTTP(&bookmarkWriter{ResponseWriter: w, r: r, svc: svc}, r)
	})
}

// bookmarkWriter sets the bookmarks header as the answer starts, after
// the request's writes have committed (answers are written once the
// operation has run).
type bookmarkWriter struct {
	http.ResponseWriter
	r    *http.Request
	svc  *explorer.Service
	done bool
}

func (b *bookmarkWriter) set() {
	if b.done {
		return
	}
	b.done = true
	if bm := b.svc.Bookmarks(b.r.Context()); bm != "" {
		b.Header().Set(BookmarksHeader, bm)
	}
}

func (b *bookmarkWriter) WriteHeader(code int) {
	b.set()
	b.ResponseWriter.WriteHeader(code)
}

func (b *bookmarkWriter) Write(p []byte) (int, error) {
	b.set()
	return b.ResponseWriter.Write(p)
}

func (b *bookmarkWriter) Flush() {
	b.set()
	if f, ok := b.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (b *bookmarkWriter) Unwrap() http.ResponseWriter { return b.ResponseWriter }
