package explorer

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/supplygraph/supplygraph/internal/neo4jstore"
)

// The build reads every id of the store exactly once, however the ranges
// fall between the workers, and stops at the first failure.
func TestScanRangesCoverEachIDOnce(t *testing.T) {
	for _, c := range []struct{ maxID, width int64 }{{-1, 10}, {0, 10}, {9, 10}, {10, 10}, {99, 7}, {1000, 1}} {
		var mu sync.Mutex
		seen := map[int64]int{}
		err := scanRanges(context.Background(), c.maxID, c.width, func(lo, hi int64) error {
			mu.Lock()
			defer mu.Unlock()
			for id := lo; id <= hi; id++ {
				seen[id]++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for id := int64(0); id <= c.maxID; id++ {
			if seen[id] != 1 {
				t.Fatalf("max %d width %d: id %d read %d times", c.maxID, c.width, id, seen[id])
			}
		}
		for id, n := range seen {
			if id > c.maxID+c.width || id < 0 || n != 1 {
				t.Fatalf("max %d width %d: id %d read %d times", c.maxID, c.width, id, n)
			}
		}
	}
	boom := errors.New("boom")
	err := scanRanges(context.Background(), 1_000_000, 10, func(lo, hi int64) error {
		if lo >= 50 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
}

func TestRangeWidthFollowsDensity(t *testing.T) {
	for _, c := range []struct {
		page       int
		count, max int64
		want       int64
	}{{100, 0, -1, 100}, {100, 1000, 999, 100}, {100, 1000, 1999, 200}, {100, 1000, 500, 100}, {10, 3, 2_999_999, 10_000_000}} {
		if got := rangeWidth(c.page, c.count, c.max); got != c.want {
			t.Errorf("rangeWidth(%d, %d, %d) = %d, want %d", c.page, c.count, c.max, got, c.want)
		}
	}
}

// Internal ids name companies through an array when they are dense and
// a map when they are not; an id that is not a company read is -1.
func TestNodeNumbers(t *testing.T) {
	for _, ext := range []neo4jstore.Extent{{Nodes: 10, MaxNode: 20}, {Nodes: 10, MaxNode: 1 << 40}} {
		n := newNodeNumbers(ext)
		if (n.dense == nil) != (ext.MaxNode > 1<<30) {
			t.Fatalf("extent %+v: dense %v", ext, n.dense != nil)
		}
		n.set(0, 0)
		n.set(7, 3)
		n.set(ext.MaxNode, 5)
		n.set(ext.MaxNode+1, 6) // written after the extent was read
		for node, want := range map[int64]int32{0: 0, 7: 3, ext.MaxNode: 5, ext.MaxNode + 1: 6, 1: -1, 8: -1, -1: -1, ext.MaxNode + 2: -1} {
			if got := n.get(node); got != want {
				t.Errorf("extent %+v: get(%d) = %d, want %d", ext, node, got, want)
			}
		}
	}
}
