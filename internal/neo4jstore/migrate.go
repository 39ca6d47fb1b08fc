package neo4jstore

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// SchemaVersion is the version of the schema that Migrate creates.
const SchemaVersion = 9

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
	// Schema 8: CMRT and EMRT declarations (see convertCMRTLinks).
	`CREATE CONSTRAINT declaration_id IF NOT EXISTS FOR (d:Declaration) REQUIRE d.id IS UNIQUE`,
	// Schema 9: clauses (keyed by code and clause id) and corrective actions.
	`CREATE CONSTRAINT clause_key IF NOT EXISTS FOR (c:Clause) REQUIRE c.key IS UNIQUE`,
	`CREATE CONSTRAINT action_id IF NOT EXISTS FOR (a:Action) REQUIRE a.id IS UNIQUE`,
}

// convertCMRTLinks turns the supply links schema 7's CMRT import wrote (a
// smelter linked to the declaring company with its own metal, upper case,
// as material, without dates, share or proposer) into declarations of
// their customers dated the day of the latest CMRT load, and deletes the
// links; only in a database that records a CMRT load. See
// docs/data-format.md ("Databases written before schema 8").
const convertCMRTLinks = `
MATCH (l:Load {origin: 'cmrt'})
WITH max(l.finished) AS last WHERE last IS NOT NULL
MATCH (s:Company)-[r:SUPPLIES]->(c:Company)
WHERE s.kind = 'SMELTER' AND r.material = s.metal AND r.material IN $metals
  AND r.since IS NULL AND r.until IS NULL AND r.share IS NULL AND r.proposedBy IS NULL
WITH c, date(last) AS eff, collect(r) AS links, collect(s) AS smelters
MERGE (d:Declaration {id: c.id + ':CMRT:' + toString(eff)})
ON CREATE SET d.declarer = c.id, d.template = 'CMRT', d.version = 'migrated', d.scope = '', d.scopeText = '',
  d.effective = eff, d.companyName = '', d.file = '', d.answerMetals = [], d.answerNumbers = [],
  d.answerQuestions = [], d.answerValues = []
MERGE (c)-[:DECLARED]->(d)
WITH d, links, smelters
CALL (d, smelters) { UNWIND smelters AS s MERGE (d)-[:NAMES {metal: s.metal}]->(s) }
FOREACH (r IN links | DELETE r)
RETURN count(DISTINCT d) AS declarations, sum(size(links)) AS links`

const recordMigration = `
CREATE (:Load {id: $id, origin: 'migration', by: 'migrate', files: [], rowCounts: [$rows], fingerprint: '',
  started: datetime(), finished: datetime(), heartbeat: datetime(), status: 'COMPLETED', attempts: 1,
  file: '', batches: 0, created: [$created], updated: []})`

// migrateData converts what a database of an older schema holds (once,
// when the stored version is below 8) and records the schema version, in
// one transaction. It returns a note for the log.
func (s *Store) migrateData(ctx context.Context) (string, error) {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	note, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		note, err := convertData(ctx, tx)
		if err != nil {
			return nil, err
		}
		r, err := tx.Run(ctx, setSchemaVersion, map[string]any{"version": SchemaVersion})
		if err == nil {
			_, err = r.Consume(ctx)
		}
		return note, err
	}, neo4j.WithTxTimeout(s.txTimeout(ctx)))
	if err != nil {
		return "", s.classify(ctx, err)
	}
	return note.(string), nil
}

// convertData runs the data conversions of schema 8 in tx when the stored
// schema version is below 8.
func convertData(ctx context.Context, tx neo4j.ManagedTransaction) (string, error) {
	r, err := tx.Run(ctx, getSchemaVersion, nil)
	if err != nil {
		return "", err
	}
	rec, err := r.Single(ctx)
	if err != nil {
		return "", err
	}
	// No stored version: no supplygraph has migrated this database, so it
	// holds nothing of schema 7 (on a fresh database this also spares
	// Neo4j planning the conversion, a second on a Neo4j just started).
	if v, ok := rec.Values[0].(int64); !ok || v >= 8 {
		return "", nil
	}
	if r, err = tx.Run(ctx, convertCMRTLinks, map[string]any{"metals": []string{"TIN", "TANTALUM", "TUNGSTEN", "GOLD", "COBALT"}}); err != nil {
		return "", err
	}
	recs, err := r.Collect(ctx)
	if err != nil {
		return "", err
	}
	if len(recs) == 0 || integer(recs[0].Values[1]) == 0 {
		return "", nil
	}
	decls, links := integer(recs[0].Values[0]), integer(recs[0].Values[1])
	if r, err = tx.Run(ctx, recordMigration, map[string]any{"id": newLoadID(),
		"rows": fmt.Sprintf("cmrt-links=%d", links), "created": fmt.Sprintf("declarations=%d", decls)}); err != nil {
		return "", err
	}
	if _, err = r.Consume(ctx); err != nil {
		return "", err
	}
	return fmt.Sprintf("schema 8: %d supply links written by the CMRT import of schema 7 became %d declarations", links, decls),
		bump(ctx, tx, &Touched{Full: true})
}

const setSchemaVersion = `
MERGE (v:SchemaVersion {id: 'supplygraph'})
SET v.version = $version`

const getSchemaVersion = `
OPTIONAL MATCH (v:SchemaVersion {id: 'supplygraph'})
RETURN v.version AS version`

// Migrate creates the constraints and indexes and waits for them to come
// online. It is idempotent. It returns UNAVAILABLE when Neo4j is down.
//
// The schema statements run in one transaction (Neo4j allows any number of
// schema commands in one, though no data writes beside them) and the data
// steps in another, after one wait for the indexes: each transaction is a
// round trip and a commit, and a load into a fresh database pays them all
// before it writes.
func (s *Store) Migrate(ctx context.Context) error {
	schema := make([]statement, len(migrations))
	for i, m := range migrations {
		schema[i] = statement{query: m}
	}
	if err := s.runInOneTx(ctx, schema); err != nil {
		return err
	}
	if _, err := s.write(ctx, `CALL db.awaitIndexes(300)`, nil); err != nil {
		return err
	}
	note, err := s.migrateData(ctx)
	if err != nil {
		return err
	}
	if note != "" && s.log != nil {
		s.log.Warn(note)
	}
	return nil
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
