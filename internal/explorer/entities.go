package explorer

import (
	"context"

	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// Entity reads. Each checks that the request has a principal (deny by
// default) and keeps what a supplier-scoped key may not see out of the
// answer: companies outside its view, their facilities, findings and
// acknowledgments, and requests and links that touch them. Codes of conduct
// are published documents, readable by every key.

// visibleList is the principal's view as a list for the store, or nil.
func visibleList(p *auth.Principal) []string {
	if !p.Scoped() {
		return nil
	}
	out := make([]string, 0, len(p.Visible))
	for id := range p.Visible {
		out = append(out, id)
	}
	return out
}

// seen keeps the entries of m whose owner the principal sees.
func seen[V any](ctx context.Context, m map[string]V, owner func(string, V) string) map[string]V {
	p := auth.From(ctx)
	if !p.Scoped() {
		return m
	}
	for id, v := range m {
		if !p.Sees(owner(id, v)) {
			delete(m, id)
		}
	}
	return m
}

func byKey[V any](id string, _ V) string { return id }

// Company returns the company with the given id, or NOT_FOUND naming what.
func (s *Service) Company(ctx context.Context, what, id string) (domain.Company, error) {
	src, err := s.reader(ctx)
	if err != nil {
		return domain.Company{}, err
	}
	return visibleCompany(ctx, src, what, id)
}

// CompaniesOf returns the companies with the given ids that the principal
// sees, from the snapshot when it is current, else from Neo4j.
func (s *Service) CompaniesOf(ctx context.Context, ids []string) (map[string]domain.Company, error) {
	if err := auth.Require(ctx, auth.Viewer); err != nil {
		return nil, err
	}
	m, err := fromSnapshot(ctx, s, ids, (*snapshot).Company, s.store.CompaniesByID)
	return seen(ctx, m, byKey), err
}

// CodesOf returns the codes with the given ids, from the snapshot when it
// is current, else from Neo4j.
func (s *Service) CodesOf(ctx context.Context, ids []string) (map[string]domain.Code, error) {
	if err := auth.Require(ctx, auth.Viewer); err != nil {
		return nil, err
	}
	return fromSnapshot(ctx, s, ids, func(sn *snapshot, id string) (domain.Code, bool) { c, ok := sn.codeIndex[id]; return c, ok }, s.store.CodesByID)
}

// Codes returns every code of conduct, by id.
func (s *Service) Codes(ctx context.Context) ([]domain.Code, error) {
	if err := auth.Require(ctx, auth.Viewer); err != nil {
		return nil, err
	}
	return s.store.Codes(ctx)
}

// AcceptedCodes returns, for each code, the ids of the codes it accepts.
func (s *Service) AcceptedCodes(ctx context.Context, ids []string) (map[string][]string, error) {
	if err := auth.Require(ctx, auth.Viewer); err != nil {
		return nil, err
	}
	return s.store.AcceptedCodes(ctx, ids)
}

// SearchCompanies returns one page of the companies matching f that the
// principal sees (the total counts only those).
func (s *Service) SearchCompanies(ctx context.Context, f domain.CompanyFilter, after string, first int) (domain.CompanyPage, error) {
	if err := auth.Require(ctx, auth.Viewer); err != nil {
		return domain.CompanyPage{}, err
	}
	f.Visible = visibleList(auth.From(ctx))
	return s.store.SearchCompanies(ctx, f, after, first)
}

// Partners returns, for each of ids, one page of its suppliers or
// customers among the companies the principal sees.
func (s *Service) Partners(ctx context.Context, ids []string, q domain.PartnerQuery) (map[string]domain.PartnerPage, error) {
	if err := auth.Require(ctx, auth.Viewer); err != nil {
		return nil, err
	}
	q.Visible = visibleList(auth.From(ctx))
	m, err := s.store.Partners(ctx, ids, q)
	return seen(ctx, m, byKey), err
}

// FacilitiesByID returns the facilities with the given ids whose operator
// the principal sees.
func (s *Service) FacilitiesByID(ctx context.Context, ids []string) (map[string]domain.Facility, error) {
	if err := auth.Require(ctx, auth.Viewer); err != nil {
		return nil, err
	}
	m, err := s.store.FacilitiesByID(ctx, ids)
	return seen(ctx, m, func(_ string, f domain.Facility) string { return f.CompanyID }), err
}

// FacilitiesByCompany returns the facilities each company operates.
func (s *Service) FacilitiesByCompany(ctx context.Context, ids []string) (map[string][]domain.Facility, error) {
	if err := auth.Require(ctx, auth.Viewer); err != nil {
		return nil, err
	}
	m, err := s.store.FacilitiesByCompany(ctx, ids)
	return seen(ctx, m, byKey), err
}

// FindingsByCompany returns the findings about each company or its facilities.
func (s *Service) FindingsByCompany(ctx context.Context, ids []string) (map[string][]domain.Finding, error) {
	if err := auth.Require(ctx, auth.Viewer); err != nil {
		return nil, err
	}
	m, err := s.store.FindingsByCompany(ctx, ids)
	return seen(ctx, m, byKey), err
}

// AcknowledgmentsByCompany returns each company's acknowledgments.
func (s *Service) AcknowledgmentsByCompany(ctx context.Context, ids []string) (map[string][]domain.Acknowledgment, error) {
	if err := auth.Require(ctx, auth.Viewer); err != nil {
		return nil, err
	}
	m, err := s.store.AcknowledgmentsByCompany(ctx, ids)
	return seen(ctx, m, byKey), err
}

// RequestsByCompany returns the requests each company received (Upstream)
// or made (Downstream), between companies the principal sees.
func (s *Service) RequestsByCompany(ctx context.Context, ids []string, dir domain.Direction) (map[string][]domain.Request, error) {
	if err := auth.Require(ctx, auth.Viewer); err != nil {
		return nil, err
	}
	m, err := s.store.RequestsByCompany(ctx, ids, dir)
	for id, reqs := range seen(ctx, m, byKey) {
		m[id] = scopeRequests(ctx, reqs)
	}
	return m, err
}
