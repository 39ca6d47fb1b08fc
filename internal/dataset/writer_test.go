package dataset

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// FuzzFileWriter: FileWriter writes what encoding/csv writes.
func FuzzFileWriter(f *testing.F) {
	for _, s := range []string{"", "plain", "with, comma", " lead", "trail ", "q\"uote", "line\nbreak", "cr\r", `\.`, "\u00a0nbsp", "\tTab", "日本"} {
		f.Add(s, "x")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		var want bytes.Buffer
		cw := csv.NewWriter(&want)
		cw.Write([]string{"code_id", "accepted_code_id"})
		cw.Write([]string{a, b})
		cw.Write([]string{b, a})
		cw.Flush()
		var got bytes.Buffer
		w, err := NewFileWriter(&got, CodeAcceptsFile)
		if err != nil {
			t.Fatal(err)
		}
		w.Row(a, b)
		w.Row(b, a)
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("got %q, encoding/csv writes %q", got.String(), want.String())
		}
	})
}

func TestFileWriter(t *testing.T) {
	var b bytes.Buffer
	w, err := NewFileWriter(&b, RequestsFile)
	if err != nil {
		t.Fatal(err)
	}
	for d := domain.Date(-719528); d <= 2932896; d += 997 { // 0000-01-01 to 9999-12-31
		w.Str("A")
		w.ID([]byte("B"))
		w.Empty()
		w.Date(d)
		w.End()
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if lines[0] != "requester_id,supplier_id,code_id,date" || w.Rows() != len(lines)-1 {
		t.Fatalf("header %q, %d rows, %d lines", lines[0], w.Rows(), len(lines))
	}
	i := 1
	for d := domain.Date(-719528); d <= 2932896; d += 997 {
		if want := "A,B,," + d.String(); lines[i] != want {
			t.Fatalf("line %d: %q, want %q", i, lines[i], want)
		}
		i++
	}
	w.Int(42)
	w.End()
	if err := w.Flush(); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("requests.csv: row %d has 1 fields, the header 4", i)) {
		t.Errorf("a short row: %v", err)
	}
	if _, err := NewFileWriter(&b, "nope.csv"); err == nil {
		t.Error("unknown file: no error")
	}
}
