package neo4jstore_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// TestMigrateConvertsOldCMRTLinks: a schema 7 database whose CMRT import
// linked smelters to the declaring company gets declarations instead, once;
// a link a dataset loaded (a share, or a material other than the metal)
// stays a link; a database without a CMRT load keeps its links.
func TestMigrateConvertsOldCMRTLinks(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	exec := neo4jtest.Cypher(t)
	setup := func(withLoad bool) {
		exec(`MATCH (n) WHERE n:Company OR n:Declaration OR n:Load DETACH DELETE n`)
		exec(`MERGE (v:SchemaVersion {id: 'supplygraph'}) SET v.version = 7`)
		exec(`CREATE (:Company:Subject {id: 'EAST', name: 'East', kind: 'SUPPLIER', disclosure: 'COMPLETE'}),
		  (:Company:Subject {id: 'CID1', name: 'Tin One', kind: 'SMELTER', metal: 'TIN', rmiId: 'CID1', rmapStatus: 'NOT_ENROLLED'}),
		  (:Company:Subject {id: 'CID2', name: 'Gold Two', kind: 'SMELTER', metal: 'GOLD', rmiId: 'CID2', rmapStatus: 'NOT_ENROLLED'}),
		  (:Company:Subject {id: 'CID3', name: 'Tin Three', kind: 'SMELTER', metal: 'TIN', rmiId: 'CID3', rmapStatus: 'NOT_ENROLLED'})`)
		exec(`MATCH (e:Company {id: 'EAST'}), (a:Company {id: 'CID1'}), (b:Company {id: 'CID2'}), (c:Company {id: 'CID3'})
		  CREATE (a)-[:SUPPLIES {material: 'TIN'}]->(e), (b)-[:SUPPLIES {material: 'GOLD'}]->(e),
		         (c)-[:SUPPLIES {material: 'TIN', share: 0.5}]->(e), (a)-[:SUPPLIES {material: 'tin bar'}]->(e)`)
		if withLoad {
			exec(`CREATE (:Load {id: 'L1', origin: 'cmrt', status: 'COMPLETED', finished: datetime('2025-11-02T10:00:00Z')})`)
		}
	}
	state := func() string {
		sys := auth.With(ctx, auth.System)
		links, err := s.Subgraph(sys, "EAST", domain.Upstream, date("2026-01-01"), 1)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range links {
			out = append(out, fmt.Sprintf("link %s %q", l.SupplierID, l.Material))
		}
		slices.Sort(out)
		decls, err := s.DeclarationsOf(sys, []string{"EAST"})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range decls["EAST"] {
			out = append(out, fmt.Sprintf("declaration %s %s %s %v", d.ID, d.Version, d.Effective, d.Smelters))
		}
		return strings.Join(out, "\n")
	}

	setup(true)
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	want := `link CID1 "tin bar"
link CID3 "TIN"
declaration EAST:CMRT:2025-11-02 migrated 2025-11-02 [{GOLD CID2} {TIN CID1}]`
	if got := state(); got != want {
		t.Errorf("after migrating:\n%s\nwant:\n%s", got, want)
	}
	if err := s.Migrate(ctx); err != nil { // at the current schema: nothing more
		t.Fatal(err)
	}
	if got := state(); got != want {
		t.Errorf("after migrating again:\n%s\nwant:\n%s", got, want)
	}

	setup(false)
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if got := state(); strings.Contains(got, "declaration") || strings.Count(got, "link") != 4 {
		t.Errorf("without a cmrt load:\n%s", got)
	}
}

// TestMigrateIsAllOrNothing: the schema statements run in one transaction,
// so a migration that cannot create a constraint (the data breaks it)
// changes no part of the schema and records no schema version.
func TestMigrateIsAllOrNothing(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	query := neo4jtest.Cypher(t)
	schema := func() []string {
		var names []string
		for _, r := range query(`SHOW INDEXES YIELD name RETURN name ORDER BY name`) {
			names = append(names, r.Values[0].(string))
		}
		return names
	}
	t.Cleanup(func() { // leave the test database migrated for the next test
		query(`MATCH (k:ApiKey) DETACH DELETE k`)
		if err := s.Migrate(ctx); err != nil {
			t.Error(err)
		}
	})
	// An index that comes before api_key_hash in the migrations, and the
	// constraint that the data now breaks.
	query(`DROP INDEX load_status`)
	query(`DROP CONSTRAINT api_key_hash`)
	query(`MATCH (v:SchemaVersion) DELETE v`)
	query(`CREATE (:ApiKey {id: 'k1', hash: 'same'}), (:ApiKey {id: 'k2', hash: 'same'})`)
	before := schema()
	if err := s.Migrate(ctx); err == nil {
		t.Fatal("migrate succeeded with two keys of one hash")
	}
	if after := schema(); !slices.Equal(after, before) {
		t.Errorf("a failed migration changed the schema:\nbefore %v\nafter  %v", before, after)
	}
	if err := s.CheckSchema(ctx); err == nil {
		t.Error("a failed migration recorded the schema version")
	}
}
