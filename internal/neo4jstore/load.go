package neo4jstore

import (
	"context"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// ExistingIDs returns the subset of ids that exist with the given label
// (Company, Facility, Code or Subject). It implements dataset.Lookup.
func (s *Store) ExistingIDs(ctx context.Context, label string, ids []string) (map[string]bool, error) {
	q := existingByLabel[label]
	if q == "" {
		return nil, domain.Errorf(domain.Internal, "unknown label %q", label)
	}
	out := map[string]bool{}
	for start := 0; start < len(ids); start += 10000 {
		end := min(start+10000, len(ids))
		recs, err := s.read(ctx, q, map[string]any{"ids": ids[start:end]})
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			out[str(r.Values[0])] = true
		}
	}
	return out, nil
}

// One query per label so that each uses its uniqueness constraint's index.
var existingByLabel = map[string]string{
	"Company":  `UNWIND $ids AS id MATCH (n:Company {id: id}) RETURN n.id`,
	"Facility": `UNWIND $ids AS id MATCH (n:Facility {id: id}) RETURN n.id`,
	"Code":     `UNWIND $ids AS id MATCH (n:Code {id: id}) RETURN n.id`,
	"Subject":  `UNWIND $ids AS id MATCH (n:Subject {id: id}) RETURN n.id`,
}

// Write statements, one per dataset file. Each replaces the whole record of
// its key: properties are set from the row (absent ones removed) and the
// record's own outgoing relationships are re-pointed.
//
// Rows are sent as lists, not maps: Neo4j decodes a map's keys for every
// row, so positional rows load faster (figures in docs/operations.md). Each statement names the positions once, in its
// first WITH; the converters below build the lists in that order.
const (
	writeCompanies = `
UNWIND $rows AS r
WITH r[0] AS id, r[1] AS name, r[2] AS kind, r[3] AS country, r[4] AS disclosure, r[5] AS metal,
     r[6] AS rmiId, r[7] AS rmapStatus, r[8] AS nameLower
MERGE (c:Company {id: id})
SET c.name = name, c.nameLower = nameLower, c.kind = kind, c.country = country,
    c.disclosure = disclosure, c.metal = metal, c.rmiId = rmiId, c.rmapStatus = rmapStatus,
    c:Subject`

	writeFacilities = `
UNWIND $rows AS r
WITH r[0] AS id, r[1] AS company, r[2] AS name, r[3] AS country, r[4] AS type
MERGE (f:Facility {id: id})
SET f.name = name, f.country = country, f.type = type, f:Subject
WITH f, company
CALL (f, company) {
  OPTIONAL MATCH (f)-[old:OPERATED_BY]->(c:Company)
  WITH old, c
  WHERE old IS NOT NULL AND c.id <> company
  DELETE old
}
WITH f, company
MATCH (c:Company {id: company})
MERGE (f)-[:OPERATED_BY]->(c)`

	writeCodes = `
UNWIND $rows AS r
WITH r[0] AS id, r[1] AS issuer, r[2] AS title, r[3] AS edition, r[4] AS issued, r[5] AS minEdition,
     r[6] AS validDays
MERGE (k:Code {id: id})
SET k.title = title, k.edition = edition, k.issued = issued, k.minEdition = minEdition, k.validDays = validDays
WITH k, issuer
CALL (k, issuer) {
  OPTIONAL MATCH (k)-[old:ISSUED_BY]->(c:Company)
  WITH old, c
  WHERE old IS NOT NULL AND (issuer IS NULL OR c.id <> issuer)
  DELETE old
}
WITH k, issuer
WHERE issuer IS NOT NULL
MATCH (c:Company {id: issuer})
MERGE (k)-[:ISSUED_BY]->(c)`

	writeCodeAccepts = `
UNWIND $rows AS r
WITH r[0] AS code, r[1] AS accepted
MATCH (k:Code {id: code}), (a:Code {id: accepted})
MERGE (k)-[:ACCEPTS]->(a)`

	writeSupplyLinks = `
UNWIND $rows AS r
WITH r[0] AS supplier, r[1] AS customer, r[2] AS material, r[3] AS since, r[4] AS until, r[5] AS share
MATCH (s:Company {id: supplier}), (c:Company {id: customer})
MERGE (s)-[l:SUPPLIES {material: material}]->(c)
ON CREATE SET l.proposedBy = $proposedBy
SET l.since = since, l.until = until, l.share = share`

	writeRequests = `
UNWIND $rows AS r
WITH r[0] AS requester, r[1] AS supplier, r[2] AS code, r[3] AS date
MATCH (q:Company {id: requester}), (s:Company {id: supplier})
MERGE (q)-[x:REQUESTED {code: code}]->(s)
SET x.date = date`

	writeAcknowledgments = `
UNWIND $rows AS r
WITH r[0] AS company, r[1] AS code, r[2] AS edition, r[3] AS date, r[4] AS signatory
MATCH (c:Company {id: company}), (k:Code {id: code})
MERGE (c)-[a:ACKNOWLEDGED {edition: edition, date: date}]->(k)
SET a.signatory = signatory`

	writeFindings = `
UNWIND $rows AS r
WITH r[0] AS id, r[1] AS subject, r[2] AS category, r[3] AS severity, r[4] AS likelihood, r[5] AS status,
     r[6] AS source, r[7] AS detected, r[8] AS closed, r[9] AS description
MERGE (f:Finding {id: id})
SET f.category = category, f.severity = severity, f.likelihood = likelihood, f.status = status,
    f.source = source, f.detected = detected, f.closed = closed, f.description = description
WITH f, subject
CALL (f, subject) {
  OPTIONAL MATCH (f)-[old:CONCERNS]->(s:Subject)
  WITH old, s
  WHERE old IS NOT NULL AND s.id <> subject
  DELETE old
}
WITH f, subject
MATCH (s:Subject {id: subject})
MERGE (f)-[:CONCERNS]->(s)`
)

// PlanLoad has Neo4j plan (EXPLAIN: nothing runs, nothing is locked) the
// statements a load of the given dataset files runs, in the order it runs
// them: the load record's, and the write statement of each file (names
// of other files are ignored). Planning one takes from a tenth of a second
// to a second in a Neo4j that has just started, a cost per statement that
// a load would otherwise pay before its first write and at the start of
// each file; Service.Load runs this while it validates the dataset, and
// Neo4j keeps the plans (a plan is cached per statement and parameter
// types: the parameters have the types a load sends).
func (s *Store) PlanLoad(ctx context.Context, files []string, proposedBy string) error {
	counts := []string{""}
	record := map[string]any{"id": "", "origin": "", "by": "", "files": []string{""}, "rows": counts, "fp": "", "lease": int64(0)}
	plan := []statement{{sweepLoads, nil}, {createLoad, record}}
	for i, file := range files {
		if q := writeQueries[file]; q != "" {
			plan = append(plan, statement{q, map[string]any{"rows": []any{}, "proposedBy": optString(proposedBy)}})
		}
		if i == 0 {
			plan = append(plan,
				statement{progressLoad, map[string]any{"id": "", "file": "", "batches": int64(0), "created": counts, "updated": counts}},
				statement{bumpVersion, map[string]any{"full": false, "subjects": counts, "codes": counts, "keep": int64(keepChanges)}})
		}
	}
	plan = append(plan, statement{finishLoad, map[string]any{"id": "", "status": "", "error": optString(""), "created": counts, "updated": counts}})
	for i := range plan {
		plan[i].query = "EXPLAIN " + plan[i].query
	}
	return s.runInOneTx(ctx, plan)
}

// statement is a query with its parameters.
type statement struct {
	query  string
	params map[string]any
}

// runInOneTx runs the statements in turn in one write transaction.
func (s *Store) runInOneTx(ctx context.Context, stmts []statement) error {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		for _, st := range stmts {
			res, err := tx.Run(ctx, st.query, st.params)
			if err == nil {
				_, err = res.Consume(ctx)
			}
			if err != nil {
				return nil, err
			}
		}
		return nil, nil
	}, neo4j.WithTxTimeout(s.txTimeout(ctx)))
	return s.classify(ctx, err)
}

// writeQueries maps each dataset file to the statement that writes it.
var writeQueries = map[string]string{
	dataset.CompaniesFile:       writeCompanies,
	dataset.FacilitiesFile:      writeFacilities,
	dataset.CodesFile:           writeCodes,
	dataset.CodeAcceptsFile:     writeCodeAccepts,
	dataset.SupplyLinksFile:     writeSupplyLinks,
	dataset.RequestsFile:        writeRequests,
	dataset.AcknowledgmentsFile: writeAcknowledgments,
	dataset.FindingsFile:        writeFindings,
}

// relationshipFiles are the files whose records are relationships (their
// created count is of relationships, the others' of nodes).
var relationshipFiles = map[string]bool{
	dataset.CodeAcceptsFile: true, dataset.SupplyLinksFile: true,
	dataset.RequestsFile: true, dataset.AcknowledgmentsFile: true,
}

// converters turn a dataset record into the parameter row of its
// statement, in the order of the statement's first WITH.
var converters = map[string]func(any) []any{
	dataset.CompaniesFile: func(r any) []any {
		c := r.(domain.Company)
		return []any{c.ID, c.Name, string(c.Kind), optString(c.Country), string(c.Disclosure), optString(c.Metal),
			optString(c.RMIID), optString(string(c.RMAPStatus)), strings.ToLower(c.Name)}
	},
	dataset.FacilitiesFile: func(r any) []any {
		f := r.(domain.Facility)
		return []any{f.ID, f.CompanyID, f.Name, optString(f.Country), optString(f.Type)}
	},
	dataset.CodesFile: func(r any) []any {
		c := r.(domain.Code)
		return []any{c.ID, optString(c.IssuerID), c.Title, int64(c.Edition), dateParam(c.Issued), int64(c.MinEdition),
			optInt(c.ValidDays)}
	},
	dataset.CodeAcceptsFile: func(r any) []any {
		a := r.(domain.CodeAccept)
		return []any{a.CodeID, a.AcceptedCodeID}
	},
	dataset.SupplyLinksFile: func(r any) []any {
		l := r.(domain.SupplyLink)
		return []any{l.SupplierID, l.CustomerID, l.Material, optDateParam(l.Since), optDateParam(l.Until), optFloat(l.Share)}
	},
	dataset.RequestsFile: func(r any) []any {
		q := r.(domain.Request)
		return []any{q.RequesterID, q.SupplierID, q.CodeID, dateParam(q.Date)}
	},
	dataset.AcknowledgmentsFile: func(r any) []any {
		a := r.(domain.Acknowledgment)
		return []any{a.CompanyID, a.CodeID, int64(a.Edition), dateParam(a.Date), optString(a.Signatory)}
	},
	dataset.FindingsFile: func(r any) []any {
		f := r.(domain.Finding)
		return []any{f.ID, f.SubjectID, string(f.Category), int64(f.Severity), int64(f.Likelihood), string(f.Status),
			string(f.Source), dateParam(f.Detected), optDateParam(f.Closed), optString(f.Description)}
	},
}

const deleteAll = `MATCH (n) WHERE NOT n:SchemaVersion CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS`

// DeleteAll removes every company, facility, code and finding (tests and
// demo resets use it); the schema stays.
func (s *Store) DeleteAll(ctx context.Context) error {
	if err := s.runAutoCommit(ctx, deleteAll); err != nil {
		return err
	}
	return s.RecordRefresh(ctx)
}
