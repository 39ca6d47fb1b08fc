package neo4jstore

import (
	"context"
)

// Smelter is a smelter named in a CMRT or EMRT declaration.
type Smelter struct {
	ID, Name, Metal, Country string
}

const kindsByID = `
UNWIND $ids AS id
MATCH (s:Subject {id: id})
RETURN s.id AS id, CASE WHEN s:Company THEN s.kind ELSE 'FACILITY' END AS kind`

// KindsByID returns, for each id that exists, its company kind, or
// "FACILITY" for a facility.
func (s *Store) KindsByID(ctx context.Context, ids []string) (map[string]string, error) {
	recs, err := s.read(ctx, kindsByID, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, r := range recs {
		out[str(r.Values[0])] = str(r.Values[1])
	}
	return out, nil
}

const smeltersByRMIID = `
UNWIND $ids AS id
MATCH (s:Company {rmiId: id}) WHERE s.kind = 'SMELTER'
RETURN id, s.id AS company`

// SmeltersByRMIID maps RMI ids to the ids of the smelters that carry them.
func (s *Store) SmeltersByRMIID(ctx context.Context, rmiIDs []string) (map[string][]string, error) {
	recs, err := s.read(ctx, smeltersByRMIID, map[string]any{"ids": rmiIDs})
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, r := range recs {
		out[str(r.Values[0])] = append(out[str(r.Values[0])], str(r.Values[1]))
	}
	return out, nil
}
