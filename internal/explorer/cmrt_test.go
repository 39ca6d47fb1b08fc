package explorer_test

import (
	"bytes"
	"context"
	"github.com/supplygraph/supplygraph/internal/cmrt/cmrttest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
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
	t.Helper()
	var buf bytes.Buffer
	decl := cmrttest.Declaration{CompanyName: company, EffectiveDate: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)}
	if err := cmrttest.BuildTestWorkbook(&buf, decl, rows); err != nil {
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
	books := map[string][]byte{
		"a.xlsx": workbook(t, "Eastern Solder Co.",
			row("Tin", "Indo Tin Smelter", "Indonesia", "CID-S-0002"), // existing smelter INDO? no: keyed by id
			row("Gold", "Shenzhen Gold Refinery", "China", "CID002001"),
			row("Tin", "Smelter not listed", "Bolivia (Plurinational State of)", ""),
			nil,
			row("Tantalum", "Atlantis Tantalum", "Atlantis", "CID002002"),
		),
		"b.xlsx": workbook(t, "Eastern Solder Co.",
			row("gold", "Shenzhen Gold Refinery", "China", "CID002001"),
			row("Cobalt", "Lubumbashi Cobalt", "Congo, Democratic Republic of the", "CID002003"),
		),
	}
	imp, err := svc.ImportCMRT(ctx, "EAST", "test", files(books), false)
	if err != nil {
		t.Fatal(err)
	}
	if imp.Result.SmeltersCreated != 4 || imp.Result.LinksCreated != 4 {
		t.Errorf("created: %+v", imp.Result)
	}
	var issues []string
	for _, is := range imp.Issues {
		issues = append(issues, is.String())
	}
	joined := strings.Join(issues, "\n")
	for _, want := range []string{"a.xlsx:Smelter List!7", "Atlantis"} {
		if !strings.Contains(joined, want) {
			t.Errorf("issues lack %q:\n%s", want, joined)
		}
	}
	cs, _ := store.CompaniesByID(ctx, []string{"CID002001", "CID002002", "CID002003"})
	want := map[string]domain.Company{
		"CID002001": {ID: "CID002001", Name: "Shenzhen Gold Refinery", Kind: domain.KindSmelter, Country: "CN", Disclosure: domain.DisclosureNone, Metal: "GOLD", RMIID: "CID002001", RMAPStatus: domain.RMAPNotEnrolled},
		"CID002002": {ID: "CID002002", Name: "Atlantis Tantalum", Kind: domain.KindSmelter, Disclosure: domain.DisclosureNone, Metal: "TANTALUM", RMIID: "CID002002", RMAPStatus: domain.RMAPNotEnrolled},
		"CID002003": {ID: "CID002003", Name: "Lubumbashi Cobalt", Kind: domain.KindSmelter, Country: "CD", Disclosure: domain.DisclosureNone, Metal: "COBALT", RMIID: "CID002003", RMAPStatus: domain.RMAPNotEnrolled},
	}
	if diff := cmp.Diff(want, cs); diff != "" {
		t.Errorf("smelters (-want +got):\n%s", diff)
	}
	links, _ := store.Subgraph(ctx, "EAST", domain.Upstream, domain.Today(), 1)
	materials := map[string]string{}
	for _, l := range links {
		materials[l.SupplierID] = l.Material
	}
	if materials["CID002001"] != "GOLD" || materials["CID002003"] != "COBALT" || materials["INDO"] != "tin" {
		t.Errorf("links: %v", materials)
	}

	// Re-importing changes nothing; RMAP statuses set since are kept.
	if _, err := svc.UpdateRMAPStatuses(ctx, explorer.NamedReader{Name: "rmap.csv", R: strings.NewReader("rmi_id,rmap_status\nCID002001,CONFORMANT\nCID002003,NON_CONFORMANT\n")}, false); err != nil {
		t.Fatal(err)
	}
	before := neo4jtest.Snapshot(t)
	imp, err = svc.ImportCMRT(ctx, "EAST", "test", files(books), false)
	if err != nil {
		t.Fatal(err)
	}
	if imp.Result.SmeltersCreated != 0 || imp.Result.LinksCreated != 0 {
		t.Errorf("re-import created: %+v", imp.Result)
	}
	if diff := cmp.Diff(before, neo4jtest.Snapshot(t)); diff != "" {
		t.Errorf("re-import changed the database:\n%s", diff)
	}

	// The non-conformant cobalt smelter is now a risk source for HIT (via EAST).
	rep, err := svc.RiskExposure(ctx, "HIT", []domain.RiskCategory{domain.ResponsibleMinerals}, nil, nil, ptr(100), ptr(domain.Today()))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range rep.Sources {
		ids = append(ids, s.Source.ID)
	}
	if !strings.Contains(strings.Join(ids, " "), "rmap:CID002003") || strings.Contains(strings.Join(ids, " "), "rmap:CID002001") {
		t.Errorf("responsible-minerals sources: %v", ids)
	}
}

func ptr[T any](v T) *T { return &v }

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
	_, err := svc.UpdateRMAPStatuses(ctx, explorer.NamedReader{Name: "rmap.csv", R: strings.NewReader("rmi_id,rmap_status\nCID-S-0002,CONFORMANT\nCID404,ACTIVE\n")}, false)
	if domain.KindOf(err) != domain.BadInput || !strings.Contains(err.Error(), `rmap.csv:3: rmi_id: no smelter has RMI id "CID404"`) {
		t.Errorf("unknown rmi id: %v", err)
	}
	if diff := cmp.Diff(before, neo4jtest.Snapshot(t)); diff != "" {
		t.Errorf("database changed:\n%s", diff)
	}
}
