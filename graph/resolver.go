// Package graph is the GraphQL layer: the schema's resolvers, thin and free
// of Cypher, over the service of internal/explorer. resolver.go is the only
// wiring point; the *.resolvers.go files follow the schema files.
package graph

import "github.com/supplygraph/supplygraph/internal/explorer"

//go:generate go run github.com/99designs/gqlgen generate

// Resolver is the root resolver; it holds the service the resolvers call.
type Resolver struct {
	Service *explorer.Service
}
