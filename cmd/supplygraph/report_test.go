package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// TestReportCommand: supplygraph report writes the tiny fixture's period
// report as CSV on stdout and as a workbook with --out, and refuses bad
// arguments and questions without writing anything.
func TestReportCommand(t *testing.T) {
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, "../../testdata/tiny")
	uri := neo4jtest.URI(t)
	ctx := context.Background()
	base := []string{"report", "--neo4j-uri", uri, "--neo4j-password", "", "--focal", "HIT", "--code", "HIT-SPG", "--from", "2025-06-01"}

	var stdout, stderr bytes.Buffer
	if code := run(ctx, append(base, "--to", "2026-06-01"), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"section,tier,category,clause,measure,from,to,change,ids,detail\n",
		"clauses,,,A-(7),committed,0,2,2,AOBA EAST,Land Rights\n", "actions,,,,completed,,4,,,\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}

	file := filepath.Join(t.TempDir(), "hit.xlsx")
	stdout.Reset()
	if code := run(ctx, append(base, "--to", "2026-06-01", "--out", file), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	wb, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := wb.GetCellValue("Coverage", "C3"); v != "1" { // tier 2 covered at from: DELT
		t.Errorf("Coverage!C3 = %q", v)
	}

	for _, args := range [][]string{
		append(base, "--to", "2025-06-01"),                     // from not before to
		append(base, "--to", "2026-06-01", "--format", "xlsx"), // a workbook needs --out
		append(base, "--to", "June"),
	} {
		stdout.Reset()
		stderr.Reset()
		if code := run(ctx, args, &stdout, &stderr); code == 0 || stdout.Len() > 0 {
			t.Errorf("%v: exit %d, stdout %q", args, code, stdout.String())
		}
	}
}
