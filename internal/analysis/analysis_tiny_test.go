package analysis

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	csvdata "github.com/supplygraph/supplygraph/internal/dataset"
)

const tinyDir = "../../testdata/tiny"

// loadCSVDataset reads a dataset directory in the bulk-load format, as a
// load reads it.
func loadCSVDataset(t *testing.T, dir string) *dataset {
	src, err := csvdata.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	d, err := csvdata.ReadAll(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	return &dataset{companies: d.Companies, facilities: d.Facilities, links: d.SupplyLinks, codes: d.Codes,
		accepts: d.CodeAccepts, requests: d.Requests, acks: d.Acknowledgments, findings: d.Findings}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// TestTinyFixture answers every question of the worked example and compares
// with its expected answers (floats within a relative 1e-6).
func TestTinyFixture(t *testing.T) {
	ds := loadCSVDataset(t, tinyDir)
	var queries []query
	readJSON(t, filepath.Join(tinyDir, "queries.json"), &queries)
	var expected []struct {
		Query  query           `json:"query"`
		Answer json.RawMessage `json:"answer"`
	}
	readJSON(t, filepath.Join(tinyDir, "expected.json"), &expected)
	if len(queries) != 12 || len(expected) != len(queries) {
		t.Fatalf("want 12 questions and as many answers, got %d and %d", len(queries), len(expected))
	}
	for i, q := range queries {
		if !cmp.Equal(q, expected[i].Query) {
			t.Fatalf("question %d differs between queries.json and expected.json", i)
		}
		ans, err := ds.answer(context.Background(), q)
		if err != nil {
			t.Errorf("question %d (%s): %v", i, q.Op, err)
			continue
		}
		b, err := json.Marshal(ans)
		if err != nil {
			t.Fatal(err)
		}
		var got, want any
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(expected[i].Answer, &want); err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(want, got, cmpopts.EquateApprox(1e-6, 0)); d != "" {
			qj, _ := json.Marshal(q)
			t.Errorf("question %d %s: answer differs (-want +got):\n%s", i, qj, d)
		}
	}
}
