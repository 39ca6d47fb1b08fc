// Command gqlgenlists runs after gqlgen in `go generate` (see
// graph/resolver.go) and rewrites two things in the generated code:
//
//   - its calls of graphql.MarshalSliceConcurrently become calls of the
//     executionContext's marshalList, which marshals the elements of a
//     list one after another, or with the plain writers, when the
//     selection below them has no resolver field (graph/slices.go and
//     graph/plain.go say why);
//   - the buffer an answer is written into is sized first, from what the
//     plain writers wrote (responseSizeHint, graph/plain.go), instead of
//     growing by copies.
//
// It fails, changing nothing, when the generated code does not have what
// it rewrites, so that a new gqlgen cannot silently undo it.
package main

import (
	"bytes"
	"fmt"
	"os"
)

type rewrite struct{ from, to string }

var rewrites = []rewrite{
	{"graphql.MarshalSliceConcurrently(ctx, len(v), ", "ec.marshalList(ctx, sel, len(v), "},
	{"\t\t\tvar buf bytes.Buffer\n\t\t\tdata.MarshalGQL(&buf)\n", "\t\t\tvar buf bytes.Buffer\n\t\t\tbuf.Grow(responseSizeHint(ctx))\n\t\t\tdata.MarshalGQL(&buf)\n"},
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gqlgenlists GENERATED.go")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "gqlgenlists:", err)
		os.Exit(1)
	}
}

func run(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for _, r := range rewrites {
		if bytes.Count(src, []byte(r.from)) == 0 {
			return fmt.Errorf("%s: nothing of the form %q to rewrite: has gqlgen changed how it marshals?", path, r.from)
		}
		src = bytes.ReplaceAll(src, []byte(r.from), []byte(r.to))
	}
	n := bytes.Count(src, []byte(rewrites[0].to))
	if left := bytes.Count(src, []byte("MarshalSliceConcurrently(")); left != 0 {
		return fmt.Errorf("%s: %d calls of MarshalSliceConcurrently are not of the form %q (%d are)", path, left, rewrites[0].from, n)
	}
	return os.WriteFile(path, src, 0o644)
}
