package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// TestHelpNeverPrintsSecrets: the environment does not become flag
// defaults, so -h shows no password or key.
func TestHelpNeverPrintsSecrets(t *testing.T) {
	t.Setenv("NEO4J_PASSWORD", "s3cret-pw")
	t.Setenv("SUPPLYGRAPH_GRAPHIQL_KEY", "sgk_secret_key")
	for _, cmd := range []string{"migrate", "load", "cmrt", "rmap", "serve", "apikey create", "import finish"} {
		var out bytes.Buffer
		run(context.Background(), append(strings.Fields(cmd), "-h"), &out, &out)
		if strings.Contains(out.String(), "s3cret-pw") || strings.Contains(out.String(), "sgk_secret_key") {
			t.Errorf("%s -h prints a secret:\n%s", cmd, out.String())
		}
		if !strings.Contains(out.String(), "-neo4j-password") {
			t.Errorf("%s -h: no Neo4j flags:\n%s", cmd, out.String())
		}
	}
}

// TestEnvironmentValuesAreChecked: booleans take strconv.ParseBool's
// spellings; a bad value is a usage error naming the variable, not a
// silent false.
func TestEnvironmentValuesAreChecked(t *testing.T) {
	t.Setenv("SUPPLYGRAPH_ADDR", "10.0.0.1:0") // not loopback: --dev-anonymous is then refused before anything starts
	for _, tc := range []struct{ v, want string }{
		{"yes", "SUPPLYGRAPH_SNAPSHOT is not a valid --snapshot"},
		{"0", "--dev-anonymous and --graphiql-key are for development"},
		{"FALSE", "--dev-anonymous and --graphiql-key are for development"},
	} {
		t.Setenv("SUPPLYGRAPH_SNAPSHOT", tc.v)
		var out bytes.Buffer
		code := run(context.Background(), []string{"serve", "--dev-anonymous"}, &out, &out)
		if code != 2 || !strings.Contains(out.String(), tc.want) {
			t.Errorf("SUPPLYGRAPH_SNAPSHOT=%s: exit %d, %s", tc.v, code, out.String())
		}
	}
}

// TestUsageListsEveryCommand: every command run() knows is in the usage.
func TestUsageListsEveryCommand(t *testing.T) {
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	run(context.Background(), []string{"help"}, &out, &out)
	for _, m := range regexp.MustCompile(`case "([a-z]+)":`).FindAllStringSubmatch(string(src), -1) {
		if m[1] == "help" {
			continue
		}
		if !regexp.MustCompile(`(?m)^  ` + m[1] + `\b`).MatchString(out.String()) {
			t.Errorf("usage does not list %s:\n%s", m[1], out.String())
		}
	}
}

// TestLoadOfADirectoryNamedCmrt: `load cmrt` loads the dataset in ./cmrt
// (CMRT workbooks have a command of their own).
func TestLoadOfADirectoryNamedCmrt(t *testing.T) {
	cfg := neo4jtest.Config(t)
	neo4jtest.Store(t) // empties the test database
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "cmrt"), os.DirFS("../../testdata/tiny")); err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	var out bytes.Buffer
	if code := run(context.Background(), []string{"load", "--dry-run", "--neo4j-uri", cfg.URI, "cmrt"}, &out, &out); code != 0 {
		t.Fatalf("load cmrt (a dataset directory): exit %d\n%s", code, out.String())
	}
	if !strings.Contains(out.String(), "cmrt: valid, 80 rows") {
		t.Errorf("load cmrt did not read the dataset:\n%s", out.String())
	}
}
