package graph

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

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
