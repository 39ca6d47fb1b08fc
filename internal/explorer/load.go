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
	// Neo4j migrates the schema, then plans the statements of the load,
	// while the dataset is validated here (client-side work): on two cores
	// neither waits for the other. Writing starts once both are done:
	// planning while the first file was written slowed that file down by
	// more than the planning took. The schema is migrated whatever
	// validation finds, as it was before validation when the two ran in
	// turn: migrating is idempotent and independent of the dataset. A
	// failure to plan is the load's to report.
	pctx, cancelPlan := context.WithCancel(ctx)
	migrated, planned := make(chan error, 1), make(chan struct{})
	go func() {
		defer close(planned)
		err := s.store.Migrate(ctx)
		migrated <- err
		if err == nil && !dryRun {
			s.store.PlanLoad(pctx, src.Names(), opts.ProposedBy)
		}
	}()
	defer func() {
		cancelPlan() // not needed once validation fails
		<-planned
	}()
	sum, err := dataset.Validate(ctx, src, s.store)
	if merr := <-migrated; merr != nil {
		return nil, nil, merr
	}
	if err != nil || dryRun {
		return sum, nil, err
	}
	<-planned
	defer s.kickSnapshot() // catch up with the write now, not at the next question
	res, err := s.store.Load(ctx, src, sum, opts)
	return sum, res, err
}
