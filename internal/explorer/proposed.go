package explorer

import (
	"context"

	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// requireUnscoped is auth.Require for the buyer side: keys scoped to a
// supplier are refused whatever their role.
func requireUnscoped(ctx context.Context, want auth.Role, what string) error {
	if err := auth.Require(ctx, want); err != nil {
		return err
	}
	if p := auth.From(ctx); p.Scoped() {
		return domain.Errorf(domain.Forbidden, "a key scoped to %s may not %s", p.Company, what)
	}
	return nil
}

// ProposedSupplyLinks lists at most first links proposed by supplier-scoped
// keys and not yet confirmed (keys without a scope only).
func (s *Service) ProposedSupplyLinks(ctx context.Context, first int) ([]domain.SupplyLink, error) {
	if err := requireUnscoped(ctx, auth.Viewer, "list proposed supply links"); err != nil {
		return nil, err
	}
	return s.store.ProposedLinks(ctx, first)
}

// ConfirmSupplyLinks confirms links proposed by supplier-scoped keys, so
// that they count in the views of scoped keys (editors without a scope
// only); it is the only way a proposed link is confirmed. NOT_FOUND, and
// nothing confirmed, if a link does not exist.
func (s *Service) ConfirmSupplyLinks(ctx context.Context, by string, keys []domain.LinkKey) (string, []domain.SupplyLink, error) {
	if err := requireUnscoped(ctx, auth.Editor, "confirm supply links"); err != nil {
		return "", nil, err
	}
	if err := repeatedLinks(keys); err != nil {
		return "", nil, err
	}
	if len(keys) == 0 {
		return "", []domain.SupplyLink{}, nil
	}
	defer s.kickSnapshot() // catch up with the write now, not at the next question
	return s.store.ConfirmLinks(ctx, by, keys)
}

// RejectSupplyLinks deletes links proposed by supplier-scoped keys (editors
// without a scope). NOT_FOUND, and nothing deleted, if a link does not
// exist or is not proposed (a confirmed link is ended with until instead).
func (s *Service) RejectSupplyLinks(ctx context.Context, by string, keys []domain.LinkKey) (string, []domain.SupplyLink, error) {
	if err := requireUnscoped(ctx, auth.Editor, "reject supply links"); err != nil {
		return "", nil, err
	}
	if err := repeatedLinks(keys); err != nil {
		return "", nil, err
	}
	if len(keys) == 0 {
		return "", []domain.SupplyLink{}, nil
	}
	defer s.kickSnapshot() // catch up with the write now, not at the next question
	return s.store.RejectLinks(ctx, by, keys)
}

// repeatedLinks refuses a link that the input names twice, as every
// mutation refuses a record named twice.
func repeatedLinks(keys []domain.LinkKey) error {
	seen := make(map[domain.LinkKey]int, len(keys))
	for i, k := range keys {
		if j, ok := seen[k]; ok {
			return domain.Errorf(domain.BadInput, "input[%d]: same supply link as input[%d]: a mutation may name each record once", i, j)
		}
		seen[k] = i
	}
	return nil
}
