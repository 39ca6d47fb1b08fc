package analysis

import (
	"context"
	"math/rand"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Every array put back into a clean pool is checked whole: a question
// that left an element changed would make later answers wrong.
func init() { checkCleanPuts = true }

// TestConcurrentAnswers asks the same questions from many goroutines at once
// and compares every answer with the one given alone: the working arrays
// recycled between questions (pool.go) must never be shared by two. Run it
// with -race too.
func TestConcurrentAnswers(t *testing.T) {
	ctx := context.Background()
	for seed := int64(1); seed <= 20; seed++ {
		rng := rand.New(rand.NewSource(seed))
		ds := genDataset(rng)
		qs := genQueries(rng, ds, 20)
		want := make([]any, len(qs))
		for i, q := range qs {
			a, err := ds.answer(ctx, q)
			if err != nil {
				want[i] = err.Error()
			} else {
				want[i] = a
			}
		}
		var wg sync.WaitGroup
		errs := make(chan string, 8*len(qs))
		for w := 0; w < 8; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for k := range qs {
					i := (k + w) % len(qs) // each goroutine in another order
					var got any
					a, err := ds.answer(ctx, qs[i])
					if err != nil {
						got = err.Error()
					} else {
						got = a
					}
					if d := cmp.Diff(want[i], got); d != "" {
						errs <- d
					}
				}
			}(w)
		}
		wg.Wait()
		close(errs)
		for d := range errs {
			t.Fatalf("seed %d: a concurrent answer differs from the answer given alone (-alone +concurrent):\n%s", seed, d)
		}
	}
}

// sortNumbers sorts like slices.Sort and leaves its bit set clear.
func TestSortNumbers(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for _, n := range []int{1, 63, 64, 65, 1000, 100_000} {
		bits := make([]uint64, (n+63)/64)
		perm := rng.Perm(n)
		k := rng.Intn(n) + 1
		vs := make([]int32, k)
		for i := range vs {
			vs[i] = int32(perm[i])
		}
		want := slices.Clone(vs)
		slices.Sort(want)
		if got := sortNumbers(vs, bits); !slices.Equal(got, want) {
			t.Fatalf("n %d: sortNumbers = %v, want %v", n, got[:min(10, len(got))], want[:min(10, len(want))])
		}
		for i, w := range bits {
			if w != 0 {
				t.Fatalf("n %d: word %d left set", n, i)
			}
		}
	}
}
