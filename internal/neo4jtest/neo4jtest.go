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
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
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

// Cypher returns a function that runs a statement on the test database
// through a driver of its own, as a program other than supplygraph would,
// and returns its records (failing the test on any error). The driver is
// closed when the test ends.
func Cypher(t testing.TB) func(q string) []*neo4j.Record {
	t.Helper()
	cfg := Config(t)
	ctx := context.Background()
	drv, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { drv.Close(ctx) })
	return func(q string) []*neo4j.Record {
		t.Helper()
		res, err := neo4j.ExecuteQuery(ctx, drv, q, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(cfg.Database))
		if err != nil {
			t.Fatal(err)
		}
		return res.Records
	}
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
MATCH (n) WHERE NOT n:SchemaVersion AND NOT n:Load AND NOT n:DataVersion AND NOT n:Change AND NOT n:ApiKey
RETURN labels(n) AS labels, properties(n) AS props`

const snapshotRels = `
MATCH (a)-[r]->(b)
RETURN a.id AS from, type(r) AS type, properties(r) AS props, b.id AS to`

// Snapshot returns a canonical text form of every node and relationship in
// the test database, for comparing states ("unchanged", "twice equals once").
func Snapshot(t testing.TB) string {
	t.Helper()
	return SnapshotOf(t, Config(t))
}

// SnapshotOf is Snapshot of the database cfg names.
func SnapshotOf(t testing.TB, cfg neo4jstore.Config) string {
	t.Helper()
	ctx := context.Background()
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

// Instance is a Neo4j of a test's own, started with scripts/neo4j.sh on a
// free port and a temporary data directory: for tests that stop, kill or
// restart the database. It needs what make test needs (Java, Maven) and
// runs only where the shared test instance does (NEO4J_TEST_URI).
type Instance struct {
	Port int
	Dir  string
	root string
}

// Start starts a new instance for t; it is stopped when t ends.
func Start(t testing.TB) *Instance {
	t.Helper()
	URI(t) // skip or fail like every Neo4j test
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	in := &Instance{Port: port, Dir: t.TempDir(), root: root}
	in.Run(t, "start")
	t.Cleanup(func() { in.Script(nil, "stop") })
	return in
}

// URI is the instance's Bolt URI.
func (in *Instance) URI() string { return fmt.Sprintf("bolt://127.0.0.1:%d", in.Port) }

// Config is the instance's store configuration.
func (in *Instance) Config() neo4jstore.Config {
	return neo4jstore.Config{URI: in.URI(), User: "neo4j", Database: "neo4j"}
}

// Run runs scripts/neo4j.sh with its arguments (start, stop, kill),
// failing t on error.
func (in *Instance) Run(t testing.TB, args ...string) {
	t.Helper()
	if out, err := in.Script(nil, args...); err != nil {
		t.Fatalf("neo4j.sh %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// Script runs scripts/neo4j.sh with extra environment (NAME=value) and its
// arguments, and returns its output.
func (in *Instance) Script(env []string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(in.root, "scripts", "neo4j.sh"), args...)
	cmd.Env = append(append(os.Environ(), fmt.Sprintf("NEO4J_BOLT_PORT=%d", in.Port), "NEO4J_DATA_DIR="+in.Dir,
		"NEO4J_HEAP=1g", "NEO4J_PAGECACHE=256m"), env...)
	return cmd.CombinedOutput()
}
