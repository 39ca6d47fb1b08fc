package graph_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/supplygraph/supplygraph/graph"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// TestLimits: each limit against abusive queries answers a clear BAD_INPUT error.
func TestLimits(t *testing.T) {
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, tiny)
	srv := httptest.NewServer(asKey(graph.NewHandler(explorer.New(store), graph.Options{MaxBodyBytes: 4096})))
	defer srv.Close()

	deep := "id"
	for i := 0; i < 6; i++ {
		deep = "suppliers(first: 1) { edges { node { " + deep + " } } }"
	}
	deep = `{ company(id: "HIT") { ` + deep + " } }"
	complex := `{ companies(first: 1000) { edges { node { suppliers(first: 1000) { edges { node { id name } } } } } } }`
	var many strings.Builder
	many.WriteString("{ ")
	for i := 0; i < 60; i++ { // within the limit on whole-chain lists
		many.WriteString(`x` + string(rune('a'+i%26)) + string(rune('a'+i/26)) + `: impact(source: "KIVU") { __typename } `)
	}
	many.WriteString("}")
	// lists of a whole chain, repeated by aliases or fragment spreads
	aliases := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "n%d: nodes { id } ", i)
		}
		return b.String()
	}
	chainLists := `{ chainView(focal: "HIT", code: "HIT-SPG") { ` + aliases(33) + `} }`
	spreads := `{ chainView(focal: "HIT", code: "HIT-SPG") { ...a ...a ...a } } fragment a on ChainView { ` + aliases(10) + `columns { ids } }`
	var opened strings.Builder
	for i := range 33 {
		fmt.Fprintf(&opened, "o%d: opened ", i)
	}
	nested := `{ dueDiligenceReport(focal: "HIT", code: "HIT-SPG", from: "2020-01-01", to: "2026-01-01") { findings { ` + opened.String() + `} } }`
	tests := []struct{ name, query, want string }{
		{"whole-chain lists", chainLists, "selects 33 lists of a whole supply chain"},
		{"lists of a chain's size in its items", nested, "selects 34 lists of a whole supply chain"},
		{"whole-chain lists by spreads", spreads, "selects 33 lists of a whole supply chain"},
		{"depth", deep, "fields deep; the limit is 15"},
		{"complexity", complex, "operation has complexity"},
		{"many analyses", many.String(), "operation has complexity"},
		{"first", `{ companies(first: 5000) { totalCount } }`, "first must be from 0 to 1000, got 5000"},
	}
	for _, tc := range tests {
		resp := query(t, srv, tc.query)
		if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != "BAD_INPUT" || !strings.Contains(resp.Errors[0].Message, tc.want) {
			t.Errorf("%s: %+v", tc.name, resp.Errors)
		}
	}
	// Queries at the limits pass.
	for _, q := range []string{
		`{ company(id: "HIT") { suppliers { edges { node { suppliers { edges { node { id } } } } } } } }`,
		`{ chainView(focal: "HIT", code: "HIT-SPG") { ` + aliases(32) + `} }`,
	} {
		if resp := query(t, srv, q); len(resp.Errors) > 0 {
			t.Errorf("ordinary query refused: %+v", resp.Errors)
		}
	}

	// Body size.
	body, _ := json.Marshal(map[string]string{"query": "{ ok }", "pad": strings.Repeat("x", 5000)})
	r, err := http.Post(srv.URL, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if !strings.Contains(string(b), "BAD_INPUT") && r.StatusCode < 400 {
		t.Errorf("large body: %d %s", r.StatusCode, b)
	}

	// Introspection off by default here, on when asked.
	if resp := query(t, srv, `{ __schema { types { name } } }`); len(resp.Errors) == 0 {
		t.Errorf("introspection allowed while disabled")
	}
	on := httptest.NewServer(asKey(graph.NewHandler(explorer.New(store), graph.Options{Introspection: true})))
	defer on.Close()
	if resp := query(t, on, `{ __schema { types { name } } }`); len(resp.Errors) > 0 {
		t.Errorf("introspection refused while enabled: %+v", resp.Errors)
	}
}

// TestConnectionComplexity: the paged connections cost their page, not
// riskExposure's limit times their page; a page too large for the
// complexity limit is refused before anything runs.
func TestConnectionComplexity(t *testing.T) {
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, tiny)
	srv := httptest.NewServer(asKey(graph.NewHandler(explorer.New(store), graph.Options{})))
	defer srv.Close()
	node := `source { id category base company { id name kind country } } path { id name } hops weight score partner { id name country }`
	for _, q := range []string{
		`{ riskExposure(focal: "HIT") { sourcesConnection(first: 100) { totalCount edges { node { ` + node + ` } } } } }`,
		`{ riskExposure(focal: "HIT") { sourcesConnection { totalCount edges { node { source { id } score } } } } }`,
		`{ impact(source: "KIVU") { affectedConnection { totalCount edges { node { company { id name kind country } distance weight path { id name } } } } } }`,
	} {
		if resp := query(t, srv, q); len(resp.Errors) > 0 {
			t.Errorf("refused: %s\n%+v", q, resp.Errors)
		}
	}
	for _, q := range []string{
		`{ riskExposure(focal: "HIT") { sourcesConnection { edges { node { partner { suppliers(first: 100) { edges { node { id } } } } } } } } }`,
		`{ impact(source: "KIVU") { affectedConnection(first: 500) { edges { node { company { customers(first: 100) { edges { node { id } } } } } } } } }`,
	} {
		resp := query(t, srv, q)
		if len(resp.Errors) == 0 || !strings.Contains(resp.Errors[0].Message, "operation has complexity") {
			t.Errorf("not refused: %s\n%+v", q, resp.Errors)
		}
	}
}

// TestListsCountInComplexity: lists without a page cost what they may hold,
// so that one small document cannot ask for many whole chains with their
// companies' records (45 aliases of supplyChain took 13 s of CPU and
// exhausted Neo4j's pool before).
func TestListsCountInComplexity(t *testing.T) {
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, tiny)
	srv := httptest.NewServer(asKey(graph.NewHandler(explorer.New(store), graph.Options{})))
	defer srv.Close()
	one := `supplyChain(focal: "HIT", maxDepth: 20) { nodes { id tier company { id name kind country disclosure facilities { id name } findings { id } acknowledgments { edition date } } } edges { source target material since until share } }`
	var many strings.Builder
	many.WriteString("{")
	for i := range 45 {
		fmt.Fprintf(&many, " a%d: %s", i, one)
	}
	many.WriteString(" }")
	if resp := query(t, srv, many.String()); len(resp.Errors) == 0 || !strings.Contains(resp.Errors[0].Message, "operation has complexity") {
		t.Errorf("45 whole chains not refused: %+v", resp.Errors)
	}
	if resp := query(t, srv, "{ "+one+" }"); len(resp.Errors) > 0 {
		t.Errorf("one whole chain refused: %+v", resp.Errors)
	}
}

// TestRemediationQueriesCountInComplexity: clauseCoverage, remediation and
// dueDiligenceReport cost what an analysis costs, and their lists what they
// may hold. Before, they cost nothing: 200 aliases of a clauseCoverage with
// its uncommitted companies (a 40 kB document) held both cores for four
// minutes and grew the server by 4 GB.
func TestRemediationQueriesCountInComplexity(t *testing.T) {
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, tiny)
	srv := httptest.NewServer(asKey(graph.NewHandler(explorer.New(store), graph.Options{})))
	defer srv.Close()
	for _, one := range []string{
		`clauseCoverage(focal: "HIT", code: "HIT-SPG") { clauses { uncommitted { edges { node { id name } } } tiers { uncommitted { edges { node { id name } } } } } }`,
		`remediation(focal: "HIT", code: "HIT-SPG") { findings { finding { id } actions { action { id } } route { path { id } } blockers { id } } }`,
		`dueDiligenceReport(focal: "HIT", code: "HIT-SPG", from: "2025-06-01", to: "2026-06-01") { coverage { tier } clauses { newlyCommitted { id } } findings { opened closed } escalations { id } riskTo { byCategory { category } } }`,
		`remediation(focal: "HIT", code: "HIT-SPG") { findingsWithOverdue }`,
	} {
		if resp := query(t, srv, "{ "+one+" }"); len(resp.Errors) > 0 {
			t.Errorf("one refused: %s: %+v", one, resp.Errors)
		}
		var many strings.Builder
		many.WriteString("{")
		for i := range 60 {
			fmt.Fprintf(&many, " a%d: %s", i, one)
		}
		many.WriteString(" }")
		if resp := query(t, srv, many.String()); len(resp.Errors) == 0 || !strings.Contains(resp.Errors[0].Message, "operation has complexity") {
			t.Errorf("60 aliases not refused: %s: %+v", one, resp.Errors)
		}
	}
}

// TestOffsetCursorsOutOfRange: an offset cursor beyond any list is
// BAD_INPUT on every computed connection. The largest 64-bit offset
// overflowed and answered INTERNAL (a panic) before.
func TestOffsetCursorsOutOfRange(t *testing.T) {
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, tiny)
	srv := httptest.NewServer(asKey(graph.NewHandler(explorer.New(store), graph.Options{})))
	defer srv.Close()
	pages := []string{
		`cascade(focal: "HIT", code: "HIT-SPG", asOf: "2026-06-01") { entries(first: 2, after: %q) { edges { cursor } } }`,
		`riskExposure(focal: "HIT", asOf: "2026-06-01") { sourcesConnection(first: 2, after: %q) { edges { cursor } } }`,
		`impact(source: "KIVU", asOf: "2026-06-01") { affectedConnection(first: 2, after: %q) { edges { cursor } } }`,
		`remediation(focal: "HIT", code: "HIT-SPG", asOf: "2026-06-01") { findingsConnection(first: 2, after: %q) { edges { cursor } } }`,
	}
	for _, page := range pages {
		for _, at := range []string{"9223372036854775807", "2147483648", "-1"} {
			c := base64.RawURLEncoding.EncodeToString([]byte("at:" + at))
			resp := query(t, srv, "{ "+fmt.Sprintf(page, c)+" }")
			if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != "BAD_INPUT" {
				t.Errorf("at:%s on %.40s: %+v", at, page, resp.Errors)
			}
		}
		// past the end of the list, but a possible offset: an empty page
		c := base64.RawURLEncoding.EncodeToString([]byte("at:1000"))
		if resp := query(t, srv, "{ "+fmt.Sprintf(page, c)+" }"); len(resp.Errors) > 0 {
			t.Errorf("at:1000 on %.40s: %+v", page, resp.Errors)
		}
	}
}
