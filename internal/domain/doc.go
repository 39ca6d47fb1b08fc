// Package domain holds the types at the centre of supplygraph: companies,
// facilities, supply links, codes of conduct, requests, acknowledgments and
// findings, the enumerations of the data model, dates, and the error kinds
// that every layer uses to say what went wrong.
//
// Nothing here depends on Neo4j, GraphQL or any other package of the project.
package domain
