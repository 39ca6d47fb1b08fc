// Package auth is who may do what: API keys with roles, and supplier scopes.
//
// A key is shown once, when it is created; the store keeps only its SHA-256
// hash. Roles are ordered: a viewer reads everything, an editor also writes
// (mutations, /api/load), an admin also manages keys. A key may be scoped to
// a supplier S: it then sees only S and S's upstream (every company with a
// chain of confirmed supply links to S, whatever their dates), and may only
// acknowledge codes for S, request its own suppliers to acknowledge, and add
// or end supply links into S. The links such a key creates are proposed and
// widen no view until a key without a scope confirms them: a scope never
// depends on data the scoped key can write.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// Role is what a key may do.
type Role string

// Roles, from least to most.
const (
	Viewer Role = "viewer"
	Editor Role = "editor"
	Admin  Role = "admin"
)

var rank = map[Role]int{Viewer: 1, Editor: 2, Admin: 3}

// ParseRole checks a role name.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(s))
	if rank[r] == 0 {
		return "", domain.Errorf(domain.BadInput, "role must be viewer, editor or admin, got %q", s)
	}
	return r, nil
}

// Allows reports whether r includes what want needs.
func (r Role) Allows(want Role) bool { return rank[r] >= rank[want] }

// Key is what the store keeps of an API key.
type Key struct {
	ID       string
	Name     string
	Role     Role
	Company  string // supplier scope; empty: unscoped
	Hash     string
	Created  time.Time
	LastUsed *time.Time
	Revoked  *time.Time
}

// CreatedRFC3339 is Created as an RFC 3339 time in UTC.
func (k *Key) CreatedRFC3339() string { return k.Created.UTC().Format(time.RFC3339) }

// LastUsedRFC3339 is LastUsed as an RFC 3339 time in UTC, or nil.
func (k *Key) LastUsedRFC3339() *string { return rfc3339(k.LastUsed) }

// RevokedRFC3339 is Revoked as an RFC 3339 time in UTC, or nil.
func (k *Key) RevokedRFC3339() *string { return rfc3339(k.Revoked) }

func rfc3339(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

// Principal is who makes a request.
type Principal struct {
	KeyID   string // empty for anonymous development access
	Role    Role
	Company string // supplier scope
	// Visible is the scope's company set (S and its upstream); nil: unscoped.
	Visible map[string]bool
}

// Scoped reports whether the principal is limited to a supplier's view.
func (p *Principal) Scoped() bool { return p != nil && p.Company != "" }

// Sees reports whether the principal may see company id (no principal: nothing).
func (p *Principal) Sees(id string) bool { return p != nil && (p.Visible == nil || p.Visible[id]) }

// System is the principal of the CLI and of the service's own work (loads
// from the command line, snapshot builds, tests): an admin without a key.
// Requests over HTTP never get it.
var System = &Principal{Role: Admin}

// NewKey returns a fresh key, its id and its hash. The key reads
// sgk_<id>_<secret>.
func NewKey() (key, id, hash string) {
	b := make([]byte, 6)
	rand.Read(b)
	id = hex.EncodeToString(b)
	secret := make([]byte, 32)
	rand.Read(secret)
	key = "sgk_" + id + "_" + base64.RawURLEncoding.EncodeToString(secret)
	return key, id, Hash(key)
}

// Hash is the stored form of a key.
func Hash(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}

type principalKey struct{}

// With returns ctx carrying p.
func With(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// From returns the request's principal, or nil.
func From(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

// Require returns FORBIDDEN unless the request's principal has role want,
// and UNAUTHENTICATED when there is no principal: in-process callers say
// who they are (System) like every request does.
func Require(ctx context.Context, want Role) error {
	p := From(ctx)
	if p == nil {
		return domain.Errorf(domain.Unauthenticated, "no principal: the request was not authenticated")
	}
	if p.Role.Allows(want) {
		return nil
	}
	return domain.Errorf(domain.Forbidden, "this needs the %s role; the key has %s", want, p.Role)
}
