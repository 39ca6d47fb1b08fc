package graph

import (
	"context"
	"io"
	"math"
	"strconv"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// Plain writers: lists of objects written straight to JSON.
//
// For every field of every object, gqlgen builds a field context, runs the
// field through its middleware chain, collects the selection of every
// object again and keeps the result in a field set before writing it:
// about 2-3 µs per object even in order, which is most of the cost of an
// impact answer of a thousand companies. When nothing below a list needs
// a resolver (see plainSelection), the list can be written directly:
// tools/gqlgen generates, with gqlgen's own view of the schema and its Go
// bindings, a writer per object type (plain_gen.go: plainImpactEntry,
// plainCompany, ...) that writes the fields of a plan (the collected
// fields of a selection, collected once per list, not once per object),
// and plainList, which picks the writer by the list's Go type.
//
// The writers write what gqlgen writes (the same field order, aliases,
// __typename, and scalars written as gqlgen's marshallers write them;
// TestPlainWritersWriteWhatGqlgenWrites compares the two on every list of
// the schema). Whatever would make gqlgen report an error (a null the
// schema does not allow, a float that is not finite, a method returning an
// error) makes a writer give up; the list is then marshalled by gqlgen as
// before, so errors are reported exactly as gqlgen reports them.

// plainWriter is the buffer the writers append to.
type plainWriter struct{ b []byte }

// grow makes room for n bytes in all.
func (w *plainWriter) grow(n int) {
	if n > cap(w.b) {
		w.b = append(make([]byte, 0, n), w.b...)
	}
}

func (w *plainWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

func (w *plainWriter) WriteString(s string) (int, error) {
	w.b = append(w.b, s...)
	return len(s), nil
}

var _ io.StringWriter = (*plainWriter)(nil)

const hexDigits = "0123456789ABCDEF"

// str writes s as gqlgen's graphql.MarshalString does (control
// characters, quotes and backslashes escaped; everything else as is).
func (w *plainWriter) str(s string) {
	w.b = append(w.b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '\\' && c != '"' {
			continue
		}
		w.b = append(w.b, s[start:i]...)
		switch c {
		case '\t':
			w.b = append(w.b, '\\', 't')
		case '\r':
			w.b = append(w.b, '\\', 'r')
		case '\n':
			w.b = append(w.b, '\\', 'n')
		case '\\':
			w.b = append(w.b, '\\', '\\')
		case '"':
			w.b = append(w.b, '\\', '"')
		default:
			w.b = append(w.b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		start = i + 1
	}
	w.b = append(w.b, s[start:]...)
	w.b = append(w.b, '"')
}

func (w *plainWriter) int(i int64) { w.b = strconv.AppendInt(w.b, i, 10) }

// float writes f as gqlgen's graphql.MarshalFloatContext does (%g); false
// for what gqlgen reports as an error (infinities, NaN).
func (w *plainWriter) float(f float64) bool {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return false
	}
	w.b = strconv.AppendFloat(w.b, f, 'g', -1, 64)
	return true
}

func (w *plainWriter) bool(b bool) { w.b = strconv.AppendBool(w.b, b) }

func (w *plainWriter) null() { w.b = append(w.b, "null"...) }

// plainPlan is a selection's collected fields for one object type, and,
// built on first use, the plans of the fields' own selections.
type plainPlan struct {
	fields []graphql.CollectedField
	keys   [][]byte // of each field: its alias as a JSON key, after a comma but for the first
	kids   []*plainPlan
}

// plainPlanOf collects sel for an object satisfying satisfies (its type
// and interfaces); nil if a field is deferred (@defer is left to gqlgen).
func (ec *executionContext) plainPlanOf(sel ast.SelectionSet, satisfies []string) *plainPlan {
	fields := graphql.CollectFields(ec.OperationContext, sel, satisfies)
	for _, f := range fields {
		if f.IsDeferred() {
			return nil
		}
	}
	p := &plainPlan{fields: fields, keys: make([][]byte, len(fields)), kids: make([]*plainPlan, len(fields))}
	w := &plainWriter{}
	for i, f := range fields {
		start := len(w.b)
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.str(f.Alias)
		w.b = append(w.b, ':')
		p.keys[i] = w.b[start:len(w.b):len(w.b)] // later appends never write into it
	}
	return p
}

// kid returns the plan of field i's selection.
func (p *plainPlan) kid(ec *executionContext, i int, satisfies []string) *plainPlan {
	if p.kids[i] == nil {
		p.kids[i] = ec.plainPlanOf(p.fields[i].Selections, satisfies)
	}
	return p.kids[i]
}

// maxPlainGuess bounds the buffer plainElements sizes from a list's first
// element; beyond it, the buffer grows as it is written.
const maxPlainGuess = 1 << 20

// plainElements writes the n elements of v with write, under one plan.
func plainElements[T any](ec *executionContext, ctx context.Context, w *plainWriter, sel ast.SelectionSet, v []T, n int, satisfies []string,
	write func(context.Context, *plainWriter, *plainPlan, *T) bool) ([]int, bool) {
	if len(v) != n {
		return nil, false
	}
	p := ec.plainPlanOf(sel, satisfies)
	if p == nil {
		return nil, false
	}
	ends := make([]int, n)
	for i := range v {
		if !write(ctx, w, p, &v[i]) {
			return nil, false
		}
		ends[i] = len(w.b)
		if i == 0 && n > 1 {
			// The elements of a list are alike: size the buffer for all
			// of them after the first (with half as much again: ids and
			// numbers vary in length), instead of growing it by copies;
			// at most maxPlainGuess, in case the first is unlike the rest.
			w.grow(min(ends[0]*n+ends[0]*n/2, maxPlainGuess))
		}
	}
	return ends, true
}

// plainListsWritten counts the lists written by the plain writers (tests
// check that they are used).
var plainListsWritten atomic.Int64

// responseSize is the size of the plain writers' output in one request.
type responseSize struct{ n atomic.Int64 }

type responseSizeKey struct{}

// withResponseSize returns ctx for one request (the handler calls it).
func withResponseSize(ctx context.Context) context.Context {
	return context.WithValue(ctx, responseSizeKey{}, &responseSize{})
}

// responseSizeHint is the size to give the buffer of the answer of the
// request of ctx: what the plain writers wrote, and a little more for the
// rest. The generated code calls it (see tools/gqlgenlists).
func responseSizeHint(ctx context.Context) int {
	if s, ok := ctx.Value(responseSizeKey{}).(*responseSize); ok {
		return int(s.n.Load()) + 512
	}
	return 512
}

// rawJSON is an element already written.
type rawJSON []byte

func (r *rawJSON) MarshalGQL(w io.Writer) { w.Write(*r) }

// marshalPlain writes the list being marshalled in ctx (its field's
// result) with the plain writers; false if they cannot.
func (ec *executionContext) marshalPlain(ctx context.Context, sel ast.SelectionSet, length int) (ret graphql.Array, ok bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Result == nil {
		return nil, false
	}
	// A panic (in a method of the answer, say) is gqlgen's to report, the
	// way it reports it: the writers give up.
	defer func() {
		if r := recover(); r != nil {
			ret, ok = nil, false
		}
	}()
	w := &plainWriter{b: make([]byte, 0, 256)} // plainElements sizes it after the first element
	ends, ok := ec.plainList(ctx, w, sel, fc.Result, length)
	if !ok {
		return nil, false
	}
	plainListsWritten.Add(1)
	if s, ok := ctx.Value(responseSizeKey{}).(*responseSize); ok {
		s.n.Add(int64(len(w.b)))
	}
	segs := make([]rawJSON, length)
	ret = make(graphql.Array, length)
	start := 0
	for i, end := range ends {
		segs[i] = w.b[start:end:end]
		ret[i] = &segs[i]
		start = end
	}
	return ret, true
}
