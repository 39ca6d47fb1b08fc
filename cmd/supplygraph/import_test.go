package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	gendata "github.com/supplygraph/supplygraph/internal/gen"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// TestInitialImportEqualsLoad: a dataset imported with Neo4j's offline
// importer (import prepare, neo4j.sh import, import finish) gives exactly
// the graph that loading it gives, repeated keys included (the last row
// wins); bad input is refused before anything is written.
func TestInitialImportEqualsLoad(t *testing.T) {
	db := neo4jtest.Start(t)
	bin := buildBinary(t)
	ctx := context.Background()

	// A generated dataset, plus rows that repeat keys with other values.
	data := t.TempDir()
	if _, err := gendata.Generate(gendata.Config{Companies: 3000, Seed: 11}, data); err != nil {
		t.Fatal(err)
	}
	appendRows(t, filepath.Join(data, "companies.csv"), firstRows(t, filepath.Join(data, "companies.csv"), 2, func(f []string) {
		f[1] += " (renamed)"
	}))
	appendRows(t, filepath.Join(data, "supply_links.csv"), firstRows(t, filepath.Join(data, "supply_links.csv"), 3, func(f []string) {
		f[len(f)-1] = "0.25"
	}))
	// Links without a material (a load merges them on an empty one).
	appendRows(t, filepath.Join(data, "supply_links.csv"), firstRows(t, filepath.Join(data, "supply_links.csv"), 2, func(f []string) {
		f[2] = ""
	}))
	// A name with a comma, quotes and a line break (the importer then reads
	// multi-line fields).
	appendRows(t, filepath.Join(data, "companies.csv"), []string{"ODD1,\"Odd \"\"Name\"\", with a comma\nand a line break\",SUPPLIER,JP,NONE,,,"})

	run := func(env []string, args ...string) (string, error) {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	// Bad input: nothing is written.
	bad := t.TempDir()
	copyDir(t, "../../testdata/tiny", bad)
	appendRows(t, filepath.Join(bad, "supply_links.csv"), []string{"HIT,NOPE,chips,2020-01-01,,"})
	out := filepath.Join(t.TempDir(), "import")
	if msg, err := run(nil, "import", "prepare", bad, out); err == nil || !strings.Contains(msg, "supply_links.csv:") || !strings.Contains(msg, "NOPE") {
		t.Errorf("bad dataset: err %v, output:\n%s", err, msg)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("bad dataset: %s was written", out)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(out, "x"), nil, 0o644)
	if msg, err := run(nil, "import", "prepare", data, out); err == nil || !strings.Contains(msg, "must be empty") {
		t.Errorf("non-empty output directory: err %v, output:\n%s", err, msg)
	}
	os.RemoveAll(out)

	// The reference: a load into the shared test database.
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, data)
	want := neo4jtest.Snapshot(t)

	// The import into the instance of this test.
	if msg, err := run(nil, "import", "prepare", data, out); err != nil {
		t.Fatalf("import prepare: %v\n%s", err, msg)
	}
	// finish refuses a database that does not hold the import (the
	// instance is still empty).
	dbEnv := []string{"NEO4J_URI=" + db.URI()}
	if msg, err := run(dbEnv, "import", "finish", out); err == nil || !strings.Contains(msg, "does not hold the imported graph") {
		t.Errorf("finish before the import: err %v, output:\n%s", err, msg)
	}
	db.Run(t, "stop")
	if msg, err := db.Script(nil, "import", out); err == nil || !strings.Contains(string(msg), "NEO4J_IMPORT_OVERWRITE=1") {
		t.Errorf("import over a database without NEO4J_IMPORT_OVERWRITE: err %v, output:\n%s", err, msg)
	}
	if msg, err := db.Script([]string{"NEO4J_IMPORT_OVERWRITE=1"}, "import", out); err != nil {
		t.Fatalf("neo4j.sh import: %v\n%s", err, msg)
	}
	db.Run(t, "start")
	// The schema may be created before finish (serve migrates when it
	// starts); finish still recognises the import.
	if msg, err := run(dbEnv, "migrate"); err != nil {
		t.Fatalf("migrate: %v\n%s", err, msg)
	}
	if msg, err := run(dbEnv, "import", "finish", out); err != nil {
		t.Fatalf("import finish: %v\n%s", err, msg)
	}
	if diff := cmp.Diff(want, neo4jtest.SnapshotOf(t, db.Config())); diff != "" {
		t.Errorf("imported graph differs from the loaded one (-load +import):\n%.4000s", diff)
	}
	if !strings.Contains(want, "(renamed)") || !strings.Contains(want, "with a comma") || !strings.Contains(want, "material=,") {
		t.Error("the repeated company rows did not win in the load, or the odd name is missing")
	}

	// The import is recorded; finishing twice is refused.
	s, err := neo4jstore.Open(db.Config(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	loads, err := s.Loads(ctx, 5)
	if err != nil || len(loads) != 1 || loads[0].Origin != "import" || loads[0].Status != "COMPLETED" {
		t.Errorf("loads after the import: %+v, %v", loads, err)
	}
	if msg, err := run(dbEnv, "import", "finish", out); err == nil || !strings.Contains(msg, "already records 1 loads") {
		t.Errorf("second finish: err %v, output:\n%s", err, msg)
	}
}

// firstRows returns the first n data rows of a CSV file, changed by edit.
func firstRows(t *testing.T, path string, n int, edit func([]string)) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")[1 : n+1]
	for i, l := range lines {
		f := strings.Split(l, ",")
		edit(f)
		lines[i] = strings.Join(f, ",")
	}
	return lines
}

func appendRows(t *testing.T, path string, rows []string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(strings.Join(rows, "\n") + "\n"); err != nil {
		t.Fatal(err)
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if b, err := os.ReadFile(filepath.Join(from, e.Name())); err == nil && strings.HasSuffix(e.Name(), ".csv") {
			if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
