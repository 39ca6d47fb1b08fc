// Command benchquery is `make bench-query`: it loads a generated dataset
// (`supplygraph gen --companies N`) into a fresh local Neo4j, picks a buyer
// whose chain has at least 20k companies over at least 6 tiers, and prints
// p50/p99 over warm runs of each analysis query, through GraphQL (HTTP, in
// process) and through the service directly (no HTTP, no GraphQL).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/supplygraph/supplygraph/graph"
	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/tools/benchutil"
)

func main() {
	n := flag.Int("companies", 100000, "dataset size")
	seed := flag.Uint64("seed", 1, "generator seed")
	runs := flag.Int("runs", 200, "measured runs per query and path, at least (p99 of 50 runs would be the slowest one); a fast query gets more, up to 2,000 or about 2 s of runs, for a steadier p99")
	minChain := flag.Int("min-chain", 20000, "smallest chain to pick a focal buyer with")
	uri = flag.String("uri", "", "use this Neo4j instead of a fresh one; the dataset is loaded unless the focal buyer is already there (use a database holding this dataset or nothing)")
	profile = flag.String("cpuprofile", "", "write a CPU profile of the GraphQL runs of -profile-query to this file")
	profileQuery = flag.String("profile-query", "riskExposure", "the queries -cpuprofile profiles (comma-separated: one profile each, named -cpuprofile.QUERY)")
	memProfile = flag.String("memprofile", "", "write an allocation profile of the whole run to this file")
	only = flag.String("only", "", "measure only these queries (comma-separated names, e.g. impact,floor)")
	clients = flag.Int("clients", 32, "concurrent analysis clients of a `supplygraph serve` started on the database (0: skip that part)")
	loadFor = flag.Duration("load-for", 30*time.Second, "how long the concurrent clients ask")
	write = flag.Bool("write", true, "measure the next answer after a one-row mutation (writes one acknowledgment)")
	flag.Parse()
	if err := run(*n, *seed, *runs, *minChain); err != nil {
		fmt.Fprintln(os.Stderr, "benchquery:", err)
		os.Exit(1)
	}
	if *memProfile != "" {
		f, err := os.Create(*memProfile)
		if err == nil {
			err = pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchquery:", err)
			os.Exit(1)
		}
	}
}

var (
	profile, profileQuery, uri, memProfile, only *string
	clients                                      *int
	loadFor                                      *time.Duration
	write                                        *bool
)

type question struct {
	name    string
	graphql string
	direct  func(ctx context.Context) error
}

func run(n int, seed uint64, runs, minChain int) error {
	ctx := auth.With(context.Background(), viewer)
	dir, _, err := benchutil.Dataset(n, seed)
	if err != nil {
		return err
	}
	asOf, _ := domain.ParseDate("2026-06-01")
	focal, code, chain, tiers, from, tops, err := pick(ctx, dir, asOf, minChain)
	if err != nil {
		return err
	}
	db, err := benchutil.Load(ctx, "query", *uri, dir, focal)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := db.Service
	snapshot := os.Getenv("BENCH_SNAPSHOT") != "false"
	svc.UseSnapshot(explorer.SnapshotOptions{Enabled: snapshot})
	t0 := time.Now()
	if err := svc.WarmUp(ctx); err != nil {
		return err
	}
	if snapshot {
		fmt.Printf("== analysis snapshot built in %.1fs\n", time.Since(t0).Seconds())
	}
	// The server's time per request is measured too (from the handler's
	// start to its end), to tell what GraphQL costs from what the HTTP
	// exchange costs.
	const timeout = time.Minute
	served := &serverTimes{}
	srv := httptest.NewServer(served.wrap(graph.NewHandler(svc, graph.Options{Timeout: timeout})))
	defer srv.Close()
	cl := &client{url: srv.URL}

	d, lim, plim := 10, 20, 10
	// impact is asked of the median mine or smelter of the chain (by id),
	// and of the one affecting the most companies.
	source, widest, most := tops[len(tops)/2], "", -1
	for _, id := range tops {
		r, err := svc.Impact(ctx, id, nil, &d, &asOf)
		if err != nil {
			return err
		}
		if len(r.Affected) > most {
			widest, most = id, len(r.Affected)
		}
	}
	impact := func(source string) (string, func(context.Context) error) {
		return fmt.Sprintf(`{ impact(source: %q, asOf: "2026-06-01") { affected { company { id } distance weight } buyers { id } } }`, source),
			func(ctx context.Context) error { _, err := svc.Impact(ctx, source, nil, &d, &asOf); return err }
	}
	impactQ, impactF := impact(source)
	widestQ, widestF := impact(widest)
	// Realistic selections: what a client shows (names, kinds, countries,
	// paths with names), beside the { id } ones above.
	impactNames := func(source string) string {
		return fmt.Sprintf(`{ impact(source: %q, asOf: "2026-06-01") { affected { company { id name kind country } distance weight } buyers { id name kind country } } }`, source)
	}
	impactPaths := func(source string) string {
		return fmt.Sprintf(`{ impact(source: %q, asOf: "2026-06-01") { affected { company { id name kind country } distance weight path { id name } } buyers { id name } } }`, source)
	}
	lim500 := 500
	qs := []question{
		{"cascade", fmt.Sprintf(`{ cascade(focal: %q, code: %q, asOf: "2026-06-01") { tiers { tier companies covered stale pending notRequested reached coverage } entries(first: 100) { totalCount edges { node { company { id } tier status reached } } } } }`, focal, code),
			func(ctx context.Context) error { _, err := svc.Cascade(ctx, focal, code, &d, &asOf); return err }},
		{"uncoveredTiers", fmt.Sprintf(`{ uncoveredTiers(focal: %q, code: %q, asOf: "2026-06-01", threshold: 0.8) { firstUncoveredTier truncated tiers { tier companies covered coverage openEnds ackGap visibilityGap uncovered } } }`, focal, code),
			func(ctx context.Context) error {
				th := 0.8
				_, err := svc.UncoveredTiers(ctx, focal, code, &th, &d, &asOf)
				return err
			}},
		{"riskExposure", fmt.Sprintf(`{ riskExposure(focal: %q, asOf: "2026-06-01") { sources { source { id category base } path { id } hops weight score partner { id } } byCategory { category count maxScore } byPartner { partner { id } count maxScore } } }`, focal),
			func(ctx context.Context) error {
				_, err := svc.RiskExposure(ctx, focal, nil, nil, &d, &lim, &asOf)
				return err
			}},
		{"riskPaths", fmt.Sprintf(`{ riskPaths(from: %q, to: %q, asOf: "2026-06-01", limit: 10) { nodes { id } hops weight } }`, from, focal),
			func(ctx context.Context) error {
				_, err := svc.RiskPaths(ctx, from, focal, nil, &d, &plim, &asOf)
				return err
			}},
		{"impact", impactQ, impactF},
		{"impact widest", widestQ, widestF},
		{"mineralsReport", fmt.Sprintf(`{ mineralsReport(focal: %q, metal: "TIN", asOf: "2026-06-01") { tiers { tier companies current stale none rate } responseRate allSmeltersIdentified conformantShare smelters { company { id } rmapStatus disclosed tier namedBy { id } } contradictions { kind declarer { id } supplier { id } smelter { id } } } }`, focal),
			func(ctx context.Context) error {
				_, err := svc.MineralsReport(ctx, focal, "TIN", &d, nil, &asOf)
				return err
			}},
		{"clauseCoverage", fmt.Sprintf(`{ clauseCoverage(focal: %q, code: %q, asOf: "2026-06-01") { clauses { clause { id } companies committed coveredNotCommitted tiers { tier companies committed coveredNotCommitted commitment } uncommitted(first: 100) { totalCount edges { node { id } } } } } }`, focal, code),
			func(ctx context.Context) error {
				_, err := svc.ClauseCoverage(ctx, focal, code, nil, &d, &asOf)
				return err
			}},
		{"remediation", fmt.Sprintf(`{ remediation(focal: %q, code: %q, asOf: "2026-06-01") { findingsWithOverdue overdueActions withoutRoute byEscalation { level findings } findingsConnection(first: 100) { totalCount edges { node { finding { id } company { id } tier daysOpen overdueActions escalation actions { action { id kind } statusOnDate overdue } route { path { id } weight } blockers { id } } } } } }`, focal, code),
			func(ctx context.Context) error {
				_, err := svc.Remediation(ctx, focal, code, nil, &d, &asOf)
				return err
			}},
		{"remediation all", fmt.Sprintf(`{ remediation(focal: %q, code: %q, asOf: "2026-06-01") { findings { finding { id } company { id } tier daysOpen overdueActions escalation actions { action { id kind } statusOnDate overdue } route { path { id } weight } blockers { id } } } }`, focal, code),
			func(ctx context.Context) error {
				_, err := svc.Remediation(ctx, focal, code, nil, &d, &asOf)
				return err
			}},
		{"cascade names", fmt.Sprintf(`{ cascade(focal: %q, code: %q, asOf: "2026-06-01") { tiers { tier companies covered coverage } entries(first: 100) { totalCount edges { node { company { id name kind country } tier status reached requestedBy { id name } } } } } }`, focal, code),
			func(ctx context.Context) error { _, err := svc.Cascade(ctx, focal, code, &d, &asOf); return err }},
		{"riskExposure names", fmt.Sprintf(`{ riskExposure(focal: %q, asOf: "2026-06-01") { sources { source { id category base company { id name kind country } } path { id name } hops weight score partner { id name country } } byCategory { category count maxScore } byPartner { partner { id name kind country } count maxScore } } }`, focal),
			func(ctx context.Context) error {
				_, err := svc.RiskExposure(ctx, focal, nil, nil, &d, &lim, &asOf)
				return err
			}},
		{"riskExposure 500", fmt.Sprintf(`{ riskExposure(focal: %q, asOf: "2026-06-01", limit: 500) { sources { source { id category base company { id name kind country } } path { id name } hops weight score partner { id name country } } } }`, focal),
			func(ctx context.Context) error {
				_, err := svc.RiskExposure(ctx, focal, nil, nil, &d, &lim500, &asOf)
				return err
			}},
		{"riskPaths names", fmt.Sprintf(`{ riskPaths(from: %q, to: %q, asOf: "2026-06-01", limit: 10) { nodes { id name kind country } hops weight } }`, from, focal),
			func(ctx context.Context) error {
				_, err := svc.RiskPaths(ctx, from, focal, nil, &d, &plim, &asOf)
				return err
			}},
		{"impact names", impactNames(source), impactF},
		{"impact paths", impactPaths(source), impactF},
		{"impact widest names", impactNames(widest), widestF},
		{"impact widest paths", impactPaths(widest), widestF},
		// The paged connections beside the long lists: a page of 100
		// with the realistic selection.
		{"impact widest page", fmt.Sprintf(`{ impact(source: %q, asOf: "2026-06-01") { affectedConnection(first: 100) { totalCount edges { node { company { id name kind country } distance weight path { id name } } } pageInfo { hasNextPage endCursor } } } }`, widest), widestF},
		{"riskExposure page", fmt.Sprintf(`{ riskExposure(focal: %q, asOf: "2026-06-01") { sourcesConnection(first: 100) { totalCount edges { node { source { id category base company { id name kind country } } path { id name } hops weight score partner { id name country } } } pageInfo { hasNextPage endCursor } } } }`, focal),
			func(ctx context.Context) error {
				_, err := svc.RiskExposure(ctx, focal, nil, nil, &d, &lim, &asOf)
				return err
			}},
		// The floor: what any GraphQL request costs here (HTTP round
		// trip, parsing, executing one field, writing JSON), against a
		// direct call that does nothing.
		{"floor", `{ __typename }`, func(ctx context.Context) error { return ctx.Err() }},
		// The floor of a question that waits on Neo4j once (every
		// question reads the data version first): one company by id.
		{"floor+neo4j", fmt.Sprintf(`{ company(id: %q) { id } }`, focal), func(ctx context.Context) error {
			_, err := svc.CompaniesOf(ctx, []string{focal})
			return err
		}},
	}
	fmt.Printf("\n== bench-query: %d companies; focal %s (chain %d companies over %d tiers at depth 10), code %s; riskPaths from %s; impact of %s (median) and %s (widest, %d companies); floor is { __typename }, floor+neo4j one company by id; at least %d warm runs (runs: how many), 2 cores\n",
		n, focal, chain, tiers, code, from, source, widest, most, runs)
	fmt.Println("   graphql: over HTTP, as a client sees it; server: the handler's time for the same requests; direct: the service called in process, under the same request deadline")
	fmt.Println("   names, paths, 500, page: realistic selections (names, kinds, countries; paths with names; 500 sources; a page of 100 of a paged connection); the others select ids")
	fmt.Printf("%-22s %12s %12s %12s %12s %12s %9s %9s %9s %10s %6s\n", "query", "graphql p50", "graphql p99", "server p50", "direct p50", "direct p99", "p99/p50", "gql/dir", "srv/dir", "response", "runs")
	for _, q := range qs {
		if *only != "" && !slices.Contains(strings.Split(*only, ","), q.name) {
			continue
		}
		viaGQL := cl.query(q.graphql)
		// A direct call runs under the deadline every request runs under
		// in the server (the Neo4j driver watches a deadline with a
		// goroutine per read and write: both paths pay for it).
		direct := func(ctx context.Context) error {
			ctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			return q.direct(ctx)
		}
		if *profile != "" && slices.Contains(strings.Split(*profileQuery, ","), q.name) {
			name := *profile
			if strings.Contains(*profileQuery, ",") {
				name += "." + strings.ReplaceAll(q.name, " ", "_")
			}
			f, err := os.Create(name)
			if err != nil {
				return err
			}
			pprof.StartCPUProfile(f)
			_, err = measure(ctx, viaGQL, runs)
			pprof.StopCPUProfile()
			f.Close()
			if err != nil {
				return err
			}
		}
		served.start(runs)
		g, dr, n, err := measurePair(ctx, viaGQL, direct, runs)
		sv := served.stop()
		if err != nil {
			return fmt.Errorf("%s: %w", q.name, err)
		}
		ratio, sratio := fmt.Sprintf("%8.2fx", float64(g[0])/float64(dr[0])), fmt.Sprintf("%8.2fx", float64(sv[0])/float64(dr[0]))
		if q.name == "floor" {
			ratio, sratio = fmt.Sprintf("%9s", "-"), fmt.Sprintf("%9s", "-")
		}
		fmt.Printf("%-22s %12s %12s %12s %12s %12s %8.2fx %s %s %8.1fkB %6d\n", q.name, ms(g[0]), ms(g[1]), ms(sv[0]), ms(dr[0]), ms(dr[1]),
			float64(g[1])/float64(g[0]), ratio, sratio, float64(cl.size)/1024, n)
	}
	if *write && snapshot {
		if err := afterWrite(ctx, svc, focal, code, asOf); err != nil {
			return err
		}
	}
	if *clients > 0 {
		var mixed []question
		for _, q := range qs {
			if slices.Contains([]string{"cascade", "uncoveredTiers", "riskExposure", "riskPaths", "impact"}, q.name) {
				mixed = append(mixed, q)
			}
		}
		return underLoad(db.URI, *clients, *loadFor, mixed)
	}
	return nil
}

func ms(d time.Duration) string {
	if d < 10*time.Millisecond {
		return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000)
	}
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}

// measurePair measures both paths of one query with their runs
// interleaved (in alternating order), so that both see the same state of
// the process (heap, garbage collector, caches); it returns p50 and p99 of
// each.
func measurePair(ctx context.Context, gql, direct func(context.Context) error, runs int) (g, d [2]time.Duration, n int, err error) {
	warm := time.Now()
	for i := 0; i < 3; i++ {
		if err := gql(ctx); err != nil {
			return g, d, 0, fmt.Errorf("via GraphQL: %w", err)
		}
		if err := direct(ctx); err != nil {
			return g, d, 0, fmt.Errorf("direct: %w", err)
		}
	}
	if perPair := time.Since(warm) / 3; perPair > 0 {
		runs = max(runs, min(2000, int(2*time.Second/perPair)))
	}
	gs, ds := make([]time.Duration, runs), make([]time.Duration, runs)
	timed := func(f func(context.Context) error, into *time.Duration, what string) error {
		start := time.Now()
		if err := f(ctx); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		*into = time.Since(start)
		return nil
	}
	for i := 0; i < runs; i++ {
		first, second := func() error { return timed(gql, &gs[i], "via GraphQL") }, func() error { return timed(direct, &ds[i], "direct") }
		if i%2 == 1 {
			first, second = second, first
		}
		if err := first(); err != nil {
			return g, d, 0, err
		}
		if err := second(); err != nil {
			return g, d, 0, err
		}
	}
	return percentiles(gs), percentiles(ds), runs, nil
}

func percentiles(ds []time.Duration) [2]time.Duration {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	p := func(q float64) time.Duration { return ds[min(len(ds)-1, int(q*float64(len(ds))))] }
	return [2]time.Duration{p(0.50), p(0.99)}
}

// measure runs f 3 times to warm up, then runs times, and returns p50, p99.
func measure(ctx context.Context, f func(context.Context) error, runs int) ([2]time.Duration, error) {
	for i := 0; i < 3; i++ {
		if err := f(ctx); err != nil {
			return [2]time.Duration{}, err
		}
	}
	ds := make([]time.Duration, runs)
	for i := range ds {
		start := time.Now()
		if err := f(ctx); err != nil {
			return [2]time.Duration{}, err
		}
		ds[i] = time.Since(start)
	}
	return percentiles(ds), nil
}

// client posts queries to the server over HTTP (keep-alive), as a
// client that asks the same questions again would: each body is encoded
// once, each response read into one reused buffer.
type client struct {
	url  string
	buf  bytes.Buffer
	size int // of the last response
}

// query returns a function that asks q and reads the whole answer,
// failing on an answer with errors.
func (c *client) query(q string) func(context.Context) error {
	body, _ := json.Marshal(map[string]string{"query": q})
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, "POST", c.url, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		c.buf.Reset()
		if _, err := c.buf.ReadFrom(resp.Body); err != nil {
			return err
		}
		c.size = c.buf.Len()
		// gqlgen writes "errors" before "data": an answer without errors
		// starts with its data, and only other answers need reading.
		if bytes.HasPrefix(c.buf.Bytes(), []byte(`{"data":`)) {
			return nil
		}
		var out struct {
			Errors []json.RawMessage `json:"errors"`
		}
		if err := json.Unmarshal(c.buf.Bytes(), &out); err != nil {
			return err
		}
		if len(out.Errors) > 0 {
			return fmt.Errorf("%s", out.Errors[0])
		}
		return nil
	}
}

// serverTimes records how long the handler takes for each request, while
// started.
type serverTimes struct {
	mu    sync.Mutex
	on    bool
	times []time.Duration
}

// viewer is the principal of every question, as a viewer key's would be.
var viewer = &auth.Principal{Role: auth.Viewer}

func (s *serverTimes) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h.ServeHTTP(w, r.WithContext(auth.With(r.Context(), viewer)))
		d := time.Since(start)
		s.mu.Lock()
		if s.on {
			s.times = append(s.times, d)
		}
		s.mu.Unlock()
	})
}

func (s *serverTimes) start(runs int) {
	s.mu.Lock()
	s.on, s.times = true, make([]time.Duration, 0, runs+3)
	s.mu.Unlock()
}

// stop returns p50 and p99 of the times recorded since start.
func (s *serverTimes) stop() [2]time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.on = false
	return percentiles(s.times)
}

// pick chooses the buyer with the smallest chain of at least minChain
// companies over at least 6 tiers, its code, a deep chain company with a
// risk for riskPaths, and a mine or smelter for impact.
func pick(ctx context.Context, dir string, asOf domain.Date, minChain int) (focal, code string, chain, tiers int, from string, tops []string, err error) {
	src, _ := dataset.Dir(dir)
	var links []domain.SupplyLink
	companies := map[string]domain.Company{}
	issuer := map[string]string{}
	for _, f := range []string{dataset.CompaniesFile, dataset.SupplyLinksFile, dataset.CodesFile} {
		err = dataset.Records(ctx, src, f, func(r any) error {
			switch x := r.(type) {
			case domain.Company:
				companies[x.ID] = x
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
	var buyers []string
	for id, c := range companies {
		if c.Kind == domain.KindBuyer {
			buyers = append(buyers, id)
		}
	}
	sort.Strings(buyers)
	best := -1
	var bestTiers map[string]int
	for _, b := range buyers {
		t := analysis.Chain(g, b, 10)
		deepest := 0
		for _, v := range t {
			deepest = max(deepest, v)
		}
		if len(t) >= minChain && deepest >= 6 && (best < 0 || len(t) < chain) {
			best, focal, chain, tiers, bestTiers = 1, b, len(t), deepest, t
		}
	}
	if best < 0 {
		err = fmt.Errorf("no buyer has a chain of %d companies over 6 tiers; use a larger dataset", minChain)
		return
	}
	code = issuer[focal]
	var deep, top []string
	for id, t := range bestTiers {
		if t == 5 {
			deep = append(deep, id)
		}
		if k := companies[id].Kind; k == domain.KindMine || k == domain.KindSmelter {
			top = append(top, id)
		}
	}
	sort.Strings(deep)
	sort.Strings(top)
	if len(deep) == 0 || len(top) == 0 {
		err = fmt.Errorf("chain of %s has no tier-5 company or no smelter", focal)
		return
	}
	return focal, code, chain, tiers, deep[len(deep)/2], top, nil
}
