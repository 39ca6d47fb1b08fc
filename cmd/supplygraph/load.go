package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/supplygraph/supplygraph/internal/dataset"
)

func load(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("load", stderr)
	var sf storeFlags
	sf.register(fs)
	dryRun := fs.Bool("dry-run", false, "validate only; write nothing")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: supplygraph load [flags] DIR")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError{errors.New("want exactly one dataset directory")}
	}
	dir := fs.Arg(0)
	start := time.Now()
	store, err := sf.open(slog.New(slog.NewJSONHandler(stderr, nil)))
	if err != nil {
		return err
	}
	defer store.Close(context.WithoutCancel(ctx))
	if err := store.Migrate(ctx); err != nil {
		return describe(err)
	}
	d, err := dataset.ReadAndCheck(ctx, dir, store)
	if err != nil {
		return describe(err)
	}
	if *dryRun {
		fmt.Fprintf(stdout, "%s: valid (%s); nothing written (--dry-run)\n", dir, summary(d))
		return nil
	}
	if err := store.WriteDataset(ctx, d); err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "%s: loaded %s in %s\n", dir, summary(d), time.Since(start).Round(time.Millisecond))
	return nil
}

func summary(d *dataset.Dataset) string {
	s := ""
	for _, f := range dataset.Files {
		if n, ok := d.Rows[f]; ok {
			if s != "" {
				s += ", "
			}
			s += fmt.Sprintf("%s %d rows", f, n)
		}
	}
	return s
}

var _ = flag.ErrHelp
