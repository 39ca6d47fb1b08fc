// Package benchutil holds what the benchmark programs share: fresh Neo4j
// instances from scripts/neo4j.sh, cached generated datasets, the binary.
package benchutil

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/internal/gen"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
)

// Root is the repository root (the benchmarks run from it via make).
func Root() string {
	wd, _ := os.Getwd()
	return wd
}

// Neo4j is a throwaway Neo4j instance.
type Neo4j struct {
	Port int
	Dir  string
}

// URI is its Bolt URI.
func (n *Neo4j) URI() string { return "bolt://127.0.0.1:" + strconv.Itoa(n.Port) }

func (n *Neo4j) env() []string {
	return append(os.Environ(), fmt.Sprintf("NEO4J_BOLT_PORT=%d", n.Port), "NEO4J_DATA_DIR="+n.Dir,
		"NEO4J_HEAP="+envOr("BENCH_NEO4J_HEAP", "4g"), "NEO4J_PAGECACHE="+envOr("BENCH_NEO4J_PAGECACHE", "4g"))
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// StartNeo4j starts a fresh Neo4j on a free port with an empty data dir.
func StartNeo4j(name string) (*Neo4j, error) {
	n, err := NewNeo4j(name)
	if err != nil {
		return nil, err
	}
	return n, n.Script("start")
}

// FreeAddr returns a loopback address with a port free at the time of the call.
func FreeAddr() (*net.TCPAddr, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr), nil
}

// NewNeo4j prepares a Neo4j on a free port with an empty data dir, not
// started.
func NewNeo4j(name string) (*Neo4j, error) {
	addr, err := FreeAddr()
	if err != nil {
		return nil, err
	}
	port := addr.Port
	dir := filepath.Join(Root(), ".data", "bench", fmt.Sprintf("neo4j-%s-%d", name, port))
	os.RemoveAll(dir)
	return &Neo4j{Port: port, Dir: dir}, nil
}

// Script runs scripts/neo4j.sh with args for the instance.
func (n *Neo4j) Script(args ...string) error {
	cmd := exec.Command(filepath.Join(Root(), "scripts", "neo4j.sh"), args...)
	cmd.Env = n.env()
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("neo4j.sh %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// Stop stops the instance and deletes its data.
func (n *Neo4j) Stop() {
	cmd := exec.Command(filepath.Join(Root(), "scripts", "neo4j.sh"), "stop")
	cmd.Env = n.env()
	cmd.Run()
	os.RemoveAll(n.Dir)
}

// Dataset returns the directory of `gen --companies n --seed seed`,
// generating it once into .data/bench. The cache is kept only while the
// generator's source is the same (its hash is in the .complete marker): a
// dataset of an earlier generator may lack files the current one writes,
// and its figures would not be what a fresh clone measures.
func Dataset(n int, seed uint64) (string, gen.Stats, error) {
	dir := filepath.Join(Root(), ".data", "bench", fmt.Sprintf("gen-%d-s%d", n, seed))
	done := filepath.Join(dir, ".complete")
	cfg := gen.Config{Companies: n, Seed: seed}
	rev, err := generatorRevision()
	if err != nil {
		return "", gen.Stats{}, err
	}
	if b, err := os.ReadFile(done); err == nil && string(b) == rev {
		return dir, gen.Stats{}, nil
	}
	os.RemoveAll(dir)
	st, err := gen.Generate(cfg, dir)
	if err != nil {
		return "", st, err
	}
	if _, err := gen.GenerateMinerals(cfg, dir); err != nil {
		return "", st, err
	}
	os.WriteFile(done, []byte(rev), 0o644)
	return dir, st, nil
}

// generatorRevision is a hash of the generator's source files.
func generatorRevision() (string, error) {
	files, err := filepath.Glob(filepath.Join(Root(), "internal", "gen", "*.go"))
	if err != nil || len(files) == 0 {
		return "", fmt.Errorf("cannot find the generator's source under %s: %v", Root(), err)
	}
	h := sha256.New()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", filepath.Base(f), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// LoadMinerals imports the declarations and dated RMAP statuses of a
// generated dataset (gen.GenerateMinerals) unless the database holds
// declarations already.
func LoadMinerals(ctx context.Context, svc *explorer.Service, dir string) error {
	ctx = auth.With(ctx, auth.System)
	root := filepath.Join(dir, gen.MineralsDir)
	entries, err := os.ReadDir(filepath.Join(root, "cmrt"))
	if err != nil || len(entries) == 0 {
		return err
	}
	if have, err := svc.DeclarationsOf(ctx, []string{entries[0].Name()}); err != nil || len(have) > 0 {
		return err
	}
	var sets []explorer.CompanyFiles
	for _, e := range entries {
		paths, _ := filepath.Glob(filepath.Join(root, "cmrt", e.Name(), "*.xlsx"))
		set := explorer.CompanyFiles{Company: e.Name()}
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			set.Files = append(set.Files, explorer.NamedReader{Name: filepath.Base(p), R: bytes.NewReader(b)})
		}
		sets = append(sets, set)
	}
	t0 := time.Now()
	imp, err := svc.ImportDeclarations(ctx, "bench", sets, false)
	if err != nil {
		return err
	}
	f, err := os.Open(filepath.Join(root, "rmap_history.csv"))
	if err != nil {
		return err
	}
	defer f.Close()
	n, _, err := svc.UpdateRMAPStatuses(ctx, explorer.NamedReader{Name: "rmap_history.csv", R: f}, nil, false)
	if err != nil {
		return err
	}
	fmt.Printf("== minerals: %d declarations of %d suppliers and %d dated RMAP statuses imported in %.1fs\n",
		len(imp.Declarations), len(sets), n, time.Since(t0).Seconds())
	return nil
}

// Binary builds bin/supplygraph and returns its path.
func Binary() (string, error) {
	bin := filepath.Join(Root(), "bin", "supplygraph")
	out, err := exec.Command("go", "build", "-o", bin, "./cmd/supplygraph").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
}

// Sizes parses a comma-separated list of sizes.
func Sizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("invalid size %q", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// Loaded is a Neo4j holding a dataset, and the service over it.
type Loaded struct {
	URI     string
	Service *explorer.Service
	close   func()
}

// Close releases the store and stops the Neo4j that Load started, if any.
func (l *Loaded) Close() { l.close() }

// Load opens the Neo4j at uri (empty: a fresh one named name, started here),
// migrates it and loads the dataset in dir unless focal is already there
// (a -uri run again on the same dataset skips the load).
func Load(ctx context.Context, name, uri, dir, focal string) (*Loaded, error) {
	stop := func() {}
	if uri == "" {
		db, err := StartNeo4j(name)
		if err != nil {
			return nil, err
		}
		uri, stop = db.URI(), db.Stop
	}
	store, err := neo4jstore.Open(neo4jstore.Config{URI: uri}, nil)
	if err != nil {
		stop()
		return nil, err
	}
	l := &Loaded{URI: uri, Service: explorer.New(store), close: func() { store.Close(context.WithoutCancel(ctx)); stop() }}
	if err := store.Migrate(ctx); err != nil {
		l.Close()
		return nil, err
	}
	have, err := store.CompaniesByID(ctx, []string{focal})
	if err == nil && len(have) == 0 {
		src, _ := dataset.Dir(dir)
		fmt.Printf("== loading %s\n", dir)
		_, _, err = l.Service.Load(auth.With(ctx, auth.System), src, neo4jstore.LoadOptions{Origin: "bench"}, false)
	}
	if err == nil {
		err = LoadMinerals(ctx, l.Service, dir)
	}
	if err != nil {
		l.Close()
		return nil, err
	}
	return l, nil
}
