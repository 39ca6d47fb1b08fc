package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	gendata "github.com/supplygraph/supplygraph/internal/gen"
)

// gen writes a deterministic synthetic dataset (the same flags give
// byte-identical files) for tests and benchmarks.
func gen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("gen", stderr)
	companies := fs.Int("companies", 10000, "number of companies, buyers, smelters and mines included (at least 50)")
	seed := fs.Uint64("seed", 1, "random seed")
	buyers := fs.Int("buyers", gendata.DefaultBuyers, fmt.Sprintf("number of buyers (1 to %d)", gendata.MaxBuyers))
	tiers := fs.Int("tiers", 0, "number of supplier tiers (0: 6 to 10, drawn from the seed)")
	force := fs.Bool("force", false, "write into OUT even if it is not empty (the dataset's files are overwritten)")
	minerals := fs.Bool("minerals", true, "also write CMRT and EMRT declarations (OUT/minerals/cmrt: supplygraph cmrt --dir) and dated RMAP statuses (OUT/minerals/rmap_history.csv: supplygraph rmap)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: supplygraph gen [flags] OUT")
		fmt.Fprintln(stderr, "\nWrites a synthetic dataset (companies.csv, supply_links.csv, ...) into directory OUT.")
		fs.PrintDefaults()
	}
	if err := parseArgs(fs, args, 1, "want exactly one output directory"); err != nil {
		return err
	}
	out := fs.Arg(0)
	cfg := gendata.Config{Companies: *companies, Seed: *seed, Buyers: *buyers, Tiers: *tiers}
	if err := cfg.Check(); err != nil {
		return usageError{err}
	}
	switch entries, err := os.ReadDir(out); {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return fmt.Errorf("cannot use %s: %w", out, err)
	case len(entries) > 0 && !*force:
		return fmt.Errorf("%s is not empty (use --force to overwrite the dataset's files in it)", out)
	}
	start := time.Now()
	st, err := gendata.GenerateContext(ctx, cfg, out)
	if err != nil {
		return err
	}
	var ms gendata.MineralsStats
	if *minerals {
		if ms, err = gendata.GenerateMinerals(cfg, out); err != nil {
			return err
		}
	}
	elapsed := time.Since(start)
	for _, f := range st.Files() {
		fmt.Fprintf(stdout, "%-20s %10d rows\n", f.File, f.Rows)
	}
	if *minerals {
		fmt.Fprintf(stdout, "%s: %d declarations of %d suppliers, %d dated RMAP statuses\n", gendata.MineralsDir, ms.Declarations, ms.Declarers, ms.RMAPStatuses)
	}
	fmt.Fprintf(stdout, "%-20s %10d rows\n", "total", st.TotalRows())
	c := st.Chain
	fmt.Fprintf(stdout, "%d buyers, %d suppliers in %d tiers, %d smelters, %d mines (seed %d)\n",
		st.Buyers, st.Suppliers, st.Tiers, st.Smelters, st.Mines, *seed)
	fmt.Fprintf(stdout, "%s's chain at %s: %d companies within depth %d (%d over %d tiers at any depth)\n",
		c.Focal, c.AsOf, c.WithinMaxDepth, gendata.MaxDepth, c.Companies, c.Tiers)
	fmt.Fprintf(stdout, "%s: generated in %s\n", out, elapsed.Round(time.Millisecond))
	return nil
}
