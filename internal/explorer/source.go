package explorer

import (
	"context"
	"sync"

	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
)

// source is where a question reads its data: the in-memory snapshot when it
// is current, else Neo4j. Every question is written once, over this
// interface; both give the same answers (tested). A method may return more
// than it is asked for (the snapshot hands over its whole index), never
// less, and never anything outside the principal's view where the method
// says so.
type source interface {
	// company returns the company id if the principal may see it.
	company(ctx context.Context, id string) (domain.Company, bool, error)
	// companies looks up at least the companies ids returns (called only
	// if need be: the snapshot looks any company up at once).
	companies(ctx context.Context, ids func() []string) (analysis.Companies, error)
	// links returns at least the links active at asOf within levels links
	// of start in direction dir, between companies the principal sees.
	links(ctx context.Context, start string, dir domain.Direction, asOf domain.Date, levels int) ([]domain.SupplyLink, error)
	// graph is the active graph of those links (or of more).
	graph(ctx context.Context, start string, dir domain.Direction, asOf domain.Date, levels int) (*analysis.Graph, error)
	// riskGraph is graph with the declared edges of the declarations in
	// force at asOf (riskExposure, riskPaths, impact), followed like links,
	// between companies the principal sees.
	riskGraph(ctx context.Context, start string, dir domain.Direction, asOf domain.Date, levels int) (*analysis.Graph, error)
	// declarations returns a lookup of at least the declarations of the
	// companies ids returns, of those the principal sees, naming only
	// smelters it sees.
	declarations(ctx context.Context, ids func() []string) (func(id string) []domain.Declaration, error)
	// codes returns code and the codes it accepts, code first; false if
	// there is no such code.
	codes(ctx context.Context, code string) ([]domain.Code, bool, error)
	// requests returns at least the requests for code dated up to asOf.
	requests(ctx context.Context, code string, asOf domain.Date) ([]domain.Request, error)
	// acks returns at least the acknowledgments of codes by the companies
	// returns up to asOf.
	acks(ctx context.Context, companies func() []string, codes []string, asOf domain.Date) ([]domain.Acknowledgment, error)
	// findings returns at least the findings about the companies
	// returns (or their facilities) detected up to asOf, and each
	// facility's operator.
	findings(ctx context.Context, companies func() []string, asOf domain.Date) ([]domain.Finding, map[string]string, error)
	// clauses returns every clause and every declared equivalence (they
	// are few, and every code's; codes are not scoped).
	clauses(ctx context.Context) ([]domain.Clause, []domain.ClauseEquivalence, error)
}

// source returns the snapshot if it is current, else Neo4j (and starts
// building a new snapshot).
func (s *Service) source(ctx context.Context) (source, error) {
	sn, err := s.snapshotFor(ctx)
	if err != nil {
		return nil, err
	}
	if sn != nil {
		return sn, nil
	}
	return &storeSource{store: s.store, subgraphs: map[subgraphKey][]domain.SupplyLink{}}, nil
}

// storeSource reads from Neo4j; it keeps the subgraphs it read, since a
// question may ask for the same one as links and as a graph.
type storeSource struct {
	store     *neo4jstore.Store
	mu        sync.Mutex
	subgraphs map[subgraphKey][]domain.SupplyLink
}

type subgraphKey struct {
	start  string
	dir    domain.Direction
	asOf   domain.Date
	levels int
}

func (n *storeSource) company(ctx context.Context, id string) (domain.Company, bool, error) {
	m, err := n.store.CompaniesByID(ctx, []string{id})
	c, ok := m[id]
	return c, ok && auth.From(ctx).Sees(id), err
}

func (n *storeSource) companies(ctx context.Context, ids func() []string) (analysis.Companies, error) {
	m, err := n.store.CompaniesByID(ctx, ids())
	return analysis.CompanyMap(m), err
}

func (n *storeSource) links(ctx context.Context, start string, dir domain.Direction, asOf domain.Date, levels int) ([]domain.SupplyLink, error) {
	k := subgraphKey{start, dir, asOf, levels}
	n.mu.Lock()
	links, ok := n.subgraphs[k]
	n.mu.Unlock()
	if ok {
		return links, nil
	}
	links, err := n.store.Subgraph(ctx, start, dir, asOf, levels)
	if err != nil {
		return nil, err
	}
	links = scopeLinks(ctx, links)
	n.mu.Lock()
	n.subgraphs[k] = links
	n.mu.Unlock()
	return links, nil
}

func (n *storeSource) graph(ctx context.Context, start string, dir domain.Direction, asOf domain.Date, levels int) (*analysis.Graph, error) {
	links, err := n.links(ctx, start, dir, asOf, levels)
	if err != nil {
		return nil, err
	}
	return analysis.NewGraph(analysis.ActiveEdges(links, asOf)), nil
}

func (n *storeSource) riskGraph(ctx context.Context, start string, dir domain.Direction, asOf domain.Date, levels int) (*analysis.Graph, error) {
	links, err := n.store.SubgraphDeclared(ctx, start, dir, asOf, levels)
	if err != nil {
		return nil, err
	}
	return analysis.ActiveGraph(scopeLinks(ctx, links), asOf), nil
}

func (n *storeSource) declarations(ctx context.Context, ids func() []string) (func(string) []domain.Declaration, error) {
	m, err := n.store.DeclarationsOf(ctx, ids())
	if err != nil {
		return nil, err
	}
	m = scopeDeclarations(ctx, m)
	return func(id string) []domain.Declaration { return m[id] }, nil
}

// scopeDeclarations keeps, for a supplier-scoped key, the declarations of
// companies it sees, naming the smelters it sees.
func scopeDeclarations(ctx context.Context, m map[string][]domain.Declaration) map[string][]domain.Declaration {
	p := auth.From(ctx)
	if !p.Scoped() {
		return m
	}
	out := map[string][]domain.Declaration{}
	for id, ds := range m {
		if !p.Sees(id) {
			continue
		}
		kept := make([]domain.Declaration, len(ds))
		for i, d := range ds {
			d.Smelters = between(ctx, d.Smelters, func(n domain.NamedSmelter) (string, string) { return n.SmelterID, id })
			kept[i] = d
		}
		out[id] = kept
	}
	return out
}

func (n *storeSource) codes(ctx context.Context, code string) ([]domain.Code, bool, error) {
	accepted, err := n.store.AcceptedCodes(ctx, []string{code})
	if err != nil {
		return nil, false, err
	}
	ids := append([]string{code}, accepted[code]...)
	byID, err := n.store.CodesByID(ctx, ids)
	if err != nil {
		return nil, false, err
	}
	return orderedCodes(code, byID, accepted[code])
}

// orderedCodes lists code, then the codes it accepts that exist.
func orderedCodes(code string, byID map[string]domain.Code, accepted []string) ([]domain.Code, bool, error) {
	c, ok := byID[code]
	if !ok {
		return nil, false, nil
	}
	out := []domain.Code{c}
	for _, id := range accepted {
		if a, ok := byID[id]; ok && id != code {
			out = append(out, a)
		}
	}
	return out, true, nil
}

func (n *storeSource) requests(ctx context.Context, code string, asOf domain.Date) ([]domain.Request, error) {
	return n.store.RequestsForCode(ctx, code, asOf)
}

func (n *storeSource) acks(ctx context.Context, companies func() []string, codes []string, asOf domain.Date) ([]domain.Acknowledgment, error) {
	return n.store.AcknowledgmentsOf(ctx, companies(), codes, asOf)
}

func (n *storeSource) findings(ctx context.Context, companies func() []string, asOf domain.Date) ([]domain.Finding, map[string]string, error) {
	found, err := n.store.FindingsOf(ctx, companies(), asOf)
	if err != nil {
		return nil, nil, err
	}
	out, operator := make([]domain.Finding, len(found)), map[string]string{}
	for i, f := range found {
		out[i] = f.Finding
		if f.SubjectID != f.CompanyID {
			operator[f.SubjectID] = f.CompanyID
		}
	}
	return out, operator, nil
}

func (n *storeSource) clauses(ctx context.Context) ([]domain.Clause, []domain.ClauseEquivalence, error) {
	return n.store.Clauses(ctx)
}

// The snapshot answers from memory, with its whole indexes.

func (sn *snapshot) company(ctx context.Context, id string) (domain.Company, bool, error) {
	c, ok := sn.Company(id)
	return c, ok && auth.From(ctx).Sees(id), nil
}

func (sn *snapshot) companies(context.Context, func() []string) (analysis.Companies, error) {
	return sn, nil
}

// links returns the links between start and the companies within levels
// of it (the chain: upstream only, all SupplyChain asks for).
func (sn *snapshot) links(ctx context.Context, start string, _ domain.Direction, asOf domain.Date, levels int) ([]domain.SupplyLink, error) {
	g, _ := sn.graph(ctx, start, domain.Upstream, asOf, levels)
	tiers := analysis.Chain(g, start, levels)
	in := func(v int32) bool {
		id := sn.ids[v]
		_, ok := tiers[id]
		return ok || id == start
	}
	var out []domain.SupplyLink
	for i := range sn.allLinks {
		if l := &sn.allLinks[i]; in(l.sup) && in(l.cus) {
			out = append(out, sn.linkAt(l))
		}
	}
	return scopeLinks(ctx, out), nil
}

// graph is the shared active graph at asOf, or for a supplier-scoped key one
// built from the links inside its view.
func (sn *snapshot) graph(ctx context.Context, _ string, _ domain.Direction, asOf domain.Date, _ int) (*analysis.Graph, error) {
	p := auth.From(ctx)
	if !p.Scoped() {
		return sn.activeGraph(asOf), nil
	}
	return sn.graphOf(asOf, func(s, c int32) bool { return p.Sees(sn.ids[s]) && p.Sees(sn.ids[c]) }), nil
}

// riskGraph is graph with the declared edges at asOf: shared per date, or
// for a supplier-scoped key built from what it sees.
func (sn *snapshot) riskGraph(ctx context.Context, start string, dir domain.Direction, asOf domain.Date, levels int) (*analysis.Graph, error) {
	p := auth.From(ctx)
	if !p.Scoped() {
		return sn.riskGraphs.get(asOf, func() *analysis.Graph { return sn.withDeclared(sn.activeGraph(asOf), asOf, nil) }), nil
	}
	g, _ := sn.graph(ctx, start, dir, asOf, levels)
	return sn.withDeclared(g, asOf, p.Sees), nil
}

// withDeclared adds to g (over the snapshot's numbering) the declared edges
// at asOf between companies sees allows (nil: all).
func (sn *snapshot) withDeclared(g *analysis.Graph, asOf domain.Date, sees func(string) bool) *analysis.Graph {
	var all []domain.Declaration
	for _, ds := range sn.decls {
		all = append(all, ds...)
	}
	links := analysis.DeclaredLinks(all, asOf)
	sup, cus := make([]int32, 0, len(links)), make([]int32, 0, len(links))
	for _, l := range links {
		s, ok1 := sn.index[l.SupplierID]
		c, ok2 := sn.index[l.CustomerID]
		if ok1 && ok2 && (sees == nil || sees(l.SupplierID) && sees(l.CustomerID)) {
			sup, cus = append(sup, s), append(cus, c)
		}
	}
	return analysis.WithDeclared(g, sup, cus)
}

func (sn *snapshot) declarations(ctx context.Context, _ func() []string) (func(string) []domain.Declaration, error) {
	m := scopeDeclarations(ctx, sn.decls)
	return func(id string) []domain.Declaration { return m[id] }, nil
}

func (sn *snapshot) codes(_ context.Context, code string) ([]domain.Code, bool, error) {
	return orderedCodes(code, sn.codeIndex, sn.accepts[code])
}

func (sn *snapshot) requests(_ context.Context, code string, _ domain.Date) ([]domain.Request, error) {
	rows := sn.reqsByCode[code]
	out := make([]domain.Request, len(rows))
	for i, q := range rows {
		out[i] = domain.Request{RequesterID: sn.ids[q.requester], SupplierID: sn.ids[q.supplier], CodeID: code, Date: q.date}
	}
	return out, nil
}

// requestEnds numbers the requesters and suppliers of requests(code), in
// its order (see analysis.CascadeInput.RequestEnds).
func (sn *snapshot) requestEnds(code string) [][2]int32 {
	rows := sn.reqsByCode[code]
	out := make([][2]int32, len(rows))
	for i, q := range rows {
		out[i] = [2]int32{q.requester, q.supplier}
	}
	return out
}

// ackCompanies numbers the companies of acks(codes), in its order.
func (sn *snapshot) ackCompanies(codes []string) []int32 {
	var out []int32
	for _, c := range codes {
		for _, a := range sn.acksByCode[c] {
			out = append(out, a.company)
		}
	}
	return out
}

func (sn *snapshot) acks(_ context.Context, _ func() []string, codes []string, _ domain.Date) ([]domain.Acknowledgment, error) {
	n := 0
	for _, c := range codes {
		n += len(sn.acksByCode[c])
	}
	out := make([]domain.Acknowledgment, 0, n)
	for _, c := range codes {
		for _, a := range sn.acksByCode[c] {
			out = append(out, domain.Acknowledgment{CompanyID: sn.ids[a.company], CodeID: c, Edition: int(a.edition), Date: a.date, Signatory: sn.strs.strs[a.signatory]})
		}
	}
	return out, nil
}

func (sn *snapshot) findings(context.Context, func() []string, domain.Date) ([]domain.Finding, map[string]string, error) {
	return sn.allFindings, sn.operator, nil
}

func (sn *snapshot) clauses(context.Context) ([]domain.Clause, []domain.ClauseEquivalence, error) {
	return sn.allClauses, sn.crosswalk, nil
}

// scopeLinks keeps, for a supplier-scoped key, only the links between
// companies it may see (a new slice: the input may be shared).
func scopeLinks(ctx context.Context, links []domain.SupplyLink) []domain.SupplyLink {
	return between(ctx, links, func(l domain.SupplyLink) (string, string) { return l.SupplierID, l.CustomerID })
}

// scopeRequests is scopeLinks for requests.
func scopeRequests(ctx context.Context, reqs []domain.Request) []domain.Request {
	return between(ctx, reqs, func(q domain.Request) (string, string) { return q.RequesterID, q.SupplierID })
}

// between keeps the items both of whose ends the principal sees; for a
// principal without a scope, all of them (the same slice).
func between[T any](ctx context.Context, items []T, ends func(T) (string, string)) []T {
	p := auth.From(ctx)
	if !p.Scoped() {
		return items
	}
	kept := make([]T, 0, len(items))
	for _, x := range items {
		if a, b := ends(x); p.Sees(a) && p.Sees(b) {
			kept = append(kept, x)
		}
	}
	return kept
}

// reader returns where a question reads from, after the deny-by-default
// check: every request has a principal (a key's, or auth.System for the
// CLI and internal work).
func (s *Service) reader(ctx context.Context) (source, error) {
	if err := auth.Require(ctx, auth.Viewer); err != nil {
		return nil, err
	}
	return s.source(ctx)
}
