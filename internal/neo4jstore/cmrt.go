package neo4jstore

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// Smelter is a smelter declared in a CMRT, to be linked as a supplier of the
// declaring company with its metal as the material.
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

// upsertSmelters creates or updates the smelters and links each to the
// declaring company. A new smelter starts NOT_ENROLLED; an existing one keeps
// its RMAP status, and its name and country when the workbook has none.
const upsertSmelters = `
MATCH (c:Company {id: $company})
UNWIND $rows AS row
MERGE (s:Company {id: row.id})
ON CREATE SET s:Subject, s.kind = 'SMELTER', s.disclosure = 'NONE', s.rmapStatus = 'NOT_ENROLLED'
SET s.name = coalesce(row.name, s.name, row.id), s.metal = row.metal, s.rmiId = row.id,
    s.country = coalesce(row.country, s.country)
SET s.nameLower = toLower(s.name)
MERGE (s)-[r:SUPPLIES {material: row.metal}]->(c)`

const recordCMRTLoad = `
CREATE (:Load {id: $id, origin: 'cmrt', by: $by, files: $files, rowCounts: $rows, fingerprint: '',
  started: datetime(), finished: datetime(), heartbeat: datetime(), status: 'COMPLETED', attempts: 1,
  file: '', batches: 0, created: $created, updated: []})`

// CMRTResult counts what an import wrote.
type CMRTResult struct {
	LoadID          string
	SmeltersCreated int
	LinksCreated    int
}

// UpsertSmelters writes the smelters declared by company in one transaction
// and records the load. The caller checks that the ids are not companies of
// another kind or facilities.
func (s *Store) UpsertSmelters(ctx context.Context, company, by string, files []string, smelters []Smelter) (*CMRTResult, error) {
	rows := make([]map[string]any, len(smelters))
	for i, sm := range smelters {
		rows[i] = map[string]any{"id": sm.ID, "name": optString(sm.Name), "metal": sm.Metal, "country": optString(sm.Country)}
	}
	res := &CMRTResult{LoadID: newLoadID()}
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		r, err := tx.Run(ctx, upsertSmelters, map[string]any{"company": company, "rows": rows})
		if err != nil {
			return nil, err
		}
		sum, err := r.Consume(ctx)
		if err != nil {
			return nil, err
		}
		res.SmeltersCreated, res.LinksCreated = sum.Counters().NodesCreated(), sum.Counters().RelationshipsCreated()
		r, err = tx.Run(ctx, recordCMRTLoad, map[string]any{"id": res.LoadID, "by": by, "files": files,
			"rows":    []string{fmt.Sprintf("smelters=%d", len(rows))},
			"created": []string{fmt.Sprintf("smelters=%d", res.SmeltersCreated), fmt.Sprintf("links=%d", res.LinksCreated)}})
		if err != nil {
			return nil, err
		}
		if _, err = r.Consume(ctx); err != nil {
			return nil, err
		}
		t := Touched{Subjects: map[string]bool{}}
		for _, sm := range smelters {
			t.Subjects[sm.ID] = true
		}
		return nil, bump(ctx, tx, &t)
	})
	if err != nil {
		return nil, s.classify(ctx, err)
	}
	return res, nil
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

const setRMAPStatuses = `
UNWIND $rows AS row
MATCH (s:Company {rmiId: row.rmi}) WHERE s.kind = 'SMELTER'
SET s.rmapStatus = row.status
RETURN s.id`

// SetRMAPStatuses sets the RMAP status of the smelters by RMI id, in one
// transaction; it returns how many smelters it updated.
func (s *Store) SetRMAPStatuses(ctx context.Context, updates map[string]domain.RMAPStatus) (int, error) {
	var rows []map[string]any
	for id, st := range updates {
		rows = append(rows, map[string]any{"rmi": id, "status": string(st)})
	}
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	n, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		r, err := tx.Run(ctx, setRMAPStatuses, map[string]any{"rows": rows})
		if err != nil {
			return nil, err
		}
		recs, err := r.Collect(ctx)
		if err != nil {
			return nil, err
		}
		sum, err := r.Consume(ctx)
		if err != nil {
			return nil, err
		}
		t := Touched{Subjects: map[string]bool{}}
		for _, rec := range recs {
			t.Subjects[str(rec.Values[0])] = true
		}
		return sum.Counters().PropertiesSet(), bump(ctx, tx, &t)
	})
	if err != nil {
		return 0, s.classify(ctx, err)
	}
	return n.(int), nil
}
