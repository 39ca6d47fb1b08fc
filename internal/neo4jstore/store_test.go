package neo4jstore_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/gen"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

const tiny = "../../testdata/tiny"

func date(s string) domain.Date {
	d, err := domain.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestLoadTinyAndRead(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	neo4jtest.Load(t, s, tiny)

	cs, err := s.CompaniesByID(ctx, []string{"HIT", "HARB", "KIVU", "NOPE"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]domain.Company{
		"HIT":  {ID: "HIT", Name: "Hitachi Group", Kind: domain.KindBuyer, Country: "JP", Disclosure: domain.DisclosureComplete},
		"HARB": {ID: "HARB", Name: "Harbin Tantalum", Kind: domain.KindSmelter, Country: "CN", Disclosure: domain.DisclosureNone, Metal: "TANTALUM", RMIID: "CID-T-0001", RMAPStatus: domain.RMAPConformant},
		"KIVU": {ID: "KIVU", Name: "Kivu Cassiterite Mine", Kind: domain.KindMine, Country: "CD", Disclosure: domain.DisclosureNone},
	}
	if diff := cmp.Diff(want, cs); diff != "" {
		t.Errorf("companies (-want +got):\n%s", diff)
	}

	// A snapshot's build sizes its arrays with the counts of the extent.
	ext, err := s.StoreExtent(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows := func(file string) int64 {
		b, err := os.ReadFile(filepath.Join(tiny, file))
		if err != nil {
			t.Fatal(err)
		}
		return int64(strings.Count(strings.TrimSpace(string(b)), "\n")) // the header is not a row
	}
	if ext.Companies != rows("companies.csv") || ext.Links != rows("supply_links.csv") || ext.Nodes <= ext.Companies || ext.Rels <= ext.Links || ext.MaxNode < ext.Nodes-1 {
		t.Errorf("extent %+v: want %d companies and %d links", ext, rows("companies.csv"), rows("supply_links.csv"))
	}

	codes, err := s.CodesByID(ctx, []string{"HIT-SPG", "NEC-SCG"})
	if err != nil {
		t.Fatal(err)
	}
	vd := 1095
	wantCodes := map[string]domain.Code{
		"HIT-SPG": {ID: "HIT-SPG", IssuerID: "HIT", Title: "Hitachi Group Sustainable Procurement Guidelines", Edition: 7, Issued: date("2025-05-01"), MinEdition: 6, ValidDays: &vd},
		"NEC-SCG": {ID: "NEC-SCG", IssuerID: "NEC", Title: "NEC Group Supply-Chain CSR Guideline", Edition: 3, Issued: date("2021-04-01"), MinEdition: 3},
	}
	if diff := cmp.Diff(wantCodes, codes); diff != "" {
		t.Errorf("codes (-want +got):\n%s", diff)
	}

	// Findings of EAST include its dormitory's finding, attributed to EAST.
	fs, err := s.FindingsByCompany(ctx, []string{"EAST", "BALT"})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs["EAST"]) != 1 || fs["EAST"][0].ID != "F-001" || fs["EAST"][0].SubjectID != "EAST-DORM" {
		t.Errorf("EAST findings: %+v", fs["EAST"])
	}
	if len(fs["BALT"]) != 1 || fs["BALT"][0].Status != domain.FindingRemediating {
		t.Errorf("BALT findings: %+v", fs["BALT"])
	}

	// Suppliers of HIT at 2026-06-01: AOBA, BALT, CHAO; of BALT: GDAN only (FERR ended).
	pages, err := s.Partners(ctx, []string{"HIT", "BALT"}, domain.PartnerQuery{Direction: domain.Upstream, AsOf: ptr(date("2026-06-01")), First: 2})
	if err != nil {
		t.Fatal(err)
	}
	if p := pages["HIT"]; p.Total != 3 || len(p.Items) != 2 || !p.HasNextPage || p.Items[0].Company.ID != "AOBA" {
		t.Errorf("HIT suppliers page: %+v", p)
	}
	if p := pages["BALT"]; p.Total != 1 || p.Items[0].Company.ID != "GDAN" || *p.Items[0].Links[0].Share != 0.7 {
		t.Errorf("BALT suppliers page: %+v", p)
	}
	all, err := s.Partners(ctx, []string{"BALT"}, domain.PartnerQuery{Direction: domain.Upstream, First: 10})
	if err != nil {
		t.Fatal(err)
	}
	if all["BALT"].Total != 2 {
		t.Errorf("BALT suppliers, all links: %+v", all["BALT"])
	}

	// Subgraph upstream of HIT within 2 levels has every link into tier <= 1 companies.
	links, err := s.Subgraph(ctx, "HIT", domain.Upstream, date("2026-06-01"), 2)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range links {
		got = append(got, l.SupplierID+">"+l.CustomerID)
	}
	for _, w := range []string{"AOBA>HIT", "BALT>HIT", "CHAO>HIT", "DELT>AOBA", "EAST>AOBA", "EAST>CHAO", "GDAN>BALT"} {
		if !strings.Contains(strings.Join(got, " "), w) {
			t.Errorf("subgraph lacks %s: %v", w, got)
		}
	}
	if len(got) != 7 {
		t.Errorf("subgraph: %v", got)
	}
}

func ptr[T any](v T) *T { return &v }

func TestLoadTwiceEqualsOnce(t *testing.T) {
	s := neo4jtest.Store(t)
	neo4jtest.Load(t, s, tiny)
	once := neo4jtest.Snapshot(t)
	neo4jtest.Load(t, s, tiny)
	if diff := cmp.Diff(once, neo4jtest.Snapshot(t)); diff != "" {
		t.Errorf("second load changed the database (-once +twice):\n%s", diff)
	}
}

func TestLaterLoadReplacesRecords(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	neo4jtest.Load(t, s, tiny)
	dir := t.TempDir()
	write(t, dir, "companies.csv", "id,name,kind,country\nBALT,Baltic Castings S.A.,SUPPLIER,\n")
	write(t, dir, "supply_links.csv", "supplier_id,customer_id,material,share\nBALT,HIT,castings,\n")
	write(t, dir, "facilities.csv", "id,company_id,name\nBALT-FDY,GDAN,Foundry (sold)\n")
	write(t, dir, "requests.csv", "requester_id,supplier_id,code_id,date\nHIT,BALT,HIT-SPG,2026-01-01\n")
	neo4jtest.Load(t, s, dir)

	cs, _ := s.CompaniesByID(ctx, []string{"BALT"})
	if c := cs["BALT"]; c.Name != "Baltic Castings S.A." || c.Country != "" || c.Disclosure != domain.DisclosureNone {
		t.Errorf("BALT not replaced with defaults: %+v", c)
	}
	links, _ := s.Subgraph(ctx, "HIT", domain.Upstream, date("2026-06-01"), 1)
	for _, l := range links {
		if l.SupplierID == "BALT" && l.Share != nil {
			t.Errorf("share not reset to empty: %v", *l.Share)
		}
	}
	fac, _ := s.FacilitiesByID(ctx, []string{"BALT-FDY"})
	if fac["BALT-FDY"].CompanyID != "GDAN" {
		t.Errorf("facility operator not replaced: %+v", fac)
	}
	reqs, _ := s.RequestsForCode(ctx, "HIT-SPG", date("2026-06-01"))
	n := 0
	for _, r := range reqs {
		if r.RequesterID == "HIT" && r.SupplierID == "BALT" {
			n++
			if r.Date != date("2026-01-01") {
				t.Errorf("request date = %s", r.Date)
			}
		}
	}
	if n != 1 {
		t.Errorf("HIT->BALT requests: %d, want 1 (one per key)", n)
	}
}

func TestBadDatasetChangesNothing(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	neo4jtest.Load(t, s, tiny)
	before := neo4jtest.Snapshot(t)

	dir := t.TempDir()
	write(t, dir, "companies.csv", "id,name\nNEW1,New One\nNEW2,New Two\n")
	write(t, dir, "supply_links.csv", "supplier_id,customer_id\nNEW1,HIT\nNEW2,GHOST\n")
	write(t, dir, "facilities.csv", "id,company_id,name\nNEC,NEW1,Clash\n")
	src, _ := dataset.Dir(dir)
	_, err := dataset.Validate(ctx, src, s)
	var ve *dataset.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want validation error, got %v", err)
	}
	if got := ve.Report.Issues[0].String(); got != `facilities.csv:2: id: id "NEC" is already used by a company in the database (companies and facilities share one id space)` {
		t.Errorf("first issue: %s", got)
	}
	if got := ve.Report.Issues[1].String(); got != `supply_links.csv:3: customer_id: unknown company "GHOST" (neither in the dataset nor in the database)` {
		t.Errorf("second issue: %s", got)
	}
	if diff := cmp.Diff(before, neo4jtest.Snapshot(t)); diff != "" {
		t.Errorf("database changed (-before +after):\n%s", diff)
	}
}

func TestMigrateIsIdempotentAndReady(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckSchema(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestUnreachableIsUnavailableAndFast(t *testing.T) {
	s, err := neo4jstore.Open(neo4jstore.Config{URI: "bolt://127.0.0.1:1", ConnectTimeout: 500 * time.Millisecond}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	err = s.Ping(context.Background())
	if domain.KindOf(err) != domain.Unavailable {
		t.Fatalf("kind = %s (%v), want UNAVAILABLE", domain.KindOf(err), err)
	}
	_, err = s.CompaniesByID(context.Background(), []string{"X"})
	if domain.KindOf(err) != domain.Unavailable {
		t.Fatalf("kind = %s (%v), want UNAVAILABLE", domain.KindOf(err), err)
	}
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLastRowWinsWithinFile: duplicate keys in one file, the last row wins,
// also across batches of the batched writer.
func TestLastRowWinsWithinFile(t *testing.T) {
	for _, batched := range []bool{false, true} {
		s := neo4jtest.Store(t)
		ctx := context.Background()
		dir := t.TempDir()
		write(t, dir, "companies.csv", "id,name,country\nA,Alpha,JP\nB,Beta,\nA,Alpha 2,\n")
		write(t, dir, "supply_links.csv", "supplier_id,customer_id,material,share\nB,A,,0.5\nB,A,x,0.2\nB,A,,\n")
		src, _ := dataset.Dir(dir)
		sum, err := dataset.Validate(ctx, src, s)
		if err != nil {
			t.Fatal(err)
		}
		opts := neo4jstore.LoadOptions{}
		if batched {
			opts.SingleTxRows, opts.BatchSize = 1, 1
		}
		res, err := s.Load(ctx, src, sum, opts)
		if err != nil {
			t.Fatal(err)
		}
		if res.Created["companies.csv"] != 2 || res.Updated["companies.csv"] != 1 || res.Created["supply_links.csv"] != 2 {
			t.Errorf("batched=%v counts: created %v updated %v", batched, res.Created, res.Updated)
		}
		cs, _ := s.CompaniesByID(ctx, []string{"A"})
		if cs["A"].Name != "Alpha 2" || cs["A"].Country != "" {
			t.Errorf("batched=%v: A = %+v", batched, cs["A"])
		}
		links, _ := s.Subgraph(ctx, "A", domain.Upstream, date("2026-01-01"), 1)
		if len(links) != 2 {
			t.Errorf("batched=%v: links %+v", batched, links)
		}
		for _, l := range links {
			if l.Material == "" && l.Share != nil {
				t.Errorf("batched=%v: share = %v, want empty (last row)", batched, *l.Share)
			}
		}
	}
}

// TestBatchedLoadEqualsSingleTransaction: the two write modes give the same database.
func TestBatchedLoadEqualsSingleTransaction(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	neo4jtest.Load(t, s, "../../seed/demo")
	single := neo4jtest.Snapshot(t)

	s = neo4jtest.Store(t)
	src, _ := dataset.Dir("../../seed/demo")
	sum, err := dataset.Validate(ctx, src, s)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Load(ctx, src, sum, neo4jstore.LoadOptions{SingleTxRows: 10, BatchSize: 97})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(single, neo4jtest.Snapshot(t)); diff != "" {
		t.Errorf("batched load differs (-single +batched):\n%s", diff)
	}
	loads, err := s.Loads(ctx, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(loads) != 1 || loads[0].ID != res.LoadID || loads[0].Status != neo4jstore.LoadCompleted ||
		loads[0].Rows["supply_links.csv"] != 1241 || loads[0].Batches != 3 || loads[0].File != "actions.csv" { // the last file, 196 rows in batches of 97
		t.Errorf("load record: %+v", loads)
	}
}

// TestWritePlans guards the speed of loads and reads: no write statement,
// nor any statement that reads records by ids, may scan a label, all nodes
// or an index, or look relationships up through a relationship property
// index (with an index on REQUESTED.code the planner answered each MERGE by
// reading every request for the same code, 40 times slower), neither on
// an empty database nor right after a load, when the indexes' samples
// still describe the database before it: the planner then estimated no
// rows behind an index and, for a statement that follows a relationship
// from the records it matches by id, scanned the whole index once per id
// (finding_clauses.csv at 100 000 companies: 9 s for 5 346 rows instead of
// 0.2 s).
func TestPlans(t *testing.T) {
	s := neo4jtest.Store(t)
	check := func(when string) {
		t.Helper()
		plans, err := s.Plans(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range dataset.Files {
			if plans[file] == nil {
				t.Fatalf("no plan for %s", file)
			}
		}
		for file, ops := range plans {
			for _, op := range ops {
				op = strings.TrimSuffix(op, "@neo4j")
				if strings.Contains(op, "RelationshipIndex") || strings.Contains(op, "Scan") {
					t.Errorf("%s, %s: the plan has %s: %v", when, file, op, ops)
				}
			}
		}
	}
	check("empty database")
	// The indexes' samples describe the empty database (the call resamples
	// them and waits). Neo4j samples an outdated index again within
	// seconds, so the plans are checked right after the first batch of
	// each file is committed, in a load written in batches.
	neo4jtest.Cypher(t)(`CALL db.prepareForReplanning()`)
	dir := t.TempDir()
	if _, err := gen.Generate(gen.Config{Companies: 3000, Seed: 5}, dir); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	src, _ := dataset.Dir(dir)
	sum, err := dataset.Validate(ctx, src, s)
	if err != nil {
		t.Fatal(err)
	}
	checked := map[string]bool{}
	opts := neo4jstore.LoadOptions{BatchSize: 1000, SingleTxRows: 1, Progress: func(file string, _, _ int) {
		if !checked[file] {
			checked[file] = true
			check("right after the first rows of " + file)
		}
	}}
	if _, err := s.Load(ctx, src, sum, opts); err != nil {
		t.Fatal(err)
	}
	if !checked[dataset.FindingsFile] || !checked[dataset.FindingClausesFile] {
		t.Fatalf("the dataset lacks findings or their clauses: %v", checked)
	}
}

// TestLiveLoadKeepsItsLease: a load renews the lease on its record while it
// writes, also inside one long transaction, so that it never reads
// INCOMPLETE and no other load's sweep records it so.
func TestLiveLoadKeepsItsLease(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	src, _ := dataset.Dir("../../testdata/tiny")
	sum, err := dataset.Validate(ctx, src, s)
	if err != nil {
		t.Fatal(err)
	}
	const heartbeat = 200 * time.Millisecond // the lease: 1.2 s
	start := time.Now()
	checked := 0
	res, err := s.Load(ctx, src, sum, neo4jstore.LoadOptions{Heartbeat: heartbeat, BatchSize: 10, Progress: func(string, int, int) {
		// Each batch waits, so the load (one transaction) outlasts its
		// lease several times over.
		time.Sleep(300 * time.Millisecond)
		if time.Since(start) < 3*6*heartbeat/2 {
			return
		}
		checked++
		if err := s.SweepLoads(ctx); err != nil {
			t.Error(err)
		}
		loads, err := s.Loads(ctx, 1)
		if err != nil || len(loads) != 1 || loads[0].Status != neo4jstore.LoadRunning {
			t.Errorf("%s into the load: %+v %v", time.Since(start).Round(time.Millisecond), loads, err)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 3 {
		t.Fatalf("the load took %s: checked only %d times after its first lease", time.Since(start), checked)
	}
	loads, err := s.Loads(ctx, 1)
	if err != nil || loads[0].ID != res.LoadID || loads[0].Status != neo4jstore.LoadCompleted {
		t.Errorf("after the load: %+v %v", loads, err)
	}
}

// TestPlanLoadWritesNothing: PlanLoad has Neo4j plan the statements of a
// load, those that create its record and record its change among them,
// without running any: no load record, no change of the data version.
func TestPlanLoadWritesNothing(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	before, err := s.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PlanLoad(ctx, append(dataset.Files, "unknown.csv"), "key1"); err != nil {
		t.Fatal(err)
	}
	if after, err := s.DataVersion(ctx); err != nil || after != before {
		t.Errorf("data version %+v after planning, %+v before (%v)", after, before, err)
	}
	if loads, err := s.Loads(ctx, 10); err != nil || len(loads) != 0 {
		t.Errorf("load records after planning: %+v (%v)", loads, err)
	}
}
