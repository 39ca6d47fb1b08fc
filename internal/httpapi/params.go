package httpapi

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// getExport is an export's handler: GET only, serve's question bounded by
// timeout (0: none beyond the request's own).
func getExport(timeout time.Duration, serve func(ctx context.Context, w http.ResponseWriter, r *http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			w.Header().Set("Allow", http.MethodGet)
			writeError(w, http.StatusMethodNotAllowed, domain.Errorf(domain.BadInput, "use GET"))
			return
		}
		ctx := r.Context()
		if timeout > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, timeout)
			defer cancel()
		}
		serve(ctx, w, r)
	})
}

// The query parameters of the exports and of /api/load: an unknown or
// repeated parameter is refused rather than ignored (a misspelt dryRun
// must not load).

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

// boolParam is the boolean parameter name (strconv.ParseBool's forms),
// false when it is not given.
func boolParam(q url.Values, name string) (bool, error) {
	if !q.Has(name) {
		return false, nil
	}
	b, err := strconv.ParseBool(q.Get(name))
	if err != nil {
		return false, domain.Errorf(domain.BadInput, "%s: not a boolean (true or false): %q", name, q.Get(name))
	}
	return b, nil
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
