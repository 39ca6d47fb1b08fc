package graph

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// aliased writes n fields "<prefix><i>: name" (distinct response keys).
func aliased(b *strings.Builder, prefix string, n int) {
	for i := range n {
		fmt.Fprintf(b, "%s%d: name ", prefix, i)
	}
}

// documentShapes are, for each document limit, a valid document with n of
// what the limit bounds, shaped to give validation as much work as the
// other limits allow. At the limit the document passes; one more is
// refused with a message containing refusal.
var documentShapes = []struct {
	name    string
	limit   func(DocumentLimits) int
	doc     func(l DocumentLimits, n int) string
	refusal string
}{
	{"tokens", func(l DocumentLimits) int { return l.Tokens }, func(l DocumentLimits, n int) string {
		// 10 tokens of frame, 3 per aliased field, the rest comments (one token each).
		var b strings.Builder
		fields := min((n-10)/3, l.Selections-1)
		b.WriteString(`{ company(id: "x") { `)
		aliased(&b, "a", fields)
		b.WriteString("} }")
		b.WriteString(strings.Repeat("\n#", n-10-3*fields))
		return b.String()
	}, "tokens; the limit is"},
	{"depth", func(l DocumentLimits) int { return l.Depth }, func(_ DocumentLimits, n int) string {
		// company, then suppliers { edges { node { ... } } }, then a leaf of the last type.
		path := []string{`company(id: "x")`}
		for i := 0; len(path) < n-1; i++ {
			path = append(path, []string{"suppliers(first: 1)", "edges", "node"}[i%3])
		}
		leaf := map[string]string{"suppliers(first: 1)": "totalCount", "edges": "cursor", "node": "id"}[path[len(path)-1]]
		if leaf == "" {
			leaf = "id"
		}
		return "{ " + strings.Join(path, " { ") + " { " + leaf + strings.Repeat(" }", len(path)) + " }"
	}, "fields deep; the limit is"},
	{"operations", func(l DocumentLimits) int { return l.Operations }, func(_ DocumentLimits, n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, `query Q%d { company(id: "x") { ...F } } `, i)
		}
		b.WriteString("fragment F on Company { id name kind country }")
		return b.String()
	}, "operations; the limit is"},
	{"fragments", func(l DocumentLimits) int { return l.Fragments }, func(l DocumentLimits, n int) string {
		// Every fragment spread in one selection: validation compares each pair.
		per := (l.Selections - 2*n) / (2 * n)
		var b strings.Builder
		b.WriteString(`{ company(id: "x") { `)
		for i := range n {
			fmt.Fprintf(&b, "...F%d ", i)
		}
		b.WriteString("} }")
		for i := range n {
			fmt.Fprintf(&b, " fragment F%d on Company { ", i)
			aliased(&b, fmt.Sprintf("f%d_", i), per)
			b.WriteString("}")
		}
		return b.String()
	}, "fragment definitions; the limit is"},
	{"spreads", func(l DocumentLimits) int { return l.Spreads }, func(l DocumentLimits, n int) string {
		frags := n/l.SameKey + 1
		var b strings.Builder
		b.WriteString(`{ company(id: "x") { `)
		for i := range n {
			fmt.Fprintf(&b, "...F%d ", i%frags)
		}
		b.WriteString("} }")
		for i := range frags {
			fmt.Fprintf(&b, " fragment F%d on Company { f%d: name }", i, i)
		}
		return b.String()
	}, "fragment spreads; the limit is"},
	{"directives", func(l DocumentLimits) int { return l.Directives }, func(_ DocumentLimits, n int) string {
		var b strings.Builder
		b.WriteString(`{ company(id: "x") { `)
		for i := range n {
			fmt.Fprintf(&b, "a%d: name @include(if: true) ", i)
		}
		b.WriteString("} }")
		return b.String()
	}, "directives; the limit is"},
	{"selections", func(l DocumentLimits) int { return l.Selections }, func(_ DocumentLimits, n int) string {
		// r companies spreading a fragment of k fields: r*(k+2) + k, then
		// single fields to make up n.
		k := 248
		r := (n - k) / (k + 2)
		var b strings.Builder
		b.WriteString("{ ")
		for i := range r {
			fmt.Fprintf(&b, `c%d: company(id: "x") { ...F } `, i)
		}
		aliased(&b, "t", n-k-r*(k+2))
		b.WriteString("} fragment F on Company { ")
		aliased(&b, "f", k)
		b.WriteString("}")
		return strings.ReplaceAll(b.String(), ": name", ": __typename")
	}, "once its fragments are expanded; the limit is"},
	{"same key", func(l DocumentLimits) int { return l.SameKey }, func(l DocumentLimits, n int) string {
		// n fields with one response key, each spreading a large fragment:
		// validation compares every pair, fragment included.
		k := (l.Selections - 2*n) / (n + 1)
		var b strings.Builder
		b.WriteString("{ ")
		for range n {
			b.WriteString(`company(id: "x") { ...F } `)
		}
		b.WriteString("} fragment F on Company { ")
		aliased(&b, "f", k)
		b.WriteString("}")
		return b.String()
	}, `"company" 11 times in one selection; the limit is`},
	{"variables", func(l DocumentLimits) int { return l.Variables }, func(_ DocumentLimits, n int) string {
		var b strings.Builder
		b.WriteString("query(")
		for i := range n {
			fmt.Fprintf(&b, `$v%d: ID! = "x" `, i)
		}
		b.WriteString(") { ")
		for i := range n {
			fmt.Fprintf(&b, "c%d: company(id: $v%d) { id } ", i, i)
		}
		b.WriteString("}")
		return b.String()
	}, "defines 101 variables; the limit is"},
}

// newTestExecutor is gqlgen's executor configured as NewHandler configures
// it, without a store: enough to parse, validate and measure documents.
func newTestExecutor(l DocumentLimits) *executor.Executor {
	ex := executor.New(NewExecutableSchema(Config{Resolvers: &Resolver{}, Complexity: complexity()}))
	ex.SetParserTokenLimit(l.Tokens)
	ex.Use(extension.Introspection{})
	ex.Use(documentGuard{limits: l})
	ex.Use(extension.FixedComplexityLimit(DefaultMaxComplexity))
	return ex
}

// TestDocumentLimitsAtTheirBounds: each limit lets a document at the limit
// through gqlgen's parsing and validation without an error, and refuses
// one more, naming the limit.
func TestDocumentLimitsAtTheirBounds(t *testing.T) {
	l := DefaultDocumentLimits
	ex := newTestExecutor(l)
	for _, s := range documentShapes {
		n := s.limit(l)
		ctx := graphql.StartOperationTrace(context.Background())
		if _, errs := ex.CreateOperationContext(ctx, &graphql.RawParams{Query: s.doc(l, n), OperationName: opName(s.name)}); errs != nil {
			t.Errorf("%s: a document at the limit (%d) is refused: %v", s.name, n, errs)
		}
		if s.name == "tokens" { // gqlparser counts as many: it accepts n and refuses n-1
			src := &ast.Source{Input: s.doc(l, n)}
			_, errN := parser.ParseQueryWithTokenLimit(src, n)
			_, errLess := parser.ParseQueryWithTokenLimit(src, n-1)
			if errN != nil || errLess == nil {
				t.Errorf("tokens: gqlparser with a limit of %d: %v, of %d: %v", n, errN, n-1, errLess)
			}
		}
		err := checkDocument(s.doc(l, n+1), l)
		if err == nil || !strings.Contains(err.Message, s.refusal) || err.Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
			t.Errorf("%s: one more than the limit: %v, want %q", s.name, err, s.refusal)
		}
	}
}

func opName(shape string) string {
	if shape == "operations" {
		return "Q0"
	}
	return ""
}

// TestDepthThroughFragments: depth follows fragment spreads, each
// fragment measured once, whatever the number of fragments (the old
// measure gave up past 100 levels of spreads and called a document of
// depth 2 "102 fields deep").
func TestDepthThroughFragments(t *testing.T) {
	l := DefaultDocumentLimits
	l.Fragments, l.Spreads, l.Selections = 1000, 1000, 1<<20
	for _, tc := range []struct {
		doc   string
		depth int
	}{
		{chain(500, "id"), 2},
		{chain(500, "suppliers { edges { node { id } } }"), 5},
		{`{ company(id: "x") { ...A suppliers { edges { node { ...A } } } } } fragment A on Company { ...B } fragment B on Company { customers { totalCount } }`, 6},
		{`{ company(id: "x") { __typename ... on Company { suppliers { edges { node { ...C } } } } } } fragment C on Company { __type { name } id }`, 5},
		{`{ __schema { types { fields { type {` + strings.Repeat(" ofType {", 20) + " name" + strings.Repeat(" }", 24) + ` company(id: "x") { id } }`, 2},
	} {
		doc, err := parser.ParseQuery(&ast.Source{Input: tc.doc})
		if err != nil {
			t.Fatal(err)
		}
		m := measurer{limits: l, frags: map[string]*fragmentSize{}}
		for _, f := range doc.Fragments {
			m.frags[f.Name] = &fragmentSize{def: f}
		}
		if e := m.set(doc.Operations[0].SelectionSet, false); e.depth != tc.depth || m.err != nil {
			t.Errorf("%.60s: depth %d (%v), want %d", tc.doc, e.depth, m.err, tc.depth)
		}
		for d := tc.depth - 1; d <= tc.depth; d++ {
			l.Depth = d
			err := checkDocument(tc.doc, l)
			if refused := err != nil; refused != (d < tc.depth) {
				t.Errorf("%.60s with a depth limit of %d: %v", tc.doc, d, err)
			}
		}
	}
}

// chain is a query spreading fragment F0, F0 spreading F1, and so on to
// F<n-1>, each selecting the field id (aliased); the last also selects last.
func chain(n int, last string) string {
	var b strings.Builder
	b.WriteString(`{ company(id: "x") { ...F0 } }`)
	for i := range n {
		fmt.Fprintf(&b, " fragment F%d on Company { f%d: id ", i, i)
		if i < n-1 {
			fmt.Fprintf(&b, "...F%d", i+1)
		} else {
			b.WriteString(last)
		}
		b.WriteString(" }")
	}
	return b.String()
}

// TestFragmentCycles: a cycle, direct or not, is refused (and measuring it
// ends).
func TestFragmentCycles(t *testing.T) {
	for _, doc := range []string{
		`{ company(id: "x") { ...A } } fragment A on Company { ...A }`,
		`{ company(id: "x") { ...A } } fragment A on Company { id ...B } fragment B on Company { suppliers { edges { node { ...C } } } } fragment C on Company { ...A }`,
		`{ company(id: "x") { id } } fragment A on Company { ...B } fragment B on Company { ...A }`, // unused
	} {
		if err := checkDocument(doc, DefaultDocumentLimits); err == nil || !strings.Contains(err.Message, "spreads itself") {
			t.Errorf("%s: %v", doc, err)
		}
	}
}

// TestDocumentsLeftToGqlgen: a document that does not parse, or refers to
// unknown fragments, passes the checks (gqlgen answers its error).
func TestDocumentsLeftToGqlgen(t *testing.T) {
	for _, doc := range []string{`{ company(id: "x") { id }`, `{ company(id: "x") { ...Nope } }`, `"unterminated`, ``, `fragment A on Company { id }`} {
		if err := checkDocument(doc, DefaultDocumentLimits); err != nil {
			t.Errorf("%q: %v", doc, err)
		}
	}
}

func FuzzCheckDocument(f *testing.F) {
	small := DocumentLimits{Tokens: 200, Depth: 4, Operations: 3, Fragments: 4, Spreads: 8, Directives: 4, Selections: 60, SameKey: 3, Variables: 3}
	for _, s := range documentShapes {
		f.Add(s.doc(small, s.limit(small)))
	}
	f.Add(chain(6, "id"))
	f.Add(`{ company(id: "x") { ...A } } fragment A on Company { ...B ...B } fragment B on Company { ...A }`)
	f.Fuzz(func(t *testing.T, doc string) {
		err := checkDocument(doc, small)
		if err != nil && err.Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
			t.Errorf("%q: %v without a code", doc, err)
		}
	})
}

// BenchmarkDocumentsAtTheLimits measures what the worst documents the limits
// let through cost before execution: the checks, then gqlgen's parsing,
// validation and complexity (no query cache).
func BenchmarkDocumentsAtTheLimits(b *testing.B) {
	l := DefaultDocumentLimits
	ex := newTestExecutor(l)
	for _, s := range documentShapes {
		q := s.doc(l, s.limit(l))
		b.Run(strings.ReplaceAll(s.name, " ", "_"), func(b *testing.B) {
			b.SetBytes(int64(len(q)))
			for b.Loop() {
				ctx := graphql.StartOperationTrace(context.Background())
				if _, errs := ex.CreateOperationContext(ctx, &graphql.RawParams{Query: q, OperationName: opName(s.name)}); errs != nil {
					b.Fatal(errs)
				}
			}
		})
	}
	b.Run("check_only_tokens", func(b *testing.B) {
		q := documentShapes[0].doc(l, l.Tokens)
		for b.Loop() {
			if err := checkDocument(q, l); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestNameStringAndIntrospectionLimits: each limit lets its value through
// and refuses one more.
func TestNameStringAndIntrospectionLimits(t *testing.T) {
	l := DefaultDocumentLimits
	schemas := func(n int) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			fmt.Fprintf(&b, " s%d: __schema { queryType { name } }", i)
		}
		return b.String() + " }"
	}
	lists := func(n int) string {
		var b strings.Builder
		b.WriteString("{ __schema {")
		for i := range n {
			fmt.Fprintf(&b, " t%d: types { name }", i)
		}
		return b.String() + " } }"
	}
	for _, tc := range []struct {
		ok, refused, want string
	}{
		{"{ " + strings.Repeat("a", 128) + " }", "{ " + strings.Repeat("a", 129) + " }", "a name of 129 characters; the limit is 128"},
		{`{ company(id: "` + strings.Repeat("x", 64<<10) + `") { id } }`, `{ company(id: "` + strings.Repeat("x", 64<<10+1) + `") { id } }`, "a string literal of 65537 bytes; the limit is 65536"},
		{`{ company(id: """` + strings.Repeat("x", 64<<10) + `""") { id } }`, `{ company(id: """` + strings.Repeat("x", 64<<10+1) + `""") { id } }`, "a string literal of 65537 bytes"},
		{schemas(3), schemas(4), "__schema or __type more than 3 times"},
		{`{ __type(name: "A") { name } __schema { queryType { name } } q: __type(name: "B") { name } }`, `query A { __type(name: "A") { name } __schema { queryType { name } } } query B { a: __type(name: "B") { name } ...F } fragment F on Query { __typename b: __type(name: "C") { name } }`, "__schema or __type more than 3 times"},
		{lists(15), lists(16), "introspection lists (types, fields, args…) more than 15 times"},
		{`{ __schema { types { ...T } } } fragment T on __Type { fields { args { name } } }`, `{ __schema { types { ...T } } } fragment T on __Type { fields { args { type { ... on __Type { fields { name } } } } } }`, "nests introspection lists 4 deep; the limit is 3"},
	} {
		if err := checkDocument(tc.ok, l); err != nil {
			t.Errorf("%.80s: %v", tc.ok, err)
		}
		if err := checkDocument(tc.refused, l); err == nil || !strings.Contains(err.Message, tc.want) {
			t.Errorf("%.80s: %v, want %q", tc.refused, err, tc.want)
		}
	}
}

// TestOperationGuardNames: the fields the argument guard knows by name
// exist: whole-chain lists are list fields, keyset cursors belong to
// fields with an after argument (a cursor of the wrong kind for its field
// would be refused before the resolver could page with it: the page walks
// of the other tests would fail).
func TestOperationGuardNames(t *testing.T) {
	s := NewExecutableSchema(Config{}).Schema()
	field := func(name string) *ast.FieldDefinition {
		typ, f, _ := strings.Cut(name, ".")
		if d := s.Types[typ]; d != nil {
			return d.Fields.ForName(f)
		}
		return nil
	}
	for name := range wholeChainLists {
		if f := field(name); f == nil || f.Type.Elem == nil {
			t.Errorf("whole-chain list %s is not a list field of the schema", name)
		}
	}
	for name := range idCursorFields {
		if f := field(name); f == nil || f.Arguments.ForName("after") == nil {
			t.Errorf("keyset-cursor field %s has no after argument in the schema", name)
		}
	}
}
