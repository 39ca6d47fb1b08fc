package neo4jstore

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// TestQueryTimeoutReachesNeo4j: the query timeout is Neo4j's transaction
// timeout; a query past it is stopped by Neo4j and reported as TIMEOUT.
func TestQueryTimeoutReachesNeo4j(t *testing.T) {
	uri := os.Getenv("NEO4J_TEST_URI")
	if uri == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("NEO4J_TEST_URI is not set under CI=true")
		}
		t.Skip("needs Neo4j: run make test")
	}
	s, err := Open(Config{URI: uri, QueryTimeout: 300 * time.Millisecond}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	start := time.Now()
	_, err = s.read(context.Background(), `UNWIND range(1, 1000000000) AS x RETURN count(x)`, nil)
	took := time.Since(start)
	if domain.KindOf(err) != domain.Timeout || domain.PublicMessage(err) != "the query ran past its time limit" {
		t.Fatalf("err = %v (%s)", err, domain.KindOf(err))
	}
	var de *domain.Error
	errors.As(err, &de)
	if !strings.Contains(de.Cause.Error(), "Neo.ClientError.Transaction.TransactionTimedOut") {
		t.Errorf("not stopped by Neo4j's transaction timeout: %v", de.Cause)
	}
	if took > 5*time.Second {
		t.Errorf("took %s", took)
	}
	// A request deadline shorter than the query timeout wins.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := s.read(ctx, `UNWIND range(1, 1000000000) AS x RETURN count(x)`, nil); domain.KindOf(err) != domain.Timeout {
		t.Errorf("with a request deadline: %v", err)
	}
}
