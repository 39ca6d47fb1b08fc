package neo4jstore

import (
	"cmp"
	"context"
	"slices"

	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// Clauses, the crosswalk, clause citations and corrective actions.
//
// A clause is a node (:Clause {key, code, id, ...}) keyed by
// dataset.ClauseRef(code, id), linked from its code by HAS_CLAUSE; an
// equivalence of the crosswalk is (:Clause)-[:EQUIVALENT_TO]->(:Clause), as
// declared (read in both directions); a citation (:Finding)-[:CITES]->(:Clause);
// an action (:Action {id, ...})-[:ADDRESSES]->(:Finding), its responsible
// company and escalated relationship kept as ids (they are checked when
// written, and companies are never deleted).
const (
	writeClauses = `
UNWIND $rows AS r
WITH r[0] AS code, r[1] AS id, r[2] AS chapter, r[3] AS title, r[4] AS topics, r[5] AS introducedIn, r[6] AS droppedIn
MATCH (k:Code {id: code})
MERGE (c:Clause {key: code + '/' + id})
SET c.code = code, c.id = id, c.chapter = chapter, c.title = title, c.topics = topics,
    c.introducedIn = introducedIn, c.droppedIn = droppedIn
MERGE (k)-[:HAS_CLAUSE]->(c)`

	writeClauseCrosswalk = `
UNWIND $rows AS r
WITH r[0] AS code, r[1] AS clause, r[2] AS eqCode, r[3] AS eqClause
MATCH (a:Clause {key: code + '/' + clause}), (b:Clause {key: eqCode + '/' + eqClause})
MERGE (a)-[:EQUIVALENT_TO]->(b)`

	// The citing finding's subject is returned: the snapshot reads the
	// findings about it again (see Touched). On the hint, see the
	// package's documentation.
	writeFindingClauses = `
UNWIND $rows AS r
WITH r[0] AS finding, r[1] AS code, r[2] AS clause
MATCH (f:Finding {id: finding})-[:CONCERNS]->(s:Subject), (c:Clause {key: code + '/' + clause})
USING INDEX SEEK f:Finding(id)
MERGE (f)-[:CITES]->(c)
RETURN DISTINCT s.id`

	// The subjects of the finding addressed, and of the one addressed
	// before if the action moved, are returned (see writeFindingClauses).
	writeActions = `
UNWIND $rows AS r
WITH r[0] AS id, r[1] AS finding, r[2] AS kind, r[3] AS description, r[4] AS responsible, r[5] AS opened,
     r[6] AS due, r[7] AS status, r[8] AS done, r[9] AS verified, r[10] AS verifiedBy, r[11] AS level,
     r[12] AS supplier, r[13] AS customer
MERGE (a:Action {id: id})
SET a.kind = kind, a.description = description, a.responsible = responsible, a.opened = opened, a.due = due,
    a.status = status, a.done = done, a.verified = verified, a.verifiedBy = verifiedBy, a.level = level,
    a.supplier = supplier, a.customer = customer
WITH a, finding
CALL (a, finding) {
  OPTIONAL MATCH (a)-[old:ADDRESSES]->(f:Finding)-[:CONCERNS]->(s:Subject)
  WITH old, f, s
  WHERE old IS NOT NULL AND f.id <> finding
  DELETE old
  RETURN collect(s.id) AS before
}
WITH a, finding, before
MATCH (f:Finding {id: finding})-[:CONCERNS]->(s:Subject)
USING INDEX SEEK f:Finding(id)
MERGE (a)-[:ADDRESSES]->(f)
WITH before + [s.id] AS subjects
UNWIND subjects AS subject
RETURN DISTINCT subject`

	// findingExtras completes a finding's map projection (f {.*, ...})
	// with the clauses it cites and the actions that address it.
	findingExtras = `cites: [(f)-[:CITES]->(cl:Clause) | [cl.code, cl.id]], actions: [(a:Action)-[:ADDRESSES]->(f) | a {.*}]`
)

// subjectFiles are the files whose write statements return the subjects
// they touched (the rows name a finding, not its subject).
var subjectFiles = map[string]bool{dataset.FindingClausesFile: true, dataset.ActionsFile: true}

func init() {
	writeQueries[dataset.ClausesFile] = writeClauses
	writeQueries[dataset.ClauseCrosswalkFile] = writeClauseCrosswalk
	writeQueries[dataset.FindingClausesFile] = writeFindingClauses
	writeQueries[dataset.ActionsFile] = writeActions
	relationshipFiles[dataset.ClauseCrosswalkFile] = true
	relationshipFiles[dataset.FindingClausesFile] = true
	existingByLabel["Clause"] = `UNWIND $ids AS id MATCH (n:Clause {key: id}) RETURN n.key`
	existingByLabel["Finding"] = `UNWIND $ids AS id MATCH (n:Finding {id: id}) RETURN n.id`
	converters[dataset.ClausesFile] = func(r any) []any {
		c := r.(domain.Clause)
		var topics any // none: no property, as the offline importer writes it
		if len(c.Topics) > 0 {
			topics = c.Topics
		}
		return []any{c.CodeID, c.ID, c.Chapter, c.Title, topics, int64(c.IntroducedIn), optInt(c.DroppedIn)}
	}
	converters[dataset.ClauseCrosswalkFile] = func(r any) []any {
		e := r.(domain.ClauseEquivalence)
		return []any{e.CodeID, e.ClauseID, e.EquivalentCodeID, e.EquivalentClauseID}
	}
	converters[dataset.FindingClausesFile] = func(r any) []any {
		c := r.(domain.FindingClause)
		return []any{c.FindingID, c.CodeID, c.ClauseID}
	}
	converters[dataset.ActionsFile] = func(r any) []any {
		a := r.(domain.Action)
		return []any{a.ID, a.FindingID, string(a.Kind), optString(a.Description), a.ResponsibleID, dateParam(a.Opened),
			optDateParam(a.Due), string(a.Status), optDateParam(a.Done), optDateParam(a.Verified), optString(a.VerifiedBy),
			optString(string(a.Level)), optString(a.SupplierID), optString(a.CustomerID)}
	}
}

func citesOf(v any) []domain.ClauseKey {
	var out []domain.ClauseKey
	for _, x := range anyList(v) {
		p := x.([]any)
		out = append(out, domain.ClauseKey{CodeID: str(p[0]), ID: str(p[1])})
	}
	slices.SortFunc(out, func(a, b domain.ClauseKey) int {
		return cmp.Or(cmp.Compare(a.CodeID, b.CodeID), cmp.Compare(a.ID, b.ID))
	})
	return out
}

func actionsOf(v any, finding string) []domain.Action {
	var out []domain.Action
	for _, x := range anyList(v) {
		m := x.(map[string]any)
		out = append(out, domain.Action{ID: str(m["id"]), FindingID: finding, Kind: domain.ActionKind(str(m["kind"])),
			Description: str(m["description"]), ResponsibleID: str(m["responsible"]), Opened: dateOf(m["opened"]),
			Due: optDateOf(m["due"]), Status: domain.ActionStatus(str(m["status"])), Done: optDateOf(m["done"]),
			Verified: optDateOf(m["verified"]), VerifiedBy: str(m["verifiedBy"]), Level: domain.EscalationLevel(str(m["level"])),
			SupplierID: str(m["supplier"]), CustomerID: str(m["customer"])})
	}
	domain.SortActions(out)
	return out
}

const (
	allClauses = `
MATCH (c:Clause)
RETURN c {.*} AS c ORDER BY c.code, c.id`
	allCrosswalk = `
MATCH (a:Clause)-[:EQUIVALENT_TO]->(b:Clause)
RETURN a.code, a.id, b.code, b.id ORDER BY a.code, a.id, b.code, b.id`
)

// Clauses returns every clause (by code, then id) and every declared
// equivalence. They are few (hundreds per code), read whole.
func (s *Store) Clauses(ctx context.Context) ([]domain.Clause, []domain.ClauseEquivalence, error) {
	recs, err := s.read(ctx, allClauses, nil)
	if err != nil {
		return nil, nil, err
	}
	clauses := make([]domain.Clause, len(recs))
	for i, r := range recs {
		m := recMap(r, "c")
		var topics []string
		for _, t := range anyList(m["topics"]) {
			topics = append(topics, str(t))
		}
		var dropped *int
		if m["droppedIn"] != nil {
			d := integer(m["droppedIn"])
			dropped = &d
		}
		clauses[i] = domain.Clause{CodeID: str(m["code"]), ID: str(m["id"]), Chapter: str(m["chapter"]), Title: str(m["title"]),
			Topics: topics, IntroducedIn: integer(m["introducedIn"]), DroppedIn: dropped}
	}
	recs, err = s.read(ctx, allCrosswalk, nil)
	if err != nil {
		return nil, nil, err
	}
	eqs := make([]domain.ClauseEquivalence, len(recs))
	for i, r := range recs {
		eqs[i] = domain.ClauseEquivalence{CodeID: str(r.Values[0]), ClauseID: str(r.Values[1]),
			EquivalentCodeID: str(r.Values[2]), EquivalentClauseID: str(r.Values[3])}
	}
	return clauses, eqs, nil
}

const actionsByID = `
UNWIND $ids AS id
MATCH (a:Action {id: id})-[:ADDRESSES]->(f:Finding)
RETURN a {.*} AS a, f.id AS finding`

// ActionsByID returns the actions with the given ids, keyed by id.
func (s *Store) ActionsByID(ctx context.Context, ids []string) (map[string]domain.Action, error) {
	recs, err := s.read(ctx, actionsByID, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := map[string]domain.Action{}
	for _, r := range recs {
		for _, a := range actionsOf([]any{r.Values[0]}, str(r.Values[1])) {
			out[a.ID] = a
		}
	}
	return out, nil
}
