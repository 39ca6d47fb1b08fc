package graph

import (
	"reflect"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
)

// TestOnlyLookupsAreResolvers: outside the root types, a field has a
// resolver only if it returns objects (a relationship read through a
// loader, a page); every scalar and enum field is bound in gqlgen.yml to a
// struct field or a method of the answer. gqlgen runs a resolver field in a
// goroutine of its own, a bound field in order: a resolver per country of
// a thousand companies costs milliseconds for nothing.
func TestOnlyLookupsAreResolvers(t *testing.T) {
	root := reflect.TypeFor[ResolverRoot]()
	seen := 0
	for i := range root.NumMethod() {
		m := root.Method(i)
		def := schemaObject(m.Name)
		if def == nil {
			t.Errorf("ResolverRoot.%s names no object type of the schema", m.Name)
			continue
		}
		if def.Name == "Query" || def.Name == "Mutation" {
			continue
		}
		resolvers := m.Type.Out(0)
		for j := range resolvers.NumMethod() {
			name := resolvers.Method(j).Name
			var field *ast.FieldDefinition
			for _, f := range def.Fields {
				if strings.EqualFold(f.Name, name) {
					field = f
				}
			}
			if field == nil {
				t.Errorf("%s.%s: no such field", def.Name, name)
				continue
			}
			seen++
			switch parsedSchema.Types[field.Type.Name()].Kind {
			case ast.Object, ast.Union, ast.Interface:
			default:
				t.Errorf("%s.%s (%s) has a resolver: bind it to a field or method in gqlgen.yml", def.Name, field.Name, field.Type)
			}
		}
	}
	if seen == 0 {
		t.Fatal("no resolver fields found: the test no longer reads the generated interfaces")
	}
}

// schemaObject is the object type gqlgen named goName (the names differ
// only in case in this schema).
func schemaObject(goName string) *ast.Definition {
	for name, def := range parsedSchema.Types {
		if def.Kind == ast.Object && strings.EqualFold(name, goName) {
			return def
		}
	}
	return nil
}
