package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Default limits against abusive queries.
const (
	DefaultMaxDepth      = 15
	DefaultMaxComplexity = 50000
	// AnalysisCost is the complexity of one analysis query (it reads a whole
	// supply chain), before its selection.
	AnalysisCost = 1000
)

// DepthLimit rejects operations nested deeper than Max fields (introspection
// fields, whose names start with __, do not count).
type DepthLimit struct{ Max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = DepthLimit{}

// ExtensionName names the extension.
func (DepthLimit) ExtensionName() string { return "DepthLimit" }

// Validate accepts every schema.
func (DepthLimit) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext measures the operation's depth.
func (d DepthLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	if depth := selectionDepth(oc.Operation.SelectionSet, oc.Doc.Fragments, 0); depth > d.Max {
		err := gqlerror.Errorf("the query is %d fields deep; the limit is %d", depth, d.Max)
		err.Extensions = map[string]any{"code": string(domain.BadInput)}
		return err
	}
	return nil
}

func selectionDepth(set ast.SelectionSet, frags ast.FragmentDefinitionList, seen int) int {
	if seen > 100 { // fragment cycles are rejected by validation; this is a backstop
		return seen
	}
	deepest := 0
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			if len(s.Name) > 1 && s.Name[:2] == "__" {
				continue
			}
			d = 1 + selectionDepth(s.SelectionSet, frags, seen+1)
		case *ast.InlineFragment:
			d = selectionDepth(s.SelectionSet, frags, seen+1)
		case *ast.FragmentSpread:
			if f := frags.ForName(s.Name); f != nil {
				d = selectionDepth(f.SelectionSet, frags, seen+1)
			}
		}
		deepest = max(deepest, d)
	}
	return deepest
}

// pageCost is the number of items a paginated field may return.
func pageCost(first *int, def int) int {
	if first == nil {
		return def
	}
	return max(*first, 1)
}

// complexity sets real costs: analysis queries cost AnalysisCost plus their
// selection (times the items they may return), pages cost their size times
// their selection.
func complexity() ComplexityRoot {
	var c ComplexityRoot
	c.Query.Cascade = func(child int, _, _ string, _ *int, _ *domain.Date) int { return AnalysisCost + child }
	c.Query.UncoveredTiers = func(child int, _, _ string, _ *float64, _ *int, _ *domain.Date) int { return AnalysisCost + child }
	// riskExposure's limit cuts sources, a field below it, whose cost cannot
	// see its parent's arguments: the whole answer counts once per 20 of
	// the limit (its default), sources and byPartner as 20 items each.
	// Exact for sources; sourcesConnection, a page of its own, is counted
	// more than once only with a limit above 20.
	c.Query.RiskExposure = func(child int, _ string, _ []domain.RiskCategory, _ *float64, _ *int, limit *int, _ *domain.Date) int {
		const step = analysis.DefaultExposureLimit
		return AnalysisCost + (pageCost(limit, step)+step-1)/step*child
	}
	c.RiskExposure.Sources = func(child int) int { return 1 + analysis.DefaultExposureLimit*child }
	c.RiskExposure.ByPartner = func(child int) int { return 1 + analysis.DefaultExposureLimit*child }
	c.RiskExposure.SourcesConnection = func(child int, first *int, _ *string) int { return 1 + pageCost(first, MaxFirst)*child }
	c.Query.RiskPaths = func(child int, _, _ string, _ *float64, _ *int, limit *int, _ *domain.Date) int {
		return AnalysisCost + pageCost(limit, 10)*child
	}
	c.Query.Impact = func(child int, _ string, _ *float64, _ *int, _ *domain.Date) int { return AnalysisCost + child }
	c.Query.SupplyChain = func(child int, _ string, _ *int, _ *domain.Date) int { return AnalysisCost + child }
	c.Query.Companies = func(child int, _ *string, _ *domain.CompanyKind, _ *string, first *int, _ *string) int {
		return 10 + pageCost(first, DefaultFirst)*child
	}
	c.Company.Suppliers = func(child int, first *int, _ *string, _ *domain.Date) int {
		return 10 + pageCost(first, DefaultFirst)*child
	}
	c.Company.Customers = func(child int, first *int, _ *string, _ *domain.Date) int {
		return 10 + pageCost(first, DefaultFirst)*child
	}
	c.CascadeReport.Entries = func(child int, first *int, _ *string) int { return 1 + pageCost(first, MaxFirst)*child }
	c.ImpactReport.AffectedConnection = func(child int, first *int, _ *string) int { return 1 + pageCost(first, MaxFirst)*child }
	c.TierCoverage.UncoveredCompanies = func(child int, first *int, _ *string) int { return 1 + pageCost(first, DefaultFirst)*child }
	c.TierCoverage.OpenEndCompanies = func(child int, first *int, _ *string) int { return 1 + pageCost(first, DefaultFirst)*child }
	return c
}
