package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/httpapi"
)

// report is `supplygraph report --focal ID --code ID --from DATE --to DATE`:
// the period report (dueDiligenceReport) as GET /api/export/report writes it.
func report(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("report", stderr)
	var sf storeFlags
	sf.register(fs)
	focal := fs.String("focal", "", "the focal company's id (required)")
	code := fs.String("code", "", "the code of conduct's id (required)")
	from := fs.String("from", "", "first date of the period, excluded: YYYY-MM-DD (required)")
	to := fs.String("to", "", "last date of the period: YYYY-MM-DD (required)")
	maxDepth := fs.Int("max-depth", 10, "tiers of the chain, 1 to 20")
	attenuation := fs.Float64("attenuation", 0.8, "risk attenuation per hop, greater than 0 and at most 1")
	format := fs.String("format", "", "csv or xlsx (default: from --out's extension, else csv)")
	out := fs.String("out", "", "write to this file (default: standard output; a workbook needs --out)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: supplygraph report --focal ID --code ID --from DATE --to DATE [flags]")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *focal == "" || *code == "" || *from == "" || *to == "" || fs.NArg() > 0 {
		fs.Usage()
		return usageError{errors.New("want --focal, --code, --from and --to")}
	}
	a := httpapi.ReportArgs{Focal: *focal, Code: *code, MaxDepth: maxDepth, Attenuation: attenuation, Format: *format}
	var err error
	if a.From, err = domain.ParseDate(*from); err != nil {
		return usageError{fmt.Errorf("--from: %v", err)}
	}
	if a.To, err = domain.ParseDate(*to); err != nil {
		return usageError{fmt.Errorf("--to: %v", err)}
	}
	if a.Format == "" {
		a.Format = "csv"
		if strings.HasSuffix(*out, ".xlsx") {
			a.Format = "xlsx"
		}
	}
	if a.Format != "csv" && a.Format != "xlsx" {
		return usageError{fmt.Errorf("--format must be csv or xlsx, got %q", a.Format)}
	}
	if a.Format == "xlsx" && *out == "" {
		return usageError{errors.New("a workbook needs --out FILE.xlsx")}
	}
	svc, done, err := sf.service(ctx, stderr)
	if err != nil {
		return err
	}
	defer done()
	var buf bytes.Buffer
	if err := httpapi.WriteReport(ctx, svc, a, &buf); err != nil {
		return describe(err)
	}
	if *out == "" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s (%d bytes)\n", *out, buf.Len())
	return nil
}
