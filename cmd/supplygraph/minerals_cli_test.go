package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/cmrt"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// TestMineralsCommands: `supplygraph minerals export` writes the tiny
// fixture's TIN roll-up as a CMRT workbook, `supplygraph cmrt --dir` imports
// it back as a declaration of the company whose directory holds it, and bad
// arguments fail without writing a file or a declaration.
func TestMineralsCommands(t *testing.T) {
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, "../../testdata/tiny")
	uri := neo4jtest.URI(t)
	ctx := context.Background()
	conn := []string{"--neo4j-uri", uri, "--neo4j-password", ""}
	dir := t.TempDir()
	out := filepath.Join(dir, "NEC", "hit-tin.xlsx") // filed again as NEC's own declaration below
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		t.Fatal(err)
	}

	var stdout, stderr bytes.Buffer
	args := append(append([]string{"minerals", "export"}, conn...), "--focal", "HIT", "--metal", "TIN", "--as-of", "2026-06-01", out)
	if code := run(ctx, args, &stdout, &stderr); code != 0 {
		t.Fatalf("export: exit %d\n%s", code, stderr.String())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	wb, err := cmrt.Read(f, out)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range wb.Smelters {
		ids = append(ids, s.SmelterID)
	}
	// TIN in HIT's chain: INDO, a tin smelter at tier 3 (docs/analysis.md)
	if strings.Join(ids, " ") != "INDO" {
		t.Errorf("exported smelters %v, want INDO\n%s", ids, stdout.String())
	}

	stdout.Reset()
	if code := run(ctx, append(append([]string{"cmrt"}, conn...), "--dir", dir), &stdout, &stderr); code != 0 {
		t.Fatalf("cmrt --dir: exit %d\n%s", code, stderr.String())
	}
	svc := explorer.New(store)
	decls, err := svc.DeclarationsOf(auth.With(ctx, auth.System), []string{"NEC"})
	if err != nil {
		t.Fatal(err)
	}
	if len(decls["NEC"]) != 1 || len(decls["NEC"][0].Smelters) != 1 || decls["NEC"][0].Smelters[0].SmelterID != "INDO" {
		t.Errorf("NEC's declarations after cmrt --dir: %+v\n%s", decls["NEC"], stdout.String())
	}

	bad := filepath.Join(dir, "bad.xlsx")
	for _, a := range [][]string{
		{"--focal", "HIT", "--metal", "URANIUM", bad},
		{"--focal", "HIT", bad},
		{"--focal", "NOSUCH", "--metal", "TIN", bad},
		{"--focal", "HIT", "--metal", "TIN", "--as-of", "June", bad},
	} {
		stdout.Reset()
		stderr.Reset()
		if code := run(ctx, append(append([]string{"minerals", "export"}, conn...), a...), &stdout, &stderr); code == 0 {
			t.Errorf("%v: exit 0", a)
		}
		if _, err := os.Stat(bad); err == nil {
			t.Fatalf("%v wrote %s", a, bad)
		}
	}
	after, _ := svc.DeclarationsOf(auth.With(ctx, auth.System), []string{"HIT", "NEC"})
	if len(after["HIT"]) != 0 || len(after["NEC"]) != 1 {
		t.Errorf("declarations after the refused exports: %+v", after)
	}
}
