package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/supplygraph/supplygraph/graph/model"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vikstrous/dataloadgen"
)

// loadAll loads every key and drops the ones that do not exist.
func loadAll[V any](ctx context.Context, l *dataloadgen.Loader[string, *V], ids []string) ([]V, error) {
	ps, err := loadEach(ctx, l, ids)
	if err != nil {
		return nil, err
	}
	out := make([]V, 0, len(ps))
	for _, p := range ps {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out, nil
}

// subject returns the company or facility a finding is about.
func (r *Resolver) subject(ctx context.Context, id string) (model.FindingSubject, error) {
	l := r.loaders(ctx)
	c, err := l.company.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	if c != nil {
		return c, nil
	}
	f, err := l.facility.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	if f == nil {
		return nil, domain.Errorf(domain.NotFound, "finding subject %q not found", id)
	}
	return f, nil
}

func (r *Resolver) partners(ctx context.Context, id string, dir domain.Direction, first *int, after *string, asOf *domain.Date) (*model.SupplyPartnerConnection, error) {
	key, err := partnerKeyOf(id, dir, first, after, asOf)
	if err != nil {
		return nil, err
	}
	page, err := r.loaders(ctx).partners.Load(ctx, key)
	if err != nil {
		return nil, err
	}
	conn := &model.SupplyPartnerConnection{TotalCount: page.Total, Edges: make([]model.SupplyPartnerEdge, len(page.Items))}
	for i := range page.Items {
		p := &page.Items[i]
		conn.Edges[i] = model.SupplyPartnerEdge{Cursor: idCursor(p.Company.ID), Node: &p.Company, Links: p.Links}
	}
	conn.PageInfo = keysetInfo("", "", page.HasNextPage, key.after != "")
	if n := len(page.Items); n > 0 {
		conn.PageInfo = keysetInfo(page.Items[0].Company.ID, page.Items[n-1].Company.ID, page.HasNextPage, key.after != "")
	}
	return conn, nil
}

func partnerKeyOf(id string, dir domain.Direction, first *int, after *string, asOf *domain.Date) (partnerKey, error) {
	f, err := firstOf(first)
	if err != nil {
		return partnerKey{}, err
	}
	a, err := afterID(after)
	if err != nil {
		return partnerKey{}, err
	}
	key := partnerKey{id: id, direction: dir, after: a, first: f}
	if asOf != nil {
		key.asOf, key.hasAsOf = *asOf, true
	}
	return key, nil
}

// prefetchPartners reads the pages of suppliers and customers that the
// selection of a company field asks for, and returns the first (nil if
// there is none). The statement that reads a page reads the company too
// (PartnerPage.Of), so a company's page waits on Neo4j once: not for a
// lookup of the company, nor for the data version that says whether the
// snapshot may answer it. A sole root field reads its pages at once (there
// is nothing to batch them with, and a loader's wait is pure latency);
// otherwise they join the loader's batch. Either way the fields' resolvers
// find them in the loader's cache (same key); arguments this cannot read
// are left to them.
func (r *Resolver) prefetchPartners(ctx context.Context, id string) func() (domain.PartnerPage, error) {
	if !graphql.HasOperationContext(ctx) || graphql.GetFieldContext(ctx) == nil {
		return nil
	}
	var keys []partnerKey
	vars := graphql.GetOperationContext(ctx).Variables
	for _, f := range graphql.CollectFieldsCtx(ctx, []string{"Company"}) {
		dir := domain.Upstream
		switch f.Name {
		case "suppliers":
		case "customers":
			dir = domain.Downstream
		default:
			continue
		}
		args := f.ArgumentMap(vars)
		var first *int
		if v, ok := args["first"]; ok && v != nil {
			n, ok := asInt(v)
			if !ok {
				continue
			}
			i := int(n)
			first = &i
		}
		var after *string
		if v, ok := args["after"]; ok && v != nil {
			s, ok := v.(string)
			if !ok {
				continue
			}
			after = &s
		}
		var asOf *domain.Date
		if v, ok := args["asOf"]; ok && v != nil {
			s, _ := v.(string)
			d, err := domain.ParseDate(s)
			if err != nil {
				continue
			}
			asOf = &d
		}
		if key, err := partnerKeyOf(id, dir, first, after, asOf); err == nil {
			keys = append(keys, key)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	l := r.loaders(ctx)
	if !soleRootField(ctx) {
		page := l.partners.LoadThunk(ctx, keys[0])
		for _, k := range keys[1:] {
			l.partners.LoadThunk(ctx, k)
		}
		return page
	}
	pages, err := l.partnersNow(ctx, keys)
	if err != nil {
		return nil // the fields' resolvers read them again and say why
	}
	for _, k := range keys {
		l.partners.Prime(k, pages[k]) // a company not found: the zero page
	}
	return func() (domain.PartnerPage, error) { return pages[keys[0]], nil }
}

// acknowledgments converts a company's acknowledgments, judging each current
// at asOf (default today) by its code's minimum edition and validity.
func (r *Resolver) acknowledgments(ctx context.Context, acks []domain.Acknowledgment, asOf *domain.Date) ([]model.Acknowledgment, error) {
	ids := make([]string, 0, len(acks))
	for _, a := range acks {
		ids = append(ids, a.CodeID)
	}
	codes, err := r.codesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	return ackModels(acks, codes, asOf), nil
}

// codesByID returns the codes of ids that exist, by id.
func (r *Resolver) codesByID(ctx context.Context, ids []string) (map[string]*domain.Code, error) {
	list, err := r.loaders(ctx).codesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	codes := make(map[string]*domain.Code, len(ids))
	for i, id := range ids {
		if list[i] != nil {
			codes[id] = list[i]
		}
	}
	return codes, nil
}

// ackModels are acks as the API answers them, current by their codes at
// asOf (default today).
func ackModels(acks []domain.Acknowledgment, codes map[string]*domain.Code, asOf *domain.Date) []model.Acknowledgment {
	t := domain.Today()
	if asOf != nil {
		t = *asOf
	}
	out := make([]model.Acknowledgment, len(acks))
	for i, a := range acks {
		c := codes[a.CodeID]
		out[i] = ackModel(a, c != nil && c.IsCurrent(a, t))
	}
	return out
}

func ackModel(a domain.Acknowledgment, current bool) model.Acknowledgment {
	return model.Acknowledgment{CompanyID: a.CompanyID, CodeID: a.CodeID, Edition: a.Edition, Date: a.Date,
		Signatory: optStr(a.Signatory), Current: current}
}

// companies loads companies by id, in order; an id that no longer exists is
// an error, since analysis answers only name stored companies.
func (r *Resolver) companies(ctx context.Context, ids []string) ([]domain.Company, error) {
	ps, err := r.loaders(ctx).companiesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]domain.Company, len(ps))
	for i, p := range ps {
		if p == nil {
			return nil, domain.Errorf(domain.NotFound, "company %q not found", ids[i])
		}
		out[i] = *p
	}
	return out, nil
}

// companyList pages through a computed list of company ids. Without first,
// the page is the whole rest of the list.
func (r *Resolver) companyList(ctx context.Context, ids []string, first *int, after *string) (*model.CompanyConnection, error) {
	if first == nil {
		all := len(ids)
		first = &all
	} else if *first < 0 || *first > MaxFirst {
		return nil, domain.Errorf(domain.BadInput, "first must be from 0 to %d, got %d", MaxFirst, *first)
	}
	from, to, info, err := windowN(len(ids), *first, after)
	if err != nil {
		return nil, err
	}
	cs, err := r.companies(ctx, ids[from:to])
	if err != nil {
		return nil, err
	}
	conn := &model.CompanyConnection{TotalCount: len(ids), PageInfo: info, Edges: make([]model.CompanyEdge, len(cs))}
	for i := range cs {
		conn.Edges[i] = model.CompanyEdge{Cursor: offsetCursor(from + i), Node: &cs[i]}
	}
	return conn, nil
}

// actor names who makes a change, for the load record: the API key's id.
func actor(ctx context.Context) string {
	if p := auth.From(ctx); p != nil && p.KeyID != "" {
		return "key:" + p.KeyID
	}
	return "graphql"
}

// selects reports whether the selection of the field being resolved in ctx
// asks, at any alias or in any fragment, for the field at path below it
// (field names, e.g. "affected", "path").
func selects(ctx context.Context, path ...string) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !graphql.HasOperationContext(ctx) {
		return true // cannot tell: assume it does
	}
	oc := graphql.GetOperationContext(ctx)
	sels := []ast.SelectionSet{fc.Field.Selections}
	for _, name := range path {
		var next []ast.SelectionSet
		for _, sel := range sels {
			// No type filter: a fragment on any type counts.
			for _, f := range graphql.CollectFields(oc, sel, nil) {
				if f.Name == name {
					next = append(next, f.Selections)
				}
			}
		}
		if len(next) == 0 {
			return false
		}
		sels = next
	}
	return true
}
