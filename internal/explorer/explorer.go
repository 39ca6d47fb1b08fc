// Package explorer is the service behind the API: it checks arguments, reads
// what a question needs from the Neo4j store and hands it to the pure
// algorithms of package analysis. Methods return errors of the domain kinds:
// BAD_INPUT for arguments out of range, NOT_FOUND for unknown ids,
// UNAVAILABLE and TIMEOUT from the store.
package explorer

import (
	"context"
	"sort"

	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
)

// Service answers entity and analysis questions over the store.
type Service struct {
	*neo4jstore.Store
	// Today returns the default asOf date; nil means domain.Today.
	Today func() domain.Date
	keys  keyCache
	snap  snapshotState
}

// New returns a service over store.
func New(store *neo4jstore.Store) *Service { return &Service{Store: store} }

func (s *Service) asOf(p *domain.Date) domain.Date {
	if p != nil {
		return *p
	}
	if s.Today != nil {
		return s.Today()
	}
	return domain.Today()
}

// company is Company answered from the snapshot when there is one.
func (s *Service) company(ctx context.Context, sn *snapshot, what, id string) (domain.Company, error) {
	if sn == nil {
		return s.Company(ctx, what, id)
	}
	c, ok := sn.companies[id]
	if !ok || !auth.From(ctx).Sees(id) {
		return domain.Company{}, domain.Errorf(domain.NotFound, "%s: no company with id %q", what, id)
	}
	return c, nil
}

// Company returns the company with the given id, or NOT_FOUND naming what.
func (s *Service) Company(ctx context.Context, what, id string) (domain.Company, error) {
	m, err := s.CompaniesByID(ctx, []string{id})
	if err != nil {
		return domain.Company{}, err
	}
	c, ok := m[id]
	if !ok || !auth.From(ctx).Sees(id) { // a scoped key cannot tell an invisible company from none
		return domain.Company{}, domain.Errorf(domain.NotFound, "%s: no company with id %q", what, id)
	}
	return c, nil
}

// Chain is a focal company's supply chain at a date.
type Chain struct {
	Focal    domain.Company
	AsOf     domain.Date
	MaxDepth int
	// Tiers maps every chain member to its tier.
	Tiers map[string]int
	// Members lists the focal company (tier 0) and the chain, by tier then id.
	Members []domain.Company
	// Links are the active links between members, by supplier, customer, material.
	Links []domain.SupplyLink
}

// SupplyChain returns focal's chain of at most maxDepth links at asOf.
func (s *Service) SupplyChain(ctx context.Context, focal string, maxDepth *int, asOf *domain.Date) (*Chain, error) {
	set, err := analysis.ResolveArgs(analysis.QuerySupplyChain, analysis.Args{MaxDepth: maxDepth})
	if err != nil {
		return nil, err
	}
	d := set.MaxDepth
	sn, err := s.snapshotFor(ctx)
	if err != nil {
		return nil, err
	}
	f, err := s.company(ctx, sn, "focal", focal)
	if err != nil {
		return nil, err
	}
	t := s.asOf(asOf)
	var links []domain.SupplyLink
	var tiers map[string]int
	companies := map[string]domain.Company{}
	if sn != nil {
		tiers = analysis.Chain(snapshotGraph(ctx, sn, t), focal, d)
		for _, l := range sn.links { // which of these join two members is decided below
			if _, ok := tiers[l.SupplierID]; ok && analysis.LinkActive(l, t) {
				links = append(links, l)
			}
		}
		for id := range tiers {
			companies[id] = sn.companies[id]
		}
	} else {
		if links, err = s.Subgraph(ctx, focal, neo4jstore.Upstream, t, d); err != nil {
			return nil, err
		}
		links = scopeLinks(ctx, links)
		tiers = analysis.Chain(analysis.NewGraph(analysis.ActiveEdges(links, t)), focal, d)
		if companies, err = s.CompaniesByID(ctx, keys(tiers)); err != nil {
			return nil, err
		}
	}
	ids := keys(tiers)
	ch := &Chain{Focal: f, AsOf: t, MaxDepth: d, Tiers: tiers}
	ch.Members = append(ch.Members, f)
	for _, id := range ids {
		ch.Members = append(ch.Members, companies[id])
	}
	sort.Slice(ch.Members[1:], func(i, j int) bool {
		a, b := ch.Members[1+i], ch.Members[1+j]
		if tiers[a.ID] != tiers[b.ID] {
			return tiers[a.ID] < tiers[b.ID]
		}
		return a.ID < b.ID
	})
	in := func(id string) bool { _, ok := tiers[id]; return ok || id == focal }
	for _, l := range links {
		if in(l.SupplierID) && in(l.CustomerID) {
			ch.Links = append(ch.Links, l)
		}
	}
	sort.Slice(ch.Links, func(i, j int) bool {
		a, b := ch.Links[i], ch.Links[j]
		if a.SupplierID != b.SupplierID {
			return a.SupplierID < b.SupplierID
		}
		if a.CustomerID != b.CustomerID {
			return a.CustomerID < b.CustomerID
		}
		return a.Material < b.Material
	})
	return ch, nil
}
