package explorer

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// KeyCacheTTL is how long an authenticated key (and its scope) is reused
// before it is read again: a revocation takes effect within it.
var KeyCacheTTL = 5 * time.Second

type cachedKey struct {
	p       *auth.Principal
	expires time.Time
}

// keyCache remembers recent authentications.
type keyCache struct {
	mu      sync.Mutex
	entries map[string]cachedKey
	touched map[string]time.Time
}

// CreateKey creates an API key and returns it (the only time it is shown)
// with its record. BAD_INPUT for a bad role or name; NOT_FOUND for an
// unknown scope company; a scoped key cannot be admin.
func (s *Service) CreateKey(ctx context.Context, name string, role auth.Role, company string) (string, auth.Key, error) {
	if err := auth.Require(ctx, auth.Admin); err != nil {
		return "", auth.Key{}, err
	}
	if strings.TrimSpace(name) == "" || len(name) > 200 {
		return "", auth.Key{}, domain.Errorf(domain.BadInput, "name: give the key a name of 1 to 200 characters")
	}
	if _, err := auth.ParseRole(string(role)); err != nil {
		return "", auth.Key{}, err
	}
	if company != "" {
		if role == auth.Admin {
			return "", auth.Key{}, domain.Errorf(domain.BadInput, "role: a key scoped to a company cannot be admin")
		}
		if _, err := s.Company(ctx, "company", company); err != nil {
			return "", auth.Key{}, err
		}
	}
	key, id, hash := auth.NewKey()
	rec, err := s.store.CreateKey(ctx, auth.Key{ID: id, Name: name, Role: role, Company: company, Hash: hash})
	return key, rec, err
}

// Keys lists the keys (admins only).
func (s *Service) Keys(ctx context.Context) ([]auth.Key, error) {
	if err := auth.Require(ctx, auth.Admin); err != nil {
		return nil, err
	}
	return s.store.Keys(ctx)
}

// RevokeKey revokes a key (admins only); it stops working within the key
// cache's lifetime (5 s).
func (s *Service) RevokeKey(ctx context.Context, id string) (auth.Key, error) {
	if err := auth.Require(ctx, auth.Admin); err != nil {
		return auth.Key{}, err
	}
	return s.store.RevokeKey(ctx, id)
}

// Authenticate returns the principal of a bearer key. UNAUTHENTICATED for an
// unknown or revoked key; UNAVAILABLE when Neo4j is down.
func (s *Service) Authenticate(ctx context.Context, key string) (*auth.Principal, error) {
	hash := auth.Hash(key)
	s.keys.mu.Lock()
	if s.keys.entries == nil {
		s.keys.entries, s.keys.touched = map[string]cachedKey{}, map[string]time.Time{}
	}
	if e, ok := s.keys.entries[hash]; ok && time.Now().Before(e.expires) {
		s.keys.mu.Unlock()
		return e.p, nil
	}
	s.keys.mu.Unlock()
	k, err := s.store.KeyByHash(ctx, hash)
	if domain.KindOf(err) == domain.NotFound {
		return nil, domain.Errorf(domain.Unauthenticated, "unknown API key")
	}
	if err != nil {
		return nil, err
	}
	if k.Revoked != nil {
		return nil, domain.Errorf(domain.Unauthenticated, "the API key was revoked")
	}
	p := &auth.Principal{KeyID: k.ID, Role: k.Role, Company: k.Company}
	if k.Company != "" {
		if p.Visible, err = s.store.Upstream(ctx, k.Company); err != nil {
			return nil, err
		}
	}
	now := time.Now()
	s.keys.mu.Lock()
	s.keys.entries[hash] = cachedKey{p: p, expires: now.Add(KeyCacheTTL)}
	touch := now.Sub(s.keys.touched[k.ID]) > time.Minute
	if touch {
		s.keys.touched[k.ID] = now
	}
	s.keys.mu.Unlock()
	if touch {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			s.store.TouchKey(ctx, k.ID)
		}()
	}
	return p, nil
}

// checkWrite applies the write rules: editors write; a key scoped to a
// supplier S may only acknowledge codes for S, request its own suppliers
// that it sees, add or end supply links into S (the links it creates
// are proposed: they never widen a view, see Upstream), and report
// progress on the actions S is responsible for (checkActionWrite).
func (s *Service) checkWrite(ctx context.Context, parts []Part) error {
	if err := auth.Require(ctx, auth.Editor); err != nil {
		return err
	}
	p := auth.From(ctx)
	if !p.Scoped() {
		return nil
	}
	var suppliers map[string]bool
	var actions map[string]domain.Action
	for _, part := range parts {
		for i, rec := range part.Records {
			idx := i
			if part.Index != nil {
				idx = part.Index[i]
			}
			switch r := rec.(type) {
			case domain.Acknowledgment:
				if r.CompanyID != p.Company {
					return domain.Errorf(domain.Forbidden, "input[%d].companyId: this key may acknowledge codes only for %s", idx, p.Company)
				}
			case domain.SupplyLink:
				if r.CustomerID != p.Company {
					return domain.Errorf(domain.Forbidden, "input[%d].customerId: this key may add or end supply links only into %s", idx, p.Company)
				}
			case domain.Request:
				if r.RequesterID != p.Company {
					return domain.Errorf(domain.Forbidden, "input[%d].requesterId: this key may make requests only as %s", idx, p.Company)
				}
				if suppliers == nil {
					pages, err := s.directSuppliers(ctx, p.Company)
					if err != nil {
						return err
					}
					suppliers = pages
				}
				if !suppliers[r.SupplierID] || !p.Sees(r.SupplierID) {
					return domain.Errorf(domain.Forbidden, "input[%d].supplierId: this key may request only the suppliers of %s in its view", idx, p.Company)
				}
			case domain.Action:
				if actions == nil {
					ids := make([]string, 0, len(part.Records))
					for _, rec := range part.Records {
						if a, ok := rec.(domain.Action); ok {
							ids = append(ids, a.ID)
						}
					}
					found, err := s.store.ActionsByID(ctx, ids)
					if err != nil {
						return err
					}
					actions = found
				}
				if err := s.checkActionWrite(ctx, p, idx, r, actions); err != nil {
					return err
				}
			default:
				return domain.Errorf(domain.Forbidden, "a key scoped to %s may not change %s", p.Company, strings.TrimSuffix(part.File, ".csv"))
			}
		}
	}
	return nil
}

// directSuppliers returns the companies with a supply link (of any date) into company.
func (s *Service) directSuppliers(ctx context.Context, company string) (map[string]bool, error) {
	out := map[string]bool{}
	all, err := s.store.AllSuppliers(ctx, company)
	if err != nil {
		return nil, err
	}
	for _, id := range all {
		out[id] = true
	}
	return out, nil
}
