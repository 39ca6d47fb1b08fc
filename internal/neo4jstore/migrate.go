package neo4jstore

import (
	"context"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// SchemaVersion is the version of the schema that Migrate creates.
const SchemaVersion = 8

// migrations are idempotent schema statements, run in order.
var migrations = []string{
	`CREATE CONSTRAINT subject_id IF NOT EXISTS FOR (s:Subject) REQUIRE s.id IS UNIQUE`,
	`CREATE CONSTRAINT company_id IF NOT EXISTS FOR (c:Company) REQUIRE c.id IS UNIQUE`,
	`CREATE CONSTRAINT facility_id IF NOT EXISTS FOR (f:Facility) REQUIRE f.id IS UNIQUE`,
	`CREATE CONSTRAINT code_id IF NOT EXISTS FOR (c:Code) REQUIRE c.id IS UNIQUE`,
	`CREATE CONSTRAINT finding_id IF NOT EXISTS FOR (f:Finding) REQUIRE f.id IS UNIQUE`,
	// Schema 4 also indexed Company name, kind and country, which no query
	// can use (the search filters on optional parameters); each cost a
	// write per company.
	`DROP INDEX company_name_lower IF EXISTS`,
	`DROP INDEX company_kind IF EXISTS`,
	`DROP INDEX company_country IF EXISTS`,
	// Schema 4 had property indexes on REQUESTED.code and SUPPLIES.material.
	// The planner used them for the MERGE of those relationships, scanning
	// every relationship with the same code or material for each row (a
	// load of requests ran 40 times slower). RequestsForCode, which the
	// analysis uses only without a current snapshot, scans REQUESTED instead.
	`DROP INDEX requested_code IF EXISTS`,
	`DROP INDEX supplies_material IF EXISTS`,
	`CREATE CONSTRAINT schema_version_id IF NOT EXISTS FOR (v:SchemaVersion) REQUIRE v.id IS UNIQUE`,
	`CREATE CONSTRAINT load_id IF NOT EXISTS FOR (l:Load) REQUIRE l.id IS UNIQUE`,
	`CREATE INDEX load_fingerprint IF NOT EXISTS FOR (l:Load) ON (l.fingerprint)`,
	// Schema 6: every load first finds the RUNNING loads whose lease has
	// lapsed (sweepLoads); there is a load record per mutation.
	`CREATE INDEX load_status IF NOT EXISTS FOR (l:Load) ON (l.status)`,
	`CREATE INDEX company_rmi_id IF NOT EXISTS FOR (c:Company) ON (c.rmiId)`,
	`CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.id IS UNIQUE`,
	`CREATE CONSTRAINT api_key_hash IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.hash IS UNIQUE`,
	// Schema 7: the change sequence the analysis snapshots catch up from
	// (see DataVersion).
	`CREATE CONSTRAINT change_seq IF NOT EXISTS FOR (c:Change) REQUIRE c.seq IS UNIQUE`,
	// Schema 8: clauses (keyed by code and clause id) and corrective actions.
	`CREATE CONSTRAINT clause_key IF NOT EXISTS FOR (c:Clause) REQUIRE c.key IS UNIQUE`,
	`CREATE CONSTRAINT action_id IF NOT EXISTS FOR (a:Action) REQUIRE a.id IS UNIQUE`,
}

const setSchemaVersion = `
MERGE (v:SchemaVersion {id: 'supplygraph'})
SET v.version = $version`

const getSchemaVersion = `
OPTIONAL MATCH (v:SchemaVersion {id: 'supplygraph'})
RETURN v.version AS version`

// Migrate creates the constraints and indexes and waits for them to come
// online. It is idempotent. It returns UNAVAILABLE when Neo4j is down.
func (s *Store) Migrate(ctx context.Context) error {
	for _, m := range migrations {
		if _, err := s.write(ctx, m, nil); err != nil {
			return err
		}
	}
	if _, err := s.write(ctx, `CALL db.awaitIndexes(300)`, nil); err != nil {
		return err
	}
	_, err := s.write(ctx, setSchemaVersion, map[string]any{"version": SchemaVersion})
	return err
}

// CheckSchema returns nil when the schema is migrated to SchemaVersion,
// UNAVAILABLE otherwise.
func (s *Store) CheckSchema(ctx context.Context) error {
	recs, err := s.read(ctx, getSchemaVersion, nil)
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return domain.Errorf(domain.Unavailable, "schema not migrated")
	}
	v, _ := recs[0].Values[0].(int64)
	if v < SchemaVersion {
		return domain.Errorf(domain.Unavailable, "schema not migrated (version %d, want %d)", v, SchemaVersion)
	}
	return nil
}
