// Command benchload is `make bench-load`: it loads generated datasets
// (`supplygraph gen`) into a fresh local Neo4j with `supplygraph load`, and
// the same files into another fresh Neo4j with a plain Cypher baseline
// (UNWIND batches of node MERGE on the unique key and relationship MERGE
// between ends matched on theirs, through the driver, no validation), in the
// same run (-rounds: several times, alternating which goes first), and
// prints rows/s per file and overall for both, and the loader's peak RSS;
// then again on a Neo4j that has run a load before (-warm; its JIT compiler
// has compiled the write path, as a running server's has); then it
// times an initial import of the same files into a third, empty Neo4j
// (supplygraph import prepare, scripts/neo4j.sh import, start, supplygraph
// import finish), as `make import` does.
package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
	"github.com/supplygraph/supplygraph/tools/benchutil"
)

func main() {
	sizes := flag.String("sizes", "100000,1000000", "comma-separated dataset sizes (companies)")
	seed := flag.Uint64("seed", 1, "generator seed")
	batch := flag.Int("batch-size", neo4jstore.DefaultBatchSize, "rows per statement, for both loaders")
	withImport := flag.Bool("import", true, "also time an initial import with the offline importer")
	rounds := flag.Int("rounds", 1, "how many times to compare the two loaders, alternating which goes first")
	warm := flag.Bool("warm", true, "also compare them on a Neo4j that has run a load before (its JIT compiler warm): "+
		"each loader first loads a dataset of a fifth of the size (another seed), which is then deleted")
	flag.Parse()
	ns, err := benchutil.Sizes(*sizes)
	if err != nil {
		fail(err)
	}
	bin, err := benchutil.Binary()
	if err != nil {
		fail(err)
	}
	for _, n := range ns {
		if err := run(bin, n, *seed, *batch, *rounds, *withImport, *warm); err != nil {
			fail(err)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchload:", err)
	os.Exit(1)
}

var (
	totalLine = regexp.MustCompile(`loaded (\d+) rows in (\S+) \((\d+) rows/s\)`)
	fileLine  = regexp.MustCompile(`(?m)^\s+(\S+\.csv)\s+(\d+) rows .* (\d+) rows/s$`)
)

func run(bin string, n int, seed uint64, batch, rounds int, withImport, warm bool) error {
	fmt.Printf("== generating %d companies (seed %d)\n", n, seed)
	t0 := time.Now()
	dir, _, err := benchutil.Dataset(n, seed)
	if err != nil {
		return err
	}
	fmt.Printf("   %s (%.1fs)\n", dir, time.Since(t0).Seconds())
	warmDir := ""
	if warm {
		if warmDir, _, err = benchutil.Dataset(max(n/5, 50), seed+1); err != nil {
			return err
		}
	}

	var baseAll float64
	for round := 0; round < rounds; round++ {
		// Rounds alternate which loader goes first, so that a machine
		// shared with other work weighs on both alike.
		if baseAll, err = compare(bin, dir, "", n, batch, round%2 == 1); err != nil {
			return err
		}
		if warm {
			if _, err = compare(bin, dir, warmDir, n, batch, round%2 == 1); err != nil {
				return err
			}
		}
	}
	if !withImport {
		return nil
	}
	imp, err := initialImport(bin, dir)
	if err != nil {
		return err
	}
	fmt.Printf("initial import into an empty database (offline importer): %.0f rows/s overall, %.2fx the baseline; %.1fs =\n"+
		"  prepare %.1fs (validation, importer files; RSS %d MB) + importer %.1fs + start %.1fs + finish %.1fs (checks, schema, load record)\n\n",
		float64(total(dir))/imp.total().Seconds(), float64(total(dir))/imp.total().Seconds()/baseAll, imp.total().Seconds(),
		imp.prepare.Seconds(), imp.prepareRSS, imp.importer.Seconds(), imp.start.Seconds(), imp.finish.Seconds())
	return nil
}

// total counts the rows of the dataset in dir (for the import's rate).
func total(dir string) int {
	src, _ := dataset.Dir(dir)
	sum, err := dataset.Validate(context.Background(), src, nil)
	if err != nil {
		return 0
	}
	return sum.TotalRows()
}

// compare loads dir with supplygraph load and with the baseline, each into
// a fresh Neo4j (baselineFirst: in that order), and prints both. With a
// warmDir, each loader first loads warmDir into its Neo4j (untimed), and
// the database is emptied before the timed load: a first load into an
// empty database of a Neo4j that has been running, as a server's is, rather
// than of one whose JIT compiler has compiled nothing yet.
func compare(bin, dir, warmDir string, n, batch int, baselineFirst bool) (baseAll float64, err error) {
	var (
		ours, base    map[string]float64
		rows          map[string]int
		all           int
		wall, writing time.Duration
		baseWall      time.Duration
		rss           int64
	)
	runOurs := func() error {
		// supplygraph load, as a separate process to measure its memory.
		db, err := benchutil.StartNeo4j("load")
		if err != nil {
			return err
		}
		if warmDir != "" {
			cmd := exec.Command(bin, "load", "--batch-size", strconv.Itoa(batch), warmDir)
			cmd.Env = append(os.Environ(), "NEO4J_URI="+db.URI())
			if out, err := cmd.CombinedOutput(); err != nil {
				db.Stop()
				return fmt.Errorf("supplygraph load (warm-up): %v\n%s", err, out)
			}
			if err := wipe(db.URI()); err != nil {
				db.Stop()
				return err
			}
		}
		cmd := exec.Command(bin, "load", "--batch-size", strconv.Itoa(batch), dir)
		cmd.Env = append(os.Environ(), "NEO4J_URI="+db.URI())
		start := time.Now()
		out, err := cmd.CombinedOutput()
		wall = time.Since(start)
		db.Stop()
		if err != nil {
			return fmt.Errorf("supplygraph load: %v\n%s", err, out)
		}
		rss = cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss / 1024
		ours, rows = map[string]float64{}, map[string]int{}
		for _, m := range fileLine.FindAllStringSubmatch(string(out), -1) {
			rows[m[1]], _ = strconv.Atoi(m[2])
			ours[m[1]], _ = strconv.ParseFloat(m[3], 64)
		}
		if m := totalLine.FindStringSubmatch(string(out)); m != nil {
			all, _ = strconv.Atoi(m[1])
			writing, _ = time.ParseDuration(m[2])
		}
		return nil
	}
	runBase := func() error {
		db, err := benchutil.StartNeo4j("baseline")
		if err != nil {
			return err
		}
		if warmDir != "" {
			if _, _, err := baseline(db.URI(), warmDir, batch); err != nil {
				db.Stop()
				return fmt.Errorf("warm-up: %w", err)
			}
			if err := wipe(db.URI()); err != nil {
				db.Stop()
				return err
			}
		}
		base, baseWall, err = baseline(db.URI(), dir, batch)
		db.Stop()
		return err
	}
	first, second := runOurs, runBase
	order := "supplygraph load, then the baseline"
	if baselineFirst {
		first, second, order = runBase, runOurs, "the baseline, then supplygraph load"
	}
	if err := first(); err != nil {
		return 0, err
	}
	if err := second(); err != nil {
		return 0, err
	}
	total := all
	into := "each into a fresh Neo4j (JIT compiler cold)"
	if warmDir != "" {
		into = "each into the emptied database of a Neo4j that has run a load of a fifth of the size with the same loader (JIT compiler warm)"
	}
	fmt.Printf("\n== bench-load: %d companies, %d rows, batch %d, 2 cores; %s, %s\n", n, total, batch, order, into)
	fmt.Printf("%-22s %10s %16s %16s %7s\n", "file", "rows", "supplygraph r/s", "baseline r/s", "ratio")
	for _, f := range dataset.Files {
		if rows[f] == 0 {
			continue
		}
		fmt.Printf("%-22s %10d %16.0f %16.0f %6.2fx\n", f, rows[f], ours[f], base[f], ours[f]/base[f])
	}
	oursAll := float64(total) / wall.Seconds()
	baseAll = float64(total) / baseWall.Seconds()
	fmt.Printf("%-22s %10d %16.0f %16.0f %6.2fx\n", "overall (wall clock)", total, oursAll, baseAll, oursAll/baseAll)
	fmt.Printf("supplygraph load: %.1fs = %.1fs writing + %.1fs before it (start, schema check, validation of every row and reference); baseline %.1fs without validation\n",
		wall.Seconds(), writing.Seconds(), (wall - writing).Seconds(), baseWall.Seconds())
	fmt.Printf("peak loader RSS: %d MB\n\n", rss)
	return baseAll, nil
}

// wipe deletes every node and relationship (the schema stays).
func wipe(uri string) error {
	ctx := context.Background()
	drv, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	if err != nil {
		return err
	}
	defer drv.Close(ctx)
	sess := drv.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, `MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS`, nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		return fmt.Errorf("emptying the database after the warm-up: %w", err)
	}
	return nil
}

// importTimes are the steps of an initial import.
type importTimes struct {
	prepare, importer, start, finish time.Duration
	prepareRSS                       int64
}

func (t importTimes) total() time.Duration { return t.prepare + t.importer + t.start + t.finish }

// initialImport imports dir into a fresh Neo4j the way `make import` does,
// timing each step.
func initialImport(bin, dir string) (importTimes, error) {
	var t importTimes
	files, err := os.MkdirTemp(filepath.Join(benchutil.Root(), ".data", "bench"), "import-")
	if err != nil {
		return t, err
	}
	defer os.RemoveAll(files)
	os.Remove(files) // prepare wants a new or empty directory
	db, err := benchutil.NewNeo4j("import")
	if err != nil {
		return t, err
	}
	defer db.Stop()
	step := func(into *time.Duration, f func() error) error {
		start := time.Now()
		err := f()
		*into = time.Since(start)
		return err
	}
	run := func(args ...string) error {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "NEO4J_URI="+db.URI())
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("supplygraph %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		if args[1] == "prepare" {
			t.prepareRSS = cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss / 1024
		}
		return nil
	}
	if err := step(&t.prepare, func() error { return run("import", "prepare", dir, files) }); err != nil {
		return t, err
	}
	if err := step(&t.importer, func() error { return db.Script("import", files) }); err != nil {
		return t, err
	}
	if err := step(&t.start, func() error { return db.Script("start") }); err != nil {
		return t, err
	}
	err = step(&t.finish, func() error { return run("import", "finish", files) })
	return t, err
}

// Baseline statements: what a hand-written import would do.
var baselineQueries = map[string]string{
	dataset.CompaniesFile: `UNWIND $rows AS row MERGE (c:Company {id: row.id})
SET c.name = row.name, c.kind = coalesce(row.kind, 'SUPPLIER'), c.country = row.country,
    c.disclosure = coalesce(row.disclosure, 'NONE'), c.metal = row.metal, c.rmiId = row.rmi_id, c.rmapStatus = row.rmap_status`,
	dataset.FacilitiesFile: `UNWIND $rows AS row MERGE (f:Facility {id: row.id})
SET f.name = row.name, f.country = row.country, f.type = row.type
WITH f, row MATCH (c:Company {id: row.company_id}) MERGE (f)-[:OPERATED_BY]->(c)`,
	dataset.CodesFile: `UNWIND $rows AS row MERGE (k:Code {id: row.id})
SET k.title = row.title, k.edition = toInteger(row.edition), k.issued = date(row.issued),
    k.minEdition = toInteger(coalesce(row.min_edition, row.edition)), k.validDays = toInteger(row.valid_days)
WITH k, row MATCH (c:Company {id: row.issuer_id}) MERGE (k)-[:ISSUED_BY]->(c)`,
	dataset.CodeAcceptsFile: `UNWIND $rows AS row MATCH (k:Code {id: row.code_id}), (a:Code {id: row.accepted_code_id}) MERGE (k)-[:ACCEPTS]->(a)`,
	dataset.SupplyLinksFile: `UNWIND $rows AS row MATCH (s:Company {id: row.supplier_id}), (c:Company {id: row.customer_id})
MERGE (s)-[r:SUPPLIES {material: coalesce(row.material, '')}]->(c)
SET r.since = date(row.since), r.until = date(row.until), r.share = toFloat(row.share)`,
	dataset.RequestsFile: `UNWIND $rows AS row MATCH (r:Company {id: row.requester_id}), (s:Company {id: row.supplier_id})
MERGE (r)-[q:REQUESTED {code: row.code_id}]->(s) SET q.date = date(row.date)`,
	dataset.AcknowledgmentsFile: `UNWIND $rows AS row MATCH (c:Company {id: row.company_id}), (k:Code {id: row.code_id})
MERGE (c)-[a:ACKNOWLEDGED {edition: toInteger(row.edition), date: date(row.date)}]->(k) SET a.signatory = row.signatory`,
	dataset.FindingsFile: `UNWIND $rows AS row MERGE (f:Finding {id: row.id})
SET f.category = row.category, f.severity = toInteger(row.severity), f.likelihood = toInteger(row.likelihood),
    f.status = coalesce(row.status, 'OPEN'), f.source = coalesce(row.source, 'OTHER'), f.detected = date(row.detected),
    f.closed = date(row.closed), f.description = row.description
WITH f, row OPTIONAL MATCH (c:Company {id: row.subject_id}) OPTIONAL MATCH (x:Facility {id: row.subject_id})
WITH f, coalesce(c, x) AS s WHERE s IS NOT NULL MERGE (f)-[:CONCERNS]->(s)`,
	dataset.ClausesFile: `UNWIND $rows AS row MATCH (k:Code {id: row.code_id})
MERGE (c:Clause {key: row.code_id + '/' + row.id})
SET c.code = row.code_id, c.id = row.id, c.chapter = row.chapter, c.title = row.title,
    c.topics = split(coalesce(row.topics, ''), ';'), c.introducedIn = toInteger(row.introduced_in),
    c.droppedIn = toInteger(row.dropped_in)
MERGE (k)-[:HAS_CLAUSE]->(c)`,
	dataset.ClauseCrosswalkFile: `UNWIND $rows AS row
MATCH (a:Clause {key: row.code_id + '/' + row.clause_id}), (b:Clause {key: row.equivalent_code_id + '/' + row.equivalent_clause_id})
MERGE (a)-[:EQUIVALENT_TO]->(b)`,
	dataset.FindingClausesFile: `UNWIND $rows AS row
MATCH (f:Finding {id: row.finding_id}), (c:Clause {key: row.code_id + '/' + row.clause_id})
MERGE (f)-[:CITES]->(c)`,
	dataset.ActionsFile: `UNWIND $rows AS row MERGE (a:Action {id: row.id})
SET a.kind = row.kind, a.description = row.description, a.responsible = row.responsible_id, a.opened = date(row.opened),
    a.due = date(row.due), a.status = row.status, a.done = date(row.done), a.verified = date(row.verified),
    a.verifiedBy = row.verified_by, a.level = row.level, a.supplier = row.supplier_id, a.customer = row.customer_id
WITH a, row MATCH (f:Finding {id: row.finding_id}) MERGE (a)-[:ADDRESSES]->(f)`,
}

// baseline loads dir with plain UNWIND/MERGE batches, one transaction per
// batch, after creating the same constraints; it returns rows/s per file.
func baseline(uri, dir string, batch int) (map[string]float64, time.Duration, error) {
	ctx := context.Background()
	store, err := neo4jstore.Open(neo4jstore.Config{URI: uri}, nil)
	if err != nil {
		return nil, 0, err
	}
	defer store.Close(ctx)
	start := time.Now()
	if err := store.Migrate(ctx); err != nil {
		return nil, 0, err
	}
	drv, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	if err != nil {
		return nil, 0, err
	}
	defer drv.Close(ctx)
	sess := drv.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(ctx)
	rates := map[string]float64{}
	for _, file := range dataset.Files {
		f, err := os.Open(filepath.Join(dir, file))
		if err != nil {
			continue
		}
		query := baselineQueries[file]
		if query == "" {
			f.Close()
			return nil, 0, fmt.Errorf("baseline: no statement for %s", file)
		}
		fstart := time.Now()
		r := csv.NewReader(f)
		header, _ := r.Read()
		n := 0
		rows := make([]map[string]any, 0, batch)
		flush := func() error {
			if len(rows) == 0 {
				return nil
			}
			_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
				res, err := tx.Run(ctx, query, map[string]any{"rows": rows})
				if err != nil {
					return nil, err
				}
				return res.Consume(ctx)
			})
			rows = make([]map[string]any, 0, batch)
			return err
		}
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				f.Close()
				return nil, 0, err
			}
			m := make(map[string]any, len(header))
			for i, h := range header {
				if rec[i] != "" {
					m[h] = rec[i]
				} else {
					m[h] = nil
				}
			}
			rows = append(rows, m)
			n++
			if len(rows) == batch {
				if err := flush(); err != nil {
					f.Close()
					return nil, 0, fmt.Errorf("baseline %s: %w", file, err)
				}
			}
		}
		if err := flush(); err != nil {
			f.Close()
			return nil, 0, fmt.Errorf("baseline %s: %w", file, err)
		}
		f.Close()
		rates[file] = float64(n) / time.Since(fstart).Seconds()
	}
	return rates, time.Since(start), nil
}
