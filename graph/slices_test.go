package graph

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// TestResolverFieldsFollowTheResolvers: every resolver method of every
// type is matched to a schema field, so no type falls back to "all
// resolvers" by a naming mismatch, and no type is missing.
func TestResolverFieldsFollowTheResolvers(t *testing.T) {
	root := reflect.TypeFor[ResolverRoot]()
	for i := range root.NumMethod() {
		m := root.Method(i)
		def := matchType(parsedSchema, m.Name)
		if def == nil {
			t.Errorf("ResolverRoot.%s names no object type of the schema", m.Name)
			continue
		}
		fields, ok := resolverFields[def.Name]
		if !ok {
			t.Errorf("%s: its resolver methods do not all match its fields", def.Name)
			continue
		}
		if want := m.Type.Out(0).NumMethod(); len(fields) != want {
			t.Errorf("%s: %d resolver fields, want %d", def.Name, len(fields), want)
		}
	}
	for name, def := range parsedSchema.Types {
		if def.Kind == ast.Object && !strings.HasPrefix(name, "__") {
			if _, ok := resolverFields[name]; !ok {
				t.Errorf("object type %s missing", name)
			}
		}
	}
	if !resolverFields["Company"]["suppliers"] || resolverFields["Company"]["id"] || resolverFields["ImpactEntry"]["company"] {
		t.Errorf("unexpected resolver fields: Company %v, ImpactEntry %v", resolverFields["Company"], resolverFields["ImpactEntry"])
	}
}

// TestPlainSelection: which list selections may be marshalled in order.
func TestPlainSelection(t *testing.T) {
	tests := []struct {
		name, query string
		path        []string // from the operation to the list field
		want        bool
	}{
		{"fields of the answer", `{ impact(source: "X") { affected { company { id name kind } distance weight path { id } } } }`,
			[]string{"impact", "affected"}, true},
		{"typename", `{ impact(source: "X") { affected { __typename company { __typename id } } } }`,
			[]string{"impact", "affected"}, true},
		{"a resolver below", `{ impact(source: "X") { affected { company { id suppliers { totalCount } } } } }`,
			[]string{"impact", "affected"}, false},
		{"a cheap resolver still counts", `{ impact(source: "X") { affected { company { country } } } }`,
			[]string{"impact", "affected"}, false},
		{"named fragment", `{ impact(source: "X") { affected { ...E } } } fragment E on ImpactEntry { company { id } distance }`,
			[]string{"impact", "affected"}, true},
		{"named fragment with a resolver", `{ impact(source: "X") { affected { ...E } } } fragment E on ImpactEntry { company { facilities { id } } }`,
			[]string{"impact", "affected"}, false},
		{"inline fragment", `{ riskExposure(focal: "X") { byPartner { ... on PartnerExposure { partner { id } count } } } }`,
			[]string{"riskExposure", "byPartner"}, true},
		{"cascade entries", `{ cascade(focal: "X", code: "C") { entries { edges { node { company { id } tier requestedBy { id } acknowledgment { edition current } } } } } }`,
			[]string{"cascade", "entries", "edges"}, true},
		{"acknowledgment's code", `{ cascade(focal: "X", code: "C") { entries { edges { node { acknowledgment { code { id } } } } } } }`,
			[]string{"cascade", "entries", "edges"}, false},
		{"companies with suppliers", `{ companies { edges { node { suppliers { edges { node { id } } } } } } }`,
			[]string{"companies", "edges"}, false},
		{"companies' own fields", `{ companies { edges { cursor node { id name kind } } } }`,
			[]string{"companies", "edges"}, true},
	}
	for _, tc := range tests {
		doc, errs := gqlparser.LoadQuery(parsedSchema, tc.query)
		if errs != nil {
			t.Fatalf("%s: %v", tc.name, errs)
		}
		f := find(doc.Operations[0].SelectionSet, tc.path)
		if f == nil {
			t.Fatalf("%s: no field at %v", tc.name, tc.path)
		}
		if got := plain(parsedSchema, f.SelectionSet, f.Definition.Type.Name(), 0); got != tc.want {
			t.Errorf("%s: plain = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func find(sel ast.SelectionSet, path []string) *ast.Field {
	for _, s := range sel {
		if f, ok := s.(*ast.Field); ok && f.Name == path[0] {
			if len(path) == 1 {
				return f
			}
			return find(f.SelectionSet, path[1:])
		}
	}
	return nil
}

// TestMarshalList: a plain selection is marshalled in order in the
// caller's goroutine; any other runs every element at once (so that their
// resolvers can share a dataloader batch); a panic becomes an error and a
// nil list either way.
func TestMarshalList(t *testing.T) {
	ec := newExecutionContext(nil, &executableSchema{}, nil)
	listCtx := func(q string, path []string) (context.Context, ast.SelectionSet) {
		doc, errs := gqlparser.LoadQuery(parsedSchema, q)
		if errs != nil {
			t.Fatal(errs)
		}
		f := find(doc.Operations[0].SelectionSet, path)
		ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter,
			func(ctx context.Context, v any) error { return fmt.Errorf("panic: %v", v) })
		ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: graphql.CollectedField{Field: f}})
		return ctx, f.SelectionSet
	}
	const n = 8

	ctx, sel := listCtx(`{ impact(source: "X") { affected { distance } } }`, []string{"impact", "affected"})
	var order []int
	got := ec.marshalList(ctx, sel, n, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		if idx := graphql.GetFieldContext(ctx).Index; idx == nil || *idx != i {
			t.Errorf("element %d: field context index %v", i, idx)
		}
		order = append(order, i) // no lock: must run in this goroutine
		return graphql.MarshalInt(i)
	})
	if len(got) != n || !reflect.DeepEqual(order, []int{0, 1, 2, 3, 4, 5, 6, 7}) {
		t.Errorf("plain: %d values, order %v", len(got), order)
	}

	// Not plain: every element must be running before any may finish.
	ctx, sel = listCtx(`{ impact(source: "X") { affected { company { suppliers { totalCount } } } } }`, []string{"impact", "affected"})
	var all sync.WaitGroup
	all.Add(n)
	released := make(chan struct{})
	go func() { all.Wait(); close(released) }()
	got = ec.marshalList(ctx, sel, n, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		all.Done()
		select {
		case <-released:
		case <-time.After(10 * time.Second):
			t.Errorf("element %d: the elements did not run at the same time", i)
		}
		return graphql.MarshalInt(i)
	})
	if len(got) != n {
		t.Errorf("not plain: %d values", len(got))
	}

	ctx, sel = listCtx(`{ impact(source: "X") { affected { distance } } }`, []string{"impact", "affected"})
	got = ec.marshalList(ctx, sel, n, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		if i == 3 || i == 5 {
			panic("boom")
		}
		return graphql.MarshalInt(i)
	})
	if got != nil || len(graphql.GetErrors(ctx)) != 2 {
		t.Errorf("panic: list %v, errors %v", got, graphql.GetErrors(ctx))
	}
}
