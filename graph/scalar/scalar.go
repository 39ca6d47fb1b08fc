// Package scalar holds the GraphQL custom scalars: Date, "YYYY-MM-DD".
package scalar

import (
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// MarshalDate writes a date as a "YYYY-MM-DD" string.
func MarshalDate(d domain.Date) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		io.WriteString(w, strconv.Quote(d.String()))
	})
}

// UnmarshalDate reads a "YYYY-MM-DD" string.
func UnmarshalDate(v any) (domain.Date, error) {
	s, ok := v.(string)
	if !ok {
		return 0, domain.Errorf(domain.BadInput, "a Date must be a string YYYY-MM-DD, got %T", v)
	}
	d, err := domain.ParseDate(s)
	if err != nil {
		return 0, domain.Errorf(domain.BadInput, "%v", err)
	}
	return d, nil
}
