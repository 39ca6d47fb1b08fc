package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/google/go-cmp/cmp"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// The plain writers write scalars as gqlgen's marshallers do.

func gqlgenString(s string) string {
	var b bytes.Buffer
	graphql.MarshalString(s).MarshalGQL(&b)
	return b.String()
}

func plainString(s string) string {
	w := &plainWriter{}
	w.str(s)
	return string(w.b)
}

var stringSeeds = []string{"", "HIT", `a "quoted" \ back\slash`, "tab\tnew\nline\rret", "\x00\x01\x1f\x7f", "é😀⛓️", "\u2028\u2029<>&",
	"bad utf-8 \xff\xfe \xe2\x80", strings.Repeat("x", 1000)}

func FuzzPlainString(f *testing.F) {
	for _, s := range stringSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := plainString(s), gqlgenString(s); got != want {
			t.Errorf("%q: plain %s, gqlgen %s", s, got, want)
		}
	})
}

var floatSeeds = []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1.0 / 3, 2.0 / 3, 0.8, 0.512, 1e-7, 1e-5, 1.5e-4, 123456789, 1e20, 1e21, 1e300,
	math.SmallestNonzeroFloat64, math.MaxFloat64, math.Inf(1), math.Inf(-1), math.NaN(), 100, 1e6, 2.5e-10}

func FuzzPlainFloat(f *testing.F) {
	for _, x := range floatSeeds {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, x float64) {
		var b bytes.Buffer
		err := graphql.MarshalFloatContext(x).MarshalGQLContext(context.Background(), &b)
		w := &plainWriter{}
		ok := w.float(x)
		if ok != (err == nil) {
			t.Fatalf("%v: plain writes it %v, gqlgen error %v", x, ok, err)
		}
		if ok && string(w.b) != b.String() {
			t.Errorf("%v: plain %s, gqlgen %s", x, w.b, b.String())
		}
	})
}

func TestPlainIntsAndBools(t *testing.T) {
	for _, i := range []int{0, 1, -1, 42, math.MaxInt64, math.MinInt64} {
		var b bytes.Buffer
		graphql.MarshalInt(i).MarshalGQL(&b)
		w := &plainWriter{}
		w.int(int64(i))
		if string(w.b) != b.String() {
			t.Errorf("%d: plain %s, gqlgen %s", i, w.b, b.String())
		}
	}
	for _, v := range []bool{true, false} {
		var b bytes.Buffer
		graphql.MarshalBoolean(v).MarshalGQL(&b)
		w := &plainWriter{}
		w.bool(v)
		if string(w.b) != b.String() {
			t.Errorf("%v: plain %s, gqlgen %s", v, w.b, b.String())
		}
	}
}

// TestAppendResponseIsJSONMarshal: the POST transport writes a response
// byte for byte as json.Marshal (gqlgen's transport) does.
func TestAppendResponseIsJSONMarshal(t *testing.T) {
	yes, no := true, false
	responses := []*graphql.Response{
		{Data: json.RawMessage(`{"a":1}`)},
		{Data: json.RawMessage(`{"a":"<"}`)}, {Data: json.RawMessage(`{"a":">"}`)}, {Data: json.RawMessage(`{"a":"&"}`)},
		{Data: json.RawMessage("{\"a\":\"\u2028\"}")}, {Data: json.RawMessage("{\"a\":\"\u2029\"}")}, {Data: json.RawMessage("{\"a\":\"\u2027\"}")},
		{},
		{Data: json.RawMessage(`{"s":"<b>&amp;</b> \u2028\u2029 é","t":"plain"}`)},
		{Data: json.RawMessage(`{"s":"` + "\u2028 raw \u2029 and \xe2\x80 cut" + `"}`)},
		{Errors: gqlerror.List{{Message: "no <company> & \u2028", Path: ast.Path{ast.PathName("impact"), ast.PathIndex(3)},
			Extensions: map[string]any{"code": "NOT_FOUND", "data": 0}}}, Data: json.RawMessage(`null`)},
		{Errors: gqlerror.List{{Message: "a"}, {Message: "b", Locations: []gqlerror.Location{{Line: 1, Column: 2}}}}},
		{Data: json.RawMessage(`{}`), Label: "l<", Path: ast.Path{ast.PathName("x")}, HasNext: &yes, Extensions: map[string]any{"k": "<v>"}},
		{Data: json.RawMessage(`[]`), HasNext: &no},
	}
	for i, r := range responses {
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendResponse(nil, r); string(got) != string(want) {
			t.Errorf("%d: got\n%s\nwant\n%s", i, got, want)
		}
	}
}

// The plain writers are compared with gqlgen on real answers: the same
// questions, asked of a server with them and of one without them (and
// with gqlgen's own POST transport), get byte-identical answers.
var comparedQueries = []struct {
	query string
	vars  map[string]any
	plain bool // some list is written by the plain writers
}{
	{query: `{ cascade(focal: "HIT", code: "HIT-SPG", asOf: "2026-06-01") { tiers { tier companies covered stale pending notRequested reached coverage }
		entries(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { company { id name kind disclosure } tier status reached
		requestedBy { id name } acknowledgment { edition date signatory current } } } } } }`, plain: true},
	{query: `{ cascade(focal: "NEC", code: "NEC-SCG", asOf: "2026-06-01") { tiers { __typename tier coverage } entries(first: 2) { edges { node { tier status company { id } } } } } }`, plain: true},
	{query: `{ uncoveredTiers(focal: "HIT", code: "HIT-SPG", asOf: "2026-06-01", threshold: 0.5) { firstUncoveredTier truncated
		tiers { tier companies covered coverage openEnds ackGap visibilityGap uncovered } } }`, plain: true},
	{query: `{ riskExposure(focal: "HIT", asOf: "2026-06-01") { sources { source { id category severity likelihood base derived company { id name kind } }
		path { id name } hops weight score partner { id } } byCategory { category count maxScore } byPartner { partner { id name } count maxScore } } }`, plain: true},
	{query: `{ riskExposure(focal: "NEC", asOf: "2026-06-01", limit: 2, attenuation: 1) { sources { score weight } byPartner { count } } }`, plain: true},
	{query: `{ riskPaths(from: "EAST", to: "HIT", asOf: "2026-06-01") { nodes { id name kind disclosure } hops weight } }`, plain: true},
	{query: `{ riskPaths(from: "INDO", to: "HIT", asOf: "2026-06-01", maxDepth: 3) { n: nodes { i: id } weight w2: weight } }`, plain: true},
	{query: `{ impact(source: "KIVU", asOf: "2026-06-01") { affected { company { id name kind disclosure } distance weight path { id name } } buyers { id name } } }`, plain: true},
	{query: `{ impact(source: "EAST", asOf: "2026-06-01", attenuation: 0.5) { affected { __typename c: company { __typename i: id } d: distance weight }
		buyers { ...B } } } fragment B on Company { id ... on Company { name } }`, plain: true},
	{query: `query($s: Boolean!) { impact(source: "KIVU", asOf: "2026-06-01") { affected { weight @skip(if: $s) distance @include(if: $s) company { id name @include(if: $s) } } } }`,
		vars: map[string]any{"s": true}, plain: true},
	{query: `query($s: Boolean!) { impact(source: "KIVU", asOf: "2026-06-01") { affected { weight @skip(if: $s) distance @include(if: $s) company { id name @include(if: $s) } } } }`,
		vars: map[string]any{"s": false}, plain: true},
	{query: `{ companies(first: 1000) { totalCount edges { cursor node { __typename id name kind disclosure } } } }`, plain: true},
	{query: `{ codesOfConduct { id title edition issued minEdition validDays } }`, plain: true},
	{query: `{ supplyChain(focal: "HIT", asOf: "2026-06-01") { nodes { id tier company { id name } } edges { source target material since until share } } }`, plain: true},
	// A resolver field below the list: gqlgen marshals it (and the plain
	// writers the facilities, a plain list below it).
	{query: `{ companies(first: 5) { edges { node { id country } } } }`},
	{query: `{ companies(first: 5) { edges { node { id country facilities { id name } } } } }`, plain: true},
	{query: `{ impact(source: "KIVU", asOf: "2026-06-01") { affected { company { id country } } } }`},
	// Root fields by id: alone (read at once) and several (batched).
	{query: `{ company(id: "HIT") { id name kind } }`},
	{query: `{ a: company(id: "HIT") { id name } b: company(id: "NEC") { id } c: company(id: "NOPE") { id } k: codeOfConduct(id: "HIT-SPG") { id edition }
		f: facility(id: "EAST-DORM") { id name } }`},
	// Errors.
	{query: `{ riskPaths(from: "NOPE", to: "HIT") { hops } }`},
	{query: `{ impact(source: "KIVU", maxDepth: 99) { buyers { id } } }`},
	{query: `{ impact(source: "KIVU") { nope } }`},
	{query: `{ impact(`},
}

type answer struct {
	Status      int
	ContentType string
	Body        string
}

func ask(t *testing.T, url string, body []byte, accept string) answer {
	t.Helper()
	req, err := http.NewRequest("POST", url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{resp.StatusCode, resp.Header.Get("Content-Type"), string(b)}
}

func TestPlainWritersWriteWhatGqlgenWrites(t *testing.T) {
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, "../testdata/tiny")
	for _, snapshot := range []bool{false, true} {
		t.Run(fmt.Sprintf("snapshot=%v", snapshot), func(t *testing.T) {
			svc := explorer.New(store)
			svc.UseSnapshot(explorer.SnapshotOptions{Enabled: snapshot})
			if err := svc.WarmUp(context.Background()); err != nil {
				t.Fatal(err)
			}
			svc.Today = func() domain.Date { d, _ := domain.ParseDate("2026-06-01"); return d }
			ours := httptest.NewServer(withPrincipal(newHandler(svc, Options{}, false)))
			defer ours.Close()
			theirs := httptest.NewServer(withPrincipal(newHandler(svc, Options{}, true)))
			defer theirs.Close()
			for i, q := range comparedQueries {
				body, _ := json.Marshal(map[string]any{"query": q.query, "variables": q.vars})
				for _, accept := range []string{"", "application/graphql-response+json"} {
					before := plainListsWritten.Load()
					want := ask(t, theirs.URL, body, accept)
					if n := plainListsWritten.Load(); n != before {
						t.Fatalf("%d: the server without plain writers used them", i)
					}
					got := ask(t, ours.URL, body, accept)
					if used := plainListsWritten.Load() > before; used != q.plain {
						t.Errorf("%d: plain writers used: %v, want %v", i, used, q.plain)
					}
					if d := cmp.Diff(want, got); d != "" {
						t.Errorf("%d (accept %q): answers differ (-gqlgen +ours):\n%s", i, accept, d)
					}
					if q.plain && strings.Contains(got.Body, `"errors"`) {
						t.Errorf("%d: errors: %s", i, got.Body)
					}
				}
			}
		})
	}
}

// opContext returns the context of resolving the field at path of query.
func opContext(t *testing.T, query string, path []string) context.Context {
	t.Helper()
	doc, errs := gqlparser.LoadQuery(parsedSchema, query)
	if errs != nil {
		t.Fatal(errs)
	}
	op := doc.Operations[0]
	ctx := graphql.WithOperationContext(context.Background(), &graphql.OperationContext{Doc: doc, Operation: op, Variables: map[string]any{}})
	f := find(op.SelectionSet, path)
	if f == nil {
		t.Fatalf("no field at %v", path)
	}
	return graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: graphql.CollectedField{Field: f, Selections: f.SelectionSet}})
}

// TestSelects: whether an impact question asks for paths (they are then
// resolved in the resolver, so that a failure is one error).
func TestSelects(t *testing.T) {
	tests := []struct {
		query string
		want  bool
	}{
		{`{ impact(source: "X") { affected { path { id } } } }`, true},
		{`{ impact(source: "X") { affected { distance company { id } } buyers { id } } }`, false},
		{`{ impact(source: "X") { a: affected { p: path { id } } } }`, true},
		{`{ impact(source: "X") { ...R } } fragment R on ImpactReport { affected { ... on ImpactEntry { path { id } } } }`, true},
		{`{ impact(source: "X") { affected { path @skip(if: true) { id } distance } } }`, false},
		{`{ impact(source: "X") { buyers { id } } }`, false},
	}
	for _, tc := range tests {
		if got := selects(opContext(t, tc.query, []string{"impact"}), "affected", "path"); got != tc.want {
			t.Errorf("%s: selects = %v, want %v", tc.query, got, tc.want)
		}
	}
}

// TestSoleRootField: a root field by id reads at once only when it is the
// operation's only root field.
func TestSoleRootField(t *testing.T) {
	tests := []struct {
		query string
		want  bool
	}{
		{`{ company(id: "A") { id } }`, true},
		{`{ a: company(id: "A") { id } b: company(id: "B") { id } }`, false},
		{`{ company(id: "A") { id } ok }`, false},
		{`{ company(id: "A") { id } ok @skip(if: true) }`, true},
	}
	for _, tc := range tests {
		if got := soleRootField(opContext(t, tc.query, []string{"company"})); got != tc.want {
			t.Errorf("%s: soleRootField = %v, want %v", tc.query, got, tc.want)
		}
	}
}

func withPrincipal(h http.Handler) http.Handler {
	p := &auth.Principal{KeyID: "test", Role: auth.Viewer}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(auth.With(r.Context(), p)))
	})
}
