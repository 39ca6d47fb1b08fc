package neo4jstore

import (
	"context"
	"strings"
	"sync/atomic"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// Bookmarks let a client read its own writes when it talks to several
// replicas of the service over a Neo4j cluster: a write's answer carries
// the bookmarks of the replica that made it (Bookmarks), and a request that
// sends them back, to any replica, reads only from a Neo4j server that has
// caught up with them (WithBookmarks). Within one process the store's
// BookmarkManager does this for every request.

// Bounds on the bookmarks a request may carry. Neo4j 5's bookmarks are
// about 50 characters; a database has one.
const (
	maxBookmarks      = 16
	maxBookmarkLength = 512
)

type bookmarksKey struct{}

// ParseBookmarks reads the comma-separated bookmarks a client sent
// (empty: none). It returns BAD_INPUT for more than 16, a longer one than
// 512 bytes, or characters that no Neo4j bookmark has.
func ParseBookmarks(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	if len(parts) > maxBookmarks {
		return nil, domain.Errorf(domain.BadInput, "more than %d bookmarks", maxBookmarks)
	}
	out := make([]string, 0, len(parts))
	for _, b := range parts {
		b = strings.TrimSpace(b)
		if b == "" || len(b) > maxBookmarkLength || strings.IndexFunc(b, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("+/=:_-.", r))
		}) >= 0 {
			return nil, domain.Errorf(domain.BadInput, "invalid bookmark")
		}
		out = append(out, b)
	}
	return out, nil
}

// WithBookmarks returns ctx whose reads and writes wait until their Neo4j
// server has caught up with bookmarks.
func WithBookmarks(ctx context.Context, bookmarks []string) context.Context {
	if len(bookmarks) == 0 {
		return ctx
	}
	return context.WithValue(ctx, bookmarksKey{}, &requestBookmarks{list: bookmarks})
}

// requestBookmarks are the bookmarks a request carries. Once a query has
// waited for them in vain (Neo4j's bookmark timeout: a server behind, or
// a forged transaction id), the request's other queries fail at once
// instead of each waiting as long again.
type requestBookmarks struct {
	list      []string
	unreached atomic.Bool
}

const bookmarksUnreached = "the database has not caught up with the request's bookmarks (Supplygraph-Bookmarks) in time"

func requestBookmarksOf(ctx context.Context) *requestBookmarks {
	b, _ := ctx.Value(bookmarksKey{}).(*requestBookmarks)
	return b
}

func bookmarksOf(ctx context.Context) []string {
	if b := requestBookmarksOf(ctx); b != nil {
		return b.list
	}
	return nil
}

// unreachedBookmarks is UNAVAILABLE once a query of the request has
// waited for its bookmarks in vain.
func unreachedBookmarks(ctx context.Context) error {
	if b := requestBookmarksOf(ctx); b != nil && b.unreached.Load() {
		return domain.Errorf(domain.Unavailable, bookmarksUnreached)
	}
	return nil
}

// Bookmarks returns the bookmarks of the latest transactions this process
// has run (after a write: at least as recent as the write), comma-separated
// as ParseBookmarks reads them.
func (s *Store) Bookmarks(ctx context.Context) string {
	b, err := s.bookmarks.GetBookmarks(ctx)
	if err != nil {
		return ""
	}
	return strings.Join(b, ",")
}
