package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
)

// AuthOptions configure Authenticate.
type AuthOptions struct {
	// Anonymous lets requests without a key read, as viewers (development
	// on a loopback address only; serve refuses it elsewhere).
	Anonymous bool
}

// Authenticate is middleware that requires an API key (Authorization:
// Bearer <key>) and puts its principal in the request context. A missing,
// malformed, unknown or revoked key answers 401 UNAUTHENTICATED; GraphQL
// requests get a GraphQL-shaped error, others the /api error shape.
func Authenticate(svc *explorer.Service, opts AuthOptions, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions {
			next.ServeHTTP(w, r) // CORS preflight carries no credentials
			return
		}
		h := r.Header.Get("Authorization")
		var p *auth.Principal
		switch {
		case h == "" && opts.Anonymous:
			p = &auth.Principal{Role: auth.Viewer}
		case h == "":
			deny(w, r, http.StatusUnauthorized, domain.Errorf(domain.Unauthenticated, "an API key is required: send Authorization: Bearer <key>"))
			return
		default:
			scheme, key, ok := strings.Cut(h, " ")
			if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(key) == "" { // a scheme is case-insensitive (RFC 9110)
				deny(w, r, http.StatusUnauthorized, domain.Errorf(domain.Unauthenticated, "the Authorization header must read Bearer <key>"))
				return
			}
			var err error
			if p, err = svc.Authenticate(r.Context(), strings.TrimSpace(key)); err != nil {
				deny(w, r, statusOf(err), err)
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(auth.With(r.Context(), p)))
	})
}

func deny(w http.ResponseWriter, r *http.Request, status int, err error) {
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="supplygraph"`)
	}
	if strings.HasPrefix(r.URL.Path, "/graphql") {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{
			"message": domain.PublicMessage(err), "extensions": map[string]any{"code": string(domain.KindOf(err))}}}})
		return
	}
	writeError(w, status, err)
}
