package graph

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/vikstrous/dataloadgen"
)

// partnerKey identifies one page of one company's suppliers or customers.
type partnerKey struct {
	id        string
	direction domain.Direction
	asOf      domain.Date
	hasAsOf   bool
	after     string
	first     int
}

// Loaders batch the relationship fields of one request: every field of the
// same kind asked for in one round of resolution is read with one query.
type Loaders struct {
	svc              *explorer.Service
	company          *dataloadgen.Loader[string, *domain.Company]
	facility         *dataloadgen.Loader[string, *domain.Facility]
	code             *dataloadgen.Loader[string, *domain.Code]
	facilitiesOf     *dataloadgen.Loader[string, []domain.Facility]
	findingsOf       *dataloadgen.Loader[string, []domain.Finding]
	declarationsOf   *dataloadgen.Loader[string, []domain.Declaration]
	acksOf           *dataloadgen.Loader[string, []domain.Acknowledgment]
	requestsReceived *dataloadgen.Loader[string, []domain.Request]
	requestsMade     *dataloadgen.Loader[string, []domain.Request]
	accepts          *dataloadgen.Loader[string, []string]
	partners         *dataloadgen.Loader[partnerKey, domain.PartnerPage]

	// companiesNow reads companies at once, without waiting for a batch
	// (for answers whose companies are all known together, and a sole
	// root field: there is nothing to batch it with, and a loader's wait
	// is pure latency there; see docs/analysis.md for what it costs).
	// facilitiesNow and codesNow likewise.
	companiesNow  func(ctx context.Context, ids []string) (map[string]*domain.Company, error)
	facilitiesNow func(ctx context.Context, ids []string) (map[string]*domain.Facility, error)
	codesNow      func(ctx context.Context, ids []string) (map[string]*domain.Code, error)
	partnersNow   func(ctx context.Context, keys []partnerKey) (map[partnerKey]domain.PartnerPage, error)
}

// soleRootField reports whether the operation of ctx has one root field
// only: then a root field that reads one record by id has nothing to
// batch with, and reads it at once (now); with several (aliases, say),
// they batch through the loaders.
func soleRootField(ctx context.Context) bool {
	if !graphql.HasOperationContext(ctx) {
		return false
	}
	oc := graphql.GetOperationContext(ctx)
	return oc.Operation != nil && len(graphql.CollectFields(oc, oc.Operation.SelectionSet, nil)) == 1
}

// companyByID returns the company id (nil if there is none or the
// principal may not see it): at once when the snapshot is current (a
// lookup in memory has nothing to gain from a batch's wait), else through
// the loader, batched with the request's other
// reads. codeByID and companiesByID likewise.
func (l *Loaders) companyByID(ctx context.Context, id string) (*domain.Company, error) {
	if l.svc.SnapshotCurrent(ctx) {
		return now(ctx, l.companiesNow, id)
	}
	return l.company.Load(ctx, id)
}

func (l *Loaders) codeByID(ctx context.Context, id string) (*domain.Code, error) {
	if l.svc.SnapshotCurrent(ctx) {
		return now(ctx, l.codesNow, id)
	}
	return l.code.Load(ctx, id)
}

func (l *Loaders) companiesByID(ctx context.Context, ids []string) ([]*domain.Company, error) {
	if l.svc.SnapshotCurrent(ctx) {
		return inOrder(ctx, l.companiesNow, ids)
	}
	return loadEach(ctx, l.company, ids)
}

func (l *Loaders) codesByID(ctx context.Context, ids []string) ([]*domain.Code, error) {
	if l.svc.SnapshotCurrent(ctx) {
		return inOrder(ctx, l.codesNow, ids)
	}
	return loadEach(ctx, l.code, ids)
}

// loadEach is LoadAll with its error as the read gave it: LoadAll joins the
// error of every key in a slice that errors.As cannot look into, which
// answered INTERNAL for a TIMEOUT, or for bookmarks that are not Neo4j's.
func loadEach[V any](ctx context.Context, l *dataloadgen.Loader[string, V], ids []string) ([]V, error) {
	vs, err := l.LoadAll(ctx, ids)
	var each dataloadgen.ErrorSlice
	if errors.As(err, &each) {
		for _, e := range each {
			if e != nil {
				return vs, e
			}
		}
	}
	return vs, err
}

// inOrder reads the records of ids at once with read, in the order of ids
// (nil for one there is none of).
func inOrder[V any](ctx context.Context, read func(ctx context.Context, ids []string) (map[string]*V, error), ids []string) ([]*V, error) {
	m, err := read(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*V, len(ids))
	for i, id := range ids {
		out[i] = m[id]
	}
	return out, nil
}

// now reads the record of one id at once with read (nil if there is none).
func now[V any](ctx context.Context, read func(ctx context.Context, ids []string) (map[string]*V, error), id string) (*V, error) {
	m, err := read(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	return m[id], nil
}

const loaderWait = 250 * time.Microsecond

// byKey adapts a map-returning batch read to dataloadgen: a key the read
// does not return gets the zero value (nil: not found; empty list).
func byKey[K comparable, V any](fetch func(ctx context.Context, keys []K) (map[K]V, error)) func(context.Context, []K) ([]V, []error) {
	return func(ctx context.Context, keys []K) ([]V, []error) {
		m, err := fetch(ctx, keys)
		vals := make([]V, len(keys))
		errs := make([]error, len(keys))
		for i, k := range keys {
			if err != nil {
				errs[i] = err
				continue
			}
			vals[i] = m[k]
		}
		return vals, errs
	}
}

func pointers[V any](fetch func(ctx context.Context, ids []string) (map[string]V, error)) func(ctx context.Context, ids []string) (map[string]*V, error) {
	return func(ctx context.Context, ids []string) (map[string]*V, error) {
		m, err := fetch(ctx, ids)
		if err != nil {
			return nil, err
		}
		out := make(map[string]*V, len(m))
		for k, v := range m {
			out[k] = &v
		}
		return out, nil
	}
}

// NewLoaders returns fresh loaders over svc for the principal p (nil:
// unrestricted); make one set per request.
func NewLoaders(svc *explorer.Service, p *auth.Principal) *Loaders {
	w := dataloadgen.WithWait(loaderWait)
	companies := pointers(svc.CompaniesOf)
	facilities := pointers(svc.FacilitiesByID)
	codes := pointers(svc.CodesOf)
	partners := partnerFetch(svc, p)
	return &Loaders{
		svc:            svc,
		companiesNow:   companies,
		company:        dataloadgen.NewLoader(byKey(companies), w),
		facilitiesNow:  facilities,
		codesNow:       codes,
		facility:       dataloadgen.NewLoader(byKey(facilities), w),
		code:           dataloadgen.NewLoader(byKey(codes), w),
		facilitiesOf:   dataloadgen.NewLoader(byKey(svc.FacilitiesByCompany), w),
		findingsOf:     dataloadgen.NewLoader(byKey(svc.FindingsByCompany), w),
		declarationsOf: dataloadgen.NewLoader(byKey(svc.DeclarationsOf), w),
		acksOf:         dataloadgen.NewLoader(byKey(svc.AcknowledgmentsByCompany), w),
		requestsReceived: dataloadgen.NewLoader(byKey(func(ctx context.Context, ids []string) (map[string][]domain.Request, error) {
			return svc.RequestsByCompany(ctx, ids, domain.Upstream)
		}), w),
		requestsMade: dataloadgen.NewLoader(byKey(func(ctx context.Context, ids []string) (map[string][]domain.Request, error) {
			return svc.RequestsByCompany(ctx, ids, domain.Downstream)
		}), w),
		accepts:     dataloadgen.NewLoader(byKey(svc.AcceptedCodes), w),
		partners:    dataloadgen.NewLoader(byKey(partners), w),
		partnersNow: partners,
	}
}

// partnerFetch groups the keys by their arguments and reads each group with
// one query.
func partnerFetch(svc *explorer.Service, p *auth.Principal) func(context.Context, []partnerKey) (map[partnerKey]domain.PartnerPage, error) {
	return func(ctx context.Context, keys []partnerKey) (map[partnerKey]domain.PartnerPage, error) {
		type group struct {
			q   domain.PartnerQuery
			ids []string
		}
		groups := map[partnerKey]*group{}
		for _, k := range keys {
			gk := k
			gk.id = ""
			g := groups[gk]
			if g == nil {
				g = &group{q: domain.PartnerQuery{Direction: k.direction, After: k.after, First: k.first}}
				if k.hasAsOf {
					d := k.asOf
					g.q.AsOf = &d
				}
				groups[gk] = g
			}
			g.ids = append(g.ids, k.id)
		}
		out := map[partnerKey]domain.PartnerPage{}
		for gk, g := range groups {
			pages, err := svc.Partners(ctx, g.ids, g.q)
			if err != nil {
				return nil, err
			}
			for id, p := range pages {
				k := gk
				k.id = id
				out[k] = p
			}
		}
		return out, nil
	}
}

type loadersKey struct{}

// WithLoaders is middleware that puts fresh loaders in each request's context.
func WithLoaders(svc *explorer.Service, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), loadersKey{}, NewLoaders(svc, auth.From(r.Context())))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// loadersFor returns the request's loaders, or fresh ones (tests, scripts).
func (r *Resolver) loaders(ctx context.Context) *Loaders {
	if l, ok := ctx.Value(loadersKey{}).(*Loaders); ok {
		return l
	}
	return NewLoaders(r.Service, auth.From(ctx))
}
