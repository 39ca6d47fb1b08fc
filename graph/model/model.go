package model

import "github.com/supplygraph/supplygraph/internal/domain"

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
	Focal    domain.Company
	AsOf     domain.Date
	MaxDepth int
	Nodes    []ChainNode
	Edges    []domain.SupplyLink
}

// ChainNode is a company of a chain with its tier.
type ChainNode struct {
	ID      string
	Tier    int
	Company domain.Company
}

// FindingSubject is a domain.Company or a domain.Facility (or pointers to them).
type FindingSubject interface{}
