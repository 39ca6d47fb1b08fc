package graph

import (
	"context"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"
	"github.com/supplygraph/supplygraph/graph/scalar"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// argumentGuard checks, before an operation runs, the arguments that
// resolvers would otherwise refuse while it runs: every `first` and
// `after` and every Date, anywhere in the operation. A resolver checks
// its own arguments too, but a mutation's answer is resolved after its
// write has committed: a bad argument below it would answer an error (and
// null data) for a write that was made. It also counts the whole-chain
// lists the operation selects (see wholeChainLists). The document guard
// has bounded the selections, fragments expanded, so the walks are small.
type argumentGuard struct {
	chainLists int
	schema     *ast.Schema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = &argumentGuard{}

func (*argumentGuard) ExtensionName() string { return "OperationArguments" }

func (g *argumentGuard) Validate(es graphql.ExecutableSchema) error {
	g.schema = es.Schema()
	return nil
}

// Cursors of the keyset kind (idCursor: the fields whose resolvers call
// afterID); every other `after` takes an offset cursor.
// TestOperationGuardNames checks that these fields exist.
var idCursorFields = map[string]bool{"Query.companies": true, "Company.suppliers": true, "Company.customers": true}

// wholeChainLists are the list fields as long as a whole supply chain (no
// page bounds them: hundreds of thousands of items at a million
// companies). An operation may select at most DocumentLimits.ChainLists of
// them, aliases and fragment spreads counted each time: an alias repeats
// the list in the answer for a few bytes of document, which the
// complexity's nominal size (ChainListCost) does not bound. The explorer's
// chainView selects 13 of them. Lists nested in an item of another count
// too when they may hold much of the chain (a period's findings opened, a
// smelter's declarers). TestOperationGuardNames checks that the names are
// list fields of the schema; a new list of the chain's size must be added
// here.
var wholeChainLists = map[string]bool{
	"SupplyChain.nodes": true, "SupplyChain.edges": true,
	"ImpactReport.affected": true, "ImpactReport.buyers": true,
	"RiskExposure.byPartner":   true,
	"MineralsReport.suppliers": true, "MineralsReport.smelters": true, "MineralsReport.contradictions": true,
	"Remediation.findings": true, "DueDiligenceReport.escalations": true, "DueDiligenceReport.findings": true,
	"ClauseChange.newlyCommitted": true, "FindingChange.opened": true, "FindingChange.closed": true,
	"MineralsSmelter.namedBy": true,
	"ChainView.nodes":         true, "ChainView.sources": true, "ChainView.targets": true, "ChainView.shares": true,
	"ChainView.risks": true, "ChainView.byPartner": true,
	"ViewColumns.ids": true, "ViewColumns.names": true, "ViewColumns.kinds": true, "ViewColumns.tiers": true,
	"ViewColumns.statuses": true, "ViewColumns.reached": true, "ViewColumns.open": true, "ViewColumns.exposure": true,
}

func badArgument(format string, args ...any) *gqlerror.Error {
	e := gqlerror.Errorf(format, args...)
	e.Extensions = map[string]any{"code": string(domain.BadInput)}
	return e
}

func (g *argumentGuard) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	n, err := g.walk(oc, oc.Operation.SelectionSet)
	if err == nil && n > g.chainLists {
		err = limitError("the operation selects %d lists of a whole supply chain (aliases and fragment spreads included); the limit is %d", n, g.chainLists)
	}
	return err
}

// walk checks the arguments of set's fields and counts its whole-chain
// lists, fragments expanded (it stops past the limit).
func (g *argumentGuard) walk(oc *graphql.OperationContext, set ast.SelectionSet) (int, *gqlerror.Error) {
	n := 0
	for _, sel := range set {
		var sub ast.SelectionSet
		switch s := sel.(type) {
		case *ast.Field:
			if err := g.checkArguments(oc, s); err != nil {
				return n, err
			}
			if s.ObjectDefinition != nil && wholeChainLists[s.ObjectDefinition.Name+"."+s.Name] {
				n++
			}
			sub = s.SelectionSet
		case *ast.InlineFragment:
			sub = s.SelectionSet
		case *ast.FragmentSpread:
			if f := oc.Doc.Fragments.ForName(s.Name); f != nil {
				sub = f.SelectionSet
			}
		}
		m, err := g.walk(oc, sub)
		if n += m; err != nil || n > g.chainLists {
			return n, err
		}
	}
	return n, nil
}

// checkArguments checks the field's first, after and Date arguments as
// its resolver will.
func (g *argumentGuard) checkArguments(oc *graphql.OperationContext, f *ast.Field) *gqlerror.Error {
	for _, a := range f.Arguments {
		v, err := a.Value.Value(oc.Variables)
		if err != nil || v == nil {
			continue // gqlgen answers what does not coerce
		}
		switch a.Name {
		case "first":
			if n, ok := asInt(v); ok && (n < 0 || n > MaxFirst) {
				return badArgument("%s: first must be from 0 to %d, got %d", f.Alias, MaxFirst, n)
			}
		case "after":
			if c, ok := v.(string); ok {
				decode := func(c *string) error { _, err := afterOffset(c); return err }
				if f.ObjectDefinition != nil && idCursorFields[f.ObjectDefinition.Name+"."+f.Name] {
					decode = func(c *string) error { _, err := afterID(c); return err }
				}
				if err := decode(&c); err != nil {
					return badArgument("%s: %v", f.Alias, err)
				}
			}
		}
		if a.Value.ExpectedType != nil {
			if err := g.checkDates(f.Alias+"."+a.Name, a.Value.ExpectedType, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkDates checks every Date in v, a value of type t.
func (g *argumentGuard) checkDates(path string, t *ast.Type, v any) *gqlerror.Error {
	if v == nil {
		return nil
	}
	if t.Elem != nil {
		if xs, ok := v.([]any); ok {
			for _, x := range xs {
				if err := g.checkDates(path, t.Elem, x); err != nil {
					return err
				}
			}
			return nil
		}
		return g.checkDates(path, t.Elem, v) // a single value is coerced to a list
	}
	if t.NamedType == "Date" {
		if _, err := scalar.UnmarshalDate(v); err != nil {
			return badArgument("%s: %v", path, err)
		}
		return nil
	}
	def := g.schema.Types[t.NamedType]
	m, ok := v.(map[string]any)
	if def == nil || def.Kind != ast.InputObject || !ok {
		return nil
	}
	for k, x := range m {
		if fd := def.Fields.ForName(k); fd != nil {
			if err := g.checkDates(path+"."+k, fd.Type, x); err != nil {
				return err
			}
		}
	}
	return nil
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
