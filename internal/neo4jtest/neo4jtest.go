// Package neo4jtest connects tests to the real Neo4j that `make test`
// starts. The instance is named by NEO4J_TEST_URI. Without it a test that
// needs Neo4j is skipped with a message saying how to run it, except under
// CI=true, where it fails: CI never silently skips the store.
//
// Every test that takes the store gets an empty, migrated database, so tests
// that use Neo4j must not run in parallel (make test runs packages with -p 1).
package neo4jtest

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
)

// URI returns the test instance's Bolt URI, skipping (or, in CI, failing)
// the test when there is none.
func URI(t testing.TB) string {
	t.Helper()
	uri := os.Getenv("NEO4J_TEST_URI")
	if uri == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("NEO4J_TEST_URI is not set: under CI=true the tests that need Neo4j must run (use make test)")
		}
		t.Skip("needs Neo4j: run `make test`, or set NEO4J_TEST_URI to a disposable instance (its data is deleted)")
	}
	return uri
}

// Config returns the store configuration of the test instance.
func Config(t testing.TB) neo4jstore.Config {
	return neo4jstore.Config{URI: URI(t), User: "neo4j", Password: os.Getenv("NEO4J_TEST_PASSWORD"), Database: "neo4j"}
}

// Store returns a store on an empty, migrated test database.
func Store(t testing.TB) *neo4jstore.Store {
	t.Helper()
	s, err := neo4jstore.Open(Config(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if err := s.DeleteAll(ctx); err != nil {
		t.Fatalf("delete all: %v", err)
	}
	return s
}

// Load reads, checks and writes the dataset in dir, failing the test on any error.
func Load(t testing.TB, s *neo4jstore.Store, dir string) {
	t.Helper()
	ctx := context.Background()
	src, err := dataset.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := dataset.Validate(ctx, src, s)
	if err != nil {
		t.Fatalf("validate %s: %v", dir, err)
	}
	if _, err := s.Load(ctx, src, sum, neo4jstore.LoadOptions{Origin: "test"}); err != nil {
		t.Fatalf("load %s: %v", dir, err)
	}
}

const snapshotNodes = `
MATCH (n) WHERE NOT n:SchemaVersion AND NOT n:Load
RETURN labels(n) AS labels, properties(n) AS props`

const snapshotRels = `
MATCH (a)-[r]->(b)
RETURN a.id AS from, type(r) AS type, properties(r) AS props, b.id AS to`

// Snapshot returns a canonical text form of every node and relationship in
// the test database, for comparing states ("unchanged", "twice equals once").
func Snapshot(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	cfg := Config(t)
	drv, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer drv.Close(ctx)
	var lines []string
	for _, q := range []string{snapshotNodes, snapshotRels} {
		res, err := neo4j.ExecuteQuery(ctx, drv, q, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(cfg.Database))
		if err != nil {
			t.Fatalf("snapshot: %v", err)
		}
		for _, r := range res.Records {
			parts := make([]string, len(r.Values))
			for i, v := range r.Values {
				parts[i] = canonical(v)
			}
			lines = append(lines, strings.Join(parts, " "))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func canonical(v any) string {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + "=" + canonical(x[k])
		}
		return "{" + strings.Join(parts, ",") + "}"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = canonical(e)
		}
		sort.Strings(parts)
		return "[" + strings.Join(parts, ",") + "]"
	default:
		return fmt.Sprintf("%v", x)
	}
}
