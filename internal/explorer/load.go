package explorer

import (
	"context"

	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
)

// Load validates the dataset in src against the store and, unless dryRun,
// writes it (see neo4jstore.Store.Load for the guarantees). A dataset with
// any problem is a *dataset.ValidationError (kind BAD_INPUT) and changes
// nothing; the summary holds the warnings of a valid one.
func (s *Service) Load(ctx context.Context, src dataset.Source, opts neo4jstore.LoadOptions, dryRun bool) (*dataset.Summary, *neo4jstore.LoadResult, error) {
	if err := auth.Require(ctx, auth.Editor); err != nil {
		return nil, nil, err
	}
	if p := auth.From(ctx); p.Scoped() {
		return nil, nil, domain.Errorf(domain.Forbidden, "a key scoped to %s may not load datasets", p.Company)
	}
	if err := s.Migrate(ctx); err != nil {
		return nil, nil, err
	}
	sum, err := dataset.Validate(ctx, src, s.Store)
	if err != nil || dryRun {
		return sum, nil, err
	}
	res, err := s.Store.Load(ctx, src, sum, opts)
	return sum, res, err
}
