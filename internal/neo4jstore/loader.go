package neo4jstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// Load statuses.
const (
	LoadRunning    = "RUNNING"
	LoadCompleted  = "COMPLETED"
	LoadFailed     = "FAILED"
	LoadIncomplete = "INCOMPLETE" // its loader stopped renewing its lease (killed, or lost Neo4j)
)

// A running load holds a lease on its record: its loader renews it every
// heartbeat (LoadOptions.Heartbeat), whatever it is doing, for
// leaseHeartbeats heartbeats. A RUNNING record whose lease has lapsed has
// lost its loader: Loads reports it INCOMPLETE at once, and the next load
// to start records it so (sweepLoads). A loader that was only late (Neo4j
// stalled longer than the lease) sets its record back to RUNNING with its
// next renewal.
const (
	DefaultHeartbeat = 10 * time.Second
	leaseHeartbeats  = 6
)

// LoadOptions configure Load.
type LoadOptions struct {
	// Origin says what started the load ("cli", "api", "mutation") and By who
	// (user@host, or an API key id).
	Origin, By string
	// Resume continues the latest unfinished load of the same files from
	// its last committed batch instead of starting over.
	Resume bool
	// BatchSize is the rows per UNWIND statement; 0 means DefaultBatchSize.
	BatchSize int
	// SingleTxRows: datasets of at most this many rows are written in one
	// transaction (all or nothing at once); 0 means DefaultSingleTxRows.
	SingleTxRows int
	// Progress, if set, is called after each batch with the file being
	// written, the rows of the dataset written so far and their total.
	Progress func(file string, done, total int)
	// ProposedBy, when set (the id of a supplier-scoped key), marks the
	// supply links the load creates as proposed by that key; empty: they are
	// confirmed. A link the load updates keeps its state either way (only
	// ConfirmLinks confirms a proposed link).
	ProposedBy string
	// Heartbeat is how often the load renews the lease on its record; 0
	// means DefaultHeartbeat.
	Heartbeat time.Duration
}

// Defaults of LoadOptions.
const (
	DefaultBatchSize    = 10000
	DefaultSingleTxRows = 100000
)

// LoadRecord is what the database keeps of a load.
type LoadRecord struct {
	ID          string
	Origin, By  string
	Files       []string
	Rows        map[string]int
	Created     map[string]int
	Updated     map[string]int
	Started     time.Time
	Finished    *time.Time
	Heartbeat   time.Time // the loader's last renewal of the lease
	Status      string
	Error       string
	Fingerprint string
	Attempts    int
	// Progress: the file being written and how many of its batches are committed.
	File    string
	Batches int
}

// Fingerprint identifies a dataset's content: file names and bytes.
func Fingerprint(src dataset.Source) (string, error) {
	h := sha256.New()
	for _, name := range src.Names() {
		f, err := src.Open(name)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00", name)
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return "", domain.Errorf(domain.BadInput, "cannot read %s: %v", name, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func newLoadID() string {
	b := make([]byte, 6)
	rand.Read(b)
	return time.Now().UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b)
}

const (
	createLoad = `
CREATE (l:Load {id: $id, origin: $origin, by: $by, files: $files, rowCounts: $rows, fingerprint: $fp,
  started: datetime(), heartbeat: datetime(), leaseUntil: datetime() + duration({milliseconds: $lease}),
  status: 'RUNNING', attempts: 1, file: '', batches: 0, created: [], updated: []})`

	// Records made before leases had none: theirs is two minutes past
	// their last heartbeat, the timeout they were read with then.
	sweepLoads = `
MATCH (l:Load {status: 'RUNNING'})
WHERE coalesce(l.leaseUntil, l.heartbeat + duration('PT2M')) < datetime()
SET l.status = 'INCOMPLETE'`

	// A renewal finds the record RUNNING, or INCOMPLETE if it was swept
	// while its loader was only late; never finished.
	renewLease = `
MATCH (l:Load {id: $id})
WHERE l.status IN ['RUNNING', 'INCOMPLETE']
SET l.status = 'RUNNING', l.heartbeat = datetime(), l.leaseUntil = datetime() + duration({milliseconds: $lease})`

	findResumable = `
MATCH (l:Load {fingerprint: $fp})
WHERE l.status <> 'COMPLETED'
RETURN l.id AS id, l.file AS file, l.batches AS batches, l.created AS created, l.updated AS updated
ORDER BY l.started DESC LIMIT 1`

	restartLoad = `
MATCH (l:Load {id: $id})
SET l.status = 'RUNNING', l.attempts = l.attempts + 1, l.heartbeat = datetime(), l.error = null,
    l.leaseUntil = datetime() + duration({milliseconds: $lease}), l.origin = $origin, l.by = $by`

	progressLoad = `
MATCH (l:Load {id: $id})
SET l.file = $file, l.batches = $batches, l.heartbeat = datetime(), l.created = $created, l.updated = $updated`

	finishLoad = `
MATCH (l:Load {id: $id})
SET l.status = $status, l.finished = datetime(), l.heartbeat = datetime(), l.leaseUntil = null, l.error = $error,
    l.created = $created, l.updated = $updated`
)

// LoadResult is the outcome of a load.
type LoadResult struct {
	LoadID  string
	Rows    map[string]int
	Created map[string]int
	Updated map[string]int
	Resumed bool
	Elapsed time.Duration
	// FileElapsed is the time spent writing each file.
	FileElapsed map[string]time.Duration
}

// Load writes a validated dataset (see dataset.Validate), recording the load.
//
// A dataset of at most SingleTxRows rows is written in one transaction: all
// of it or none. A larger one is written in batches, each its own
// transaction that also records the load's progress, so the record always
// says exactly which batches are in. Since every row is an upsert by key,
// running an interrupted load again (from the start, or with Resume from
// its last committed batch) converges to exactly the state of an
// uninterrupted load. A load whose loader is killed is INCOMPLETE once its
// lease lapses (see DefaultHeartbeat); every load first records the lapsed
// leases of others.
func (s *Store) Load(ctx context.Context, src dataset.Source, sum *dataset.Summary, opts LoadOptions) (*LoadResult, error) {
	start := time.Now()
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	if opts.SingleTxRows <= 0 {
		opts.SingleTxRows = DefaultSingleTxRows
	}
	if opts.Heartbeat <= 0 {
		opts.Heartbeat = DefaultHeartbeat
	}
	lease := (leaseHeartbeats * opts.Heartbeat).Milliseconds()
	fp, err := Fingerprint(src)
	if err != nil {
		return nil, err
	}
	if _, err := s.write(ctx, sweepLoads, nil); err != nil {
		return nil, err
	}
	res := &LoadResult{Rows: sum.Rows, Created: map[string]int{}, Updated: map[string]int{}, FileElapsed: map[string]time.Duration{}}
	skipFile, skipBatches := "", 0
	if opts.Resume {
		recs, err := s.write(ctx, findResumable, map[string]any{"fp": fp})
		if err != nil {
			return nil, err
		}
		if len(recs) > 0 {
			v := recs[0].Values
			res.LoadID, skipFile, skipBatches, res.Resumed = str(v[0]), str(v[1]), integer(v[2]), true
			res.Created, res.Updated = countsOf(v[3]), countsOf(v[4])
			if _, err := s.write(ctx, restartLoad, map[string]any{"id": res.LoadID, "origin": opts.Origin, "by": opts.By, "lease": lease}); err != nil {
				return nil, err
			}
		}
	}
	if res.LoadID == "" {
		res.LoadID = newLoadID()
		var rows []string
		for _, f := range sum.Files {
			rows = append(rows, fmt.Sprintf("%s=%d", f, sum.Rows[f]))
		}
		if _, err := s.write(ctx, createLoad, map[string]any{"id": res.LoadID, "origin": opts.Origin, "by": opts.By,
			"files": sum.Files, "rows": rows, "fp": fp, "lease": lease}); err != nil {
			return nil, err
		}
	}
	stopRenewing := s.renewLease(ctx, res.LoadID, opts.Heartbeat, lease)
	w := &loadWriter{s: s, src: src, sum: sum, opts: opts, res: res, skipFile: skipFile, skipBatches: skipBatches}
	if sum.TotalRows() <= opts.SingleTxRows && !res.Resumed {
		err = w.writeOneTx(ctx)
	} else {
		err = w.writeBatched(ctx)
	}
	stopRenewing() // before the outcome is recorded: no renewal after it
	status, msg := LoadCompleted, ""
	if err != nil {
		status, msg = LoadFailed, domain.PublicMessage(err)
	}
	// Record the outcome even when ctx was cancelled (Ctrl-C): a bounded
	// context of its own. If Neo4j is gone, the record stays RUNNING and
	// turns INCOMPLETE when its lease lapses.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	s.write(fctx, finishLoad, map[string]any{"id": res.LoadID, "status": status, "error": optString(msg),
		"created": countsParam(res.Created), "updated": countsParam(res.Updated)})
	res.Elapsed = time.Since(start)
	if err != nil {
		return res, err
	}
	return res, nil
}

// renewLease renews the lease of load id every heartbeat, in a goroutine
// of its own (a single-transaction load, or a slow batch, may take longer
// than the lease), until the returned function is called; that function
// returns once no renewal runs any more. A failed renewal is only retried
// at the next heartbeat: the load's own writes report an outage.
func (s *Store) renewLease(ctx context.Context, id string, heartbeat time.Duration, lease int64) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(heartbeat)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				s.write(ctx, renewLease, map[string]any{"id": id, "lease": lease})
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

func countsParam(m map[string]int) []string {
	var out []string
	for _, f := range dataset.Files {
		if n, ok := m[f]; ok {
			out = append(out, fmt.Sprintf("%s=%d", f, n))
		}
	}
	return out
}

func countsOf(v any) map[string]int {
	out := map[string]int{}
	list, _ := v.([]any)
	for _, e := range list {
		name, n, ok := strings.Cut(str(e), "=")
		if ok {
			var x int
			fmt.Sscan(n, &x)
			out[name] = x
		}
	}
	return out
}

// loadWriter streams a dataset's records to Neo4j in batches.
type loadWriter struct {
	s           *Store
	src         dataset.Source
	sum         *dataset.Summary
	opts        LoadOptions
	res         *LoadResult
	skipFile    string // resume: batches of files before skipFile, and the first skipBatches of it, are in
	skipBatches int
	done        int     // rows written (or skipped as committed) so far
	touched     Touched // by the transaction being written
}

func (w *loadWriter) progress(file string, rows int) {
	w.done += rows
	if w.s.obs.Rows != nil {
		w.s.obs.Rows(file, rows)
	}
	if w.opts.Progress != nil {
		w.opts.Progress(file, w.done, w.sum.TotalRows())
	}
}

// batches calls fn with each batch of parameter rows of file, in order.
// The file is read and converted in a goroutine of its own, a batch ahead,
// so that parsing overlaps with Neo4j writing the previous batch.
func (w *loadWriter) batches(ctx context.Context, file string, fn func(i int, rows []any) error) error {
	conv := converters[file]
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ready := make(chan []any, 2)
	produced := make(chan error, 1)
	go func() {
		defer close(ready)
		batch := make([]any, 0, w.opts.BatchSize)
		send := func() error {
			select {
			case ready <- batch:
				batch = make([]any, 0, w.opts.BatchSize)
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		err := dataset.Records(ctx, w.src, file, func(rec any) error {
			batch = append(batch, conv(rec))
			if len(batch) == w.opts.BatchSize {
				return send()
			}
			return nil
		})
		if err == nil && len(batch) > 0 {
			err = send()
		}
		produced <- err
	}()
	i := 0
	for rows := range ready {
		if err := fn(i, rows); err != nil {
			cancel()
			for range ready { // let the producer finish
			}
			<-produced
			return err
		}
		i++
	}
	return <-produced
}

// counted runs one batch statement and adds its created/updated counts.
func (w *loadWriter) counted(ctx context.Context, tx neo4j.ManagedTransaction, file string, rows []any) error {
	res, err := tx.Run(ctx, writeQueries[file], map[string]any{"rows": rows, "proposedBy": optString(w.opts.ProposedBy)})
	if err != nil {
		return err
	}
	if subjectFiles[file] {
		if w.touched.Subjects == nil {
			w.touched.Subjects, w.touched.Codes = map[string]bool{}, map[string]bool{}
		}
		for res.Next(ctx) {
			w.touched.Subjects[str(res.Record().Values[0])] = true
		}
	}
	summary, err := res.Consume(ctx)
	if err != nil {
		return err
	}
	c := summary.Counters()
	created := c.NodesCreated()
	if relationshipFiles[file] {
		created = c.RelationshipsCreated()
	}
	w.res.Created[file] += created
	w.res.Updated[file] += len(rows) - created
	w.touched.touchedRows(file, rows)
	return nil
}

func (w *loadWriter) writeOneTx(ctx context.Context) error {
	sess := w.s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		w.res.Created, w.res.Updated, w.done, w.touched = map[string]int{}, map[string]int{}, 0, Touched{} // a retried transaction starts over
		for _, file := range w.sum.Files {
			started := time.Now()
			err := w.batches(ctx, file, func(_ int, rows []any) error {
				if err := w.counted(ctx, tx, file, rows); err != nil {
					return err
				}
				w.progress(file, len(rows))
				return nil
			})
			if err != nil {
				return nil, err
			}
			w.res.FileElapsed[file] = time.Since(started)
		}
		return nil, bump(ctx, tx, &w.touched)
	}, neo4j.WithTxTimeout(0))
	return w.s.classify(ctx, err)
}

func (w *loadWriter) writeBatched(ctx context.Context) error {
	sess := w.s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	skipping := w.skipFile != ""
	for _, file := range w.sum.Files {
		if skipping && file != w.skipFile {
			w.progress(file, w.sum.Rows[file])
			continue // committed entirely before the interruption
		}
		skip := 0
		if skipping {
			skip, skipping = w.skipBatches, false
		}
		started := time.Now()
		err := w.batches(ctx, file, func(i int, rows []any) error {
			if i < skip {
				w.progress(file, len(rows))
				return nil
			}
			_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
				created, updated := w.res.Created[file], w.res.Updated[file]
				w.touched = Touched{} // what this batch's transaction touches
				if err := w.counted(ctx, tx, file, rows); err != nil {
					w.res.Created[file], w.res.Updated[file] = created, updated
					return nil, err
				}
				res, err := tx.Run(ctx, progressLoad, map[string]any{"id": w.res.LoadID, "file": file, "batches": int64(i + 1),
					"created": countsParam(w.res.Created), "updated": countsParam(w.res.Updated)})
				if err == nil {
					_, err = res.Consume(ctx)
				}
				if err == nil {
					err = bump(ctx, tx, &w.touched)
				}
				if err != nil {
					w.res.Created[file], w.res.Updated[file] = created, updated
				}
				return nil, err
			}, neo4j.WithTxTimeout(0))
			if err != nil {
				return w.s.classify(ctx, err)
			}
			w.progress(file, len(rows))
			return nil
		})
		if err != nil {
			return err
		}
		w.res.FileElapsed[file] = time.Since(started)
	}
	return nil
}

// listLoads reads a RUNNING load whose lease has lapsed (see sweepLoads)
// as INCOMPLETE.
const listLoads = `
MATCH (l:Load)
WITH l, CASE WHEN l.status = 'RUNNING' AND coalesce(l.leaseUntil, l.heartbeat + duration('PT2M')) < datetime()
  THEN 'INCOMPLETE' ELSE l.status END AS status
RETURN l {.*, status: status, started: toString(l.started), finished: toString(l.finished), heartbeat: toString(l.heartbeat)} AS l
ORDER BY l.started DESC LIMIT $limit`

// Loads returns the latest loads, newest first. A load whose loader
// stopped renewing its lease reads INCOMPLETE.
func (s *Store) Loads(ctx context.Context, limit int) ([]LoadRecord, error) {
	recs, err := s.read(ctx, listLoads, map[string]any{"limit": int64(limit)})
	if err != nil {
		return nil, err
	}
	out := make([]LoadRecord, 0, len(recs))
	for _, r := range recs {
		m := recMap(r, "l")
		l := LoadRecord{ID: str(m["id"]), Origin: str(m["origin"]), By: str(m["by"]), Status: str(m["status"]),
			Error: str(m["error"]), Fingerprint: str(m["fingerprint"]), Attempts: integer(m["attempts"]),
			File: str(m["file"]), Batches: integer(m["batches"]), Rows: countsOf(m["rowCounts"]),
			Created: countsOf(m["created"]), Updated: countsOf(m["updated"])}
		for _, f := range anyList(m["files"]) {
			l.Files = append(l.Files, str(f))
		}
		l.Started, _ = time.Parse(time.RFC3339Nano, str(m["started"]))
		l.Heartbeat, _ = time.Parse(time.RFC3339Nano, str(m["heartbeat"]))
		if f, err := time.Parse(time.RFC3339Nano, str(m["finished"])); err == nil {
			l.Finished = &f
		}
		out = append(out, l)
	}
	return out, nil
}

func anyList(v any) []any {
	l, _ := v.([]any)
	return l
}
