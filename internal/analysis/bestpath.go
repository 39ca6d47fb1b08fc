package analysis

import (
	"context"
	"math"
	mathbits "math/bits"
)

// tieTol is the relative difference below which two weights or scores are
// equal.
const tieTol = 1e-9

// tied reports whether a and b are equal within a relative difference of
// 1e-9: |a-b| / max(|a|,|b|) < 1e-9.
func tied(a, b float64) bool {
	if a == b {
		return true
	}
	m := math.Max(math.Abs(a), math.Abs(b))
	return math.Abs(a-b) < tieTol*m
}

// pathWeight returns w1 x ... x wk x alpha^(k-1) for the edge weights ws
// (k = len(ws) >= 1), multiplied in path order.
func pathWeight(ws []float64, alpha float64) float64 {
	x := 1.0
	for _, w := range ws {
		x *= w
	}
	for i := 1; i < len(ws); i++ {
		x *= alpha
	}
	return x
}

// A best-path state of one company in a hop-bounded dynamic programme.
// g is the product of the factors w x alpha of the path's edges (its weight
// times alpha), edges its number of edges, link the arena node of the rest
// of the path (see below) and w the weight of the edge that joins the
// company to that rest. own is the company's own arena node, -1 while the
// company has no path. hop is the last round that changed it (0: none
// yet); it sits in the padding of the state, which is read anyway, where
// an array of its own cost a cache miss per improvement.
type dpState struct {
	g     float64
	edges int32
	link  int32
	w     float64
	own   int32
	hop   int32
}

// arenaNode is a node of an immutable path: company v, then (backward
// programme) the rest of the path towards the target, or (forward programme)
// the path from the source before v; w is the weight of the edge between v
// and link's company. Arena paths are never changed once written, so a
// company's path stays valid when its predecessor's path later improves.
type arenaNode struct {
	v    int32
	link int32
	w    float64
}

// bestPaths is the result of a hop-bounded best-path programme.
type bestPaths struct {
	root  int32
	state []dpState
	arena []arenaNode
}

// seqLessFwd compares two arena paths stored from their first company on
// (backward programme), of equal length: true when a's id sequence is
// smaller.
func seqLessFwd(arena []arenaNode, a, b int32) bool {
	for a != b && a >= 0 && b >= 0 {
		if arena[a].v != arena[b].v {
			return arena[a].v < arena[b].v
		}
		a, b = arena[a].link, arena[b].link
	}
	return false
}

// seqLessBwd compares two arena paths stored from their last company back
// (forward programme), of equal length: true when a's id sequence, read from
// its first company, is smaller. It walks back until the paths share their
// arena node; the earliest difference decides.
func seqLessBwd(arena []arenaNode, a, b int32) bool {
	res := 0
	for a != b && a >= 0 && b >= 0 {
		if x, y := arena[a].v, arena[b].v; x != y {
			if x < y {
				res = -1
			} else {
				res = 1
			}
		}
		a, b = arena[a].link, arena[b].link
	}
	return res < 0
}

// bestToTarget computes, for every company v, the best path v -> ... -> t of
// at most maxDepth edges (backward programme along incoming edges).
//
// Round h extends, by one edge at the front, the paths of the companies
// whose path changed in round h-1 (at first: t's empty path). The best path
// from v within h edges is v followed by the best path from its second
// company u within h-1 edges: prefixing v keeps the order of two paths from
// u (weights scale by the same factor, edges grow by one, the sequences gain
// the same first id), and two candidates through different u differ first at
// u. A company whose path did not change offers the same candidates as
// before, so only changed ones are extended.
func (g *Graph) bestToTarget(ctx context.Context, t int32, maxDepth int, alpha float64, what string) (*bestPaths, error) {
	return g.programme(ctx, t, maxDepth, alpha, what, false, nil)
}

// bestToTargetVia is bestToTarget over the paths whose intermediate
// companies (all but the first and t) are relays (relay[v] true). The
// argument above holds as it is: the best such path from v within h edges
// is v followed by the best such path from a relay u (or t) within h-1
// edges, so only relays are extended.
func (g *Graph) bestToTargetVia(ctx context.Context, t int32, maxDepth int, alpha float64, what string, relay []bool) (*bestPaths, error) {
	return g.programme(ctx, t, maxDepth, alpha, what, false, relay)
}

// bestFromSource computes, for every company y, the best path s -> ... -> y
// of at most maxDepth edges (forward programme along outgoing edges). The
// argument is bestToTarget's mirrored: the best path to y within h edges is
// the best path to its second-to-last company u within h-1 edges followed by
// y; two candidates of equal weight and length are compared on their whole
// id sequences from s.
func (g *Graph) bestFromSource(ctx context.Context, s int32, maxDepth int, alpha float64, what string) (*bestPaths, error) {
	return g.programme(ctx, s, maxDepth, alpha, what, true, nil)
}

// programme runs the best-path programme from root: along outgoing edges when
// forward (bestFromSource), else along incoming ones (bestToTarget).
func (g *Graph) programme(ctx context.Context, root int32, maxDepth int, alpha float64, what string, forward bool, relay []bool) (*bestPaths, error) {
	start, next, weight, seqLess := g.inStart, g.inFrom, g.inW, seqLessFwd
	if forward {
		start, next, weight, seqLess = g.outStart, g.outTo, g.outW, seqLessBwd
	}
	n := len(g.ids)
	bp := &bestPaths{root: root, state: cleanDP.get(n), arena: arenas.getEmpty()}
	bp.arena = append(bp.arena, arenaNode{v: root, link: -1, w: 0})
	bp.state[root] = dpState{g: 1, edges: 0, link: -1, own: 0}

	// Every company whose state changes gets an arena node: the arena
	// says what to set back (release).
	bits := words.get((n + 63) / 64)
	defer words.put(bits)
	frontier := []int32{root}
	var changed []int32
	var snap []dpState
	for h := int32(1); int(h) <= maxDepth && len(frontier) > 0; h++ {
		if err := checkCtx(ctx, what); err != nil {
			return nil, err
		}
		snap = snap[:0]
		for _, u := range frontier {
			snap = append(snap, bp.state[u])
		}
		changed = changed[:0]
		for i, u := range frontier {
			if relay != nil && u != root && !relay[u] {
				continue // an end of paths, never in their middle
			}
			su := &snap[i]
			for p := start[u]; p < start[u+1]; p++ {
				v := next[p]
				if v == root {
					continue
				}
				w := weight[p]
				// each direction multiplies in path order, so that a
				// weight is computed the same way whichever end it starts
				cg := w * alpha * su.g
				if forward {
					cg = su.g * w * alpha
				}
				ce := su.edges + 1
				cur := &bp.state[v]
				better := false
				switch {
				case cur.link < 0:
					better = true
				case !tied(cg, cur.g):
					better = cg > cur.g
				case ce != cur.edges:
					better = ce < cur.edges
				default:
					// same weight and length: v is common, compare the rests
					// (backward) or the prefixes (forward)
					better = seqLess(bp.arena, su.own, cur.link)
				}
				if better {
					cur.g, cur.edges, cur.link, cur.w = cg, ce, su.own, w
					if cur.hop != h {
						cur.hop = h
						changed = append(changed, v)
					}
				}
			}
		}
		// in order of number, the next round reads the states and edge
		// lists of the frontier in memory order (a third faster at a
		// million companies); the order within a round changes nothing
		changed = sortNumbers(changed, bits)
		for _, v := range changed {
			st := &bp.state[v]
			st.own = int32(len(bp.arena))
			bp.arena = append(bp.arena, arenaNode{v: v, link: st.link, w: st.w})
		}
		frontier, changed = changed, frontier
	}
	return bp, nil
}

// sortNumbers sorts vs, distinct numbers below 64*len(bits), with the
// bit set bits (all clear, and cleared again): one pass over the set, where
// a comparison sort of a million companies' rounds took a tenth of the
// programme.
func sortNumbers(vs []int32, bits []uint64) []int32 {
	for _, v := range vs {
		bits[v>>6] |= 1 << (v & 63)
	}
	vs = vs[:0]
	for i, w := range bits {
		if w == 0 {
			continue
		}
		bits[i] = 0
		for ; w != 0; w &= w - 1 {
			vs = append(vs, int32(i<<6|mathbits.TrailingZeros64(w)))
		}
	}
	return vs
}

// release recycles bp's arrays; bp must not be used afterwards.
func (bp *bestPaths) release() {
	for _, a := range bp.arena {
		bp.state[a.v] = cleanDP.fill
	}
	cleanDP.put(bp.state)
	arenas.put(bp.arena)
	bp.state, bp.arena = nil, nil
}

// pathToTarget returns v's best path of a backward programme as ids from v
// to the target, and its weight.
func (bp *bestPaths) pathToTarget(g *Graph, v int32, alpha float64) ([]string, float64) {
	ids, w, _ := bp.appendPathToTarget(g, v, alpha, nil, nil)
	return ids, w
}

// appendPathToTarget appends v's best path of a backward programme, as ids
// from v to the target, to ids, and whether each of its edges is declared
// to declared when g has declared edges (declared stays as it is when none
// of the path's is); it returns both and the path's weight, multiplied in
// path order as pathWeight does. The path is walked on numbers: many
// sources' paths share one pair of arrays, and no id is looked up.
func (bp *bestPaths) appendPathToTarget(g *Graph, v int32, alpha float64, ids []string, declared []bool) ([]string, float64, []bool) {
	st := bp.state[v]
	x := 1.0
	first, anyDeclared := len(declared), false
	for r := st.own; r >= 0; r = bp.arena[r].link {
		a := bp.arena[r]
		ids = append(ids, g.ids[a.v])
		if a.link >= 0 {
			x *= a.w
			d := g.declared(a.v, bp.arena[a.link].v)
			anyDeclared = anyDeclared || d
			if g.outDecl != nil {
				declared = append(declared, d)
			}
		}
	}
	for i := int32(1); i < st.edges; i++ {
		x *= alpha
	}
	if !anyDeclared {
		declared = declared[:first]
	}
	return ids, x, declared
}

// pathFromSource writes y's best path of a forward programme into ids, as
// ids from the source to y (len(ids) must be its edges + 1), with ws
// (len(ws) >= its edges) to hold its edge weights, and returns its weight.
func (bp *bestPaths) pathFromSource(g *Graph, y int32, alpha float64, ids []string, ws []float64) float64 {
	st := bp.state[y]
	k := int(st.edges)
	ws = ws[:k]
	i := k
	for r := st.own; r >= 0; r = bp.arena[r].link {
		ids[i] = g.ids[bp.arena[r].v]
		if i > 0 {
			ws[i-1] = bp.arena[r].w
		}
		i--
	}
	return pathWeight(ws, alpha)
}
