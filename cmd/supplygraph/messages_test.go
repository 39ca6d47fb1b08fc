package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// repeatedKeys is the tiny dataset with a company and a supply link given
// twice, and the warnings that names them.
func repeatedKeys(t *testing.T) (dir, warnings string) {
	dir = t.TempDir()
	copyDir(t, "../../testdata/tiny", dir)
	appendRows(t, filepath.Join(dir, "companies.csv"), []string{"AOBA,Aoba Electronics (renamed),SUPPLIER,JP,COMPLETE,,,"})
	appendRows(t, filepath.Join(dir, "supply_links.csv"), []string{"AOBA,HIT,PCB assemblies,2019-04-01,,0.7"})
	return dir, "dataset has 2 warning(s):\n" +
		"  companies.csv:15: id: same company \"AOBA\" as line 4: this later row replaces it\n" +
		"  supply_links.csv:16: -: same supply link \"AOBA\" -> \"HIT\", material \"PCB assemblies\" as line 2: this later row replaces it\n"
}

// TestImportPrepareMessages: import prepare (no database) reports a broken
// companies.csv once, not with an "unknown company" for every row that
// names one, and warns about repeated keys, naming both lines.
func TestImportPrepareMessages(t *testing.T) {
	ctx := context.Background()
	dir, want := repeatedKeys(t)
	out := filepath.Join(t.TempDir(), "import")
	var stdout, stderr bytes.Buffer
	if code := run(ctx, []string{"import", "prepare", dir, out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if diff := cmp.Diff(want, stderr.String()); diff != "" {
		t.Errorf("stderr (-want +got):\n%s", diff)
	}
	m, err := neo4jstore.ReadImportManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	if m.Rows["companies.csv"] != 14 || m.Written["companies.csv"] != 13 || m.Rows["supply_links.csv"] != 15 || m.Written["supply_links.csv"] != 14 {
		t.Errorf("manifest rows %v, written %v", m.Rows, m.Written)
	}

	bad := t.TempDir()
	copyDir(t, "../../testdata/tiny", bad)
	b, _ := os.ReadFile(filepath.Join(bad, "companies.csv"))
	os.WriteFile(filepath.Join(bad, "companies.csv"), []byte("ident"+strings.TrimPrefix(string(b), "id")), 0o644)
	stdout.Reset()
	stderr.Reset()
	if code := run(ctx, []string{"import", "prepare", bad, filepath.Join(t.TempDir(), "import")}, &stdout, &stderr); code != 1 {
		t.Errorf("broken companies.csv: exit %d", code)
	}
	if diff := cmp.Diff(`supplygraph import: dataset has 2 error(s):
  companies.csv:1: ident: unknown column
  companies.csv:1: id: missing required column
and 7 warning(s):
  facilities.csv:0: -: 2 rows reference companies and were not checked because companies.csv could not be read
  codes.csv:0: -: 2 rows reference companies and were not checked because companies.csv could not be read
  supply_links.csv:0: -: 14 rows reference companies and were not checked because companies.csv could not be read
  requests.csv:0: -: 9 rows reference companies and were not checked because companies.csv could not be read
  acknowledgments.csv:0: -: 7 rows reference companies and were not checked because companies.csv could not be read
  findings.csv:0: -: 4 rows reference companies or facilities and were not checked because companies.csv could not be read
  actions.csv:0: -: 8 rows reference companies and were not checked because companies.csv could not be read
`, stderr.String()); diff != "" {
		t.Errorf("broken companies.csv: stderr (-want +got):\n%s", diff)
	}
}

// TestLoadPrintsWarnings: load (and --dry-run) print the warnings and load
// the dataset, the last row of a key winning.
func TestLoadPrintsWarnings(t *testing.T) {
	neo4jtest.Store(t)
	uri := neo4jtest.URI(t)
	ctx := context.Background()
	dir, want := repeatedKeys(t)
	for _, args := range [][]string{{"--dry-run", dir}, {dir}} {
		var stdout, stderr bytes.Buffer
		if code := run(ctx, append([]string{"load", "--neo4j-uri", uri, "--neo4j-password", ""}, args...), &stdout, &stderr); code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, code, stdout.String(), stderr.String())
		}
		if diff := cmp.Diff(want, stderr.String()); diff != "" {
			t.Errorf("%v: stderr (-want +got):\n%s", args, diff)
		}
		if !strings.Contains(stdout.String(), "82 rows") {
			t.Errorf("%v: stdout %s", args, stdout.String())
		}
	}
	if snap := neo4jtest.Snapshot(t); !strings.Contains(snap, "Aoba Electronics (renamed)") || !strings.Contains(snap, "share=0.7") {
		t.Errorf("the later rows did not win:\n%.3000s", snap)
	}
}
