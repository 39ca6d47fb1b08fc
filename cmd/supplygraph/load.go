package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/user"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
	"golang.org/x/term"
)

func load(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("load", stderr)
	var sf storeFlags
	sf.register(fs)
	dryRun := fs.Bool("dry-run", false, "validate only; write nothing")
	resume := fs.Bool("resume", false, "continue the last unfinished load of the same files from its last committed batch")
	batch := fs.Int("batch-size", neo4jstore.DefaultBatchSize, "rows per write statement")
	singleTx := fs.Int("single-tx-rows", neo4jstore.DefaultSingleTxRows, "datasets of at most this many rows are written in one transaction")
	heartbeat := fs.Duration("heartbeat", neo4jstore.DefaultHeartbeat, "how often the running load renews the lease on its record; a load not renewed for 6 heartbeats (killed) reads INCOMPLETE")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: supplygraph load [flags] DIR   (CMRT workbooks: supplygraph cmrt; RMAP statuses: supplygraph rmap)")
		fs.PrintDefaults()
	}
	if err := parseArgs(fs, args, 1, "want exactly one dataset directory"); err != nil {
		return err
	}
	dir := fs.Arg(0)
	src, err := dataset.Dir(dir)
	if err != nil {
		return err
	}
	store, err := sf.open(slog.New(slog.NewJSONHandler(stderr, nil)))
	if err != nil {
		return err
	}
	defer store.Close(context.WithoutCancel(ctx))
	svc := explorer.New(store)

	bar := newProgress(stderr)
	opts := neo4jstore.LoadOptions{Origin: "cli", By: whoami(), Resume: *resume, BatchSize: *batch,
		SingleTxRows: *singleTx, Progress: bar.update, Heartbeat: *heartbeat}
	sum, res, err := svc.Load(ctx, src, opts, *dryRun)
	bar.finish()
	warn(stderr, sum)
	if err != nil {
		if res != nil {
			fmt.Fprintf(stderr, "load %s did not finish; run the same command again (with --resume to skip the committed batches)\n", res.LoadID)
		}
		return describe(err)
	}
	if *dryRun {
		fmt.Fprintf(stdout, "%s: valid, %d rows; nothing written (--dry-run)\n", dir, sum.TotalRows())
		return nil
	}
	fmt.Fprintf(stdout, "%s: loaded %d rows in %s (%.0f rows/s), load %s%s\n", dir, sum.TotalRows(),
		res.Elapsed.Round(time.Millisecond), float64(sum.TotalRows())/res.Elapsed.Seconds(), res.LoadID, map[bool]string{true: " (resumed)"}[res.Resumed])
	for _, f := range sum.Files {
		rate := ""
		if d := res.FileElapsed[f]; d > 0 {
			rate = fmt.Sprintf("  %9.0f rows/s", float64(sum.Rows[f])/d.Seconds())
		}
		fmt.Fprintf(stdout, "  %-20s %9d rows  %9d created  %9d updated%s\n", f, sum.Rows[f], res.Created[f], res.Updated[f], rate)
	}
	return nil
}

// warn prints a valid dataset's warnings (repeated keys): they do not stop
// a load, but the rows they name were replaced by later ones.
func warn(w io.Writer, sum *dataset.Summary) {
	if sum != nil && sum.Warnings.Total > 0 {
		fmt.Fprintf(w, "dataset has %s\n", sum.Warnings.Text("warning"))
	}
}

func whoami() string {
	name := "unknown"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	host, _ := os.Hostname()
	return name + "@" + host
}

// progress draws a progress bar (rows, rows/s, ETA) on a terminal and
// nothing otherwise.
type progress struct {
	bar  *progressbar.ProgressBar
	file string
	verb string // "loading" unless set
}

func newProgress(w io.Writer) *progress {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return &progress{}
	}
	return &progress{bar: progressbar.NewOptions(1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("loading"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("rows"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)}
}

func (p *progress) update(file string, done, total int) {
	if p.bar == nil {
		return
	}
	if p.bar.GetMax() != total {
		p.bar.ChangeMax(total)
	}
	if file != p.file && file != "" {
		p.file = file
		verb := p.verb
		if verb == "" {
			verb = "loading"
		}
		p.bar.Describe(verb + " " + strings.TrimSuffix(file, ".csv"))
	}
	p.bar.Set(done)
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
