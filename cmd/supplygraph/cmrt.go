package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
)

// loadCMRT is `supplygraph cmrt --company ID FILE.xlsx...`.
func loadCMRT(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("cmrt", stderr)
	var sf storeFlags
	sf.register(fs)
	company := fs.String("company", "", "id of the company that declares the smelters")
	dir := fs.String("dir", "", "a directory with a subdirectory per declaring company, named by its id, holding its workbooks (instead of --company and files)")
	dryRun := fs.Bool("dry-run", false, "read and check only; write nothing")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: supplygraph cmrt --company ID [flags] FILE.xlsx...\n       supplygraph cmrt --dir DIR [flags]")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var sets []explorer.CompanyFiles
	open := func(company string, paths []string) error {
		set := explorer.CompanyFiles{Company: company}
		for _, name := range paths {
			b, err := os.ReadFile(name)
			if err != nil {
				return fmt.Errorf("cannot open %s: %w", name, err)
			}
			set.Files = append(set.Files, explorer.NamedReader{Name: filepath.Base(name), R: bytes.NewReader(b)})
		}
		sets = append(sets, set)
		return nil
	}
	switch {
	case *dir != "" && (*company != "" || fs.NArg() > 0):
		fs.Usage()
		return usageError{errors.New("give --dir, or --company and workbooks, not both")}
	case *dir != "":
		entries, err := os.ReadDir(*dir)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if !e.IsDir() {
				continue
			}
			paths, err := filepath.Glob(filepath.Join(*dir, e.Name(), "*.xlsx"))
			if err != nil {
				return err
			}
			if err := open(e.Name(), paths); err != nil {
				return err
			}
		}
	case *company == "" || fs.NArg() == 0:
		fs.Usage()
		return usageError{errors.New("want --company and at least one CMRT or EMRT workbook, or --dir")}
	default:
		if err := open(*company, fs.Args()); err != nil {
			return err
		}
	}
	svc, done, err := sf.service(ctx, stderr)
	if err != nil {
		return err
	}
	defer done()
	imp, err := svc.ImportDeclarations(ctx, whoami(), sets, *dryRun)
	if err != nil {
		return describe(err)
	}
	for i, wb := range imp.Workbooks {
		d := imp.Declarations[i]
		version := wb.Version
		if version == "" {
			version = "(version unknown)"
		}
		fmt.Fprintf(stdout, "%s: %s %s of %s, %q, effective %s, %d answers, %d smelters\n", wb.File, d.Template, version, d.DeclarerID,
			wb.CompanyName, d.Effective, len(d.Answers), len(d.Smelters))
	}
	for _, is := range imp.Issues {
		fmt.Fprintf(stdout, "  reported: %s\n", is)
	}
	if *dryRun {
		fmt.Fprintf(stdout, "%d declarations naming %d smelters; nothing written (--dry-run)\n", len(imp.Declarations), len(imp.Smelters))
		return nil
	}
	r := imp.Result
	id := r.LoadID
	if id == "" {
		id = "none: nothing changed"
	}
	fmt.Fprintf(stdout, "%d declarations: %d new, %d replaced, %d unchanged; %d new smelters; %d issues reported; load %s\n",
		len(imp.Declarations), len(r.Created), len(r.Replaced), len(r.Unchanged), r.SmeltersCreated, len(imp.Issues), id)
	return nil
}

// loadRMAP is `supplygraph rmap FILE.csv`.
func loadRMAP(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("rmap", stderr)
	var sf storeFlags
	sf.register(fs)
	dryRun := fs.Bool("dry-run", false, "check only; write nothing")
	published := fs.String("published", "", "the date the statuses were published, YYYY-MM-DD (else a published column)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: supplygraph rmap [flags] FILE.csv   (columns rmi_id,rmap_status[,published])")
		fs.PrintDefaults()
	}
	if err := parseArgs(fs, args, 1, "want exactly one CSV file"); err != nil {
		return err
	}
	var pub *domain.Date
	if *published != "" {
		d, err := domain.ParseDate(*published)
		if err != nil {
			return usageError{fmt.Errorf("--published: %w", err)}
		}
		pub = &d
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("cannot open %s: %w", fs.Arg(0), err)
	}
	defer f.Close()
	svc, done, err := sf.service(ctx, stderr)
	if err != nil {
		return err
	}
	defer done()
	n, changed, err := svc.UpdateRMAPStatuses(ctx, explorer.NamedReader{Name: filepath.Base(fs.Arg(0)), R: f}, pub, *dryRun)
	if err != nil {
		return describe(err)
	}
	if *dryRun {
		fmt.Fprintf(stdout, "%d RMAP statuses valid; nothing written (--dry-run)\n", n)
		return nil
	}
	fmt.Fprintf(stdout, "%d RMAP statuses published: %d smelters' histories changed\n", n, changed)
	return nil
}
