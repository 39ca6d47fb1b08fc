package analysis

import (
	"fmt"
	"sync"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// Working arrays of a question are sized to the whole graph: several MB on
// a graph of 100,000 companies. They are recycled instead of being left to
// the garbage collector, because every collection scans the service's whole
// in-memory snapshot; fewer collections keep answer times even (p99 close
// to p50). A recycled array never outlives its question: answers copy what
// they need out of it.
type pool[T any] struct{ p sync.Pool }

// get returns a slice of n zero values.
func (p *pool[T]) get(n int) []T {
	if v, _ := p.p.Get().(*[]T); v != nil && cap(*v) >= n {
		s := (*v)[:n]
		clear(s)
		return s
	}
	return make([]T, n)
}

// getEmpty returns an empty slice, with the capacity of a recycled one.
func (p *pool[T]) getEmpty() []T {
	if v, _ := p.p.Get().(*[]T); v != nil {
		return (*v)[:0]
	}
	return nil
}

// put recycles s; the caller must not use it afterwards.
func (p *pool[T]) put(s []T) {
	if cap(s) == 0 {
		return
	}
	s = s[:0]
	p.p.Put(&s)
}

// cleanPool recycles arrays kept in a known state: every element, up to
// the capacity, is fill. Getting one costs nothing, where clearing a whole
// graph's worth of elements (several MB at 100,000 companies) cost more
// than the rest of a small question such as an impact: a question's cost
// follows what it touches, not the graph's size. Whoever gets an array
// sets back to fill every element it changed before putting it back (the
// tests check every put: checkCleanPuts).
type cleanPool[T comparable] struct {
	p    sync.Pool
	fill T
}

// get returns n elements, all fill.
func (c *cleanPool[T]) get(n int) []T {
	if v, _ := c.p.Get().(*[]T); v != nil && cap(*v) >= n {
		return (*v)[:n]
	}
	s := make([]T, n)
	for i := range s {
		s[i] = c.fill
	}
	return s
}

// put recycles s, every element of which the caller has set back to fill;
// the caller must not use it afterwards. An array not put back (a question
// that failed half-way) is left to the garbage collector.
func (c *cleanPool[T]) put(s []T) {
	if cap(s) == 0 {
		return
	}
	s = s[:cap(s)]
	if checkCleanPuts {
		for i, x := range s {
			if x != c.fill {
				panic(fmt.Sprintf("analysis: array put back with element %d changed", i))
			}
		}
	}
	c.p.Put(&s)
}

// checkCleanPuts makes every cleanPool.put check the whole array (tests
// set it).
var checkCleanPuts = false

var (
	// distances (-1: not reached), best-path states (none)
	dists     = cleanPool[int32]{fill: -1}
	cleanDP   = cleanPool[dpState]{fill: dpState{link: -1, own: -1}}
	words     = cleanPool[uint64]{fill: 0} // bit sets, all clear
	int32s    pool[int32]
	float64s  pool[float64]
	arenas    pool[arenaNode]
	ackStates pool[domain.AckStatus]
)
