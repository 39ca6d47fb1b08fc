package graph

import (
	"context"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// pageGuard checks every `first` argument of an operation before it runs.
// A resolver checks its own page too, but a mutation's answer is resolved
// after its write has committed: a bad page below it would answer an error
// (and null data) for a write that was made. The document guard has bounded
// the selections, fragments expanded, so the walk is small.
type pageGuard struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = pageGuard{}

func (pageGuard) ExtensionName() string                   { return "PageArguments" }
func (pageGuard) Validate(graphql.ExecutableSchema) error { return nil }

func (pageGuard) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	seen := map[string]bool{}
	var walk func(ast.SelectionSet) *gqlerror.Error
	walk = func(set ast.SelectionSet) *gqlerror.Error {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				if a := s.Arguments.ForName("first"); a != nil {
					v, err := a.Value.Value(oc.Variables)
					if n, ok := asInt(v); err == nil && ok && (n < 0 || n > MaxFirst) {
						e := gqlerror.Errorf("%s: first must be from 0 to %d, got %d", s.Alias, MaxFirst, n)
						e.Extensions = map[string]any{"code": string(domain.BadInput)}
						return e
					}
				}
				if err := walk(s.SelectionSet); err != nil {
					return err
				}
			case *ast.InlineFragment:
				if err := walk(s.SelectionSet); err != nil {
					return err
				}
			case *ast.FragmentSpread:
				if f := oc.Doc.Fragments.ForName(s.Name); f != nil && !seen[s.Name] {
					seen[s.Name] = true
					if err := walk(f.SelectionSet); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}
	return walk(oc.Operation.SelectionSet)
}

// asInt reads an Int argument's value, as a literal or a variable gives it.
func asInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int:
		return int64(n), true
	case float64:
		return int64(n), n == float64(int64(n))
	case json.Number:
		i, err := n.Int64()
		return i, err == nil
	}
	return 0, false
}
