package graph

import (
	"context"
	"reflect"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// Lists of objects: one after another when nothing below can wait.
//
// gqlgen marshals every element of a list of objects in its own goroutine,
// so that resolvers of different elements can wait on one dataloader
// batch together. When the selection below a list has no resolver field
// at all (only struct fields and methods, as in the analysis answers,
// whose companies are resolved in one batch beforehand), nothing can
// wait, and the goroutines are pure cost: about 4 µs per element on these
// machines (start, stack growth), several milliseconds for a risk
// exposure's 1,700 partners. marshalList then marshals the elements in
// order, in the caller's goroutine; otherwise it does what gqlgen does.
//
// `go generate` makes the generated code call marshalList: after gqlgen
// writes generated.go, tools/gqlgenlists rewrites its calls of
// graphql.MarshalSliceConcurrently into calls of ec.marshalList.

// marshalList has the contract of graphql.MarshalSliceConcurrently (one
// marshalled value per element, each under a field context holding its
// index; a panic becomes an error and a nil list unless omitPanicHandler),
// with sel, the selection of each element, to decide how to run.
func (ec *executionContext) marshalList(ctx context.Context, sel ast.SelectionSet, length int, workerLimit int64, omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	if length == 0 || !ec.plainSelection(ctx, sel) {
		return graphql.MarshalSliceConcurrently(ctx, length, workerLimit, omitPanicHandler, marshalElement)
	}
	if r, _ := ec.Resolvers.(*Resolver); r == nil || !r.gqlgenOnly {
		if ret, ok := ec.marshalPlain(ctx, sel, length); ok {
			return ret
		}
	}
	ret := make(graphql.Array, length)
	failed := false // like gqlgen: every element is marshalled, each panic is an error, the list is nil
	for i := range length {
		childCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
		if omitPanicHandler {
			ret[i] = marshalElement(childCtx, i)
			continue
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					graphql.AddError(childCtx, graphql.Recover(childCtx, r))
					failed = true
				}
			}()
			ret[i] = marshalElement(childCtx, i)
		}()
	}
	if failed {
		return nil
	}
	return ret
}

// plainSelection reports whether the selection sel of the elements of the
// list field in ctx resolves no field through a resolver, at any depth.
// Anything it cannot tell (an interface or union, an unknown type) counts
// as not plain.
func (ec *executionContext) plainSelection(ctx context.Context, sel ast.SelectionSet) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || fc.Field.Definition == nil {
		return false
	}
	return plain(ec.Schema(), sel, fc.Field.Definition.Type.Name(), 0)
}

// maxPlainDepth bounds the walk; deeper selections count as not plain
// (operations are limited to a smaller depth anyway).
const maxPlainDepth = 32

func plain(schema *ast.Schema, sel ast.SelectionSet, typeName string, depth int) bool {
	def := schema.Types[typeName]
	if def == nil || depth > maxPlainDepth {
		return false
	}
	if def.Kind == ast.Scalar || def.Kind == ast.Enum {
		return true
	}
	if def.Kind != ast.Object {
		return false
	}
	byResolver, known := resolverFields[typeName]
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			if strings.HasPrefix(s.Name, "__") {
				continue
			}
			if !known || byResolver[s.Name] || s.Definition == nil {
				return false
			}
			if len(s.SelectionSet) > 0 && !plain(schema, s.SelectionSet, s.Definition.Type.Name(), depth+1) {
				return false
			}
		case *ast.InlineFragment:
			if s.TypeCondition != "" && s.TypeCondition != typeName {
				return false
			}
			if !plain(schema, s.SelectionSet, typeName, depth+1) {
				return false
			}
		case *ast.FragmentSpread:
			if s.Definition == nil || s.Definition.TypeCondition != typeName || !plain(schema, s.Definition.SelectionSet, typeName, depth+1) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// resolverFields lists, for every object type of the schema, its fields
// that have a resolver method. It is read from the ResolverRoot interface
// (a method per type, returning an interface with a method per resolver
// field), so it follows the generated code. An object type missing from
// it is one whose resolver methods could not be matched to its fields;
// plain treats it as all resolvers.
var resolverFields = readResolverFields(parsedSchema, reflect.TypeFor[ResolverRoot]())

func readResolverFields(schema *ast.Schema, root reflect.Type) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, def := range schema.Types {
		if def.Kind == ast.Object && !strings.HasPrefix(def.Name, "__") {
			out[def.Name] = map[string]bool{}
		}
	}
	for i := range root.NumMethod() {
		m := root.Method(i)
		def := matchType(schema, m.Name)
		if def == nil || m.Type.NumOut() != 1 || m.Type.Out(0).Kind() != reflect.Interface {
			continue
		}
		resolvers := m.Type.Out(0)
		fields := map[string]bool{}
		matched := true
		for j := range resolvers.NumMethod() {
			f := matchField(def, resolvers.Method(j).Name)
			if f == "" {
				matched = false
				break
			}
			fields[f] = true
		}
		if matched {
			out[def.Name] = fields
		} else {
			delete(out, def.Name)
		}
	}
	return out
}

// matchType finds the object type gqlgen named goName (gqlgen's Go names
// differ from GraphQL names only in case, for this schema's names).
func matchType(schema *ast.Schema, goName string) *ast.Definition {
	for name, def := range schema.Types {
		if def.Kind == ast.Object && strings.EqualFold(name, goName) {
			return def
		}
	}
	return nil
}

func matchField(def *ast.Definition, goName string) string {
	for _, f := range def.Fields {
		if strings.EqualFold(f.Name, goName) {
			return f.Name
		}
	}
	return ""
}
