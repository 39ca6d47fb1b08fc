package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// The data version changes with every write of data (loads, mutations, CMRT
// imports, RMAP updates): a random token, so that a cache can tell whether
// what it holds is still the database's state.
const (
	bumpVersion = `MERGE (v:DataVersion {id: 'data'}) SET v.version = randomUUID()`
	getVersion  = `OPTIONAL MATCH (v:DataVersion {id: 'data'}) RETURN coalesce(v.version, '') AS version`
)

// DataVersion returns the current data version ("" before any write).
// Every question reads it first, so it is read in one round trip (an
// auto-commit query: a transaction function takes two); a failure other
// than a timeout is retried as a transaction function, which retries what
// Neo4j says is transient (the failed attempt is in the query metrics).
// UNAVAILABLE or TIMEOUT if Neo4j cannot answer.
func (s *Store) DataVersion(ctx context.Context) (string, error) {
	recs, err := s.readOnce(ctx, getVersion)
	if err != nil && ctx.Err() == nil && domain.KindOf(err) != domain.Timeout {
		recs, err = s.read(ctx, getVersion, nil)
	}
	if err != nil || len(recs) == 0 {
		return "", err
	}
	return str(recs[0].Values[0]), nil
}

// bump changes the data version inside a write transaction.
func bump(ctx context.Context, tx neo4j.ManagedTransaction) error {
	res, err := tx.Run(ctx, bumpVersion, nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	return err
}

// Whole-database reads, for the in-memory snapshot of the analysis.
const (
	allLinks = `
MATCH (s:Company)-[r:SUPPLIES]->(c:Company)
RETURN s.id, c.id, r.material, r.since, r.until, r.share, r.proposedBy`
	allCompanies = `MATCH (c:Company) RETURN c {.*} AS c`
	allAcks      = `
MATCH (c:Company)-[a:ACKNOWLEDGED]->(k:Code)
RETURN c.id, k.id, a.edition, a.date, a.signatory`
	allRequests = `
MATCH (r:Company)-[q:REQUESTED]->(s:Company)
RETURN r.id, s.id, q.code, q.date`
	allFindings = `
MATCH (f:Finding)-[:CONCERNS]->(s:Subject)
OPTIONAL MATCH (s)-[:OPERATED_BY]->(op:Company)
RETURN f {.*} AS f, s.id AS subject, coalesce(op.id, s.id) AS company`
)

// Everything is the whole dataset, as the analysis reads it.
type Everything struct {
	Links     []domain.SupplyLink
	Companies []domain.Company
	Acks      []domain.Acknowledgment
	Requests  []domain.Request
	Findings  []FindingAt
	Codes     []domain.Code
	Accepts   map[string][]string
}

// ReadEverything reads the whole dataset. It returns BAD_INPUT when there
// are more than maxLinks supply links (the caller then works from the
// database, question by question).
func (s *Store) ReadEverything(ctx context.Context, maxLinks int) (*Everything, error) {
	e := &Everything{}
	recs, err := s.read(ctx, `MATCH ()-[r:SUPPLIES]->() RETURN count(r)`, nil)
	if err != nil {
		return nil, err
	}
	if n := integer(recs[0].Values[0]); n > maxLinks {
		return nil, domain.Errorf(domain.BadInput, "%d supply links, more than the snapshot's limit of %d", n, maxLinks)
	}
	if recs, err = s.read(ctx, allLinks, nil); err != nil {
		return nil, err
	}
	e.Links = make([]domain.SupplyLink, len(recs))
	for i, r := range recs {
		v := r.Values
		e.Links[i] = domain.SupplyLink{SupplierID: str(v[0]), CustomerID: str(v[1]), Material: str(v[2]),
			Since: optDateOf(v[3]), Until: optDateOf(v[4]), Share: optFloatOf(v[5]), ProposedBy: str(v[6])}
	}
	if recs, err = s.read(ctx, allCompanies, nil); err != nil {
		return nil, err
	}
	e.Companies = make([]domain.Company, len(recs))
	for i, r := range recs {
		e.Companies[i] = companyOf(recMap(r, "c"))
	}
	if recs, err = s.read(ctx, allAcks, nil); err != nil {
		return nil, err
	}
	e.Acks = make([]domain.Acknowledgment, len(recs))
	for i, r := range recs {
		v := r.Values
		e.Acks[i] = domain.Acknowledgment{CompanyID: str(v[0]), CodeID: str(v[1]), Edition: integer(v[2]), Date: dateOf(v[3]), Signatory: str(v[4])}
	}
	if recs, err = s.read(ctx, allRequests, nil); err != nil {
		return nil, err
	}
	e.Requests = make([]domain.Request, len(recs))
	for i, r := range recs {
		v := r.Values
		e.Requests[i] = domain.Request{RequesterID: str(v[0]), SupplierID: str(v[1]), CodeID: str(v[2]), Date: dateOf(v[3])}
	}
	if recs, err = s.read(ctx, allFindings, nil); err != nil {
		return nil, err
	}
	e.Findings = make([]FindingAt, len(recs))
	for i, r := range recs {
		e.Findings[i] = FindingAt{Finding: findingOf(recMap(r, "f"), str(r.Values[1])), CompanyID: str(r.Values[2])}
	}
	if e.Codes, err = s.Codes(ctx); err != nil {
		return nil, err
	}
	ids := make([]string, len(e.Codes))
	for i, c := range e.Codes {
		ids[i] = c.ID
	}
	e.Accepts, err = s.AcceptedCodes(ctx, ids)
	return e, err
}
