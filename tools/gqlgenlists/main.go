// Command gqlgenlists runs after gqlgen in `go generate` (see
// graph/resolver.go): it rewrites the generated code's calls of
// graphql.MarshalSliceConcurrently into calls of the executionContext's
// marshalList, which marshals the elements of a list one after another
// when the selection below them has no resolver field (graph/slices.go
// says why). It fails, changing nothing, when the generated code does not
// have the expected calls, so that a new gqlgen cannot silently undo it.
package main

import (
	"bytes"
	"fmt"
	"os"
)

const (
	from = "graphql.MarshalSliceConcurrently(ctx, len(v), "
	to   = "ec.marshalList(ctx, sel, len(v), "
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gqlgenlists GENERATED.go")
		os.Exit(2)
	}
	if err := rewrite(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "gqlgenlists:", err)
		os.Exit(1)
	}
}

func rewrite(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	n := bytes.Count(src, []byte(from))
	if n == 0 {
		return fmt.Errorf("%s: no call %q to rewrite: has gqlgen changed how it marshals lists?", path, from)
	}
	if left := bytes.Count(src, []byte("MarshalSliceConcurrently(")) - n; left != 0 {
		return fmt.Errorf("%s: %d calls of MarshalSliceConcurrently are not of the form %q", path, left, from)
	}
	return os.WriteFile(path, bytes.ReplaceAll(src, []byte(from), []byte(to)), 0o644)
}
