package graph

import (
	"encoding/base64"
	"math"
	"strconv"
	"strings"

	"github.com/supplygraph/supplygraph/graph/model"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// Page sizes.
const (
	DefaultFirst = 100
	MaxFirst     = 1000
)

// Cursors are opaque to clients: base64 of "<kind>:<value>". Keyset cursors
// ("id:") carry the last id of a page; offset cursors ("at:") the position
// of an item in a computed, ordered list.

func idCursor(id string) string { return base64.RawURLEncoding.EncodeToString([]byte("id:" + id)) }

func offsetCursor(i int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("at:" + strconv.Itoa(i)))
}

func decodeCursor(arg, kind string, c *string) (string, error) {
	if c == nil || *c == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(*c)
	if err != nil || !strings.HasPrefix(string(b), kind+":") {
		return "", domain.Errorf(domain.BadInput, "%s: invalid cursor", arg)
	}
	return strings.TrimPrefix(string(b), kind+":"), nil
}

// afterID decodes a keyset cursor.
func afterID(c *string) (string, error) { return decodeCursor("after", "id", c) }

// afterOffset decodes an offset cursor: the index of the first item to return.
func afterOffset(c *string) (int, error) {
	v, err := decodeCursor("after", "at", c)
	if err != nil || v == "" {
		return 0, err
	}
	// a cursor is an offset into a computed list: anything above MaxInt32
	// is no list's (and n+1 must not overflow)
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > math.MaxInt32 {
		return 0, domain.Errorf(domain.BadInput, "after: invalid cursor")
	}
	return n + 1, nil
}

func firstOf(first *int) (int, error) {
	if first == nil {
		return DefaultFirst, nil
	}
	if *first < 0 || *first > MaxFirst {
		return 0, domain.Errorf(domain.BadInput, "first must be from 0 to %d, got %d", MaxFirst, *first)
	}
	return *first, nil
}

// window cuts a page out of a computed list of n items: it returns the
// index range [from, to) and the page info with offset cursors. Without
// first, the page is the whole rest of the list (the list is computed
// already; paging it is the client's choice).
func window(n int, first *int, after *string) (from, to int, info *model.PageInfo, err error) {
	f := n
	if first != nil {
		if f, err = firstOf(first); err != nil {
			return 0, 0, nil, err
		}
	}
	return windowN(n, f, after)
}

func windowN(n, f int, after *string) (from, to int, info *model.PageInfo, err error) {
	from, err = afterOffset(after)
	if err != nil {
		return 0, 0, nil, err
	}
	from = min(from, n)
	to = min(from+f, n)
	info = &model.PageInfo{HasNextPage: to < n, HasPreviousPage: from > 0}
	if to > from {
		s, e := offsetCursor(from), offsetCursor(to-1)
		info.StartCursor, info.EndCursor = &s, &e
	}
	return from, to, info, nil
}

// offsetPage pages through a computed list of n items: convert turns the
// items [from, to) of the page into nodes, edge makes the edge of a node
// with its cursor. Without first, the page is the whole rest of the list.
func offsetPage[N, E any](n int, first *int, after *string, convert func(from, to int) ([]N, error),
	edge func(cursor string, node *N) E) ([]E, *model.PageInfo, error) {
	from, to, info, err := window(n, first, after)
	if err != nil {
		return nil, nil, err
	}
	nodes, err := convert(from, to)
	if err != nil {
		return nil, nil, err
	}
	edges := make([]E, len(nodes))
	for i := range nodes {
		edges[i] = edge(offsetCursor(from+i), &nodes[i])
	}
	return edges, info, nil
}

func keysetInfo(firstID, lastID string, hasNext, hasPrev bool) *model.PageInfo {
	info := &model.PageInfo{HasNextPage: hasNext, HasPreviousPage: hasPrev}
	if firstID != "" {
		s, e := idCursor(firstID), idCursor(lastID)
		info.StartCursor, info.EndCursor = &s, &e
	}
	return info
}

func optStr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
