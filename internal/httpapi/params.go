package httpapi

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// The exports' query parameters: an unknown or repeated parameter is
// refused rather than ignored.

// checkParams refuses a parameter of q that is not one of allowed, or one
// given more than once.
func checkParams(q url.Values, allowed ...string) error {
	for k, v := range q {
		if !slices.Contains(allowed, k) {
			return domain.Errorf(domain.BadInput, "unknown parameter %q: use %s", k, strings.Join(allowed, ", "))
		}
		if len(v) != 1 {
			return domain.Errorf(domain.BadInput, "parameter %q given %d times", k, len(v))
		}
	}
	return nil
}

// intParam is the integer parameter name, nil when it is not given.
func intParam(q url.Values, name string) (*int, error) {
	s := q.Get(name)
	if s == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return nil, domain.Errorf(domain.BadInput, "%s: not an integer: %q", name, s)
	}
	return &n, nil
}

// dateParam is the date parameter name, nil when it is not given.
func dateParam(q url.Values, name string) (*domain.Date, error) {
	s := q.Get(name)
	if s == "" {
		return nil, nil
	}
	d, err := domain.ParseDate(s)
	if err != nil {
		return nil, domain.Errorf(domain.BadInput, "%s: %v", name, err)
	}
	return &d, nil
}
