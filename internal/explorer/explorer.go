// Package explorer is the service behind the API: it checks arguments, reads
// what a question needs from the Neo4j store and hands it to the pure
// algorithms of package analysis. Methods return errors of the domain kinds:
// BAD_INPUT for arguments out of range, NOT_FOUND for unknown ids,
// UNAVAILABLE and TIMEOUT from the store.
package explorer

import (
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
)

// Service answers entity and analysis questions over the store.
type Service struct {
	store *neo4jstore.Store
	// Today returns the default asOf date; nil means domain.Today.
	Today func() domain.Date
	keys  keyCache
	snap  snapshotState
	admit *admission
}

// New returns a service over store.
func New(store *neo4jstore.Store) *Service { return &Service{store: store} }

func (s *Service) asOf(p *domain.Date) domain.Date {
	if p != nil {
		return *p
	}
	if s.Today != nil {
		return s.Today()
	}
	return domain.Today()
}
