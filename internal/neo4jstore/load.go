package neo4jstore

import (
	"context"

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
const (
	writeCompanies = `
UNWIND $rows AS row
MERGE (c:Company {id: row.id})
SET c.name = row.name, c.nameLower = row.nameLower, c.kind = row.kind, c.country = row.country,
    c.disclosure = row.disclosure, c.metal = row.metal, c.rmiId = row.rmiId, c.rmapStatus = row.rmapStatus,
    c:Subject`

	writeFacilities = `
UNWIND $rows AS row
MERGE (f:Facility {id: row.id})
SET f.name = row.name, f.country = row.country, f.type = row.type, f:Subject
WITH f, row
CALL (f, row) {
  OPTIONAL MATCH (f)-[old:OPERATED_BY]->(c:Company)
  WITH f, row, old, c
  WHERE old IS NOT NULL AND c.id <> row.company
  DELETE old
}
WITH f, row
MATCH (c:Company {id: row.company})
MERGE (f)-[:OPERATED_BY]->(c)`

	writeCodes = `
UNWIND $rows AS row
MERGE (k:Code {id: row.id})
SET k.title = row.title, k.edition = row.edition, k.issued = row.issued, k.minEdition = row.minEdition,
    k.validDays = row.validDays
WITH k, row
CALL (k, row) {
  OPTIONAL MATCH (k)-[old:ISSUED_BY]->(c:Company)
  WITH k, row, old, c
  WHERE old IS NOT NULL AND (row.issuer IS NULL OR c.id <> row.issuer)
  DELETE old
}
WITH k, row
WHERE row.issuer IS NOT NULL
MATCH (c:Company {id: row.issuer})
MERGE (k)-[:ISSUED_BY]->(c)`

	writeCodeAccepts = `
UNWIND $rows AS row
MATCH (k:Code {id: row.code}), (a:Code {id: row.accepted})
MERGE (k)-[:ACCEPTS]->(a)`

	writeSupplyLinks = `
UNWIND $rows AS row
MATCH (s:Company {id: row.supplier}), (c:Company {id: row.customer})
MERGE (s)-[r:SUPPLIES {material: row.material}]->(c)
SET r.since = row.since, r.until = row.until, r.share = row.share`

	writeRequests = `
UNWIND $rows AS row
MATCH (r:Company {id: row.requester}), (s:Company {id: row.supplier})
MERGE (r)-[q:REQUESTED {code: row.code}]->(s)
SET q.date = row.date`

	writeAcknowledgments = `
UNWIND $rows AS row
MATCH (c:Company {id: row.company}), (k:Code {id: row.code})
MERGE (c)-[a:ACKNOWLEDGED {edition: row.edition, date: row.date}]->(k)
SET a.signatory = row.signatory`

	writeFindings = `
UNWIND $rows AS row
MERGE (f:Finding {id: row.id})
SET f.category = row.category, f.severity = row.severity, f.likelihood = row.likelihood, f.status = row.status,
    f.source = row.source, f.detected = row.detected, f.closed = row.closed, f.description = row.description
WITH f, row
CALL (f, row) {
  OPTIONAL MATCH (f)-[old:CONCERNS]->(s:Subject)
  WITH f, row, old, s
  WHERE old IS NOT NULL AND s.id <> row.subject
  DELETE old
}
WITH f, row
MATCH (s:Subject {id: row.subject})
MERGE (f)-[:CONCERNS]->(s)`
)

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

// converters turn a dataset record into the parameter row of its statement.
var converters = map[string]func(any) map[string]any{
	dataset.CompaniesFile: func(r any) map[string]any { return companyProps(r.(domain.Company)) },
	dataset.FacilitiesFile: func(r any) map[string]any {
		f := r.(domain.Facility)
		return with(facilityProps(f), "company", f.CompanyID)
	},
	dataset.CodesFile: func(r any) map[string]any {
		c := r.(domain.Code)
		return with(codeProps(c), "issuer", optString(c.IssuerID))
	},
	dataset.CodeAcceptsFile: func(r any) map[string]any {
		a := r.(domain.CodeAccept)
		return map[string]any{"code": a.CodeID, "accepted": a.AcceptedCodeID}
	},
	dataset.SupplyLinksFile: func(r any) map[string]any {
		l := r.(domain.SupplyLink)
		return map[string]any{"supplier": l.SupplierID, "customer": l.CustomerID, "material": l.Material,
			"since": optDateParam(l.Since), "until": optDateParam(l.Until), "share": optFloat(l.Share)}
	},
	dataset.RequestsFile: func(r any) map[string]any {
		q := r.(domain.Request)
		return map[string]any{"requester": q.RequesterID, "supplier": q.SupplierID, "code": q.CodeID, "date": dateParam(q.Date)}
	},
	dataset.AcknowledgmentsFile: func(r any) map[string]any {
		a := r.(domain.Acknowledgment)
		return map[string]any{"company": a.CompanyID, "code": a.CodeID, "edition": int64(a.Edition),
			"date": dateParam(a.Date), "signatory": optString(a.Signatory)}
	},
	dataset.FindingsFile: func(r any) map[string]any {
		f := r.(domain.Finding)
		return with(findingProps(f), "subject", f.SubjectID)
	},
}

func with(m map[string]any, k string, v any) map[string]any {
	m[k] = v
	return m
}

const deleteAll = `MATCH (n) WHERE NOT n:SchemaVersion CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS`

// DeleteAll removes every company, facility, code and finding (tests and
// demo resets use it); the schema stays.
func (s *Store) DeleteAll(ctx context.Context) error {
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.cfg.Database})
	defer sess.Close(context.WithoutCancel(ctx))
	res, err := sess.Run(ctx, deleteAll, nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err == nil {
		_, err = s.write(ctx, bumpVersion, nil)
	}
	return s.classify(ctx, err)
}
