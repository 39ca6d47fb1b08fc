package neo4jstore

import (
	"context"
	"strings"

	"github.com/supplygraph/supplygraph/internal/domain"
)

const companiesByID = `
UNWIND $ids AS id
MATCH (c:Company {id: id})
RETURN c {.*} AS c`

// CompaniesByID returns the companies with the given ids, keyed by id;
// unknown ids are absent.
func (s *Store) CompaniesByID(ctx context.Context, ids []string) (map[string]domain.Company, error) {
	out := make(map[string]domain.Company, len(ids))
	for start := 0; start < len(ids); start += 20000 {
		end := min(start+20000, len(ids))
		recs, err := s.read(ctx, companiesByID, map[string]any{"ids": ids[start:end]})
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			c := companyOf(recMap(r, "c"))
			out[c.ID] = c
		}
	}
	return out, nil
}

// A page of companies: without a filter, the total comes from Neo4j's
// count store and the page walks the Company.id index in order from the
// cursor, stopping after $limit (an id is never empty, so the empty string
// is "from the start"). With a filter, the matches are found by a scan
// (there is no index on what filters: each would cost a write per company),
// counted and sorted by id, and only the page is returned: walking the id
// index instead reads every company before the first match, 5 times slower
// for `kind: SMELTER` at 100 000 companies.
const (
	searchCompanies = `
MATCH (c:Company)
WHERE ($search IS NULL OR c.nameLower STARTS WITH $search OR toLower(c.id) STARTS WITH $search)
  AND ($kind IS NULL OR c.kind = $kind)
  AND ($country IS NULL OR c.country = $country)
  AND ($visible IS NULL OR c.id IN $visible)
WITH c ORDER BY c.id
WITH collect(c) AS items
RETURN size(items) AS total, [c IN items WHERE c.id > $after][0..$limit] AS page`

	listCompanies = `
CALL () {
  MATCH (c:Company)
  RETURN count(c) AS total
}
CALL () {
  MATCH (c:Company)
  WHERE c.id > $after
  WITH c ORDER BY c.id LIMIT $limit
  RETURN collect(c {.*}) AS page
}
RETURN total, page`
)

// SearchCompanies returns the companies matching f with id greater than
// after (empty: from the start), at most first of them, ordered by id.
func (s *Store) SearchCompanies(ctx context.Context, f domain.CompanyFilter, after string, first int) (domain.CompanyPage, error) {
	query := listCompanies
	params := map[string]any{"after": after, "limit": int64(first + 1)}
	if f.Search != "" || f.Kind != "" || f.Country != "" || f.Visible != nil {
		query = searchCompanies
		params["search"], params["kind"], params["country"] = optString(strings.ToLower(f.Search)), optString(string(f.Kind)), optString(f.Country)
		params["visible"] = nil
		if f.Visible != nil {
			params["visible"] = f.Visible
		}
	}
	recs, err := s.read(ctx, query, params)
	if err != nil {
		return domain.CompanyPage{}, err
	}
	var p domain.CompanyPage
	if len(recs) == 0 {
		return p, nil
	}
	p.Total = integer(recs[0].Values[0])
	items, _ := recs[0].Values[1].([]any)
	for _, it := range items {
		switch v := it.(type) {
		case map[string]any:
			p.Items = append(p.Items, companyOf(v))
		case interface{ GetProperties() map[string]any }:
			p.Items = append(p.Items, companyOf(v.GetProperties()))
		}
	}
	if len(p.Items) > first {
		p.Items, p.HasNextPage = p.Items[:first], true
	}
	return p, nil
}

// A page of partners is read in Cypher: the total is counted, and only the
// page's partners (the first $limit by id after the cursor) and their links
// are read and returned; the ids of the others are read to order them, not
// their properties or links. The filters (asOf, visible) are the same in both
// subqueries, so the total counts exactly the partners paging walks through.
const suppliersOf = `
UNWIND $ids AS id
MATCH (c:Company {id: id})
CALL (c) {
  MATCH (p:Company)-[r:SUPPLIES]->(c)
  WHERE ($asOf IS NULL OR ((r.since IS NULL OR r.since <= $asOf) AND (r.until IS NULL OR r.until > $asOf)))
    AND ($visible IS NULL OR p.id IN $visible)
  RETURN count(DISTINCT p) AS total
}
CALL (c) {
  MATCH (p:Company)-[r:SUPPLIES]->(c)
  WHERE ($after IS NULL OR p.id > $after)
    AND ($asOf IS NULL OR ((r.since IS NULL OR r.since <= $asOf) AND (r.until IS NULL OR r.until > $asOf)))
    AND ($visible IS NULL OR p.id IN $visible)
  WITH DISTINCT p ORDER BY p.id LIMIT $limit
  CALL (c, p) {
    MATCH (p)-[r:SUPPLIES]->(c)
    WHERE $asOf IS NULL OR ((r.since IS NULL OR r.since <= $asOf) AND (r.until IS NULL OR r.until > $asOf))
    RETURN collect(r {.*}) AS links
  }
  RETURN collect({p: p {.*}, links: links}) AS page
}
RETURN id, total, page, c {.*} AS c`

const customersOf = `
UNWIND $ids AS id
MATCH (c:Company {id: id})
CALL (c) {
  MATCH (c)-[r:SUPPLIES]->(p:Company)
  WHERE ($asOf IS NULL OR ((r.since IS NULL OR r.since <= $asOf) AND (r.until IS NULL OR r.until > $asOf)))
    AND ($visible IS NULL OR p.id IN $visible)
  RETURN count(DISTINCT p) AS total
}
CALL (c) {
  MATCH (c)-[r:SUPPLIES]->(p:Company)
  WHERE ($after IS NULL OR p.id > $after)
    AND ($asOf IS NULL OR ((r.since IS NULL OR r.since <= $asOf) AND (r.until IS NULL OR r.until > $asOf)))
    AND ($visible IS NULL OR p.id IN $visible)
  WITH DISTINCT p ORDER BY p.id LIMIT $limit
  CALL (c, p) {
    MATCH (c)-[r:SUPPLIES]->(p)
    WHERE $asOf IS NULL OR ((r.since IS NULL OR r.since <= $asOf) AND (r.until IS NULL OR r.until > $asOf))
    RETURN collect(r {.*}) AS links
  }
  RETURN collect({p: p {.*}, links: links}) AS page
}
RETURN id, total, page, c {.*} AS c`

// Partners returns, for each of ids, one page of its suppliers (domain.Upstream)
// or customers (domain.Downstream) with the links between them.
func (s *Store) Partners(ctx context.Context, ids []string, q domain.PartnerQuery) (map[string]domain.PartnerPage, error) {
	query := suppliersOf
	if q.Direction == domain.Downstream {
		query = customersOf
	}
	var asOf any
	if q.AsOf != nil {
		asOf = dateParam(*q.AsOf)
	}
	var visible any
	if q.Visible != nil {
		visible = q.Visible
	}
	recs, err := s.read(ctx, query, map[string]any{"ids": ids, "asOf": asOf, "after": optString(q.After), "limit": int64(q.First + 1), "visible": visible})
	if err != nil {
		return nil, err
	}
	out := make(map[string]domain.PartnerPage, len(ids))
	for _, r := range recs {
		id := str(r.Values[0])
		of := companyOf(r.Values[3].(map[string]any))
		page := domain.PartnerPage{Of: &of, Total: integer(r.Values[1])}
		items, _ := r.Values[2].([]any)
		for _, it := range items {
			m, _ := it.(map[string]any)
			p := companyOf(m["p"].(map[string]any))
			partner := domain.Partner{Company: p}
			links, _ := m["links"].([]any)
			for _, l := range links {
				lm, _ := l.(map[string]any)
				if q.Direction == domain.Upstream {
					partner.Links = append(partner.Links, linkOf(p.ID, id, lm))
				} else {
					partner.Links = append(partner.Links, linkOf(id, p.ID, lm))
				}
			}
			page.Items = append(page.Items, partner)
		}
		if len(page.Items) > q.First {
			page.Items, page.HasNextPage = page.Items[:q.First], true
		}
		out[id] = page
	}
	return out, nil
}

const facilitiesByCompany = `
UNWIND $ids AS id
MATCH (f:Facility)-[:OPERATED_BY]->(c:Company {id: id})
USING INDEX SEEK c:Company(id)
RETURN id, f {.*} AS f ORDER BY f.id`

// FacilitiesByCompany returns the facilities each company operates, by id.
func (s *Store) FacilitiesByCompany(ctx context.Context, ids []string) (map[string][]domain.Facility, error) {
	recs, err := s.read(ctx, facilitiesByCompany, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := map[string][]domain.Facility{}
	for _, r := range recs {
		id := str(r.Values[0])
		out[id] = append(out[id], facilityOf(recMap(r, "f"), id))
	}
	return out, nil
}

const facilitiesByID = `
UNWIND $ids AS id
MATCH (f:Facility {id: id})-[:OPERATED_BY]->(c:Company)
USING INDEX SEEK f:Facility(id)
RETURN c.id AS company, f {.*} AS f`

// FacilitiesByID returns the facilities with the given ids, keyed by id.
func (s *Store) FacilitiesByID(ctx context.Context, ids []string) (map[string]domain.Facility, error) {
	recs, err := s.read(ctx, facilitiesByID, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := map[string]domain.Facility{}
	for _, r := range recs {
		f := facilityOf(recMap(r, "f"), str(r.Values[0]))
		out[f.ID] = f
	}
	return out, nil
}

const findingsByCompany = `
UNWIND $ids AS id
MATCH (c:Company {id: id})
CALL (c) {
  MATCH (f:Finding)-[:CONCERNS]->(c) RETURN f, c.id AS subject
  UNION
  MATCH (f:Finding)-[:CONCERNS]->(x:Facility)-[:OPERATED_BY]->(c) RETURN f, x.id AS subject
}
RETURN id, subject, f {.*, ` + findingExtras + `} AS f ORDER BY f.detected DESC, f.id`

// FindingsByCompany returns the findings about each company or one of its
// facilities, newest first.
func (s *Store) FindingsByCompany(ctx context.Context, ids []string) (map[string][]domain.Finding, error) {
	recs, err := s.read(ctx, findingsByCompany, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := map[string][]domain.Finding{}
	for _, r := range recs {
		id := str(r.Values[0])
		out[id] = append(out[id], findingOf(recMap(r, "f"), str(r.Values[1])))
	}
	return out, nil
}

const acksByCompany = `
UNWIND $ids AS id
MATCH (c:Company {id: id})-[a:ACKNOWLEDGED]->(k:Code)
USING INDEX SEEK c:Company(id)
RETURN id, k.id AS code, a {.*} AS a ORDER BY a.date DESC, a.edition DESC, k.id`

// AcknowledgmentsByCompany returns each company's acknowledgments, latest first.
func (s *Store) AcknowledgmentsByCompany(ctx context.Context, ids []string) (map[string][]domain.Acknowledgment, error) {
	recs, err := s.read(ctx, acksByCompany, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := map[string][]domain.Acknowledgment{}
	for _, r := range recs {
		id := str(r.Values[0])
		m := recMap(r, "a")
		out[id] = append(out[id], domain.Acknowledgment{CompanyID: id, CodeID: str(r.Values[1]),
			Edition: integer(m["edition"]), Date: dateOf(m["date"]), Signatory: str(m["signatory"])})
	}
	return out, nil
}

const requestsReceived = `
UNWIND $ids AS id
MATCH (r:Company)-[q:REQUESTED]->(c:Company {id: id})
USING INDEX SEEK c:Company(id)
RETURN id, r.id AS requester, id AS supplier, q.code AS code, q.date AS date ORDER BY q.date DESC, requester, code`

const requestsMade = `
UNWIND $ids AS id
MATCH (c:Company {id: id})-[q:REQUESTED]->(s:Company)
USING INDEX SEEK c:Company(id)
RETURN id, id AS requester, s.id AS supplier, q.code AS code, q.date AS date ORDER BY q.date DESC, supplier, code`

// RequestsByCompany returns the requests each company received (domain.Upstream)
// or made (domain.Downstream), latest first.
func (s *Store) RequestsByCompany(ctx context.Context, ids []string, dir domain.Direction) (map[string][]domain.Request, error) {
	q := requestsReceived
	if dir == domain.Downstream {
		q = requestsMade
	}
	recs, err := s.read(ctx, q, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := map[string][]domain.Request{}
	for _, r := range recs {
		id := str(r.Values[0])
		out[id] = append(out[id], domain.Request{RequesterID: str(r.Values[1]), SupplierID: str(r.Values[2]),
			CodeID: str(r.Values[3]), Date: dateOf(r.Values[4])})
	}
	return out, nil
}

const codesByID = `
UNWIND $ids AS id
MATCH (k:Code {id: id})
OPTIONAL MATCH (k)-[:ISSUED_BY]->(i:Company)
RETURN k {.*} AS k, i.id AS issuer`

const allCodes = `
MATCH (k:Code)
OPTIONAL MATCH (k)-[:ISSUED_BY]->(i:Company)
RETURN k {.*} AS k, i.id AS issuer ORDER BY k.id`

// CodesByID returns the codes with the given ids, keyed by id.
func (s *Store) CodesByID(ctx context.Context, ids []string) (map[string]domain.Code, error) {
	recs, err := s.read(ctx, codesByID, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := map[string]domain.Code{}
	for _, r := range recs {
		c := codeOf(recMap(r, "k"), str(r.Values[1]))
		out[c.ID] = c
	}
	return out, nil
}

// Codes returns every code of conduct ordered by id.
func (s *Store) Codes(ctx context.Context) ([]domain.Code, error) {
	recs, err := s.read(ctx, allCodes, nil)
	if err != nil {
		return nil, err
	}
	out := make([]domain.Code, 0, len(recs))
	for _, r := range recs {
		out = append(out, codeOf(recMap(r, "k"), str(r.Values[1])))
	}
	return out, nil
}

const acceptedCodes = `
UNWIND $ids AS id
MATCH (:Code {id: id})-[:ACCEPTS]->(a:Code)
RETURN id, a.id AS accepted ORDER BY accepted`

// AcceptedCodes returns, for each code, the ids of the codes it accepts.
func (s *Store) AcceptedCodes(ctx context.Context, ids []string) (map[string][]string, error) {
	recs, err := s.read(ctx, acceptedCodes, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, r := range recs {
		id := str(r.Values[0])
		out[id] = append(out[id], str(r.Values[1]))
	}
	return out, nil
}

const findingsByID = `
UNWIND $ids AS id
MATCH (f:Finding {id: id})-[:CONCERNS]->(s:Subject)
USING INDEX SEEK f:Finding(id)
RETURN s.id AS subject, f {.*, ` + findingExtras + `} AS f`

// FindingsByID returns the findings with the given ids, keyed by id.
func (s *Store) FindingsByID(ctx context.Context, ids []string) (map[string]domain.Finding, error) {
	recs, err := s.read(ctx, findingsByID, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := map[string]domain.Finding{}
	for _, r := range recs {
		f := findingOf(recMap(r, "f"), str(r.Values[0]))
		out[f.ID] = f
	}
	return out, nil
}
