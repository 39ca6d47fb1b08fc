package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/supplygraph/supplygraph/graph"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

const tiny = "../testdata/tiny"

// server loads the tiny fixture into the test Neo4j and serves GraphQL over it.
func server(t testing.TB) *httptest.Server { return serverWith(t, false) }

// serverWith is server, answering from the in-memory snapshot if snapshot.
func serverWith(t testing.TB, snapshot bool) *httptest.Server {
	t.Helper()
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, tiny)
	svc := explorer.New(store)
	svc.UseSnapshot(explorer.SnapshotOptions{Enabled: snapshot})
	if err := svc.WarmUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	svc.Today = func() domain.Date { d, _ := domain.ParseDate("2026-06-01"); return d }
	srv := httptest.NewServer(asKey(graph.NewHandler(svc, graph.Options{Introspection: true})))
	t.Cleanup(srv.Close)
	return srv
}

type gqlResponse struct {
	Data   map[string]any `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func query(t *testing.T, srv *httptest.Server, q string) gqlResponse {
	t.Helper()
	return mutate(t, srv, q, nil)
}

// Selections asking for every field of the fixture's answers, companies as {id}.
var selections = map[string]string{
	"cascade": `{ tiers { tier companies covered stale pending notRequested reached coverage }
		entries { edges { node { company { id } tier status reached requestedBy { id }
			acknowledgment { code { id } edition date current } } } } }`,
	"uncoveredTiers": `{ tiers { tier companies covered coverage openEnds ackGap visibilityGap uncovered
		uncoveredCompanies { edges { node { id } } } openEndCompanies { edges { node { id } } } }
		firstUncoveredTier truncated }`,
	"riskExposure": `{ sources { source { id category severity likelihood base derived company { id } }
		path { id } hops weight score partner { id } }
		byCategory { category count maxScore } byPartner { partner { id } count maxScore } }`,
	"riskPaths": `{ nodes { id } hops weight }`,
	"impact":    `{ affected { company { id } distance path { id } weight } buyers { id } }`,
}

// arguments formats a question's arguments as GraphQL literals.
func arguments(q map[string]any) string {
	var keys []string
	for k := range q {
		if k != "op" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		var lit string
		switch v := q[k].(type) {
		case string:
			lit = fmt.Sprintf("%q", v)
		case []any: // categories: enum values
			var vs []string
			for _, e := range v {
				vs = append(vs, e.(string))
			}
			lit = "[" + strings.Join(vs, ", ") + "]"
		default:
			lit = fmt.Sprint(v)
		}
		parts = append(parts, k+": "+lit)
	}
	return strings.Join(parts, ", ")
}

// normalize turns a GraphQL answer into the fixture's shape: {id} objects
// become ids, connections become lists of nodes, numbers become float64.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 {
			if id, ok := x["id"]; ok {
				return id
			}
			if edges, ok := x["edges"].([]any); ok {
				out := make([]any, len(edges))
				for i, e := range edges {
					out[i] = normalize(e.(map[string]any)["node"])
				}
				return out
			}
		}
		out := map[string]any{}
		for k, e := range x {
			out[k] = normalize(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	case json.Number:
		f, _ := x.Float64()
		return f
	}
	return v
}

// diff reports where got differs from want; floats compare within 1e-6 relative.
func diff(path string, want, got any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want object, got %v", path, got)}
		}
		var out []string
		for k := range w {
			out = append(out, diff(path+"."+k, w[k], g[k])...)
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				out = append(out, fmt.Sprintf("%s.%s: unexpected %v", path, k, g[k]))
			}
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("%s: want %v, got %v", path, want, got)}
		}
		var out []string
		for i := range w {
			out = append(out, diff(fmt.Sprintf("%s[%d]", path, i), w[i], g[i])...)
		}
		return out
	case float64:
		g, ok := got.(float64)
		if !ok || math.Abs(w-g) > 1e-6*math.Max(math.Abs(w), 1e-12) && !(w == 0 && g == 0) {
			return []string{fmt.Sprintf("%s: want %v, got %v", path, want, got)}
		}
		return nil
	default:
		if fmt.Sprint(want) != fmt.Sprint(got) {
			return []string{fmt.Sprintf("%s: want %v, got %v", path, want, got)}
		}
		return nil
	}
}

// TestTinyFixture asks every question of the tiny fixture through GraphQL
// against the real Neo4j and compares with the expected answers.
func TestTinyFixture(t *testing.T) {
	for _, snap := range []bool{false, true} {
		t.Run(fmt.Sprintf("snapshot=%v", snap), func(t *testing.T) { tinyFixture(t, serverWith(t, snap)) })
	}
}

func tinyFixture(t *testing.T, srv *httptest.Server) {
	raw, err := os.ReadFile(tiny + "/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Query  map[string]any `json:"query"`
		Answer any            `json:"answer"`
	}
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) != 12 {
		t.Fatalf("fixture has %d questions, want 12", len(cases))
	}
	for i, c := range cases {
		op := c.Query["op"].(string)
		t.Run(fmt.Sprintf("%02d_%s", i+1, op), func(t *testing.T) {
			q := fmt.Sprintf("{ %s(%s) %s }", op, arguments(c.Query), selections[op])
			resp := query(t, srv, q)
			if len(resp.Errors) > 0 {
				t.Fatalf("errors: %+v\nquery: %s", resp.Errors, q)
			}
			got := normalize(resp.Data[op])
			want := normalize(c.Answer)
			for _, d := range diff(op, want, got) {
				t.Error(d)
			}
		})
	}
}

// TestSupplyChainTiers: the chain's tiers are the cascade's tiers.
func TestSupplyChainTiers(t *testing.T) {
	srv := server(t)
	resp := query(t, srv, `{ supplyChain(focal: "HIT", asOf: "2025-01-01") { nodes { id tier } edges { source target } } }`)
	if len(resp.Errors) > 0 {
		t.Fatal(resp.Errors)
	}
	nodes := resp.Data["supplyChain"].(map[string]any)["nodes"].([]any)
	var got []string
	for _, n := range nodes {
		m := n.(map[string]any)
		got = append(got, fmt.Sprintf("%s:%s", m["id"], m["tier"]))
	}
	want := "HIT:0 AOBA:1 BALT:1 CHAO:1 DELT:2 EAST:2 FERR:2 HARB:3 INDO:3 JADE:3 KIVU:4"
	if strings.Join(got, " ") != want {
		t.Errorf("nodes = %s\nwant    %s", strings.Join(got, " "), want)
	}
	edges := resp.Data["supplyChain"].(map[string]any)["edges"].([]any)
	if len(edges) != 12 { // 14 links; GDAN->BALT not yet active, AOBA->NEC leaves the chain
		t.Errorf("edges: %d %v", len(edges), edges)
	}
}

// TestPagination: every paginated field returns every item exactly once, in order.
func TestPagination(t *testing.T) {
	srv := server(t)
	collect := func(field func(after string) string, path ...string) []string {
		var ids []string
		after := ""
		for page := 0; page < 50; page++ {
			resp := query(t, srv, field(after))
			if len(resp.Errors) > 0 {
				t.Fatal(resp.Errors)
			}
			var conn any = resp.Data
			for _, p := range path {
				switch c := conn.(type) {
				case map[string]any:
					conn = c[p]
				case []any:
					var idx int
					fmt.Sscan(p, &idx)
					conn = c[idx]
				}
			}
			m := conn.(map[string]any)
			for _, e := range m["edges"].([]any) {
				node := e.(map[string]any)["node"].(map[string]any)
				if c, ok := node["company"]; ok {
					node = c.(map[string]any)
				}
				if src, ok := node["source"]; ok {
					node = src.(map[string]any)
				}
				ids = append(ids, node["id"].(string))
			}
			info := m["pageInfo"].(map[string]any)
			if info["hasNextPage"] != true {
				return ids
			}
			after = info["endCursor"].(string)
		}
		t.Fatal("too many pages")
		return nil
	}
	afterArg := func(after string) string {
		if after == "" {
			return ""
		}
		return fmt.Sprintf(", after: %q", after)
	}
	companies := collect(func(a string) string {
		return fmt.Sprintf(`{ companies(first: 4%s) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, afterArg(a))
	}, "companies")
	if got := strings.Join(companies, " "); got != "AOBA BALT CHAO DELT EAST FERR GDAN HARB HIT INDO JADE KIVU NEC" {
		t.Errorf("companies: %s", got)
	}
	entries := collect(func(a string) string {
		return fmt.Sprintf(`{ cascade(focal: "HIT", code: "HIT-SPG") { entries(first: 3%s) { edges { node { company { id } } } pageInfo { hasNextPage endCursor } } } }`, afterArg(a))
	}, "cascade", "entries")
	if got := strings.Join(entries, " "); got != "AOBA BALT CHAO DELT EAST GDAN HARB INDO JADE KIVU" {
		t.Errorf("entries: %s", got)
	}
	uncovered := collect(func(a string) string {
		return fmt.Sprintf(`{ uncoveredTiers(focal: "HIT", code: "HIT-SPG") { tiers { uncoveredCompanies(first: 2%s) { edges { node { id } } pageInfo { hasNextPage endCursor } } } } }`, afterArg(a))
	}, "uncoveredTiers", "tiers", "2", "uncoveredCompanies")
	if got := strings.Join(uncovered, " "); got != "HARB INDO JADE" {
		t.Errorf("uncoveredCompanies: %s", got)
	}
	affected := collect(func(a string) string {
		return fmt.Sprintf(`{ impact(source: "KIVU") { affectedConnection(first: 3%s) { edges { node { company { id } } } pageInfo { hasNextPage endCursor } } } }`, afterArg(a))
	}, "impact", "affectedConnection")
	if got := strings.Join(affected, " "); got != "INDO EAST AOBA CHAO DELT HIT NEC" {
		t.Errorf("affectedConnection: %s", got)
	}
	// Every source, whatever the limit.
	sources := collect(func(a string) string {
		return fmt.Sprintf(`{ riskExposure(focal: "HIT", limit: 1) { sourcesConnection(first: 2%s) { edges { node { source { id } } } pageInfo { hasNextPage endCursor } } } }`, afterArg(a))
	}, "riskExposure", "sourcesConnection")
	if got := strings.Join(sources, " "); got != "F-001 rmap:INDO F-002 rmap:JADE F-005" {
		t.Errorf("sourcesConnection: %s", got)
	}
	search := collect(func(a string) string {
		return fmt.Sprintf(`{ companies(search: "h", first: 1%s) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, afterArg(a))
	}, "companies")
	if got := strings.Join(search, " "); got != "HARB HIT" {
		t.Errorf("search h: %s", got)
	}
}

// TestConnectionsBesideLists: impact.affectedConnection and
// riskExposure.sourcesConnection hold the very entries of affected and of
// sources (before its limit: every source that passed the categories
// filter), in their order, and count them all; the lists keep their shape.
func TestConnectionsBesideLists(t *testing.T) {
	for _, snap := range []bool{false, true} {
		t.Run(fmt.Sprintf("snapshot=%v", snap), func(t *testing.T) { connectionsBesideLists(t, serverWith(t, snap)) })
	}
}

func connectionsBesideLists(t *testing.T, srv *httptest.Server) {
	t.Helper()
	// nodes returns a connection's nodes and its totalCount.
	nodes := func(conn any) ([]any, any) {
		m := conn.(map[string]any)
		var out []any
		for _, e := range m["edges"].([]any) {
			out = append(out, e.(map[string]any)["node"])
		}
		return out, m["totalCount"]
	}
	same := func(what string, want, got any) {
		t.Helper()
		w, _ := json.Marshal(want)
		g, _ := json.Marshal(got)
		if string(w) != string(g) {
			t.Errorf("%s:\ngot  %s\nwant %s", what, g, w)
		}
	}
	entry := `company { id name kind country } distance weight path { id name }`
	resp := query(t, srv, fmt.Sprintf(`{ impact(source: "KIVU") { affected { %s }
		affectedConnection { totalCount edges { node { %s } } } page: affectedConnection(first: 2, after: "YXQ6Mg") { totalCount edges { node { company { id } } } } } }`, entry, entry))
	if len(resp.Errors) > 0 {
		t.Fatal(resp.Errors)
	}
	impact := resp.Data["impact"].(map[string]any)
	all, total := nodes(impact["affectedConnection"])
	same("affectedConnection", impact["affected"], all)
	if len(all) != 7 || fmt.Sprint(total) != "7" {
		t.Errorf("affectedConnection: %d entries, totalCount %v; want 7", len(all), total)
	}
	// after "at:2" (the third entry): the fourth and fifth.
	page, total := nodes(impact["page"])
	same("a page of affectedConnection", []any{map[string]any{"company": map[string]any{"id": "CHAO"}}, map[string]any{"company": map[string]any{"id": "DELT"}}}, page)
	if fmt.Sprint(total) != "7" {
		t.Errorf("a page's totalCount %v, want 7", total)
	}

	source := `source { id category severity likelihood base derived company { id name country } } path { id name } hops weight score partner { id name }`
	every := query(t, srv, fmt.Sprintf(`{ riskExposure(focal: "HIT", limit: 500) { sources { %s } } }`, source))
	limited := query(t, srv, fmt.Sprintf(`{ riskExposure(focal: "HIT", limit: 2) { sources { %s } sourcesConnection { totalCount edges { node { %s } } } } }`, source, source))
	if len(every.Errors)+len(limited.Errors) > 0 {
		t.Fatal(every.Errors, limited.Errors)
	}
	want := every.Data["riskExposure"].(map[string]any)["sources"].([]any)
	exposure := limited.Data["riskExposure"].(map[string]any)
	same("sources with limit 2", want[:2], exposure["sources"])
	all, total = nodes(exposure["sourcesConnection"])
	same("sourcesConnection", want, all)
	if len(want) != 5 || fmt.Sprint(total) != "5" {
		t.Errorf("sourcesConnection: %d sources, totalCount %v; want 5", len(want), total)
	}
	// The categories filter applies; limit does not.
	resp = query(t, srv, `{ riskExposure(focal: "HIT", categories: [RESPONSIBLE_MINERALS], limit: 1) { sourcesConnection { totalCount edges { node { source { id } } } } } }`)
	if len(resp.Errors) > 0 {
		t.Fatal(resp.Errors)
	}
	got, _ := json.Marshal(resp.Data)
	if w := `{"riskExposure":{"sourcesConnection":{"edges":[{"node":{"source":{"id":"rmap:INDO"}}},{"node":{"source":{"id":"rmap:JADE"}}}],"totalCount":2}}}`; string(got) != w {
		t.Errorf("filtered sourcesConnection:\ngot  %s\nwant %s", got, w)
	}
}

// TestErrors: unknown ids are NOT_FOUND, arguments out of range BAD_INPUT.
func TestErrors(t *testing.T) {
	srv := server(t)
	tests := []struct{ query, code string }{
		{`{ cascade(focal: "NOPE", code: "HIT-SPG") { tiers { tier } } }`, "NOT_FOUND"},
		{`{ cascade(focal: "HIT", code: "NOPE") { tiers { tier } } }`, "NOT_FOUND"},
		{`{ riskPaths(from: "NOPE", to: "HIT") { hops } }`, "NOT_FOUND"},
		{`{ impact(source: "NOPE") { buyers { id } } }`, "NOT_FOUND"},
		{`{ supplyChain(focal: "NOPE") { nodes { id } } }`, "NOT_FOUND"},
		{`{ cascade(focal: "HIT", code: "HIT-SPG", maxDepth: 0) { tiers { tier } } }`, "BAD_INPUT"},
		{`{ supplyChain(focal: "HIT", maxDepth: 21) { nodes { id } } }`, "BAD_INPUT"},
		{`{ uncoveredTiers(focal: "HIT", code: "HIT-SPG", threshold: 1.5) { truncated } }`, "BAD_INPUT"},
		{`{ riskExposure(focal: "HIT", attenuation: 0) { sources { score } } }`, "BAD_INPUT"},
		{`{ riskExposure(focal: "HIT", limit: 501) { sources { score } } }`, "BAD_INPUT"},
		{`{ riskPaths(from: "EAST", to: "HIT", limit: 101) { hops } }`, "BAD_INPUT"},
		{`{ impact(source: "EAST", attenuation: 1.01) { buyers { id } } }`, "BAD_INPUT"},
		{`{ companies(first: 1001) { totalCount } }`, "BAD_INPUT"},
		{`{ companies(after: "not-a-cursor") { totalCount } }`, "BAD_INPUT"},
		{`{ cascade(focal: "HIT", code: "HIT-SPG", asOf: "2026-13-01") { tiers { tier } } }`, "BAD_INPUT"},
		{`{ cascade(focal: "HIT", code: "HIT-SPG") { entries(first: -1) { totalCount } } }`, "BAD_INPUT"},
		{`{ impact(source: "KIVU") { affectedConnection(first: 1001) { totalCount } } }`, "BAD_INPUT"},
		{`{ riskExposure(focal: "HIT") { sourcesConnection(after: "not-a-cursor") { totalCount } } }`, "BAD_INPUT"},
		{`{ nosuchfield }`, "BAD_INPUT"},
	}
	for _, tc := range tests {
		resp := query(t, srv, tc.query)
		if len(resp.Errors) == 0 {
			t.Errorf("%s: no error", tc.query)
			continue
		}
		if got := resp.Errors[0].Extensions["code"]; got != tc.code {
			t.Errorf("%s: code %v (%s), want %s", tc.query, got, resp.Errors[0].Message, tc.code)
		}
	}
	if resp := query(t, srv, `{ company(id: "NOPE") { id } }`); len(resp.Errors) > 0 || resp.Data["company"] != nil {
		t.Errorf("company(NOPE): %+v", resp)
	}
}

// TestRelationshipFields: the entity API's relationship fields.
func TestRelationshipFields(t *testing.T) {
	// Without the snapshot, companies and codes by id come through the
	// loaders; with it, at once from memory.
	for _, snap := range []bool{false, true} {
		t.Run(fmt.Sprintf("snapshot=%v", snap), func(t *testing.T) { relationshipFields(t, serverWith(t, snap)) })
	}
}

func relationshipFields(t *testing.T, srv *httptest.Server) {
	resp := query(t, srv, `{ company(id: "EAST") {
		customers { totalCount edges { node { id } links { material share } } }
		facilities { id type company { id } findings { id } }
		findings { id base subject { __typename ... on Facility { id } } company { id } }
		acknowledgments(asOf: "2026-06-01") { code { id } edition date signatory current }
		requests { requester { id } code { id } date }
		madeRequests: requests(direction: MADE) { supplier { id } date } }
		codeOfConduct(id: "HIT-SPG") { issuer { id } accepts { id } minEdition validDays }
		codesOfConduct { id } }`)
	if len(resp.Errors) > 0 {
		t.Fatal(resp.Errors)
	}
	got, _ := json.Marshal(resp.Data)
	want := `{"codeOfConduct":{"accepts":[{"id":"RBA-COC"}],"issuer":{"id":"HIT"},"minEdition":6,"validDays":1095},` +
		`"codesOfConduct":[{"id":"HIT-SPG"},{"id":"NEC-SCG"},{"id":"RBA-COC"}],` +
		`"company":{"acknowledgments":[{"code":{"id":"HIT-SPG"},"current":true,"date":"2025-07-20","edition":7,"signatory":"L. Wei"}],` +
		`"customers":{"edges":[{"links":[{"material":"solder","share":0.5}],"node":{"id":"AOBA"}},{"links":[{"material":"solder","share":null}],"node":{"id":"CHAO"}}],"totalCount":2},` +
		`"facilities":[{"company":{"id":"EAST"},"findings":[{"id":"F-001"}],"id":"EAST-DORM","type":"DORMITORY"}],` +
		`"findings":[{"base":12,"company":{"id":"EAST"},"id":"F-001","subject":{"__typename":"Facility","id":"EAST-DORM"}}],` +
		`"madeRequests":[{"date":"2026-08-01","supplier":{"id":"INDO"}}],` +
		`"requests":[{"code":{"id":"HIT-SPG"},"date":"2025-07-01","requester":{"id":"AOBA"}}]}}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}

	// Optional values read null when empty (fields bound to methods).
	resp = query(t, srv, `{ indo: company(id: "INDO") { country metal rmiId rmapStatus }
		kivu: company(id: "KIVU") { country metal rmiId rmapStatus disclosure }
		facility(id: "BALT-FDY") { country type findings { base description closed } }
		east: company(id: "EAST") { customers { edges { links { source target } } } } }`)
	if len(resp.Errors) > 0 {
		t.Fatal(resp.Errors)
	}
	got, _ = json.Marshal(resp.Data)
	want = `{"east":{"customers":{"edges":[{"links":[{"source":"EAST","target":"AOBA"}]},{"links":[{"source":"EAST","target":"CHAO"}]}]}},` +
		`"facility":{"country":"PL","findings":[{"base":6,"closed":null,"description":"Missing machine guards on two presses"}],"type":"PRODUCTION"},` +
		`"indo":{"country":"ID","metal":"TIN","rmapStatus":"NOT_ENROLLED","rmiId":"CID-S-0002"},` +
		`"kivu":{"country":"CD","disclosure":"NONE","metal":null,"rmapStatus":null,"rmiId":null}}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}

	// A company asked for with its partners is read with their page: alone
	// at once, beside another root field through the loaders. Both read
	// the same, and a company not found is null with or without partners.
	partners := `{ id name kind country rmiId disclosure suppliers(first: 1) { totalCount edges { node { id } } }
		customers(asOf: "2026-06-01") { totalCount edges { node { id } } } }`
	for _, id := range []string{"EAST", "HIT", "KIVU", "NOPE"} {
		alone := query(t, srv, fmt.Sprintf(`{ company(id: %q) %s }`, id, partners))
		both := query(t, srv, fmt.Sprintf(`{ company(id: %q) %s other: company(id: "INDO") { id } }`, id, partners))
		plain := query(t, srv, fmt.Sprintf(`{ company(id: %q) { id name kind country rmiId disclosure } }`, id))
		if len(alone.Errors)+len(both.Errors)+len(plain.Errors) > 0 {
			t.Fatal(alone.Errors, both.Errors, plain.Errors)
		}
		a, _ := json.Marshal(alone.Data["company"])
		b, _ := json.Marshal(both.Data["company"])
		if string(a) != string(b) {
			t.Errorf("%s alone %s\n beside another root field %s", id, a, b)
		}
		c, ok := alone.Data["company"].(map[string]any)
		if id == "NOPE" {
			if alone.Data["company"] != nil {
				t.Errorf("NOPE: %s, want null", a)
			}
			continue
		}
		if !ok {
			t.Fatalf("%s: %s", id, a)
		}
		for k, v := range plain.Data["company"].(map[string]any) {
			if fmt.Sprint(c[k]) != fmt.Sprint(v) {
				t.Errorf("%s.%s with partners %v, alone %v", id, k, c[k], v)
			}
		}
	}
}

// testKey is the principal of the tests' requests that do not go through
// httpapi.Authenticate: an admin key without a scope.
var testKey = &auth.Principal{KeyID: "test", Role: auth.Admin}

// asKey gives every request the test key's principal, as authentication would.
func asKey(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(auth.With(r.Context(), testKey)))
	})
}

// TestFailedQuestionKeepsTheOthers: the analysis root fields are nullable,
// so a question that fails is null with its error while the other questions
// of the same request still answer (docs/api.md, Errors).
func TestFailedQuestionKeepsTheOthers(t *testing.T) {
	srv := server(t)
	for _, failing := range []string{
		`cascade(focal: "NOPE", code: "HIT-SPG") { tiers { tier } }`,
		`uncoveredTiers(focal: "HIT", code: "NOPE") { truncated }`,
		`riskExposure(focal: "HIT", limit: 0) { sources { score } }`,
		`riskPaths(from: "NOPE", to: "HIT") { hops }`,
		`impact(source: "NOPE") { buyers { id } }`,
		`supplyChain(focal: "NOPE") { nodes { id } }`,
		`chainView(focal: "HIT", code: "NOPE") { focal }`,
	} {
		name := failing[:strings.Index(failing, "(")]
		resp := query(t, srv, `{ failed: `+failing+`
			ok: cascade(focal: "HIT", code: "HIT-SPG") { tiers { tier companies } } }`)
		if len(resp.Errors) != 1 {
			t.Errorf("%s: errors %+v, want one", name, resp.Errors)
			continue
		}
		if p := fmt.Sprint(resp.Errors[0].Path); p != "[failed]" {
			t.Errorf("%s: error path %s, want [failed]", name, p)
		}
		if v, ok := resp.Data["failed"]; !ok || v != nil {
			t.Errorf("%s: data.failed = %v (present %v), want null", name, v, ok)
		}
		if got := fmt.Sprint(resp.Data["ok"]); !strings.Contains(got, "companies:3") {
			t.Errorf("%s: the other question's answer was lost: data.ok = %s", name, got)
		}
	}
}
