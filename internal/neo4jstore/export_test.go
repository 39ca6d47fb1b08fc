package neo4jstore

import (
	"context"
	"fmt"
	"reflect"
	"regexp"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Plans returns the operators of the plan Neo4j chooses for each
// file's write statement and for each statement that reads records by a
// list of ids (EXPLAIN: nothing runs), planned again rather than taken from
// the plan cache; the reads are keyed by their names.
func (s *Store) Plans(ctx context.Context) (map[string][]string, error) {
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.cfg.Database})
	defer sess.Close(ctx)
	statements := map[string]string{
		"companiesByID": companiesByID, "suppliersOf": suppliersOf, "customersOf": customersOf,
		"facilitiesByCompany": facilitiesByCompany, "facilitiesByID": facilitiesByID, "findingsByCompany": findingsByCompany,
		"acksByCompany": acksByCompany, "requestsReceived": requestsReceived, "requestsMade": requestsMade,
		"codesByID": codesByID, "acceptedCodes": acceptedCodes, "findingsByID": findingsByID,
		"acksOfCodes": acksOfCodes, "findingsOfCompanies": findingsOfCompanies, "kindsByID": kindsByID,
		"companiesWithData": companiesWithData, "findingsAbout": findingsAbout, "declarationsOf": declarationsOf,
		"rmapHistories": rmapHistories, "smeltersByRMIID": smeltersByRMIID,
		"upsertSmelterCompanies": upsertSmelterCompanies, "upsertDeclarations": upsertDeclarations,
		"setRMAPHistories": setRMAPHistories, "confirmLinks": confirmLinks, "rejectLinks": rejectLinks,
		"linksByKey": linksByKey, "upstreamLevelConfirmed": upstreamLevelConfirmed,
		"declaredUpstreamLevel": declaredUpstreamLevel, "declaredDownstreamLevel": declaredDownstreamLevel,
		"upstreamLevel": upstreamLevel, "downstreamLevel": downstreamLevel, "allSuppliers": allSuppliers,
	}
	for label, q := range existingByLabel {
		statements["existing "+label] = q
	}
	for file, q := range writeQueries {
		statements[file] = q
	}
	out := map[string][]string{}
	for name, q := range statements {
		params := map[string]any{"rows": []any{}, "ids": []string{}, "frontier": []string{}}
		for _, p := range paramName.FindAllStringSubmatch(q, -1) {
			if _, ok := params[p[1]]; !ok {
				params[p[1]] = nil
			}
		}
		res, err := sess.Run(ctx, "CYPHER replan=force EXPLAIN "+q, params)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		sum, err := res.Consume(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = planOperators(reflect.ValueOf(sum.Plan()).Elem().Field(0).Elem())
	}
	return out, nil
}

var paramName = regexp.MustCompile(`\$(\w+)`)

// planOperators returns the operators of a parsed plan (the driver's
// internal db.Plan), depth first. The plan is read by reflection because
// the driver's Plan.Children (v5.28) returns its last child as many times
// as there are children (it takes the address of its loop variable, with
// the loop semantics of its go.mod's Go 1.18): walking it would skip the
// first input of every Apply and CartesianProduct.
func planOperators(p reflect.Value) []string {
	ops := []string{p.FieldByName("Operator").String()}
	children := p.FieldByName("Children")
	for i := 0; i < children.Len(); i++ {
		ops = append(ops, planOperators(children.Index(i))...)
	}
	return ops
}

// SweepLoads records the loads whose lease has lapsed as INCOMPLETE, as
// every load does first.
func (s *Store) SweepLoads(ctx context.Context) error {
	_, err := s.write(ctx, sweepLoads, nil)
	return err
}
