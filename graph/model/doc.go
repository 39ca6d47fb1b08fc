// Package model holds the GraphQL types that are not domain types: generated
// ones (models_gen.go) and the few written by hand.
package model
