package neo4jstore

import (
	"context"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// Active-link filter shared by the subgraph reads: since <= T < until.
const (
	upstreamLevel = `
UNWIND $frontier AS id
MATCH (s:Company)-[r:SUPPLIES]->(c:Company {id: id})
USING INDEX SEEK c:Company(id)
WHERE (r.since IS NULL OR r.since <= $asOf) AND (r.until IS NULL OR r.until > $asOf)
RETURN s.id AS supplier, c.id AS customer, r.material AS material, r.since AS since, r.until AS until, r.share AS share, r.proposedBy AS proposedBy`

	downstreamLevel = `
UNWIND $frontier AS id
MATCH (s:Company {id: id})-[r:SUPPLIES]->(c:Company)
USING INDEX SEEK s:Company(id)
WHERE (r.since IS NULL OR r.since <= $asOf) AND (r.until IS NULL OR r.until > $asOf)
RETURN s.id AS supplier, c.id AS customer, r.material AS material, r.since AS since, r.until AS until, r.share AS share, r.proposedBy AS proposedBy`
)

// MaxSubgraphLinks bounds how many links one subgraph read may return; past
// it the read fails rather than return a cut graph.
var MaxSubgraphLinks = 5_000_000

// Subgraph reads the links active at asOf around a company, level by level:
// Upstream follows links into start (its suppliers, their suppliers, ...),
// Downstream follows links out of it. It expands `levels` levels, so every
// active link whose far end (customer, upstream; supplier, downstream) lies
// within levels-1 links of start is returned, and each company is expanded
// once, whatever the cycles. It returns BAD_INPUT when the subgraph exceeds
// MaxSubgraphLinks.
func (s *Store) Subgraph(ctx context.Context, start string, dir domain.Direction, asOf domain.Date, levels int) ([]domain.SupplyLink, error) {
	query := upstreamLevel
	if dir == domain.Downstream {
		query = downstreamLevel
	}
	seen := map[string]bool{start: true}
	frontier := []string{start}
	var links []domain.SupplyLink
	for level := 0; level < levels && len(frontier) > 0; level++ {
		recs, err := s.read(ctx, query, map[string]any{"frontier": frontier, "asOf": dateParam(asOf)})
		if err != nil {
			return nil, err
		}
		var next []string
		for _, r := range recs {
			v := r.Values
			l := domain.SupplyLink{SupplierID: str(v[0]), CustomerID: str(v[1]), Material: str(v[2]),
				Since: optDateOf(v[3]), Until: optDateOf(v[4]), Share: optFloatOf(v[5]), ProposedBy: str(v[6])}
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
		if len(links) > MaxSubgraphLinks {
			return nil, domain.Errorf(domain.BadInput, "the supply chain around %s has more than %d active links within %d levels; lower maxDepth", start, MaxSubgraphLinks, levels)
		}
		frontier = next
	}
	return links, nil
}

// requestsForCode reads the requests through the relationship type index
// (only companies request): there is no index on REQUESTED.code, see
// migrations.
const requestsForCode = `
MATCH (r)-[q:REQUESTED]->(s)
WHERE q.code = $code AND q.date <= $asOf
RETURN r.id AS requester, s.id AS supplier, q.date AS date`

// RequestsForCode returns every request for code dated on or before asOf.
func (s *Store) RequestsForCode(ctx context.Context, code string, asOf domain.Date) ([]domain.Request, error) {
	recs, err := s.read(ctx, requestsForCode, map[string]any{"code": code, "asOf": dateParam(asOf)})
	if err != nil {
		return nil, err
	}
	out := make([]domain.Request, len(recs))
	for i, r := range recs {
		out[i] = domain.Request{RequesterID: str(r.Values[0]), SupplierID: str(r.Values[1]), CodeID: code, Date: dateOf(r.Values[2])}
	}
	return out, nil
}

const acksOfCodes = `
UNWIND $ids AS id
MATCH (c:Company {id: id})-[a:ACKNOWLEDGED]->(k:Code)
USING INDEX SEEK c:Company(id)
WHERE k.id IN $codes AND a.date <= $asOf
RETURN id, k.id AS code, a.edition AS edition, a.date AS date, a.signatory AS signatory`

// AcknowledgmentsOf returns the acknowledgments of the given codes by the
// given companies dated on or before asOf.
func (s *Store) AcknowledgmentsOf(ctx context.Context, companies, codes []string, asOf domain.Date) ([]domain.Acknowledgment, error) {
	var out []domain.Acknowledgment
	for start := 0; start < len(companies); start += 20000 {
		end := min(start+20000, len(companies))
		recs, err := s.read(ctx, acksOfCodes, map[string]any{"ids": companies[start:end], "codes": codes, "asOf": dateParam(asOf)})
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			v := r.Values
			out = append(out, domain.Acknowledgment{CompanyID: str(v[0]), CodeID: str(v[1]), Edition: integer(v[2]),
				Date: dateOf(v[3]), Signatory: str(v[4])})
		}
	}
	return out, nil
}

const findingsOfCompanies = `
UNWIND $ids AS id
MATCH (c:Company {id: id})
CALL (c) {
  MATCH (f:Finding)-[:CONCERNS]->(c) RETURN f, c.id AS subject
  UNION ALL
  MATCH (f:Finding)-[:CONCERNS]->(x:Facility)-[:OPERATED_BY]->(c) RETURN f, x.id AS subject
}
WITH id, subject, f WHERE f.detected <= $asOf
RETURN id, subject, f {.*, ` + findingExtras + `} AS f`

// FindingAt is a finding with the company it is attributed to: its subject,
// or the operator of its subject facility.
type FindingAt struct {
	domain.Finding
	CompanyID string
}

// FindingsOf returns the findings detected on or before asOf about the given
// companies or their facilities.
func (s *Store) FindingsOf(ctx context.Context, companies []string, asOf domain.Date) ([]FindingAt, error) {
	var out []FindingAt
	for start := 0; start < len(companies); start += 20000 {
		end := min(start+20000, len(companies))
		recs, err := s.read(ctx, findingsOfCompanies, map[string]any{"ids": companies[start:end], "asOf": dateParam(asOf)})
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			out = append(out, FindingAt{Finding: findingOf(recMap(r, "f"), str(r.Values[1])), CompanyID: str(r.Values[0])})
		}
	}
	return out, nil
}
