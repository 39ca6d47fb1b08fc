package model

import (
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
	// PathIDs is the path's company ids; Companies holds each of them.
	PathIDs   []string
	Companies map[string]*domain.Company
}

// Path is the entry's path, from its source to its company.
func (e *ImpactEntry) Path() []*domain.Company {
	out := make([]*domain.Company, len(e.PathIDs))
	for i, id := range e.PathIDs {
		out[i] = e.Companies[id]
	}
	return out
}
