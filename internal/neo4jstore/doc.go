// Package neo4jstore keeps supplygraph's data in Neo4j: it migrates the
// schema, writes datasets, and reads entities and supply-chain subgraphs.
//
// Every query is a const next to the method that runs it and takes
// parameters only; no Cypher is ever built from input. Methods return errors
// of the domain kinds: UNAVAILABLE when Neo4j cannot be reached, TIMEOUT when
// a query runs past its transaction timeout, BAD_INPUT and NOT_FOUND where
// they say so, INTERNAL otherwise.
//
// Graph model:
//
//	(:Company:Subject {id, name, nameLower, kind, country, disclosure, metal, rmiId, rmapStatus})
//	(:Facility:Subject {id, name, country, type})-[:OPERATED_BY]->(:Company)
//	(:Company)-[:SUPPLIES {material, since, until, share, proposedBy}]->(:Company)
//	(:Code {id, title, edition, issued, minEdition, validDays})-[:ISSUED_BY]->(:Company)
//	(:Code)-[:ACCEPTS]->(:Code)
//	(:Company)-[:REQUESTED {code, date}]->(:Company)
//	(:Company)-[:ACKNOWLEDGED {edition, date, signatory}]->(:Code)
//	(:Finding {id, category, severity, likelihood, status, source, detected, closed, description})-[:CONCERNS]->(:Subject)
//
// Companies and facilities share one id space, enforced by the uniqueness
// constraint on :Subject(id).
//
// A statement that matches records by id and follows a relationship from
// them says USING INDEX SEEK: right after a load, until Neo4j samples its
// indexes again, the planner sees no rows behind them and otherwise scans
// the whole index once per id (TestWritePlans plans every such statement
// in that window).
package neo4jstore
