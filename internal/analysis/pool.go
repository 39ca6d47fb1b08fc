package analysis

import (
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

// filled returns a slice of n copies of v.
func (p *pool[T]) filled(n int, v T) []T {
	s := p.getEmpty()
	if cap(s) < n {
		s = make([]T, n)
	}
	s = s[:n]
	for i := range s {
		s[i] = v
	}
	return s
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

var (
	int32s    pool[int32]
	float64s  pool[float64]
	dpStates  pool[dpState]
	arenas    pool[arenaNode]
	ackStates pool[domain.AckStatus]
)
