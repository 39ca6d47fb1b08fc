package analysis

import (
	"context"
	"errors"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// Defaults and ranges of the numeric arguments of the analysis queries.
const (
	DefaultMaxDepth = 10
	MinMaxDepth     = 1
	MaxMaxDepth     = 20

	DefaultThreshold   = 1.0 // uncoveredTiers: 0 to 1
	DefaultAttenuation = 0.8 // greater than 0 and at most 1

	DefaultExposureLimit = 20 // riskExposure: 1 to MaxExposureLimit
	MaxExposureLimit     = 500
	DefaultPathsLimit    = 10 // riskPaths: 1 to MaxPathsLimit
	MaxPathsLimit        = 100
)

// Query names an analysis query, for ResolveArgs.
type Query string

// The analysis queries.
const (
	QuerySupplyChain    Query = "supplyChain"
	QueryCascade        Query = "cascade"
	QueryUncoveredTiers Query = "uncoveredTiers"
	QueryRiskExposure   Query = "riskExposure"
	QueryRiskPaths      Query = "riskPaths"
	QueryImpact         Query = "impact"
)

// Args holds the optional numeric arguments of a query as they arrive from
// the API; nil means "not given".
type Args struct {
	MaxDepth    *int
	Threshold   *float64
	Attenuation *float64
	Limit       *int
}

// Settings holds the arguments of a query after defaults were applied.
// Fields a query does not take are zero.
type Settings struct {
	MaxDepth    int
	Threshold   float64
	Attenuation float64
	Limit       int
}

// ResolveArgs applies the defaults of query q to the arguments it takes
// (maxDepth for every query; threshold for uncoveredTiers; attenuation for
// riskExposure, riskPaths and impact; limit for riskExposure and riskPaths)
// and checks their ranges. An out-of-range argument is a domain.BadInput
// error naming the argument and its allowed range. Arguments the query does
// not take are ignored.
func ResolveArgs(q Query, a Args) (Settings, error) {
	var s Settings
	s.MaxDepth = DefaultMaxDepth
	if a.MaxDepth != nil {
		s.MaxDepth = *a.MaxDepth
	}
	if err := ValidateMaxDepth(s.MaxDepth); err != nil {
		return Settings{}, err
	}
	switch q {
	case QuerySupplyChain, QueryCascade:
	case QueryUncoveredTiers:
		s.Threshold = DefaultThreshold
		if a.Threshold != nil {
			s.Threshold = *a.Threshold
		}
		if err := ValidateThreshold(s.Threshold); err != nil {
			return Settings{}, err
		}
	case QueryRiskExposure, QueryRiskPaths, QueryImpact:
		s.Attenuation = DefaultAttenuation
		if a.Attenuation != nil {
			s.Attenuation = *a.Attenuation
		}
		if err := ValidateAttenuation(s.Attenuation); err != nil {
			return Settings{}, err
		}
		switch q {
		case QueryRiskExposure:
			s.Limit = DefaultExposureLimit
			if a.Limit != nil {
				s.Limit = *a.Limit
			}
			if err := ValidateExposureLimit(s.Limit); err != nil {
				return Settings{}, err
			}
		case QueryRiskPaths:
			s.Limit = DefaultPathsLimit
			if a.Limit != nil {
				s.Limit = *a.Limit
			}
			if err := ValidatePathsLimit(s.Limit); err != nil {
				return Settings{}, err
			}
		}
	default:
		return Settings{}, domain.Errorf(domain.Internal, "analysis: unknown query %q", string(q))
	}
	return s, nil
}

// ValidateMaxDepth checks that maxDepth is 1 to 20.
func ValidateMaxDepth(d int) error {
	if d < MinMaxDepth || d > MaxMaxDepth {
		return domain.Errorf(domain.BadInput, "maxDepth must be between %d and %d, got %d", MinMaxDepth, MaxMaxDepth, d)
	}
	return nil
}

// ValidateThreshold checks that threshold is 0 to 1.
func ValidateThreshold(t float64) error {
	if !(t >= 0 && t <= 1) {
		return domain.Errorf(domain.BadInput, "threshold must be between 0 and 1, got %v", t)
	}
	return nil
}

// ValidateAttenuation checks that attenuation is greater than 0 and at most 1.
func ValidateAttenuation(a float64) error {
	if !(a > 0 && a <= 1) {
		return domain.Errorf(domain.BadInput, "attenuation must be greater than 0 and at most 1, got %v", a)
	}
	return nil
}

// ValidateExposureLimit checks riskExposure's limit: 1 to 500.
func ValidateExposureLimit(n int) error {
	if n < 1 || n > MaxExposureLimit {
		return domain.Errorf(domain.BadInput, "limit must be between 1 and %d, got %d", MaxExposureLimit, n)
	}
	return nil
}

// ValidatePathsLimit checks riskPaths' limit: 1 to 100.
func ValidatePathsLimit(n int) error {
	if n < 1 || n > MaxPathsLimit {
		return domain.Errorf(domain.BadInput, "limit must be between 1 and %d, got %d", MaxPathsLimit, n)
	}
	return nil
}

// ValidateCategories checks that every category is a known risk category.
func ValidateCategories(cats []domain.RiskCategory) error {
	for _, c := range cats {
		if !knownCategory(c) {
			return domain.Errorf(domain.BadInput, "categories: unknown risk category %q", string(c))
		}
	}
	return nil
}

func knownCategory(c domain.RiskCategory) bool {
	for _, k := range domain.RiskCategories {
		if c == k {
			return true
		}
	}
	return false
}

// checkCtx turns a done context into a domain error.
func checkCtx(ctx context.Context, what string) error {
	err := ctx.Err()
	if err == nil {
		return nil
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return domain.Wrap(domain.Timeout, err, what+": stopped at the time bound of the request")
	}
	return domain.Wrap(domain.Timeout, err, what+": request cancelled")
}
