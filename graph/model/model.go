package model

import (
	"context"
	"sync"

	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// Acknowledgment is an acknowledgment with whether it is current at the date
// the query asked about.
type Acknowledgment struct {
	CompanyID string
	CodeID    string
	Edition   int
	Date      domain.Date
	Signatory *string
	Current   bool
}

// SupplyChain is a focal company's chain for drawing.
type SupplyChain struct {
	Focal    *domain.Company
	AsOf     domain.Date
	MaxDepth int
	Nodes    []ChainNode
	Edges    []domain.SupplyLink
}

// ChainNode is a company of a chain with its tier.
type ChainNode struct {
	ID      string
	Tier    int
	Company *domain.Company
}

// FindingSubject is a domain.Company or a domain.Facility (or pointers to them).
type FindingSubject interface{}

// RiskExposure is analysis.RiskExposureReport with its companies resolved,
// so that a long answer needs no resolver per company. Single companies are
// pointers: a value would be copied onto the heap for each field marshalled.
type RiskExposure struct {
	Sources    []SourceExposure
	ByCategory []analysis.CategoryExposure
	ByPartner  []PartnerExposure
}

// SourceExposure is analysis.SourceExposure with companies resolved.
type SourceExposure struct {
	Source  RiskSource
	Path    []domain.Company
	Hops    int
	Weight  float64
	Score   float64
	Partner *domain.Company
}

// RiskSource is analysis.RiskSource with its company resolved.
type RiskSource struct {
	ID         string
	Category   domain.RiskCategory
	Severity   int
	Likelihood int
	Base       int
	Derived    bool
	Company    *domain.Company
}

// PartnerExposure is analysis.PartnerExposure with the partner resolved.
type PartnerExposure struct {
	Partner  *domain.Company
	Count    int
	MaxScore float64
}

// ImpactReport is analysis.ImpactReport with companies resolved.
type ImpactReport struct {
	Affected []ImpactEntry
	Buyers   []domain.Company
}

// CascadeEntry is analysis.CascadeEntry with companies resolved.
type CascadeEntry struct {
	Company        *domain.Company
	Tier           int
	Status         domain.AckStatus
	Reached        bool
	RequestedBy    []domain.Company
	Acknowledgment *Acknowledgment
}

// RiskPath is analysis.RiskPath with companies resolved.
type RiskPath struct {
	Nodes  []domain.Company
	Hops   int
	Weight float64
}

// ImpactEntry is analysis.ImpactEntry with its company resolved; its
// path is resolved only when asked for (an impact can have thousands of
// entries, and most questions do not ask for their paths).
type ImpactEntry struct {
	Company  *domain.Company
	Distance int
	Weight   float64
	// PathIDs is the path's company ids; Paths resolves them.
	PathIDs []string
	Paths   *LazyCompanies
}

// Path is the entry's path, from its source to its company.
func (e *ImpactEntry) Path(ctx context.Context) ([]*domain.Company, error) {
	idx, err := e.Paths.Get(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*domain.Company, len(e.PathIDs))
	for i, id := range e.PathIDs {
		out[i] = idx[id]
	}
	return out, nil
}

// LazyCompanies resolves the companies of many answers' parts once, on
// first use (by whichever part asks first), for all of them.
type LazyCompanies struct {
	once    sync.Once
	resolve func(context.Context) (map[string]*domain.Company, error)
	idx     map[string]*domain.Company
	err     error
}

// NewLazyCompanies returns companies that resolve calls for on first use.
func NewLazyCompanies(resolve func(context.Context) (map[string]*domain.Company, error)) *LazyCompanies {
	return &LazyCompanies{resolve: resolve}
}

// Get returns the companies by id, resolving them the first time.
func (l *LazyCompanies) Get(ctx context.Context) (map[string]*domain.Company, error) {
	l.once.Do(func() { l.idx, l.err = l.resolve(ctx) })
	return l.idx, l.err
}
