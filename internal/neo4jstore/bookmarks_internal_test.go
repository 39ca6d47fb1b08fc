package neo4jstore

import (
	"context"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// TestBookmarkTimeoutFailsTheRequestOnce: a query that waited in vain for
// the request's bookmarks (the driver's error, as a transaction function
// gives it up) is UNAVAILABLE, and the request's next queries fail at once
// instead of waiting again; a request without bookmarks is not affected.
func TestBookmarkTimeoutFailsTheRequestOnce(t *testing.T) {
	s := &Store{}
	timedOut := &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{
		&neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.BookmarkTimeout", Msg: "Database 'neo4j' not up to the requested version"}}}
	ctx := WithBookmarks(context.Background(), []string{"FB:x"})
	if err := unreachedBookmarks(ctx); err != nil {
		t.Fatalf("before any query: %v", err)
	}
	err := s.classify(ctx, timedOut)
	if domain.KindOf(err) != domain.Unavailable || !strings.HasPrefix(err.Error(), bookmarksUnreached) {
		t.Errorf("classified as %v: %v", domain.KindOf(err), err)
	}
	if err := unreachedBookmarks(ctx); domain.KindOf(err) != domain.Unavailable {
		t.Errorf("the next query of the request: %v", err)
	}
	if _, err := s.run(ctx, "RETURN 1", nil, neo4j.AccessModeRead); domain.KindOf(err) != domain.Unavailable {
		t.Errorf("run after the timeout: %v", err) // fails before it needs a driver
	}
	other := WithBookmarks(context.Background(), []string{"FB:x"})
	if err := unreachedBookmarks(other); err != nil {
		t.Errorf("another request: %v", err)
	}
}
