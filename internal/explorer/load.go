package explorer

import (
	"context"

	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
)

// LoadOptions and LoadResult are the store's: the service hands them
// through unchanged, so that the API layers need not import the store.
type (
	LoadOptions = neo4jstore.LoadOptions
	LoadResult  = neo4jstore.LoadResult
)

// MayLoad returns FORBIDDEN unless the request's key may load datasets
// (an editor or admin key without a company scope).
func MayLoad(ctx context.Context) error { return requireUnscoped(ctx, auth.Editor, "load datasets") }

// Load validates the dataset in src against the store and, unless dryRun,
// writes it (see neo4jstore.Store.Load for the guarantees). A dataset with
// any problem is a *dataset.ValidationError (kind BAD_INPUT) and changes
// nothing; the summary holds the warnings of a valid one.
func (s *Service) Load(ctx context.Context, src dataset.Source, opts LoadOptions, dryRun bool) (*dataset.Summary, *LoadResult, error) {
	if err := MayLoad(ctx); err != nil {
		return nil, nil, err
	}
	if err := s.store.Migrate(ctx); err != nil {
		return nil, nil, err
	}
	// Neo4j plans the write statements while the dataset is validated
	// (client-side work); a failure there is the load's to report.
	planned := make(chan struct{})
	if !dryRun {
		go func() {
			defer close(planned)
			s.store.PlanLoad(ctx, opts.ProposedBy)
		}()
	} else {
		close(planned)
	}
	sum, err := dataset.Validate(ctx, src, s.store)
	<-planned
	if err != nil || dryRun {
		return sum, nil, err
	}
	defer s.kickSnapshot() // catch up with the write now, not at the next question
	res, err := s.store.Load(ctx, src, sum, opts)
	return sum, res, err
}
