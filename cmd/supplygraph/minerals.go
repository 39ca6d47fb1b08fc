package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/supplygraph/supplygraph/internal/cmrt"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// minerals is `supplygraph minerals export --focal ID --metal M OUT.xlsx`.
func minerals(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "export" {
		fmt.Fprintln(stderr, "usage: supplygraph minerals export --focal ID --metal METAL [flags] OUT.xlsx")
		return usageError{errors.New("want the subcommand export")}
	}
	fs := newFlagSet("minerals export", stderr)
	var sf storeFlags
	sf.register(fs)
	focal := fs.String("focal", "", "the company whose roll-up to write (required)")
	metal := fs.String("metal", "", "TIN, TANTALUM, TUNGSTEN, GOLD (a CMRT); COBALT, MICA, COPPER, GRAPHITE, LITHIUM, NICKEL (an EMRT) (required)")
	asOfFlag := fs.String("as-of", "", "the date of the roll-up, YYYY-MM-DD (default today, UTC)")
	maxDepth := fs.Int("max-depth", 10, "how many tiers of the chain count (1 to 20)")
	validDays := fs.Int("valid-days", 365, "how long a declaration stays current after its effective date")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: supplygraph minerals export --focal ID --metal METAL [flags] OUT.xlsx")
		fs.PrintDefaults()
	}
	if err := parseArgs(fs, args[1:], 1, "want the output file"); err != nil {
		return err
	}
	if *focal == "" || *metal == "" {
		fs.Usage()
		return usageError{errors.New("want --focal and --metal")}
	}
	var asOf *domain.Date
	if *asOfFlag != "" {
		d, err := domain.ParseDate(*asOfFlag)
		if err != nil {
			return usageError{fmt.Errorf("--as-of: %w", err)}
		}
		asOf = &d
	}
	svc, done, err := sf.service(ctx, stderr)
	if err != nil {
		return err
	}
	defer done()
	f, err := svc.MineralsFiling(ctx, *focal, *metal, maxDepth, validDays, asOf)
	if err != nil {
		return describe(err)
	}
	var b bytes.Buffer
	if err := cmrt.WriteFiling(&b, *f); err != nil {
		return err
	}
	if err := os.WriteFile(fs.Arg(0), b.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %s of %s for %s effective %s, %d smelters, response rate %s\n", fs.Arg(0), f.Template, *focal, *metal,
		f.Effective, len(f.Smelters), f.Answers[1].Value)
	return nil
}
