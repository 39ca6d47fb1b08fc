package analysis

import (
	"cmp"
	"slices"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// Edge is an edge of the active supply graph: Supplier supplies Customer.
// Weight is the customer's dependence on the supplier (0 < Weight <= 1).
type Edge struct {
	Supplier string
	Customer string
	Weight   float64
	// Declared marks an edge of a declaration in force (a smelter named by
	// the customer's CMRT or EMRT), not a disclosed link: weight 1. A
	// disclosed edge of the same pair wins over it.
	Declared bool
}

// LinkActive reports whether a supply link is active at asOf: (since empty
// or since <= asOf) and (until empty or until > asOf).
func LinkActive(l domain.SupplyLink, asOf domain.Date) bool {
	if l.Since != nil && *l.Since > asOf {
		return false
	}
	if l.Until != nil && *l.Until <= asOf {
		return false
	}
	return true
}

// ActiveEdges returns the active supply graph at asOf as edges: one edge
// u -> v for every pair with an active link from supplier u to customer v,
// weighted by the largest share among those links (an empty share counts as
// 1). Links whose supplier equals their customer are left out. The edges are
// sorted by supplier, then customer.
func ActiveEdges(links []domain.SupplyLink, asOf domain.Date) []Edge {
	return ActiveGraph(links, asOf).Edges()
}

// ActiveGraph returns the active supply graph at asOf (see ActiveEdges) in
// compact form.
func ActiveGraph(links []domain.SupplyLink, asOf domain.Date) *Graph {
	es := make([]Edge, 0, len(links))
	for _, l := range links {
		if !LinkActive(l, asOf) {
			continue
		}
		w := 1.0
		if l.Share != nil && !l.Declared {
			w = *l.Share
		}
		es = append(es, Edge{Supplier: l.SupplierID, Customer: l.CustomerID, Weight: w, Declared: l.Declared})
	}
	return NewGraph(es)
}

// Companies looks companies up by id (an analysis input: a map, or the
// service's snapshot, which holds its companies in compact form).
type Companies interface {
	Company(id string) (domain.Company, bool)
}

// NumberedCompanies is Companies that number companies like the graphs
// built over them (the service's snapshot): CompanyNumbered looks up
// company v of a graph whose ids are ids without looking its id up (at a
// million companies, the lookups by id were most of an uncoveredTiers),
// or says false for a graph numbered otherwise.
type NumberedCompanies interface {
	Companies
	CompanyNumbered(ids []string, v int32) (domain.Company, bool)
}

// KindsNumbered is NumberedCompanies that also tell a company's kind
// without making the whole company (riskExposure asks it of every company
// of the chain, to find the smelters: a tenth of a million-company
// question when it made each company).
type KindsNumbered interface {
	KindNumbered(ids []string, v int32) (domain.CompanyKind, bool)
}

// kind returns the kind of company v of g when cs can tell it cheaply.
func (g *Graph) kind(cs Companies, v int32) (domain.CompanyKind, bool) {
	if k, ok := cs.(KindsNumbered); ok {
		return k.KindNumbered(g.ids, v)
	}
	return "", false
}

// company returns company v of g from cs.
func (g *Graph) company(cs Companies, v int32) (domain.Company, bool) {
	if n, ok := cs.(NumberedCompanies); ok {
		if c, ok := n.CompanyNumbered(g.ids, v); ok {
			return c, true
		}
	}
	return cs.Company(g.ids[v])
}

// CompanyMap is Companies held in a map.
type CompanyMap map[string]domain.Company

// Company returns the company id.
func (m CompanyMap) Company(id string) (domain.Company, bool) {
	c, ok := m[id]
	return c, ok
}

// Graph is a supply graph in compact form. Companies are numbered in byte
// order of their ids, so comparing numbers compares ids. Edges are kept in
// both directions, each list sorted by the other end.
type Graph struct {
	ids   []string
	index map[string]int32 // may be shared by graphs over the same ids (read only)

	// outgoing edges (v is a supplier of its customers)
	outStart []int32
	outTo    []int32
	outW     []float64
	// incoming edges (v's suppliers)
	inStart []int32
	inFrom  []int32
	inW     []float64
	// outDecl marks the declared edges, by outgoing position; nil when
	// there are none.
	outDecl []bool
}

// NewGraph builds a graph from edges. Duplicate (supplier, customer) pairs
// are merged, keeping the largest weight; edges from a company to itself are
// dropped.
func NewGraph(edges []Edge) *Graph {
	// number ids in order of appearance, then renumber in byte order
	first := make(map[string]int32, len(edges)/2+1)
	anyDeclared := false
	var seen []string
	type ie struct {
		s, c int32
		w    float64
		d    bool
	}
	es := make([]ie, 0, len(edges))
	num := func(id string) int32 {
		if i, ok := first[id]; ok {
			return i
		}
		i := int32(len(seen))
		first[id] = i
		seen = append(seen, id)
		return i
	}
	for _, e := range edges {
		if e.Supplier == e.Customer {
			continue
		}
		es = append(es, ie{num(e.Supplier), num(e.Customer), e.Weight, e.Declared})
		anyDeclared = anyDeclared || e.Declared
	}
	order := make([]int32, len(seen))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(seen[a], seen[b]) })
	rank := make([]int32, len(seen))
	ids := make([]string, len(seen))
	for r, i := range order {
		rank[i] = int32(r)
		ids[r] = seen[i]
	}
	index := first
	for i, id := range seen {
		index[id] = rank[i]
	}
	for i := range es {
		es[i].s, es[i].c = rank[es[i].s], rank[es[i].c]
	}
	slices.SortFunc(es, func(a, b ie) int {
		if a.s != b.s {
			return cmp.Compare(a.s, b.s)
		}
		if a.c != b.c {
			return cmp.Compare(a.c, b.c)
		}
		if a.d != b.d {
			return boolCompare(a.d, b.d) // disclosed first
		}
		return cmp.Compare(b.w, a.w) // largest weight first
	})
	// merge duplicates: the first of each run is disclosed if one is, with
	// the largest weight
	m := 0
	for i := range es {
		if i > 0 && es[i].s == es[m-1].s && es[i].c == es[m-1].c {
			continue
		}
		es[m] = es[i]
		m++
	}
	es = es[:m]

	n := len(ids)
	g := &Graph{
		ids:      ids,
		index:    index,
		outStart: make([]int32, n+1),
		outTo:    make([]int32, m),
		outW:     make([]float64, m),
		inStart:  make([]int32, n+1),
		inFrom:   make([]int32, m),
		inW:      make([]float64, m),
	}
	if anyDeclared {
		g.outDecl = make([]bool, m)
	}
	for i, e := range es { // es is sorted by (s, c)
		g.outStart[e.s+1]++
		g.inStart[e.c+1]++
		g.outTo[i] = e.c
		g.outW[i] = e.w
		if e.d {
			g.outDecl[i] = true
		}
	}
	for v := 0; v < n; v++ {
		g.outStart[v+1] += g.outStart[v]
		g.inStart[v+1] += g.inStart[v]
	}
	// incoming lists: iterating es in (s, c) order fills each customer's list
	// sorted by supplier.
	fill := make([]int32, n)
	copy(fill, g.inStart[:n])
	for _, e := range es {
		p := fill[e.c]
		fill[e.c]++
		g.inFrom[p] = e.s
		g.inW[p] = e.w
	}
	return g
}

// NumberedGraph builds a graph over companies already numbered in byte
// order of their ids (ids sorted, index the number of each id; both are
// kept, not copied, and must not change afterwards) from edges given as
// parallel arrays sorted by supplier, then customer, without duplicate
// pairs or edges from a company to itself. The in-memory snapshot builds
// its graph of each date this way, from links it keeps numbered, without
// a map or a string per edge.
func NumberedGraph(ids []string, index map[string]int32, sup, cus []int32, w []float64) *Graph {
	return NumberedGraphDeclared(ids, index, sup, cus, w, nil)
}

// NumberedGraphDeclared is NumberedGraph with the declared edges marked
// (declared[i] for edge i; nil: none is).
func NumberedGraphDeclared(ids []string, index map[string]int32, sup, cus []int32, w []float64, declared []bool) *Graph {
	n, m := len(ids), len(sup)
	g := &Graph{
		outDecl:  declared,
		ids:      ids,
		index:    index,
		outStart: make([]int32, n+1),
		outTo:    cus,
		outW:     w,
		inStart:  make([]int32, n+1),
		inFrom:   make([]int32, m),
		inW:      make([]float64, m),
	}
	for i := range sup {
		g.outStart[sup[i]+1]++
		g.inStart[cus[i]+1]++
	}
	for v := 0; v < n; v++ {
		g.outStart[v+1] += g.outStart[v]
		g.inStart[v+1] += g.inStart[v]
	}
	fill := make([]int32, n)
	copy(fill, g.inStart[:n])
	for i := range sup {
		c := cus[i]
		p := fill[c]
		fill[c]++
		g.inFrom[p] = sup[i]
		g.inW[p] = w[i]
	}
	return g
}

func boolCompare(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// declared reports whether the edge s -> c is declared.
func (g *Graph) declared(s, c int32) bool {
	if g.outDecl == nil {
		return false
	}
	to := g.outTo[g.outStart[s]:g.outStart[s+1]]
	i, found := slices.BinarySearch(to, c)
	return found && g.outDecl[int(g.outStart[s])+i]
}

// HopsDeclared says, for each edge of a path of the graph's companies,
// whether it is declared; nil when none is (the common case).
func (g *Graph) HopsDeclared(path []string) []bool {
	if g.outDecl == nil {
		return nil
	}
	var out []bool
	for i := 1; i < len(path); i++ {
		s, ok1 := g.index[path[i-1]]
		c, ok2 := g.index[path[i]]
		if ok1 && ok2 && g.declared(s, c) {
			if out == nil {
				out = make([]bool, len(path)-1)
			}
			out[i-1] = true
		}
	}
	return out
}

// Len returns the number of companies in the graph.
func (g *Graph) Len() int { return len(g.ids) }

// NumEdges returns the number of edges.
func (g *Graph) NumEdges() int { return len(g.outTo) }

func (g *Graph) weight(s, c int32) (float64, bool) {
	to := g.outTo[g.outStart[s]:g.outStart[s+1]]
	i, found := slices.BinarySearch(to, c)
	if !found {
		return 0, false
	}
	return g.outW[int(g.outStart[s])+i], true
}

// Edges returns every edge, sorted by supplier, then customer.
func (g *Graph) Edges() []Edge {
	out := make([]Edge, 0, len(g.outTo))
	for s := range g.ids {
		for p := g.outStart[s]; p < g.outStart[s+1]; p++ {
			out = append(out, Edge{g.ids[s], g.ids[g.outTo[p]], g.outW[p], g.outDecl != nil && g.outDecl[p]})
		}
	}
	return out
}

// upstreamDist returns, for every company, the fewest edges of a path from it
// to f (f itself 0), or -1 when there is none within maxDepth edges. It also
// returns the companies with 1 <= distance <= maxDepth in BFS order (by
// distance, then by number, i.e. by id). The caller may recycle dist
// (int32s.put) when done with it.
func (g *Graph) upstreamDist(f int32, maxDepth int) ([]int32, []int32) {
	return g.bfs(f, maxDepth, g.inStart, g.inFrom)
}

// downstreamDist is upstreamDist along edge direction: fewest edges of a path
// from s to each company.
func (g *Graph) downstreamDist(s int32, maxDepth int) ([]int32, []int32) {
	return g.bfs(s, maxDepth, g.outStart, g.outTo)
}

// bfs is a breadth-first search from root over the adjacency lists given by
// start and next (incoming or outgoing edges), as upstreamDist describes.
func (g *Graph) bfs(root int32, maxDepth int, start, next []int32) ([]int32, []int32) {
	dist := dists.get(len(g.ids))
	return dist, BFS(root, maxDepth, start, next, dist)
}

// BFS is the breadth-first search behind every tier: from root, over
// adjacency lists in compressed form (the neighbours of u are
// next[start[u]:start[u+1]]). dist must hold -1 for every company; BFS sets
// dist[root] to 0 and, for every v within maxDepth edges of root, dist[v]
// to the fewest edges from root to v, and returns those v by distance,
// then number. The Graph's questions call it through Chain and the
// reports; a caller with its graph already in this form (the dataset
// generator: millions of companies, numbered as it draws them) calls it
// directly.
func BFS(root int32, maxDepth int, start, next, dist []int32) []int32 {
	dist[root] = 0
	order := []int32{}
	frontier := []int32{root}
	for d := int32(1); int(d) <= maxDepth && len(frontier) > 0; d++ {
		first := len(order)
		for _, u := range frontier {
			for p := start[u]; p < start[u+1]; p++ {
				v := next[p]
				if dist[v] < 0 {
					dist[v] = d
					order = append(order, v)
				}
			}
		}
		level := order[first:]
		if len(level) > len(dist)/16 {
			// a large level: collecting it in number order from dist is
			// cheaper than sorting it (a chain of 800,000 companies)
			k := 0
			for v, dv := range dist {
				if dv == d {
					level[k] = int32(v)
					k++
				}
			}
		} else {
			slices.Sort(level)
		}
		frontier = level
	}
	return order
}

// putDist recycles the distances of a search from root that reached order
// (see bfs); dist must not be used afterwards.
func putDist(dist []int32, root int32, order []int32) {
	dist[root] = -1
	for _, v := range order {
		dist[v] = -1
	}
	dists.put(dist)
}

// Chain returns the chain of focal in g: every company X != focal with a path
// X -> ... -> focal of at most maxDepth edges, mapped to its tier (the fewest
// edges of such a path). It does not check maxDepth; see ValidateMaxDepth.
func Chain(g *Graph, focal string, maxDepth int) map[string]int {
	out := map[string]int{}
	f, ok := g.index[focal]
	if !ok {
		return out
	}
	dist, order := g.upstreamDist(f, maxDepth)
	defer putDist(dist, f, order)
	for _, v := range order {
		out[g.ids[v]] = int(dist[v])
	}
	return out
}

// Reach returns the companies downstream of source in g within maxDepth
// edges (the companies an impact question answers about).
func Reach(g *Graph, source string, maxDepth int) []string {
	s, ok := g.index[source]
	if !ok {
		return nil
	}
	dist, order := g.downstreamDist(s, maxDepth)
	defer putDist(dist, s, order)
	out := make([]string, len(order))
	for i, v := range order {
		out[i] = g.ids[v]
	}
	return out
}

// WithDeclared returns g with the declared edges sup[i] -> cus[i] (graph
// numbers of g's companies) added, weight 1 and marked declared, where g has
// no edge of the same pair (a disclosed edge wins). g is not changed; the
// result shares its ids and index. Without a declared edge to add it is g.
func WithDeclared(g *Graph, sup, cus []int32) *Graph {
	type de struct{ s, c int32 }
	add := make([]de, 0, len(sup))
	for i := range sup {
		if sup[i] == cus[i] {
			continue
		}
		if _, ok := g.weight(sup[i], cus[i]); !ok {
			add = append(add, de{sup[i], cus[i]})
		}
	}
	if len(add) == 0 {
		return g
	}
	slices.SortFunc(add, func(a, b de) int { return cmp.Or(cmp.Compare(a.s, b.s), cmp.Compare(a.c, b.c)) })
	add = slices.Compact(add)
	m := len(g.outTo) + len(add)
	ns, nc, nw, nd := make([]int32, 0, m), make([]int32, 0, m), make([]float64, 0, m), make([]bool, 0, m)
	j := 0
	for s := int32(0); s < int32(len(g.ids)); s++ {
		for p := g.outStart[s]; p < g.outStart[s+1]; p++ {
			c := g.outTo[p]
			for j < len(add) && (add[j].s < s || add[j].s == s && add[j].c < c) {
				ns, nc, nw, nd = append(ns, add[j].s), append(nc, add[j].c), append(nw, 1), append(nd, true)
				j++
			}
			ns, nc, nw, nd = append(ns, s), append(nc, c), append(nw, g.outW[p]), append(nd, g.outDecl != nil && g.outDecl[p])
		}
		for j < len(add) && add[j].s == s {
			ns, nc, nw, nd = append(ns, add[j].s), append(nc, add[j].c), append(nw, 1), append(nd, true)
			j++
		}
	}
	return NumberedGraphDeclared(g.ids, g.index, ns, nc, nw, nd)
}

// Index returns the graph number of company id.
func (g *Graph) Index(id string) (int32, bool) {
	v, ok := g.index[id]
	return v, ok
}
