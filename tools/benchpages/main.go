// Command benchpages is `make bench-pages`: it loads a generated dataset
// (`supplygraph gen --companies N`) into a fresh local Neo4j (or the one at
// -uri), picks the company whose number of suppliers is nearest -suppliers,
// and times entity pages two ways, in alternating runs: through GraphQL
// (HTTP to an in-process server, as a client sees it) and as one raw Cypher
// statement through the driver that returns the same page (the same items,
// fields and totalCount). It prints p50 and p99 of each and their ratio.
package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/supplygraph/supplygraph/graph"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/tools/benchutil"
)

func main() {
	n := flag.Int("companies", 100000, "dataset size")
	seed := flag.Uint64("seed", 1, "generator seed")
	want := flag.Int("suppliers", 1700, "pick the company whose number of suppliers is nearest this")
	runs := flag.Int("runs", 300, "measured runs per page and path")
	uri := flag.String("uri", "", "use this Neo4j instead of a fresh one; the dataset is loaded unless its company is already there")
	flag.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the GraphQL runs of the first page to this file")
	flag.Parse()
	if err := run(*n, *seed, *want, *runs, *uri); err != nil {
		fmt.Fprintln(os.Stderr, "benchpages:", err)
		os.Exit(1)
	}
}

var cpuProfile string

// A page measured both ways.
type page struct {
	name    string
	graphql string
	cypher  string
	params  map[string]any
}

// Raw Cypher: what one would write by hand for the same page (the same
// items, links, fields and total), with no paging framework around it.
const (
	rawSuppliers = `
MATCH (c:Company {id: $id})
CALL (c) { MATCH (p:Company)-[:SUPPLIES]->(c) RETURN count(DISTINCT p) AS total }
MATCH (p:Company)-[:SUPPLIES]->(c)
WHERE p.id > $after
WITH DISTINCT c, total, p ORDER BY p.id LIMIT $first
MATCH (p)-[r:SUPPLIES]->(c)
RETURN total, p {.id, .name, .kind, .country} AS p, collect(r {.material, .since, .until, .share}) AS links`

	rawCustomers = `
MATCH (c:Company {id: $id})
CALL (c) { MATCH (c)-[:SUPPLIES]->(p:Company) RETURN count(DISTINCT p) AS total }
MATCH (c)-[:SUPPLIES]->(p:Company)
WHERE p.id > $after
WITH DISTINCT c, total, p ORDER BY p.id LIMIT $first
MATCH (c)-[r:SUPPLIES]->(p)
RETURN total, p {.id, .name, .kind, .country} AS p, collect(r {.material, .since, .until, .share}) AS links`

	rawCompanies = `
CALL () { MATCH (c:Company) RETURN count(c) AS total }
MATCH (c:Company) WHERE c.id > $after
WITH total, c ORDER BY c.id LIMIT $first
RETURN total, c {.id, .name, .kind, .country} AS c`

	rawSearch = `
MATCH (c:Company) WHERE c.kind = $kind
WITH c ORDER BY c.id
WITH collect(c) AS items
RETURN size(items) AS total, [c IN [x IN items WHERE x.id > $after][0..$first] | c {.id, .name, .kind, .country}] AS page`
)

func run(n int, seed uint64, want, runs int, uri string) error {
	ctx := auth.With(context.Background(), viewer)
	dir, _, err := benchutil.Dataset(n, seed)
	if err != nil {
		return err
	}
	company, suppliers, middle, customerOf, customers, err := pick(ctx, dir, want)
	if err != nil {
		return err
	}
	db, err := benchutil.Load(ctx, "pages", uri, dir, company)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := db.Service
	svc.UseSnapshot(explorer.SnapshotOptions{Enabled: true}) // as serve runs
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(900 << 20) // serve's default --memory-limit
	}
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(75) // serve's
	}
	if err := svc.WarmUp(ctx); err != nil {
		return err
	}
	drv, err := neo4j.NewDriverWithContext(db.URI, neo4j.NoAuth())
	if err != nil {
		return err
	}
	defer drv.Close(context.Background())
	h := graph.NewHandler(svc, graph.Options{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(auth.With(r.Context(), viewer)))
	}))
	defer srv.Close()

	partner := `totalCount edges { cursor node { id name kind country } links { material since until share } } pageInfo { hasNextPage endCursor }`
	cursor := graphCursor(middle)
	pages := []page{
		{"suppliers first 50", fmt.Sprintf(`{ company(id: %q) { suppliers(first: 50) { %s } } }`, company, partner),
			rawSuppliers, map[string]any{"id": company, "after": "", "first": int64(50)}},
		{"suppliers 50 after", fmt.Sprintf(`{ company(id: %q) { suppliers(first: 50, after: %q) { %s } } }`, company, cursor, partner),
			rawSuppliers, map[string]any{"id": company, "after": middle, "first": int64(50)}},
		{"customers first 50", fmt.Sprintf(`{ company(id: %q) { customers(first: 50) { %s } } }`, customerOf, partner),
			rawCustomers, map[string]any{"id": customerOf, "after": "", "first": int64(50)}},
		{"companies first 50", `{ companies(first: 50) { totalCount edges { cursor node { id name kind country } } pageInfo { hasNextPage endCursor } } }`,
			rawCompanies, map[string]any{"after": "", "first": int64(50)}},
		{"companies kind 50", `{ companies(kind: SMELTER, first: 50) { totalCount edges { cursor node { id name kind country } } pageInfo { hasNextPage endCursor } } }`,
			rawSearch, map[string]any{"kind": "SMELTER", "after": "", "first": int64(50)}},
	}
	fmt.Printf("\n== bench-pages: %d companies; suppliers of %s (%d suppliers), customers of %s (%d customers); %d runs each, alternating; 2 cores\n",
		n, company, suppliers, customerOf, customers, runs)
	fmt.Println("   graphql: POST over HTTP to an in-process server, answer read whole; cypher: one statement through the driver, records read whole")
	fmt.Printf("%-20s %12s %12s %12s %12s %9s\n", "page", "graphql p50", "graphql p99", "cypher p50", "cypher p99", "gql/cyp")
	for _, p := range pages {
		gql := query(srv.URL, p.graphql)
		cyp := func(ctx context.Context) error {
			_, err := neo4j.ExecuteQuery(ctx, drv, p.cypher, p.params, neo4j.EagerResultTransformer,
				neo4j.ExecuteQueryWithReadersRouting())
			return err
		}
		if cpuProfile != "" && p.name == pages[0].name {
			f, err := os.Create(cpuProfile)
			if err != nil {
				return err
			}
			pprof.StartCPUProfile(f)
			for range runs {
				if err := gql(ctx); err != nil {
					return err
				}
			}
			pprof.StopCPUProfile()
			f.Close()
		}
		g, c, err := measurePair(ctx, gql, cyp, runs)
		if err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
		fmt.Printf("%-20s %12s %12s %12s %12s %8.2fx\n", p.name, ms(g[0]), ms(g[1]), ms(c[0]), ms(c[1]), float64(g[0])/float64(c[0]))
	}
	return nil
}

// graphCursor is the cursor GraphQL gives a partner or company edge
// (documented in docs/api.md): base64url of "id:" and the id.
func graphCursor(id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("id:" + id))
}

// viewer is the principal of every request, as a viewer key's would be.
var viewer = &auth.Principal{Role: auth.Viewer}

// pick returns the company whose number of distinct suppliers is nearest
// want, the id of its middle supplier (a cursor into the middle of its
// list), and the company with the most customers.
func pick(ctx context.Context, dir string, want int) (company string, suppliers int, middle, customerOf string, customers int, err error) {
	src, err := dataset.Dir(dir)
	if err != nil {
		return
	}
	sup, cus := map[string]map[string]bool{}, map[string]map[string]bool{}
	err = dataset.Records(ctx, src, dataset.SupplyLinksFile, func(r any) error {
		l := r.(domain.SupplyLink)
		if sup[l.CustomerID] == nil {
			sup[l.CustomerID] = map[string]bool{}
		}
		if cus[l.SupplierID] == nil {
			cus[l.SupplierID] = map[string]bool{}
		}
		sup[l.CustomerID][l.SupplierID] = true
		cus[l.SupplierID][l.CustomerID] = true
		return nil
	})
	if err != nil {
		return
	}
	best := -1
	for id, s := range sup {
		d := abs(len(s) - want)
		if best < 0 || d < best || d == best && id < company {
			best, company, suppliers = d, id, len(s)
		}
	}
	for id, c := range cus {
		if len(c) > customers || len(c) == customers && id < customerOf {
			customerOf, customers = id, len(c)
		}
	}
	ids := make([]string, 0, suppliers)
	for id := range sup[company] {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if len(ids) == 0 {
		return "", 0, "", "", 0, fmt.Errorf("no company has suppliers")
	}
	return company, suppliers, ids[len(ids)/2], customerOf, customers, nil
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// query returns a function that posts q and reads the whole answer,
// failing on an answer with errors.
func query(url, q string) func(context.Context) error {
	body, _ := json.Marshal(map[string]string{"query": q})
	var buf bytes.Buffer
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, "POST", url, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		buf.Reset()
		if _, err := buf.ReadFrom(resp.Body); err != nil {
			return err
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte(`{"data":`)) {
			return fmt.Errorf("answer with errors: %.300s", buf.String())
		}
		return nil
	}
}

// measurePair warms both paths up, then runs them runs times each in
// alternating order (so that both see the same state of Neo4j and of the
// process) and returns p50 and p99 of each.
func measurePair(ctx context.Context, a, b func(context.Context) error, runs int) (pa, pb [2]time.Duration, err error) {
	for i := 0; i < 10; i++ {
		if err := a(ctx); err != nil {
			return pa, pb, fmt.Errorf("via GraphQL: %w", err)
		}
		if err := b(ctx); err != nil {
			return pa, pb, fmt.Errorf("raw Cypher: %w", err)
		}
	}
	as, bs := make([]time.Duration, runs), make([]time.Duration, runs)
	for i := 0; i < runs; i++ {
		first, second := a, b
		fi, si := &as[i], &bs[i]
		if i%2 == 1 {
			first, second, fi, si = b, a, &bs[i], &as[i]
		}
		t := time.Now()
		if err := first(ctx); err != nil {
			return pa, pb, err
		}
		*fi = time.Since(t)
		t = time.Now()
		if err := second(ctx); err != nil {
			return pa, pb, err
		}
		*si = time.Since(t)
	}
	return percentiles(as), percentiles(bs), nil
}

func percentiles(ds []time.Duration) [2]time.Duration {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	p := func(q float64) time.Duration { return ds[min(len(ds)-1, int(q*float64(len(ds))))] }
	return [2]time.Duration{p(0.50), p(0.99)}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
