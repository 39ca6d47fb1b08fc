package analysis

import (
	"container/heap"
	"context"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// DefaultPathSearchBudget is the number of partial paths RiskPaths may
// create before it gives up with an error.
const DefaultPathSearchBudget = 1_000_000

// RiskPath is a simple path towards the focal company with its weight.
type RiskPath struct {
	Nodes    []string
	Hops     int
	Weight   float64
	Declared []bool // per edge: a declared edge; nil when none is
}

// RiskPaths returns the simple paths from `from` to `to` of at most maxDepth
// edges in g, ordered by weight (desc; weights within a relative 1e-9 are
// equal), then fewer edges, then the smaller id sequence; the first limit of
// them. From a company to itself, or without a path, the list is empty.
// g must contain every active edge among the companies within maxDepth
// upstream hops of `to`.
func RiskPaths(ctx context.Context, g *Graph, from, to string, attenuation float64, maxDepth, limit int) ([]RiskPath, error) {
	return RiskPathsBudget(ctx, g, from, to, attenuation, maxDepth, limit, DefaultPathSearchBudget)
}

// RiskPathsBudget is RiskPaths with an explicit bound on the number of
// partial paths the search may create. Past the bound it fails with a
// domain.Timeout error; it never returns a cut list.
func RiskPathsBudget(ctx context.Context, g *Graph, from, to string, attenuation float64, maxDepth, limit, budget int) ([]RiskPath, error) {
	if err := ValidateMaxDepth(maxDepth); err != nil {
		return nil, err
	}
	if err := ValidateAttenuation(attenuation); err != nil {
		return nil, err
	}
	if err := ValidatePathsLimit(limit); err != nil {
		return nil, err
	}
	if g == nil {
		return nil, domain.Errorf(domain.Internal, "analysis: riskPaths has no graph")
	}
	out := []RiskPath{}
	x, ok1 := g.index[from]
	t, ok2 := g.index[to]
	if !ok1 || !ok2 || x == t {
		return out, nil
	}
	s, err := newPathSearch(ctx, g, x, t, maxDepth, attenuation)
	if err != nil {
		return nil, err
	}
	defer s.release()
	if s.dist[x] < 0 {
		return out, nil
	}
	err = s.run(ctx, x, limit, budget, func(ref int32) {
		out = append(out, s.riskPath(ref))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// pathSearch is a best-first search over partial simple paths from the
// start towards the target t.
//
// Every queue entry is a partial path p (start ... v) with a key that no
// completion of p can beat: an upper bound ub of the factor product g of
// any completion (g(p) times the best factor product from v to t within the
// remaining hops, cycles allowed), a lower bound minE of its edges (edges
// of p plus the fewest edges from v to t), and p's id sequence, a prefix of
// every completion's. Entries are ordered like complete paths: ub (desc,
// relative 1e-9 ties), minE, ids. A complete path's key is exact, so when a
// complete path leaves the queue no path still to come can precede it, and
// paths leave in their final order.
type pathSearch struct {
	g     *Graph
	t     int32
	depth int
	alpha float64

	dist  []int32   // fewest edges to t, -1 beyond depth
	local []int32   // graph number -> row in ub, -1 if not in the chain of t
	rows  []int32   // t, then the chain of t in BFS order (row -> graph number)
	ub    []float64 // ub[r*m+row]: best factor product to t within r edges
	m     int

	nodes []searchNode
	pq    searchQueue
	stamp []int32
	bufA  []int32
	bufB  []int32
}

type searchNode struct {
	v      int32
	parent int32
	edges  int32
	g      float64 // product of w x alpha over the edges so far
}

type searchEntry struct {
	ub   float64
	minE int32
	ref  int32
}

// newPathSearch prepares the search from x to t. It works only on the
// companies that can lie on a path x -> ... -> t of at most depth edges
// (those within k edges downstream of x and depth-k upstream of t), not
// on t's whole chain: at a million companies that chain has 800,000, a
// path's companies a few thousand. dist then holds the fewest edges to t
// over such companies, which no completion of a path from x can beat,
// and ub the bounds over them.
func newPathSearch(ctx context.Context, g *Graph, x, t int32, depth int, alpha float64) (*pathSearch, error) {
	s := &pathSearch{g: g, t: t, depth: depth, alpha: alpha}
	dx, ox := g.downstreamDist(x, depth)
	dist := dists.get(len(g.ids))
	dist[t] = 0
	order := []int32{}
	if dx[t] >= 0 {
		frontier := []int32{t}
		for d := int32(1); int(d) <= depth && len(frontier) > 0; d++ {
			first := len(order)
			for _, u := range frontier {
				for p := g.inStart[u]; p < g.inStart[u+1]; p++ {
					if v := g.inFrom[p]; dist[v] < 0 && dx[v] >= 0 && int(dx[v]+d) <= depth {
						dist[v] = d
						order = append(order, v)
					}
				}
			}
			frontier = order[first:]
		}
	}
	putDist(dx, x, ox)
	s.dist = dist
	s.local = dists.get(len(g.ids))
	rows := append([]int32{t}, order...)
	s.rows = rows
	for i, v := range rows {
		s.local[v] = int32(i)
	}
	m := len(rows)
	s.m = m
	s.ub = float64s.get((depth + 1) * m)
	s.ub[0] = 1 // t itself, no edges
	for r := 1; r <= depth; r++ {
		if err := checkCtx(ctx, "riskPaths"); err != nil {
			return nil, err
		}
		prev := s.ub[(r-1)*m : r*m]
		cur := s.ub[r*m : (r+1)*m]
		copy(cur, prev)
		for i, v := range rows {
			if v == t {
				continue
			}
			best := cur[i]
			for p := g.outStart[v]; p < g.outStart[v+1]; p++ {
				u := g.outTo[p]
				if j := s.local[u]; j >= 0 {
					if c := g.outW[p] * alpha * prev[j]; c > best {
						best = c
					}
				}
			}
			cur[i] = best
		}
	}
	s.stamp = int32s.get(len(g.ids))
	s.pq.s = s
	return s, nil
}

// release recycles the search's arrays; s must not be used afterwards.
func (s *pathSearch) release() {
	// rows are t and the companies the search reached: what dist and
	// local hold other than -1.
	putDist(s.dist, s.t, s.rows[1:])
	for _, v := range s.rows {
		s.local[v] = -1
	}
	dists.put(s.local)
	int32s.put(s.stamp)
	float64s.put(s.ub)
	s.dist, s.local, s.stamp, s.ub = nil, nil, nil, nil
}

// bound returns the best factor product from v to t within r edges.
func (s *pathSearch) bound(v int32, r int) float64 {
	j := s.local[v]
	if j < 0 || r < 0 {
		return 0
	}
	return s.ub[r*s.m+int(j)]
}

// seq writes the ids of search node ref into buf, from the start on.
func (s *pathSearch) seq(ref int32, buf []int32) []int32 {
	n := int(s.nodes[ref].edges) + 1
	if cap(buf) < n {
		buf = make([]int32, n)
	}
	buf = buf[:n]
	for i := n - 1; i >= 0; i-- {
		buf[i] = s.nodes[ref].v
		ref = s.nodes[ref].parent
	}
	return buf
}

func (s *pathSearch) less(a, b searchEntry) bool {
	if !tied(a.ub, b.ub) {
		return a.ub > b.ub
	}
	if a.minE != b.minE {
		return a.minE < b.minE
	}
	s.bufA = s.seq(a.ref, s.bufA)
	s.bufB = s.seq(b.ref, s.bufB)
	for i := 0; i < len(s.bufA) && i < len(s.bufB); i++ {
		if s.bufA[i] != s.bufB[i] {
			return s.bufA[i] < s.bufB[i]
		}
	}
	return len(s.bufA) < len(s.bufB)
}

func (s *pathSearch) run(ctx context.Context, x int32, limit, budget int, emit func(ref int32)) error {
	s.nodes = append(s.nodes[:0], searchNode{v: x, parent: -1, edges: 0, g: 1})
	heap.Push(&s.pq, searchEntry{ub: s.bound(x, s.depth), minE: s.dist[x], ref: 0})
	found := 0
	pops := int32(0)
	for s.pq.Len() > 0 {
		e := heap.Pop(&s.pq).(searchEntry)
		cur := s.nodes[e.ref]
		if cur.v == s.t {
			emit(e.ref)
			found++
			if found == limit {
				return nil
			}
			continue
		}
		pops++
		if pops&1023 == 0 {
			if err := checkCtx(ctx, "riskPaths"); err != nil {
				return err
			}
		}
		for r := e.ref; r >= 0; r = s.nodes[r].parent {
			s.stamp[s.nodes[r].v] = pops
		}
		edges := cur.edges + 1
		rem := s.depth - int(edges)
		v := cur.v
		for p := s.g.outStart[v]; p < s.g.outStart[v+1]; p++ {
			u := s.g.outTo[p]
			if s.stamp[u] == pops || s.dist[u] < 0 || int(s.dist[u]) > rem {
				continue
			}
			ng := cur.g * s.g.outW[p] * s.alpha
			ub := ng
			if u != s.t {
				ub = ng * s.bound(u, rem)
			}
			if ub <= 0 {
				continue
			}
			if len(s.nodes) >= budget {
				return domain.Errorf(domain.Timeout,
					"riskPaths: search stopped after %d partial paths, its work bound; lower maxDepth or limit", budget)
			}
			s.nodes = append(s.nodes, searchNode{v: u, parent: e.ref, edges: edges, g: ng})
			heap.Push(&s.pq, searchEntry{ub: ub, minE: edges + s.dist[u], ref: int32(len(s.nodes) - 1)})
		}
	}
	return nil
}

func (s *pathSearch) riskPath(ref int32) RiskPath {
	seq := s.seq(ref, nil)
	ids := make([]string, len(seq))
	ws := make([]float64, 0, len(seq)-1)
	for i, v := range seq {
		ids[i] = s.g.ids[v]
		if i > 0 {
			w, _ := s.g.weight(seq[i-1], v)
			ws = append(ws, w)
		}
	}
	return RiskPath{Nodes: ids, Hops: len(seq) - 1, Weight: pathWeight(ws, s.alpha), Declared: s.g.HopsDeclared(ids)}
}

type searchQueue struct {
	s *pathSearch
	e []searchEntry
}

func (q *searchQueue) Len() int           { return len(q.e) }
func (q *searchQueue) Less(i, j int) bool { return q.s.less(q.e[i], q.e[j]) }
func (q *searchQueue) Swap(i, j int)      { q.e[i], q.e[j] = q.e[j], q.e[i] }
func (q *searchQueue) Push(x any)         { q.e = append(q.e, x.(searchEntry)) }
func (q *searchQueue) Pop() any {
	n := len(q.e) - 1
	x := q.e[n]
	q.e = q.e[:n]
	return x
}
