package model

import (
	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// MineralsReport is analysis.MineralsReport with its companies resolved.
type MineralsReport struct {
	Focal                 *domain.Company
	Metal                 string
	AsOf                  domain.Date
	MaxDepth              int
	ValidDays             int
	Tiers                 []analysis.MineralsTier
	Suppliers             []MineralsSupplier
	ResponseRate          analysis.ResponseBucket
	ResponseRateText      string
	AllSmeltersIdentified bool
	Smelters              []MineralsSmelter
	ConformantShare       *float64
	Contradictions        []Contradiction
}

// MineralsSupplier is analysis.MineralsSupplier with its company resolved.
type MineralsSupplier struct {
	Company     *domain.Company
	Tier        int
	State       analysis.DeclarationState
	Declaration *domain.Declaration
}

// MineralsSmelter is analysis.MineralsSmelter with its companies resolved.
type MineralsSmelter struct {
	Company    *domain.Company
	RMAPStatus domain.RMAPStatus
	Disclosed  bool
	Tier       *int
	NamedBy    []*domain.Company
}

// Contradiction is analysis.Contradiction with its companies resolved.
type Contradiction struct {
	Kind     ContradictionKind
	Declarer *domain.Company
	Supplier *domain.Company
	Smelter  *domain.Company
}
