package explorer

import (
	"context"

	"github.com/supplygraph/supplygraph/internal/neo4jstore"
)

// WithBookmarks returns ctx whose database work waits for the Neo4j
// bookmarks a client sent (comma-separated; empty: none), or BAD_INPUT
// for malformed ones (see neo4jstore.ParseBookmarks).
func WithBookmarks(ctx context.Context, header string) (context.Context, error) {
	b, err := neo4jstore.ParseBookmarks(header)
	if err != nil {
		return ctx, err
	}
	return neo4jstore.WithBookmarks(ctx, b), nil
}

// Bookmarks returns the bookmarks of this process's latest transactions,
// for a client to send to another replica.
func (s *Service) Bookmarks(ctx context.Context) string { return s.store.Bookmarks(ctx) }
