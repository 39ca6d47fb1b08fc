package explorer_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/cmrt"
	"github.com/supplygraph/supplygraph/internal/cmrt/cmrttest"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

func row(metal, name, country, id string) []string {
	r := make([]string, len(cmrttest.StandardHeader))
	r[cmrttest.ColMetal], r[cmrttest.ColName], r[cmrttest.ColCountry], r[cmrttest.ColSmelterID] = metal, name, country, id
	r[cmrttest.ColLookup] = name
	r[cmrttest.ColSource] = "RMI"
	return r
}

func workbook(t *testing.T, company string, rows ...[]string) []byte {
	return workbookAt(t, company, time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), rows...)
}

func workbookAt(t *testing.T, company string, eff time.Time, rows ...[]string) []byte {
	t.Helper()
	return buildWorkbook(t, cmrttest.TestWorkbook{Declaration: cmrttest.Declaration{CompanyName: company, EffectiveDate: eff}, Rows: rows})
}

func buildWorkbook(t *testing.T, tw cmrttest.TestWorkbook) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := tw.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func files(books map[string][]byte) []explorer.NamedReader {
	var out []explorer.NamedReader
	for _, name := range []string{"a.xlsx", "b.xlsx"} {
		if b, ok := books[name]; ok {
			out = append(out, explorer.NamedReader{Name: name, R: bytes.NewReader(b)})
		}
	}
	return out
}

func TestImportCMRT(t *testing.T) {
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, "../../testdata/tiny")
	svc := explorer.New(store)
	ctx := auth.With(context.Background(), auth.System)
	before := neo4jtest.Snapshot(t)
	books := map[string][]byte{
		"a.xlsx": workbook(t, "Eastern Solder\t",
			row("Tin", "Indo Tin Smelter", "Indonesia", "CID-S-0002"),
			row("Gold", "Shenzhen Gold Refinery", "China", "CID002001"),
			row("Tin", "Smelter not listed", "Bolivia (Plurinational State of)", ""),
			nil,
			row("Tantalum", "Atlantis Tantalum", "Atlantis", "CID002002"),
			row("Gold", "Shenzhen Gold Refinery", "China", "CID002001"),
		),
		"b.xlsx": buildWorkbook(t, cmrttest.TestWorkbook{Template: "EMRT", Version: "1.1",
			Declaration: cmrttest.Declaration{EffectiveDate: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)},
			Rows:        [][]string{row("Cobalt", "Lubumbashi Cobalt", "Congo, Democratic Republic of the", "CID002003")}}),
	}
	imp, err := svc.ImportCMRT(ctx, "EAST", "test", files(books), false)
	if err != nil {
		t.Fatal(err)
	}
	r := imp.Result
	if len(r.Created) != 2 || len(r.Replaced)+len(r.Unchanged) != 0 || r.SmeltersCreated != 4 || r.LoadID == "" {
		t.Errorf("result: %+v", r)
	}
	var issues []string
	for _, is := range imp.Issues {
		issues = append(issues, is.String())
	}
	joined := strings.Join(issues, "\n")
	for _, want := range []string{
		"a.xlsx:Smelter List!7: Smelter Identification: no smelter id", // every message keeps its sheet and row
		"a.xlsx:Smelter List!10: Smelter Identification: smelter CID002001 is already listed at row 6",
		"b.xlsx:Declaration!8: Company Name: blank company name: recorded as a declaration of EAST, the company it is imported for",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("issues lack %q:\n%s", want, joined)
		}
	}
	if strings.Contains(joined, "a.xlsx:Declaration: Company Name") {
		t.Errorf("a company name with a trailing tab is the company's own:\n%s", joined)
	}
	decls, err := svc.DeclarationsOf(ctx, []string{"EAST"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range decls["EAST"] {
		got = append(got, fmt.Sprintf("%s %s %s %s %v", d.ID, d.Template, d.Version, d.Scope, d.Smelters))
	}
	want := []string{
		"EAST:CMRT:2026-03-31 CMRT 6.5 COMPANY [{GOLD CID002001} {TANTALUM CID002002} {TIN CID-S-0002}]",
		"EAST:EMRT:2026-02-01 EMRT 1.1 COMPANY [{COBALT CID002003}]",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("declarations (-want +got):\n%s", diff)
	}
	// Declared smelters are not supply links.
	links, _ := store.Subgraph(ctx, "EAST", domain.Upstream, domain.Today(), 1)
	for _, l := range links {
		if strings.HasPrefix(l.SupplierID, "CID") {
			t.Errorf("a declared smelter became a supply link: %+v", l)
		}
	}
	cs, _ := store.CompaniesByID(ctx, []string{"CID002003"})
	if c := cs["CID002003"]; c.Kind != domain.KindSmelter || c.Metal != "COBALT" || c.Country != "CD" || c.RMAPStatus != domain.RMAPNotEnrolled {
		t.Errorf("smelter: %+v", c)
	}

	// Re-importing changes nothing, not even a load record.
	afterImport := neo4jtest.Snapshot(t)
	if diff := cmp.Diff(before, afterImport); diff == "" {
		t.Fatal("the import changed nothing")
	}
	imp, err = svc.ImportCMRT(ctx, "EAST", "test", files(books), false)
	if err != nil {
		t.Fatal(err)
	}
	if r := imp.Result; len(r.Unchanged) != 2 || r.LoadID != "" {
		t.Errorf("re-import: %+v", r)
	}
	if diff := cmp.Diff(afterImport, neo4jtest.Snapshot(t)); diff != "" {
		t.Errorf("re-import changed the database:\n%s", diff)
	}
}

func TestImportCMRTErrorsChangeNothing(t *testing.T) {
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, "../../testdata/tiny")
	svc := explorer.New(store)
	ctx := auth.With(context.Background(), auth.System)
	before := neo4jtest.Snapshot(t)

	clash := map[string][]byte{"a.xlsx": workbook(t, "X", row("Tin", "Fake", "China", "AOBA"), row("Gold", "New", "China", "CID009"))}
	if _, err := svc.ImportCMRT(ctx, "EAST", "test", files(clash), false); domain.KindOf(err) != domain.BadInput || !strings.Contains(err.Error(), "AOBA (a SUPPLIER)") {
		t.Errorf("clash: %v", err)
	}
	if _, err := svc.ImportCMRT(ctx, "NOPE", "test", files(clash), false); domain.KindOf(err) != domain.NotFound {
		t.Errorf("unknown company: %v", err)
	}
	junk := []explorer.NamedReader{{Name: "junk.xlsx", R: strings.NewReader("not a workbook")}}
	if _, err := svc.ImportCMRT(ctx, "EAST", "test", junk, false); domain.KindOf(err) != domain.BadInput || !strings.Contains(err.Error(), "junk.xlsx") {
		t.Errorf("junk: %v", err)
	}
	undated := map[string][]byte{"a.xlsx": buildWorkbook(t, cmrttest.TestWorkbook{Declaration: cmrttest.Declaration{CompanyName: "X"},
		Rows: [][]string{row("Gold", "New", "China", "CID009")}})}
	if _, err := svc.ImportCMRT(ctx, "EAST", "test", files(undated), false); domain.KindOf(err) != domain.BadInput || !strings.Contains(err.Error(), "a.xlsx: no readable effective date") {
		t.Errorf("undated: %v", err)
	}
	same := map[string][]byte{"a.xlsx": workbook(t, "X", row("Gold", "New", "China", "CID009")), "b.xlsx": workbook(t, "X")}
	if _, err := svc.ImportCMRT(ctx, "EAST", "test", files(same), false); domain.KindOf(err) != domain.BadInput || !strings.Contains(err.Error(), "both CMRT declarations of EAST effective 2026-03-31") {
		t.Errorf("two workbooks of one key: %v", err)
	}
	scoped := auth.With(context.Background(), &auth.Principal{Role: auth.Editor, Company: "EAST", Visible: map[string]bool{"EAST": true}})
	if _, err := svc.ImportCMRT(scoped, "EAST", "test", files(clash), false); domain.KindOf(err) != domain.Forbidden {
		t.Errorf("scoped key: %v", err)
	}
	_, _, err := svc.UpdateRMAPStatuses(ctx, explorer.NamedReader{Name: "rmap.csv", R: strings.NewReader("rmi_id,rmap_status,published\nCID-S-0002,CONFORMANT,2026-01-01\nCID404,ACTIVE,2026-01-01\n")}, nil, false)
	if domain.KindOf(err) != domain.BadInput || !strings.Contains(err.Error(), `rmap.csv:3: rmi_id: no smelter has RMI id "CID404"`) {
		t.Errorf("unknown rmi id: %v", err)
	}
	if diff := cmp.Diff(before, neo4jtest.Snapshot(t)); diff != "" {
		t.Errorf("database changed:\n%s", diff)
	}
}

// mineralsScenario loads testdata/tiny with the declarations and the RMAP
// file of docs/analysis.md's worked example, through the importers.
func mineralsScenario(t *testing.T) *neo4jstore.Store {
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, "../../testdata/tiny")
	svc := explorer.New(store)
	ctx := auth.With(context.Background(), auth.System)
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	tin := func(rate, identified string) map[int]map[string]string {
		a := map[int]map[string]string{1: {"Tin": "Yes"}, 5: {}, 6: {}}
		if rate != "" {
			a[5]["Tin"] = rate
		}
		if identified != "" {
			a[6]["Tin"] = identified
		}
		return a
	}
	lumo := row("Tin", "Lumut Tin", "Indonesia", "LUMO")
	indo := row("Tin", "Indo Tin Smelter", "Indonesia", "INDO")
	for _, w := range []struct {
		company, version, eff string
		answers               map[int]map[string]string
		rows                  [][]string
	}{
		{"AOBA", "6.1", "2024-02-01", tin("", ""), [][]string{indo, lumo}},
		{"AOBA", "6.31", "2025-03-01", tin("", "Yes"), [][]string{indo}},
		{"CHAO", "6.4", "2026-04-01", tin("100%", ""), [][]string{indo}},
		{"DELT", "6.4", "2026-02-01", tin("100%", "Yes"), [][]string{row("Tantalum", "Harbin Tantalum", "China", "HARB")}},
		{"EAST", "6.4", "2026-01-15", tin("100%", "Yes"), [][]string{indo, lumo, row("Gold", "Jade Gold Refinery", "Hong Kong", "JADE")}},
	} {
		b := buildWorkbook(t, cmrttest.TestWorkbook{Version: w.version, Declaration: cmrttest.Declaration{CompanyName: w.company,
			EffectiveDate: day(w.eff), Answers: w.answers}, Rows: w.rows})
		if _, err := svc.ImportCMRT(ctx, w.company, "test", []explorer.NamedReader{{Name: w.company + ".xlsx", R: bytes.NewReader(b)}}, false); err != nil {
			t.Fatal(err)
		}
	}
	pub, _ := domain.ParseDate("2026-03-01")
	if _, _, err := svc.UpdateRMAPStatuses(ctx, explorer.NamedReader{Name: "rmap.csv",
		R: strings.NewReader("rmi_id,rmap_status\nCID-S-0002,CONFORMANT\nCID-G-0003,CONFORMANT\n")}, &pub, false); err != nil {
		t.Fatal(err)
	}
	return store
}

// TestMineralsWorkedExample checks every number of docs/analysis.md's
// minerals example, from Neo4j and from the snapshot.
func TestMineralsWorkedExample(t *testing.T) {
	store := mineralsScenario(t)
	ctx := auth.With(context.Background(), auth.System)
	for _, snap := range []bool{false, true} {
		t.Run(fmt.Sprintf("snapshot=%v", snap), func(t *testing.T) {
			svc := explorer.New(store)
			svc.UseSnapshot(explorer.SnapshotOptions{Enabled: snap})
			if err := svc.WarmUp(ctx); err != nil {
				t.Fatal(err)
			}
			date := func(s string) *domain.Date { d, _ := domain.ParseDate(s); return &d }
			floats := cmpopts.EquateApprox(1e-9, 0)

			// RMAP status at asOf
			cs, _ := svc.CompaniesOf(ctx, []string{"INDO", "JADE"})
			for _, c := range []struct {
				id, date string
				want     domain.RMAPStatus
			}{{"INDO", "2026-01-01", domain.RMAPNotEnrolled}, {"INDO", "2026-06-01", domain.RMAPConformant},
				{"JADE", "2026-01-01", domain.RMAPActive}, {"JADE", "2026-03-01", domain.RMAPConformant}} {
				co := cs[c.id]
				if got := co.RMAPStatusAt(*date(c.date)); got != c.want {
					t.Errorf("%s at %s: %s, want %s", c.id, c.date, got, c.want)
				}
			}

			type src struct {
				ID       string
				Path     []string
				Declared []bool
				Weight   float64
				Score    float64
			}
			exposure := func(asOf string) []src {
				rep, err := svc.RiskExposure(ctx, "HIT", nil, nil, nil, nil, date(asOf))
				if err != nil {
					t.Fatal(err)
				}
				var out []src
				for _, s := range rep.Sources {
					out = append(out, src{s.Source.ID, s.Path, s.Declared, s.Weight, s.Score})
				}
				return out
			}
			want := []src{
				{"rmap:LUMO", []string{"LUMO", "EAST", "CHAO", "HIT"}, []bool{true, false, false}, 0.64, 10.24},
				{"F-001", []string{"EAST", "CHAO", "HIT"}, nil, 0.8, 9.6},
				{"F-002", []string{"BALT", "HIT"}, nil, 0.4, 2.4},
				{"F-005", []string{"DELT", "AOBA", "HIT"}, nil, 0.24, 0.96},
			}
			if diff := cmp.Diff(want, exposure("2026-06-01"), floats); diff != "" {
				t.Errorf("riskExposure at 2026-06-01 (-want +got):\n%s", diff)
			}
			var ids []string
			rm, err := svc.RiskExposure(ctx, "HIT", []domain.RiskCategory{domain.ResponsibleMinerals}, nil, nil, nil, date("2026-01-01"))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range rm.Sources {
				ids = append(ids, fmt.Sprintf("%s %.4g", s.Source.ID, s.Score))
			}
			if diff := cmp.Diff([]string{"rmap:INDO 8.192", "rmap:JADE 1.024"}, ids); diff != "" {
				t.Errorf("riskExposure at 2026-01-01 (-want +got):\n%s", diff)
			}

			imp, err := svc.Impact(ctx, "LUMO", nil, nil, date("2026-06-01"))
			if err != nil {
				t.Fatal(err)
			}
			var affected []string
			for _, e := range imp.Affected {
				affected = append(affected, fmt.Sprintf("%s %d %.5g %v", e.CompanyID, e.Distance, e.Weight, e.Declared))
			}
			wantImpact := []string{"EAST 1 1 [true]", "AOBA 2 0.4 [true false]", "CHAO 2 0.8 [true false]",
				"DELT 3 0.032 [true false false]", "HIT 3 0.64 [true false false]", "NEC 3 0.096 [true false false]"}
			if diff := cmp.Diff(wantImpact, affected); diff != "" {
				t.Errorf("impact of LUMO (-want +got):\n%s", diff)
			}

			ch, err := svc.SupplyChain(ctx, "HIT", nil, date("2026-06-01"))
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := ch.Tiers["LUMO"]; ok || len(ch.Tiers) != 10 {
				t.Errorf("supplyChain: a declared smelter in the tiers: %v", ch.Tiers)
			}

			m, err := svc.MineralsReport(ctx, "HIT", "TIN", nil, nil, date("2026-06-01"))
			if err != nil {
				t.Fatal(err)
			}
			wantTiers := []analysis.MineralsTier{{Tier: 1, Companies: 3, Current: 1, Stale: 1, None: 1, Rate: 1.0 / 3},
				{Tier: 2, Companies: 3, Current: 2, Stale: 0, None: 1, Rate: 2.0 / 3}}
			if diff := cmp.Diff(wantTiers, m.Tiers, floats); diff != "" {
				t.Errorf("tiers (-want +got):\n%s", diff)
			}
			if m.ResponseRate != analysis.ResponseFiftyOrLess || m.AllIdentified {
				t.Errorf("response rate %s, all identified %v", m.ResponseRate, m.AllIdentified)
			}
			var smelters []string
			for _, s := range m.Smelters {
				smelters = append(smelters, fmt.Sprintf("%s %s %v %d %v", s.Company.ID, s.RMAPStatus, s.Disclosed, s.Tier, s.NamedBy))
			}
			if diff := cmp.Diff([]string{"INDO CONFORMANT true 3 [AOBA CHAO EAST]", "LUMO NOT_ENROLLED false 0 [EAST]"}, smelters); diff != "" {
				t.Errorf("smelters (-want +got):\n%s", diff)
			}
			if m.ConformantShare == nil || *m.ConformantShare != 0.5 {
				t.Errorf("conformant share %v", m.ConformantShare)
			}
			wantC := []analysis.Contradiction{
				{DeclarerID: "AOBA", Kind: "SMELTER_MISSING", SupplierID: "EAST", SmelterID: "LUMO"},
				{DeclarerID: "CHAO", Kind: "SMELTER_MISSING", SupplierID: "EAST", SmelterID: "LUMO"},
				{DeclarerID: "DELT", Kind: "RESPONSE_RATE", SupplierID: "AOBA"},
				{DeclarerID: "DELT", Kind: "SMELTERS_IDENTIFIED", SupplierID: "AOBA"},
				{DeclarerID: "DELT", Kind: "SMELTER_MISSING", SupplierID: "AOBA", SmelterID: "INDO"},
			}
			if diff := cmp.Diff(wantC, m.Contradictions); diff != "" {
				t.Errorf("contradictions (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMineralsExportRoundTrip: the roll-up written as a CMRT is read back
// by the product's own importer: as a workbook, and as a declaration of the
// focal company.
func TestMineralsExportRoundTrip(t *testing.T) {
	store := mineralsScenario(t)
	ctx := auth.With(context.Background(), auth.System)
	svc := explorer.New(store)
	asOf, _ := domain.ParseDate("2026-06-01")
	f, err := svc.MineralsFiling(ctx, "HIT", "TIN", nil, nil, &asOf)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := cmrt.WriteFiling(&b, *f); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	wb, err := cmrt.Read(bytes.NewReader(data), "HIT.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	var answers, smelters []string
	for _, a := range wb.Answers {
		answers = append(answers, a.Metal+" "+a.Number+" "+a.Value)
	}
	for _, s := range wb.Smelters {
		smelters = append(smelters, fmt.Sprintf("%s %s %s %s", s.Metal, s.SmelterID, s.Name, s.Country))
	}
	got := fmt.Sprintf("%s %s %q %s %s %v %v %v", wb.Template, wb.Version, wb.CompanyName, wb.Scope, wb.EffectiveDate, answers, smelters, wb.Issues)
	want := `CMRT 6.5 "Hitachi Group" COMPANY 2026-06-01 [TIN 1 Yes TIN 5 50% or less TIN 6 No] [TIN INDO Indo Tin Smelter ID TIN LUMO Lumut Tin ID] []`
	if got != want {
		t.Errorf("read back:\n%s\nwant:\n%s", got, want)
	}
	if _, err := svc.ImportCMRT(ctx, "HIT", "test", []explorer.NamedReader{{Name: "HIT.xlsx", R: bytes.NewReader(data)}}, false); err != nil {
		t.Fatal(err)
	}
	decls, err := svc.DeclarationsOf(ctx, []string{"HIT"})
	if err != nil {
		t.Fatal(err)
	}
	if ds := decls["HIT"]; len(ds) != 1 || ds[0].ID != "HIT:CMRT:2026-06-01" || !ds[0].AnswersAllResponded("TIN") == (f.Answers[1].Value == "100%") ||
		fmt.Sprint(ds[0].Smelters) != "[{TIN INDO} {TIN LUMO}]" {
		t.Errorf("imported as: %+v", ds)
	}
}

// TestSnapshotSeesNewDeclarations: a declaration imported after a question
// was answered from the snapshot changes the next answer (the graphs with
// the declared edges are not kept across it), and a new RMAP publication
// changes the status at asOf.
func TestSnapshotSeesNewDeclarations(t *testing.T) {
	store := mineralsScenario(t)
	ctx := auth.With(context.Background(), auth.System)
	svc := explorer.New(store)
	svc.UseSnapshot(explorer.SnapshotOptions{Enabled: true})
	if err := svc.WarmUp(ctx); err != nil {
		t.Fatal(err)
	}
	asOf, _ := domain.ParseDate("2026-06-01")
	affected := func() string {
		imp, err := svc.Impact(ctx, "LUMO", nil, nil, &asOf)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range imp.Affected {
			out = append(out, fmt.Sprintf("%s %d %v", e.CompanyID, e.Distance, e.Declared))
		}
		return strings.Join(out, ", ")
	}
	if got := affected(); strings.Contains(got, "BALT") {
		t.Fatalf("before: %s", got)
	}
	b := workbookAt(t, "Baltic Castings", time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), row("Tin", "Lumut Tin", "Indonesia", "LUMO"))
	if _, err := svc.ImportCMRT(ctx, "BALT", "test", []explorer.NamedReader{{Name: "balt.xlsx", R: bytes.NewReader(b)}}, false); err != nil {
		t.Fatal(err)
	}
	if !svc.SnapshotCurrent(explorer.WithRequestMemo(ctx)) {
		t.Fatal("the snapshot did not catch up")
	}
	if got := affected(); !strings.Contains(got, "BALT 1 [true]") {
		t.Errorf("after BALT's declaration: %s", got)
	}
	rm, err := svc.RiskExposure(ctx, "HIT", []domain.RiskCategory{domain.ResponsibleMinerals}, nil, nil, nil, &asOf)
	if err != nil || len(rm.Sources) != 1 || rm.Sources[0].Source.ID != "rmap:LUMO" {
		t.Fatalf("before the publication: %+v %v", rm, err)
	}
	pub, _ := domain.ParseDate("2026-05-15")
	if _, _, err := svc.UpdateRMAPStatuses(ctx, explorer.NamedReader{Name: "r.csv", R: strings.NewReader("rmi_id,rmap_status\nLUMO,CONFORMANT\n")}, &pub, false); err != nil {
		t.Fatal(err)
	}
	if rm, err := svc.RiskExposure(ctx, "HIT", []domain.RiskCategory{domain.ResponsibleMinerals}, nil, nil, nil, &asOf); err != nil || len(rm.Sources) != 0 {
		t.Errorf("after LUMO's publication: %+v %v", rm, err)
	}
}
