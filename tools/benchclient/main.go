// Command benchclient is `make bench-client`: it loads a generated dataset
// (`supplygraph gen --companies N`) into Neo4j (a fresh one, or -uri), serves
// it with the real binary, and has the Python client (clients/python, in the
// virtual environment of scripts/pyenv.sh) fetch the cascade of the buyer
// `make bench-query` measures (83 315 entries at 100 000 companies) into a
// DataFrame, printing how long each way takes.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/tools/benchutil"
)

func main() {
	n := flag.Int("companies", 100000, "dataset size")
	seed := flag.Uint64("seed", 1, "generator seed")
	runs := flag.Int("runs", 5, "measured runs of each way")
	minChain := flag.Int("min-chain", 20000, "smallest chain to pick a focal buyer with (as bench-query)")
	uri := flag.String("uri", "", "use this Neo4j instead of a fresh one; the dataset is loaded unless the focal buyer is already there")
	flag.Parse()
	if err := run(*n, *seed, *runs, *minChain, *uri); err != nil {
		fmt.Fprintln(os.Stderr, "benchclient:", err)
		os.Exit(1)
	}
}

func run(n int, seed uint64, runs, minChain int, uri string) error {
	ctx := auth.With(context.Background(), auth.System)
	dir, _, err := benchutil.Dataset(n, seed)
	if err != nil {
		return err
	}
	focal, code, chain, err := pick(ctx, dir, minChain)
	if err != nil {
		return err
	}
	db, err := benchutil.Load(ctx, "client", uri, dir, focal)
	if err != nil {
		return err
	}
	defer db.Close()
	bin, err := benchutil.Binary()
	if err != nil {
		return err
	}
	python, err := exec.Command(filepath.Join(benchutil.Root(), "scripts", "pyenv.sh")).Output()
	if err != nil {
		return fmt.Errorf("scripts/pyenv.sh: %v", err)
	}
	env := append(os.Environ(), "NEO4J_URI="+db.URI)
	mk := exec.Command(bin, "apikey", "create", "--role", "viewer", "--name", "bench-client", "--quiet")
	mk.Env = env
	key, err := mk.Output()
	if err != nil {
		return fmt.Errorf("apikey create: %v", err)
	}
	free, err := benchutil.FreeAddr()
	if err != nil {
		return err
	}
	addr := free.String()
	srv := exec.Command(bin, "serve", "--addr", addr)
	srv.Env = env
	srv.Stderr = nil
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() { srv.Process.Signal(os.Interrupt); srv.Wait() }()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(200 * time.Millisecond) {
		if r, err := http.Get("http://" + addr + "/readyz"); err == nil {
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("serve on %s not ready after a minute", addr)
		}
	}
	fmt.Printf("== %d companies: cascade of %s for %s at 2026-06-01, a chain of %d companies\n", n, focal, code, chain)
	cmd := exec.Command(strings.TrimSpace(string(python)), filepath.Join(benchutil.Root(), "clients", "python", "bench", "cascade.py"),
		"--focal", focal, "--code", code, "--as-of", "2026-06-01", "--runs", fmt.Sprint(runs), "--expect", fmt.Sprint(chain))
	cmd.Env = append(os.Environ(), "SUPPLYGRAPH_URL=http://"+addr+"/graphql", "SUPPLYGRAPH_API_KEY="+strings.TrimSpace(string(key)))
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}

// pick returns the buyer bench-query measures: the smallest chain of at
// least minChain companies over at least 6 tiers, and the code it issues.
func pick(ctx context.Context, dir string, minChain int) (focal, code string, chain int, err error) {
	asOf, _ := domain.ParseDate("2026-06-01")
	src, _ := dataset.Dir(dir)
	var links []domain.SupplyLink
	var buyers []string
	issuer := map[string]string{}
	for _, f := range []string{dataset.CompaniesFile, dataset.SupplyLinksFile, dataset.CodesFile} {
		err = dataset.Records(ctx, src, f, func(r any) error {
			switch x := r.(type) {
			case domain.Company:
				if x.Kind == domain.KindBuyer {
					buyers = append(buyers, x.ID)
				}
			case domain.SupplyLink:
				links = append(links, x)
			case domain.Code:
				if x.IssuerID != "" {
					issuer[x.IssuerID] = x.ID
				}
			}
			return nil
		})
		if err != nil {
			return
		}
	}
	g := analysis.ActiveGraph(links, asOf)
	sort.Strings(buyers)
	for _, b := range buyers {
		t := analysis.Chain(g, b, 10)
		deepest := 0
		for _, v := range t {
			deepest = max(deepest, v)
		}
		if len(t) >= minChain && deepest >= 6 && (focal == "" || len(t) < chain) {
			focal, chain = b, len(t)
		}
	}
	if focal == "" {
		return "", "", 0, fmt.Errorf("no buyer has a chain of %d companies over 6 tiers; use a larger dataset", minChain)
	}
	return focal, issuer[focal], chain, nil
}
