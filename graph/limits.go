package graph

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/supplygraph/supplygraph/graph/model"
	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"
)

// Default limits against abusive queries. Every query of the API's
// documentation and tests is far inside them (see docs/operations.md).
const (
	DefaultMaxDepth      = 15
	DefaultMaxComplexity = 50000
	// AnalysisCost is the complexity of one analysis query (it reads a whole
	// supply chain), before its selection.
	AnalysisCost = 1000
)

// DocumentLimits bound the work a GraphQL document may cause before gqlgen
// parses and validates it: gqlparser's validation is superlinear in the
// number of fragments and in the number of fields sharing a response key,
// and gqlgen's complexity walk expands every fragment spread, so a small
// document could hold a core for minutes. Zero fields take the defaults.
type DocumentLimits struct {
	// Tokens bounds the document's lexical tokens (comments included).
	Tokens int
	// Depth bounds the depth of every operation, in fields, fragments
	// followed (introspection fields, whose names start with __, do not
	// count).
	Depth int
	// Operations, Fragments, Spreads and Directives bound how many of each
	// the document holds.
	Operations, Fragments, Spreads, Directives int
	// Selections bounds the fields, fragment spreads and inline fragments
	// of every operation and fragment definition, each spread counted with
	// everything the fragment selects (so a fragment spreading another
	// twice doubles it).
	Selections int
	// SameKey bounds how many fields share one response key (a name or an
	// alias) in one selection, fragments merged: validation compares every
	// pair of them.
	SameKey int
	// Variables bounds the variables an operation defines, and the
	// variables a request supplies.
	Variables int
	// NameBytes bounds every name of the document (fields, aliases,
	// arguments, fragments, operations, types): validation compares an
	// unknown name with every known one to suggest another, and quotes it.
	NameBytes int
	// StringBytes bounds every string literal of the document (big values
	// belong in variables): validation quotes a literal it refuses, once
	// per operation.
	StringBytes int
	// IntrospectionRoots bounds the __schema and __type fields of the
	// document's operations, fragments expanded: each answers a part of the
	// whole schema.
	IntrospectionRoots int
	// IntrospectionLists bounds the list fields of introspection types
	// (types, fields, args, inputFields, interfaces, enumValues,
	// possibleTypes, directives) the document's operations select,
	// fragments expanded and aliases included; each lists a part of the
	// schema once per item of the list above it.
	IntrospectionLists int
	// ChainLists bounds the lists as long as a whole supply chain that an
	// operation selects (wholeChainLists), aliases and fragment spreads
	// counted each time; checked after validation, before the operation
	// runs.
	ChainLists int
}

// maxIntrospectionNesting bounds how deep introspection lists nest (types,
// then fields, then args, as GraphiQL asks): each level multiplies the
// answer by the size of a part of the schema.
const maxIntrospectionNesting = 3

// introspectionLists are the list fields of the introspection types.
var introspectionLists = map[string]bool{
	"types": true, "fields": true, "args": true, "inputFields": true, "interfaces": true,
	"enumValues": true, "possibleTypes": true, "directives": true,
}

// DefaultDocumentLimits are generous for every legitimate query of this API.
var DefaultDocumentLimits = DocumentLimits{
	Tokens:      10000,
	Depth:       DefaultMaxDepth,
	Operations:  50,
	Fragments:   50,
	Spreads:     200,
	Directives:  100,
	Selections:  5000,
	SameKey:     10,
	Variables:   100,
	NameBytes:   128,
	StringBytes: 64 << 10,
	// GraphiQL's introspection query selects one __schema and 9 lists.
	IntrospectionRoots: 3,
	IntrospectionLists: 15,
	ChainLists:         32,
}

// withDefaults fills zero limits from DefaultDocumentLimits.
func (l DocumentLimits) withDefaults() DocumentLimits {
	d := DefaultDocumentLimits
	for _, f := range []struct {
		v   *int
		def int
	}{
		{&l.Tokens, d.Tokens}, {&l.Depth, d.Depth}, {&l.Operations, d.Operations},
		{&l.Fragments, d.Fragments}, {&l.Spreads, d.Spreads}, {&l.Directives, d.Directives},
		{&l.Selections, d.Selections}, {&l.SameKey, d.SameKey}, {&l.Variables, d.Variables},
		{&l.NameBytes, d.NameBytes}, {&l.StringBytes, d.StringBytes},
		{&l.IntrospectionRoots, d.IntrospectionRoots}, {&l.IntrospectionLists, d.IntrospectionLists},
		{&l.ChainLists, d.ChainLists},
	} {
		if *f.v <= 0 {
			*f.v = f.def
		}
	}
	return l
}

// documentGuard is a gqlgen extension that checks a request's document
// against its limits before gqlgen parses and validates it (it runs as an
// operation parameter mutator, after automatic persisted queries have
// filled in the query, whatever the transport), and refuses to start an
// operation once the request has run out of time.
type documentGuard struct {
	limits DocumentLimits
	// checked holds the documents gqlgen has parsed and validated: they
	// passed these checks before, and are not checked again.
	checked graphql.Cache[*ast.QueryDocument]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
} = documentGuard{}

func (documentGuard) ExtensionName() string                   { return "DocumentLimits" }
func (documentGuard) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters checks the document before gqlgen parses it.
func (g documentGuard) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	noteOperation(ctx, p.OperationName)
	if err := timedOut(ctx); err != nil {
		return err
	}
	if len(p.Variables) > g.limits.Variables {
		return limitError("the request supplies %d variables; the limit is %d", len(p.Variables), g.limits.Variables)
	}
	if g.checked != nil {
		if _, ok := g.checked.Get(ctx, p.Query); ok {
			return nil
		}
	}
	return checkDocument(p.Query, g.limits)
}

// MutateOperationContext runs after parsing and validation: an operation
// is not started once the request has run out of time.
func (documentGuard) MutateOperationContext(ctx context.Context, _ *graphql.OperationContext) *gqlerror.Error {
	return timedOut(ctx)
}

func timedOut(ctx context.Context) *gqlerror.Error {
	if ctx.Err() == nil {
		return nil
	}
	de := domain.Errorf(domain.Timeout, "the request ran past its time limit")
	return &gqlerror.Error{Message: de.Error(), Err: de}
}

// limitError is a refusal of the document, answered as gqlgen answers a
// document that fails validation (HTTP 422 for application/json); the
// error presenter gives it the code BAD_INPUT.
func limitError(format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	errcode.Set(err, errcode.ValidationFailed)
	return err
}

// checkDocument checks query against l, in time linear in its length:
// it counts the tokens with gqlparser's lexer, stopping past the limit,
// and measures names and string literals; then parses the document and measures it, each fragment once. A
// document that does not parse is left to gqlgen, which answers the
// parse error.
func checkDocument(query string, l DocumentLimits) *gqlerror.Error {
	lex := lexer.New(&ast.Source{Input: query})
	for n := 0; ; n++ {
		tok, err := lex.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			break
		}
		if n == l.Tokens {
			return limitError("the query has more than %d tokens; the limit is %d", l.Tokens, l.Tokens)
		}
		switch tok.Kind {
		case lexer.Name:
			if len(tok.Value) > l.NameBytes {
				return limitError("the query has a name of %d characters; the limit is %d", len(tok.Value), l.NameBytes)
			}
		case lexer.String, lexer.BlockString:
			if len(tok.Value) > l.StringBytes {
				return limitError("the query has a string literal of %d bytes; the limit is %d (pass big values as variables)", len(tok.Value), l.StringBytes)
			}
		}
	}
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		return nil
	}
	if n := len(doc.Operations); n > l.Operations {
		return limitError("the query has %d operations; the limit is %d", n, l.Operations)
	}
	if n := len(doc.Fragments); n > l.Fragments {
		return limitError("the query has %d fragment definitions; the limit is %d", n, l.Fragments)
	}
	m := measurer{limits: l, frags: make(map[string]*fragmentSize, len(doc.Fragments))}
	for _, f := range doc.Fragments {
		if _, dup := m.frags[f.Name]; !dup { // a duplicate name is a validation error
			m.frags[f.Name] = &fragmentSize{def: f}
		}
	}
	total := 0
	var intro extent
	for _, op := range doc.Operations {
		m.directives += len(op.Directives)
		for _, v := range op.VariableDefinitions {
			m.directives += len(v.Directives)
		}
		if n := len(op.VariableDefinitions); n > l.Variables {
			return limitError("an operation defines %d variables; the limit is %d", n, l.Variables)
		}
		e := m.set(op.SelectionSet, false)
		if m.err != nil {
			return m.err
		}
		if e.depth > l.Depth {
			return limitError("the query is %d fields deep; the limit is %d", e.depth, l.Depth)
		}
		total = capped(total+e.size, l.Selections)
		intro.roots = capped(intro.roots+e.roots, l.IntrospectionRoots)
		intro.lists = capped(intro.lists+e.lists, l.IntrospectionLists)
		intro.nest = max(intro.nest, e.nest)
	}
	for _, f := range doc.Fragments {
		m.directives += len(f.Directives)
		fs := m.fragment(f.Name)
		if m.err != nil {
			return m.err
		}
		total = capped(total+fs.size, l.Selections)
	}
	if intro.roots > l.IntrospectionRoots {
		return limitError("the query selects __schema or __type more than %d times once its fragments are expanded; the limit is %d", l.IntrospectionRoots, l.IntrospectionRoots)
	}
	if intro.lists > l.IntrospectionLists {
		return limitError("the query selects introspection lists (types, fields, args…) more than %d times once its fragments are expanded; the limit is %d", l.IntrospectionLists, l.IntrospectionLists)
	}
	if intro.nest > maxIntrospectionNesting {
		return limitError("the query nests introspection lists %d deep; the limit is %d", intro.nest, maxIntrospectionNesting)
	}
	if m.spreads > l.Spreads {
		return limitError("the query has %d fragment spreads; the limit is %d", m.spreads, l.Spreads)
	}
	if m.directives > l.Directives {
		return limitError("the query has %d directives; the limit is %d", m.directives, l.Directives)
	}
	if total > l.Selections {
		return limitError("the query selects more than %d fields and fragments once its fragments are expanded; the limit is %d", l.Selections, l.Selections)
	}
	// Within the limit on selections, merging them is bounded work.
	for _, op := range doc.Operations {
		if err := m.merge([]ast.SelectionSet{op.SelectionSet}); err != nil {
			return err
		}
	}
	for _, f := range doc.Fragments {
		if err := m.merge([]ast.SelectionSet{f.SelectionSet}); err != nil {
			return err
		}
	}
	return nil
}

// capped is n, or limit+1 if n is larger: sizes only matter up to their
// limit, and fragments spread twice in a chain would overflow an int.
func capped(n, limit int) int { return min(n, limit+1) }

// extent is the measure of a selection set, fragments expanded: its depth
// in fields (introspection fields do not count), its size in selections,
// its __schema and __type fields, its introspection list fields and how
// deep they nest. Sums are capped past their limits.
type extent struct {
	depth, size, roots, lists, nest int
}

// fragmentSize is what measurer knows of one fragment definition.
type fragmentSize struct {
	def   *ast.FragmentDefinition
	state int // 0 not measured, 1 being measured, 2 measured
	extent
}

// measurer measures selection sets, each fragment definition once.
type measurer struct {
	limits              DocumentLimits
	frags               map[string]*fragmentSize
	spreads, directives int
	err                 *gqlerror.Error
}

// fragment measures the fragment called name (nil if there is none: an
// unknown fragment is a validation error).
func (m *measurer) fragment(name string) *fragmentSize {
	f := m.frags[name]
	if f == nil {
		return nil
	}
	switch f.state {
	case 1:
		if m.err == nil {
			m.err = limitError("fragment %s spreads itself, directly or through other fragments", name)
		}
		return f
	case 2:
		return f
	}
	f.state = 1
	// A fragment on an introspection type (__Type…) holds introspection
	// fields; a fragment is measured once, whatever spreads it.
	f.extent = m.set(f.def.SelectionSet, strings.HasPrefix(f.def.TypeCondition, "__"))
	f.state = 2
	return f
}

// set returns the extent of a selection set, intro if it selects from an
// introspection type; it counts the spreads and directives it holds (each
// fragment's once).
func (m *measurer) set(s ast.SelectionSet, intro bool) (out extent) {
	l := m.limits
	for _, sel := range s {
		if m.err != nil {
			return extent{}
		}
		var e extent
		switch s := sel.(type) {
		case *ast.Field:
			m.directives += len(s.Directives)
			root := s.Name == "__schema" || s.Name == "__type"
			e = m.set(s.SelectionSet, intro || root)
			if strings.HasPrefix(s.Name, "__") {
				e.depth = 0
			} else {
				e.depth++
			}
			if root {
				e.roots = capped(e.roots+1, l.IntrospectionRoots)
			}
			if intro && introspectionLists[s.Name] {
				e.lists = capped(e.lists+1, l.IntrospectionLists)
				e.nest++
			}
		case *ast.InlineFragment:
			m.directives += len(s.Directives)
			e = m.set(s.SelectionSet, intro || strings.HasPrefix(s.TypeCondition, "__"))
		case *ast.FragmentSpread:
			m.directives += len(s.Directives)
			m.spreads++
			if f := m.fragment(s.Name); f != nil {
				e = f.extent
			}
		}
		out.depth = max(out.depth, e.depth)
		out.size = capped(out.size+1+e.size, l.Selections)
		out.roots = capped(out.roots+e.roots, l.IntrospectionRoots)
		out.lists = capped(out.lists+e.lists, l.IntrospectionLists)
		out.nest = max(out.nest, e.nest)
	}
	return out
}

// merge merges selection sets as execution (and validation) does,
// following inline fragments and fragment spreads, and refuses a response
// key selected more than limits.SameKey times; then merges the selections
// of each key. Its work is the size of the sets, fragments expanded.
func (m *measurer) merge(sets []ast.SelectionSet) *gqlerror.Error {
	var keys []string
	fields := map[string][]*ast.Field{}
	var collect func(ast.SelectionSet)
	collect = func(s ast.SelectionSet) {
		for _, sel := range s {
			switch s := sel.(type) {
			case *ast.Field:
				key := s.Alias
				if key == "" {
					key = s.Name
				}
				if _, ok := fields[key]; !ok {
					keys = append(keys, key)
				}
				fields[key] = append(fields[key], s)
			case *ast.InlineFragment:
				collect(s.SelectionSet)
			case *ast.FragmentSpread:
				if f := m.frags[s.Name]; f != nil {
					collect(f.def.SelectionSet)
				}
			}
		}
	}
	for _, s := range sets {
		collect(s)
	}
	for _, key := range keys {
		fs := fields[key]
		if len(fs) > m.limits.SameKey {
			return limitError("the query selects %q %d times in one selection; the limit is %d", key, len(fs), m.limits.SameKey)
		}
		var sub []ast.SelectionSet
		for _, f := range fs {
			if len(f.SelectionSet) > 0 {
				sub = append(sub, f.SelectionSet)
			}
		}
		if len(sub) > 0 {
			if err := m.merge(sub); err != nil {
				return err
			}
		}
	}
	return nil
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
	c.Query.ChainView = func(child int, _, _ string, _ *int, _ *domain.Date, _ *float64) int { return AnalysisCost + child }
	// Lists without a page count as ChainListCost items (a chain's members
	// and links, an impact's companies: thousands, so that many aliases of
	// them cannot fit one operation) or OwnListCost items (a company's own
	// records, a path's companies, a report's tiers).
	chain := func(child int) int { return 1 + ChainListCost*child }
	own := func(child int) int { return 1 + OwnListCost*child }
	c.SupplyChain.Nodes, c.SupplyChain.Edges = chain, chain
	c.ChainView.Nodes, c.ChainView.Risks, c.ChainView.ByPartner = chain, chain, chain
	c.ImpactReport.Affected, c.ImpactReport.Buyers = chain, chain
	c.Query.ProposedSupplyLinks = func(child int, first *int) int { return 1 + pageCost(first, DefaultFirst)*child }
	c.Company.Facilities, c.Company.Findings, c.Facility.Findings = own, own, own
	c.Company.Acknowledgments = func(child int, _ *domain.Date) int { return own(child) }
	c.Company.Requests = func(child int, _ *model.RequestDirection) int { return own(child) }
	c.CodeOfConduct.Accepts, c.Query.CodesOfConduct = own, own
	c.CascadeEntry.RequestedBy, c.CascadeReport.Tiers = own, own
	c.RiskPath.Nodes, c.SourceExposure.Path, c.ImpactEntry.Path = own, own, own
	c.SupplyPartnerEdge.Links = own
	c.Query.MineralsReport = func(child int, _, _ string, _ *domain.Date, _, _ *int) int { return AnalysisCost + child }
	c.MineralsReport.Suppliers, c.MineralsReport.Smelters, c.MineralsReport.Contradictions = chain, chain, chain
	c.MineralsReport.Tiers, c.MineralsSmelter.NamedBy = own, own
	c.Company.Declarations, c.Company.RMAPHistory = own, own
	c.Declaration.Answers, c.Declaration.Smelters = own, own
	// Clauses, remediation and the period report: analysis queries too.
	c.Query.ClauseCoverage = func(child int, _, _ string, _ []string, _ *int, _ *domain.Date) int { return AnalysisCost + child }
	c.Query.Remediation = func(child int, _, _ string, _ *float64, _ *int, _ *domain.Date) int { return AnalysisCost + child }
	c.Query.DueDiligenceReport = func(child int, _, _ string, _, _ domain.Date, _ *float64, _ *int) int {
		return AnalysisCost + child
	}
	c.ClauseCoverageEntry.Uncommitted = func(child int, first *int, _ *string) int { return 1 + pageCost(first, DefaultFirst)*child }
	c.ClauseTier.Uncommitted = func(child int, first *int, _ *string) int { return 1 + pageCost(first, DefaultFirst)*child }
	c.Remediation.FindingsConnection = func(child int, first *int, _ *string) int { return 1 + pageCost(first, MaxFirst)*child }
	c.ClauseCoverage.Clauses, c.ClauseCoverageEntry.Tiers = own, own
	c.Remediation.Findings, c.DueDiligenceReport.Escalations, c.DueDiligenceReport.Findings = chain, chain, chain
	c.ClauseChange.NewlyCommitted = chain
	c.FindingChange.Opened, c.FindingChange.Closed = own, own
	c.DueDiligenceReport.Coverage, c.DueDiligenceReport.Clauses, c.Remediation.ByEscalation = own, own, own
	c.FindingRemediation.Actions, c.FindingRemediation.Blockers, c.LeverageRoute.Path = own, own, own
	c.RiskSummary.ByCategory, c.RiskExposure.ByClause = own, own
	c.CodeOfConduct.Clauses, c.Finding.Clauses = own, own
	return c
}

// Assumed sizes of lists without a page, for the complexity limit.
const (
	ChainListCost = 100
	OwnListCost   = 10
)
