package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
)

// importCmd is `supplygraph import prepare DIR OUT` and `supplygraph
// import finish OUT`, the two halves of an initial import around Neo4j's
// offline importer (scripts/neo4j.sh import OUT runs it for the local
// Neo4j; docs/data-format.md says how with neo4j-admin).
func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "prepare" && args[0] != "finish") {
		fmt.Fprintln(stderr, "usage: supplygraph import prepare DIR OUT | supplygraph import finish OUT")
		return usageError{errors.New("want prepare or finish")}
	}
	if args[0] == "prepare" {
		return importPrepare(ctx, args[1:], stdout, stderr)
	}
	return importFinish(ctx, args[1:], stdout, stderr)
}

func importPrepare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("import prepare", stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: supplygraph import prepare DIR OUT\n\n"+
			"Validates the dataset in DIR as a first load into an empty database and writes\n"+
			"the offline importer's files into OUT (new or empty). No database is needed.")
		fs.PrintDefaults()
	}
	if err := parseArgs(fs, args, 2, "want a dataset directory and an output directory"); err != nil {
		return err
	}
	start := time.Now()
	src, err := dataset.Dir(fs.Arg(0))
	if err != nil {
		return err
	}
	sum, err := dataset.Validate(ctx, src, nil)
	if err != nil {
		return describe(err)
	}
	warn(stderr, sum)
	bar := newProgress(stderr)
	bar.verb = "preparing"
	m, err := neo4jstore.WriteImportFiles(ctx, src, sum, fs.Arg(1), bar.update)
	bar.finish()
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "%s: valid, %d rows; importer files in %s (%s)\n", fs.Arg(0), sum.TotalRows(), fs.Arg(1),
		time.Since(start).Round(time.Millisecond))
	for _, f := range m.Files {
		fmt.Fprintf(stdout, "  %-22s %9d rows %9d written\n", f, m.Rows[f], m.Written[f])
	}
	return nil
}

func importFinish(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("import finish", stderr)
	var sf storeFlags
	sf.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: supplygraph import finish [flags] OUT\n\n"+
			"After the importer has run on OUT and Neo4j has started: checks that the database\n"+
			"holds exactly the imported graph, creates the schema, records the load.")
		fs.PrintDefaults()
	}
	if err := parseArgs(fs, args, 1, "want the import directory"); err != nil {
		return err
	}
	m, err := neo4jstore.ReadImportManifest(fs.Arg(0))
	if err != nil {
		return err
	}
	store, err := sf.open(slog.New(slog.NewJSONHandler(stderr, nil)))
	if err != nil {
		return err
	}
	defer store.Close(context.WithoutCancel(ctx))
	id, err := store.FinishImport(ctx, m, whoami())
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "import recorded as load %s\n", id)
	return nil
}
