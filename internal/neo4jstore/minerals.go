package neo4jstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// Declarations (schema 8):
//
//	(:Company)-[:DECLARED]->(:Declaration {id, declarer, template, version, scope, scopeText,
//	  effective, companyName, file, answerMetals, answerNumbers, answerQuestions, answerValues})
//	(:Declaration)-[:NAMES {metal}]->(:Company {kind: 'SMELTER'})
//
// A declaration is its declarer's own data: writing one touches the
// declarer (and the smelters it names, which may be new), so the snapshot
// reads them again with the declarer. A smelter's RMAP history is the list
// rmapHistory of "YYYY-MM-DD STATUS" texts, sorted (by date).

// declarationData is what a company's data holds of its declarations.
const declarationData = `[(c)-[:DECLARED]->(d:Declaration) | [d {.*}, [(d)-[n:NAMES]->(s:Company) | [n.metal, s.id]]]]`

func declarationOf(v []any) domain.Declaration {
	m := v[0].(map[string]any)
	d := domain.Declaration{ID: str(m["id"]), DeclarerID: str(m["declarer"]), Template: domain.Template(str(m["template"])),
		Version: str(m["version"]), Scope: domain.DeclarationScope(str(m["scope"])), ScopeText: str(m["scopeText"]),
		Effective: dateOf(m["effective"]), CompanyName: str(m["companyName"]), File: str(m["file"])}
	metals, numbers, questions, values := anyList(m["answerMetals"]), anyList(m["answerNumbers"]), anyList(m["answerQuestions"]), anyList(m["answerValues"])
	for i := range values {
		if i < len(metals) && i < len(numbers) && i < len(questions) {
			d.Answers = append(d.Answers, domain.Answer{Metal: str(metals[i]), Number: str(numbers[i]), Question: str(questions[i]), Value: str(values[i])})
		}
	}
	for _, x := range anyList(v[1]) {
		p := x.([]any)
		d.Smelters = append(d.Smelters, domain.NamedSmelter{Metal: str(p[0]), SmelterID: str(p[1])})
	}
	sortNamed(d.Smelters)
	return d
}

func sortNamed(ns []domain.NamedSmelter) {
	slices.SortFunc(ns, func(a, b domain.NamedSmelter) int {
		if c := strings.Compare(a.Metal, b.Metal); c != 0 {
			return c
		}
		return strings.Compare(a.SmelterID, b.SmelterID)
	})
}

// rmapHistoryOf reads a smelter's rmapHistory.
func rmapHistoryOf(v any) []domain.RMAPAt {
	var out []domain.RMAPAt
	for _, x := range anyList(v) {
		s := str(x)
		date, status, ok := strings.Cut(s, " ")
		if !ok {
			continue
		}
		d, err := domain.ParseDate(date)
		if err != nil {
			continue
		}
		out = append(out, domain.RMAPAt{Date: d, Status: domain.RMAPStatus(status)})
	}
	slices.SortStableFunc(out, func(a, b domain.RMAPAt) int { return int(a.Date - b.Date) })
	return out
}

const declarationsOf = `
UNWIND $ids AS id
MATCH (c:Company {id: id})
RETURN c.id, ` + declarationData

// DeclarationsOf returns the declarations of the companies ids, each
// company's by template and effective date.
func (s *Store) DeclarationsOf(ctx context.Context, ids []string) (map[string][]domain.Declaration, error) {
	recs, err := s.read(ctx, declarationsOf, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := map[string][]domain.Declaration{}
	for _, r := range recs {
		var ds []domain.Declaration
		for _, x := range anyList(r.Values[1]) {
			ds = append(ds, declarationOf(x.([]any)))
		}
		if len(ds) > 0 {
			domain.SortDeclarations(ds)
			out[str(r.Values[0])] = ds
		}
	}
	return out, nil
}

// upsertSmelterCompanies creates or updates the smelters a declaration
// names. A new smelter starts NOT_ENROLLED; an existing one keeps its RMAP
// status, RMI id and metal, and its name and country when the workbook has
// none.
const upsertSmelterCompanies = `
UNWIND $rows AS row
MERGE (s:Company {id: row.id})
ON CREATE SET s:Subject, s.kind = 'SMELTER', s.disclosure = 'NONE', s.rmapStatus = 'NOT_ENROLLED'
SET s.name = coalesce(row.name, s.name, row.id), s.metal = coalesce(s.metal, row.metal), s.rmiId = coalesce(s.rmiId, row.id),
    s.country = coalesce(row.country, s.country)
SET s.nameLower = toLower(s.name)`

// upsertDeclarations writes declarations whole: their properties and the
// smelters they name (those named before and no longer are dropped).
const upsertDeclarations = `
UNWIND $rows AS row
MATCH (c:Company {id: row.d.declarer})
MERGE (d:Declaration {id: row.d.id})
SET d = row.d
MERGE (c)-[:DECLARED]->(d)
WITH d, row
CALL (d) { MATCH (d)-[old:NAMES]->() DELETE old }
WITH d, row
UNWIND row.smelters AS n
MATCH (s:Company {id: n[0]})
CREATE (d)-[:NAMES {metal: n[1]}]->(s)`

const recordCMRTLoad = `
CREATE (:Load {id: $id, origin: 'cmrt', by: $by, files: $files, rowCounts: $rows, fingerprint: '',
  started: datetime(), finished: datetime(), heartbeat: datetime(), status: 'COMPLETED', attempts: 1,
  file: '', batches: 0, created: $created, updated: $updated, declarations: $declarations})`

// DeclarationResult counts what an import wrote.
type DeclarationResult struct {
	LoadID string // "" when nothing changed (nothing was written)
	// Created, Replaced and Unchanged are declaration ids.
	Created, Replaced, Unchanged []string
	SmeltersCreated              int
}

// UpsertDeclarations writes the declarations and the smelters they name,
// in one transaction, and records the load. A declaration equal to the
// one stored under its id is left alone; if all are, nothing is written.
// The caller checks that the smelter ids are not companies of another kind
// or facilities, and that the declarers exist.
func (s *Store) UpsertDeclarations(ctx context.Context, by string, files []string, decls []domain.Declaration, smelters []Smelter) (*DeclarationResult, error) {
	ids := make([]string, 0, len(decls))
	for _, d := range decls {
		ids = append(ids, d.DeclarerID)
	}
	res := &DeclarationResult{}
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		*res = DeclarationResult{}
		r, err := tx.Run(ctx, declarationsOf, map[string]any{"ids": ids})
		if err != nil {
			return nil, err
		}
		recs, err := r.Collect(ctx)
		if err != nil {
			return nil, err
		}
		stored := map[string]domain.Declaration{}
		for _, rec := range recs {
			for _, x := range anyList(rec.Values[1]) {
				d := declarationOf(x.([]any))
				stored[d.ID] = d
			}
		}
		var write []domain.Declaration
		for _, d := range decls {
			old, ok := stored[d.ID]
			switch {
			case !ok:
				res.Created = append(res.Created, d.ID)
			case equalDeclarations(old, d):
				res.Unchanged = append(res.Unchanged, d.ID)
				continue
			default:
				res.Replaced = append(res.Replaced, d.ID)
			}
			write = append(write, d)
		}
		if len(write) == 0 {
			return nil, nil
		}
		rows := make([]map[string]any, len(smelters))
		for i, sm := range smelters {
			rows[i] = map[string]any{"id": sm.ID, "name": optString(sm.Name), "metal": sm.Metal, "country": optString(sm.Country)}
		}
		if r, err = tx.Run(ctx, upsertSmelterCompanies, map[string]any{"rows": rows}); err != nil {
			return nil, err
		}
		sum, err := r.Consume(ctx)
		if err != nil {
			return nil, err
		}
		res.SmeltersCreated = sum.Counters().NodesCreated()
		t := Touched{Subjects: map[string]bool{}}
		for _, sm := range smelters {
			t.Subjects[sm.ID] = true
		}
		drows := make([]map[string]any, len(write))
		for i, d := range write {
			named := make([][]string, len(d.Smelters))
			for j, n := range d.Smelters {
				named[j] = []string{n.SmelterID, n.Metal}
			}
			drows[i] = map[string]any{"d": declarationProps(d), "smelters": named}
			t.Subjects[d.DeclarerID] = true
		}
		if r, err = tx.Run(ctx, upsertDeclarations, map[string]any{"rows": drows}); err != nil {
			return nil, err
		}
		if _, err = r.Consume(ctx); err != nil {
			return nil, err
		}
		res.LoadID = newLoadID()
		r, err = tx.Run(ctx, recordCMRTLoad, map[string]any{"id": res.LoadID, "by": by, "files": files,
			"rows":         []string{fmt.Sprintf("declarations=%d", len(decls)), fmt.Sprintf("smelters=%d", len(smelters))},
			"created":      []string{fmt.Sprintf("declarations=%d", len(res.Created)), fmt.Sprintf("smelters=%d", res.SmeltersCreated)},
			"updated":      []string{fmt.Sprintf("declarations=%d", len(res.Replaced))},
			"declarations": ids0(write)})
		if err != nil {
			return nil, err
		}
		if _, err = r.Consume(ctx); err != nil {
			return nil, err
		}
		return nil, bump(ctx, tx, &t)
	})
	if err != nil {
		return nil, s.classify(ctx, err)
	}
	return res, nil
}

func ids0(ds []domain.Declaration) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.ID
	}
	return out
}

func declarationProps(d domain.Declaration) map[string]any {
	n := len(d.Answers)
	metals, numbers, questions, values := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	for i, a := range d.Answers {
		metals[i], numbers[i], questions[i], values[i] = a.Metal, a.Number, a.Question, a.Value
	}
	return map[string]any{"id": d.ID, "declarer": d.DeclarerID, "template": string(d.Template), "version": d.Version,
		"scope": string(d.Scope), "scopeText": d.ScopeText, "effective": dateParam(d.Effective), "companyName": d.CompanyName,
		"file": d.File, "answerMetals": metals, "answerNumbers": numbers, "answerQuestions": questions, "answerValues": values}
}

func equalDeclarations(a, b domain.Declaration) bool {
	sortNamed(a.Smelters)
	sortNamed(b.Smelters)
	return a.ID == b.ID && a.DeclarerID == b.DeclarerID && a.Template == b.Template && a.Version == b.Version &&
		a.Scope == b.Scope && a.ScopeText == b.ScopeText && a.Effective == b.Effective && a.CompanyName == b.CompanyName &&
		a.File == b.File && slices.Equal(a.Answers, b.Answers) && slices.Equal(a.Smelters, b.Smelters)
}

// RMAPPublication is an RMAP status published on a date for the smelters
// with an RMI id.
type RMAPPublication struct {
	RMIID     string
	Published domain.Date
	Status    domain.RMAPStatus
}

const rmapHistories = `
UNWIND $ids AS id
MATCH (s:Company {rmiId: id}) WHERE s.kind = 'SMELTER'
RETURN s.id, s.rmiId, s.rmapHistory`

const setRMAPHistories = `
UNWIND $rows AS row
MATCH (s:Company {id: row[0]})
SET s.rmapHistory = row[1]`

// PublishRMAPStatuses adds the statuses to the histories of the smelters
// with those RMI ids (a status of the same smelter and date replaces the
// earlier), in one transaction; it returns how many smelters changed.
func (s *Store) PublishRMAPStatuses(ctx context.Context, pubs []RMAPPublication) (int, error) {
	byRMI := map[string][]RMAPPublication{}
	var rmis []string
	for _, p := range pubs {
		if _, ok := byRMI[p.RMIID]; !ok {
			rmis = append(rmis, p.RMIID)
		}
		byRMI[p.RMIID] = append(byRMI[p.RMIID], p)
	}
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	n, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		r, err := tx.Run(ctx, rmapHistories, map[string]any{"ids": rmis})
		if err != nil {
			return nil, err
		}
		recs, err := r.Collect(ctx)
		if err != nil {
			return nil, err
		}
		var rows [][]any
		t := Touched{Subjects: map[string]bool{}}
		for _, rec := range recs {
			id, rmi := str(rec.Values[0]), str(rec.Values[1])
			old := anyList(rec.Values[2])
			h := map[string]string{} // date -> status
			for _, x := range old {
				if d, st, ok := strings.Cut(str(x), " "); ok {
					h[d] = st
				}
			}
			for _, p := range byRMI[rmi] {
				h[p.Published.String()] = string(p.Status)
			}
			list := make([]string, 0, len(h))
			for d, st := range h {
				list = append(list, d+" "+st)
			}
			slices.Sort(list)
			if slices.Equal(list, strs(old)) {
				continue
			}
			rows = append(rows, []any{id, list})
			t.Subjects[id] = true
		}
		if len(rows) == 0 {
			return 0, nil
		}
		if r, err = tx.Run(ctx, setRMAPHistories, map[string]any{"rows": rows}); err != nil {
			return nil, err
		}
		if _, err = r.Consume(ctx); err != nil {
			return nil, err
		}
		return len(rows), bump(ctx, tx, &t)
	})
	if err != nil {
		return 0, s.classify(ctx, err)
	}
	return n.(int), nil
}

func strs(xs []any) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = str(x)
	}
	return out
}

// Declared edges: for each company of a frontier, the smelters named by
// its declarations in force at $asOf (the latest of each template whose
// effective date is on or before it); downstream, for each smelter, the
// declarers whose declaration in force names it.
const (
	declaredUpstreamLevel = `
UNWIND $frontier AS id
MATCH (c:Company {id: id})-[:DECLARED]->(d:Declaration)
USING INDEX SEEK c:Company(id)
WHERE d.effective <= $asOf
AND NOT EXISTS { MATCH (c)-[:DECLARED]->(e:Declaration) WHERE e.template = d.template AND e.effective > d.effective AND e.effective <= $asOf }
MATCH (d)-[:NAMES]->(s:Company)
RETURN DISTINCT s.id AS supplier, c.id AS customer`
	declaredDownstreamLevel = `
UNWIND $frontier AS id
MATCH (s:Company {id: id})<-[:NAMES]-(d:Declaration)<-[:DECLARED]-(c:Company)
USING INDEX SEEK s:Company(id)
WHERE d.effective <= $asOf
AND NOT EXISTS { MATCH (c)-[:DECLARED]->(e:Declaration) WHERE e.template = d.template AND e.effective > d.effective AND e.effective <= $asOf }
RETURN DISTINCT s.id AS supplier, c.id AS customer`
)

// SubgraphDeclared is Subgraph with the declared edges of the
// declarations in force at asOf (links marked Declared, one per smelter and
// declarer), followed like links.
func (s *Store) SubgraphDeclared(ctx context.Context, start string, dir domain.Direction, asOf domain.Date, levels int) ([]domain.SupplyLink, error) {
	query, declared := upstreamLevel, declaredUpstreamLevel
	if dir == domain.Downstream {
		query, declared = downstreamLevel, declaredDownstreamLevel
	}
	seen := map[string]bool{start: true}
	frontier := []string{start}
	var links []domain.SupplyLink
	for level := 0; level < levels && len(frontier) > 0; level++ {
		params := map[string]any{"frontier": frontier, "asOf": dateParam(asOf)}
		recs, err := s.read(ctx, query, params)
		if err != nil {
			return nil, err
		}
		drecs, err := s.read(ctx, declared, params)
		if err != nil {
			return nil, err
		}
		var next []string
		add := func(l domain.SupplyLink) {
			links = append(links, l)
			far := l.SupplierID
			if dir == domain.Downstream {
				far = l.CustomerID
			}
			if !seen[far] {
				seen[far] = true
				next = append(next, far)
			}
		}
		for _, r := range recs {
			v := r.Values
			add(domain.SupplyLink{SupplierID: str(v[0]), CustomerID: str(v[1]), Material: str(v[2]),
				Since: optDateOf(v[3]), Until: optDateOf(v[4]), Share: optFloatOf(v[5]), ProposedBy: str(v[6])})
		}
		for _, r := range drecs {
			add(domain.SupplyLink{SupplierID: str(r.Values[0]), CustomerID: str(r.Values[1]), Declared: true})
		}
		if len(links) > MaxSubgraphLinks {
			return nil, domain.Errorf(domain.BadInput, "the supply chain around %s has more than %d active links within %d levels; lower maxDepth", start, MaxSubgraphLinks, levels)
		}
		frontier = next
	}
	return links, nil
}
