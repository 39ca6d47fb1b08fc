package model

import "github.com/supplygraph/supplygraph/internal/domain"

// ChainView is the chainView answer (schema/view.graphql), converted from
// the service's explorer.ChainView.
type ChainView struct {
	Focal              string
	Code               string
	AsOf               domain.Date
	MaxDepth           int
	Threshold          float64
	Nodes              []ViewNode
	Sources, Targets   []int
	Shares             []*float64
	Tiers              []ViewTier
	FirstUncoveredTier *int
	Truncated          bool
	Risks              []ViewRisk
	RisksComplete      bool
}

// ViewNode is a member of a ChainView.
type ViewNode struct {
	ID       string
	Name     string
	Kind     domain.CompanyKind
	Tier     int
	Status   *domain.AckStatus
	Reached  bool
	Open     bool
	Exposure float64
}

// ViewTier is a tier of a ChainView.
type ViewTier struct {
	Tier, Companies, Covered, Stale, Pending, NotRequested, Reached int
	Coverage                                                        float64
	OpenEnds                                                        int
	AckGap, VisibilityGap, Uncovered                                bool
}

// ViewRisk is a risk source of a ChainView.
type ViewRisk struct {
	ID       string
	Category domain.RiskCategory
	Base     int
	Weight   float64
	Score    float64
	Node     int
	Partner  int
	Path     []int
}
