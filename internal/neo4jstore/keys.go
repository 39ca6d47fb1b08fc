package neo4jstore

import (
	"context"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
)

const createKey = `
CREATE (k:ApiKey {id: $id, name: $name, role: $role, company: $company, hash: $hash, created: datetime()})
RETURN k {.*} AS k`

// CreateKey stores a key's hash and attributes.
func (s *Store) CreateKey(ctx context.Context, k auth.Key) (auth.Key, error) {
	recs, err := s.write(ctx, createKey, map[string]any{"id": k.ID, "name": k.Name, "role": string(k.Role),
		"company": optString(k.Company), "hash": k.Hash})
	if err != nil {
		return auth.Key{}, err
	}
	return keyOf(recMap(recs[0], "k")), nil
}

const keyByHash = `MATCH (k:ApiKey {hash: $hash}) RETURN k {.*} AS k`

// KeyByHash returns the key with the hash; NOT_FOUND if there is none.
func (s *Store) KeyByHash(ctx context.Context, hash string) (auth.Key, error) {
	recs, err := s.read(ctx, keyByHash, map[string]any{"hash": hash})
	if err != nil {
		return auth.Key{}, err
	}
	if len(recs) == 0 {
		return auth.Key{}, domain.Errorf(domain.NotFound, "no such key")
	}
	return keyOf(recMap(recs[0], "k")), nil
}

const listKeys = `MATCH (k:ApiKey) RETURN k {.*} AS k ORDER BY k.created, k.id`

// Keys lists every key (without secrets), oldest first.
func (s *Store) Keys(ctx context.Context) ([]auth.Key, error) {
	recs, err := s.read(ctx, listKeys, nil)
	if err != nil {
		return nil, err
	}
	out := make([]auth.Key, len(recs))
	for i, r := range recs {
		out[i] = keyOf(recMap(r, "k"))
	}
	return out, nil
}

const revokeKey = `
MATCH (k:ApiKey {id: $id})
SET k.revoked = coalesce(k.revoked, datetime())
RETURN k {.*} AS k`

// RevokeKey revokes a key; NOT_FOUND if there is none.
func (s *Store) RevokeKey(ctx context.Context, id string) (auth.Key, error) {
	recs, err := s.write(ctx, revokeKey, map[string]any{"id": id})
	if err != nil {
		return auth.Key{}, err
	}
	if len(recs) == 0 {
		return auth.Key{}, domain.Errorf(domain.NotFound, "no API key with id %q", id)
	}
	return keyOf(recMap(recs[0], "k")), nil
}

const touchKey = `MATCH (k:ApiKey {id: $id}) SET k.lastUsed = datetime()`

// TouchKey records that a key was used now.
func (s *Store) TouchKey(ctx context.Context, id string) error {
	_, err := s.write(ctx, touchKey, map[string]any{"id": id})
	return err
}

func keyOf(m map[string]any) auth.Key {
	k := auth.Key{ID: str(m["id"]), Name: str(m["name"]), Role: auth.Role(str(m["role"])), Company: str(m["company"]), Hash: str(m["hash"])}
	k.Created = timeOf(m["created"])
	if t, ok := m["lastUsed"].(time.Time); ok {
		k.LastUsed = &t
	}
	if t, ok := m["revoked"].(time.Time); ok {
		k.Revoked = &t
	}
	return k
}

func timeOf(v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t
	case dbtype.LocalDateTime:
		return time.Time(t)
	}
	return time.Time{}
}

const upstreamLevelConfirmed = `
UNWIND $frontier AS id
MATCH (s:Company)-[r:SUPPLIES]->(c:Company {id: id})
USING INDEX SEEK c:Company(id)
WHERE r.proposedBy IS NULL
RETURN DISTINCT s.id`

// Upstream returns company and every company with a chain of confirmed
// supply links (of any date) to it: a supplier-scoped key's view. Links
// proposed by a scoped key do not count, so nothing a scoped key writes can
// widen any key's view.
func (s *Store) Upstream(ctx context.Context, company string) (map[string]bool, error) {
	seen := map[string]bool{company: true}
	frontier := []string{company}
	for len(frontier) > 0 {
		recs, err := s.read(ctx, upstreamLevelConfirmed, map[string]any{"frontier": frontier})
		if err != nil {
			return nil, err
		}
		var next []string
		for _, r := range recs {
			id := str(r.Values[0])
			if !seen[id] {
				seen[id] = true
				next = append(next, id)
			}
		}
		frontier = next
	}
	return seen, nil
}

const allSuppliers = `MATCH (s:Company)-[:SUPPLIES]->(c:Company {id: $id}) USING INDEX SEEK c:Company(id) RETURN DISTINCT s.id`

// AllSuppliers returns the companies with a supply link (of any date) into company.
func (s *Store) AllSuppliers(ctx context.Context, company string) ([]string, error) {
	recs, err := s.read(ctx, allSuppliers, map[string]any{"id": company})
	if err != nil {
		return nil, err
	}
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = str(r.Values[0])
	}
	return out, nil
}
