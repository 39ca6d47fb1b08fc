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
// so that a long answer needs no resolver per company. Companies are
// pointers, in lists too: gqlgen marshals an object through a pointer, and
// a value would be copied onto the heap for each one.
type RiskExposure struct {
	Sources    []SourceExposure
	ByCategory []analysis.CategoryExposure
	ByPartner  []PartnerExposure
	ByClause   []analysis.ClauseExposure
	// Report is the analysis' answer, which sourcesConnection pages
	// (converting only the page asked for).
	Report *analysis.RiskExposureReport
}

// SourceExposure is analysis.SourceExposure with companies resolved.
type SourceExposure struct {
	Source   RiskSource
	Path     []*domain.Company
	Hops     int
	Weight   float64
	Score    float64
	Partner  *domain.Company
	Declared []bool // per edge of Path
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
	Affected []ImpactEntry // only when the question asks for affected
	Buyers   []*domain.Company
	// Report is the analysis' answer, which affectedConnection pages
	// (converting only the page asked for).
	Report *analysis.ImpactReport
}

// CascadeEntry is analysis.CascadeEntry with companies resolved.
type CascadeEntry struct {
	Company        *domain.Company
	Tier           int
	Status         domain.AckStatus
	Reached        bool
	RequestedBy    []*domain.Company
	Acknowledgment *Acknowledgment
}

// RiskPath is analysis.RiskPath with companies resolved.
type RiskPath struct {
	Nodes    []*domain.Company
	Hops     int
	Weight   float64
	Declared []bool // per edge of Nodes
}

// ImpactEntry is analysis.ImpactEntry with companies resolved; Path only
// when the question asks for paths (an impact can have thousands of
// entries, and most questions do not ask for their paths).
type ImpactEntry struct {
	Company  *domain.Company
	Distance int
	Path     []*domain.Company
	Weight   float64
	Declared []bool // per edge of the best path
	Hops     int    // edges of the best path (Path may be left out)
}

// declaredHops is declared, or hops times false when it is nil (no
// declared edge).
func declaredHops(declared []bool, hops int) []bool {
	if declared != nil {
		return declared
	}
	return make([]bool, hops)
}

// DeclaredHops says, per edge of Path, whether it is a declared edge.
func (s *SourceExposure) DeclaredHops() []bool { return declaredHops(s.Declared, s.Hops) }

// DeclaredHops says, per edge of Nodes, whether it is a declared edge.
func (p *RiskPath) DeclaredHops() []bool { return declaredHops(p.Declared, p.Hops) }

// DeclaredHops says, per edge of the best path, whether it is a declared
// edge (the path's length when the entry has none: its distance may be
// shorter than the path).
func (e *ImpactEntry) DeclaredHops() []bool {
	if e.Declared != nil {
		return e.Declared
	}
	return make([]bool, e.Hops)
}
