package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/cmrt"
	"github.com/supplygraph/supplygraph/internal/cmrt/cmrttest"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/internal/httpapi"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// TestExportMinerals: GET /api/export/minerals answers the roll-up as a
// workbook the product's importer reads; a supplier-scoped key sees only
// its view; bad requests get the documented error shape and status.
func TestExportMinerals(t *testing.T) {
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, "../../testdata/tiny")
	svc := explorer.New(store)
	sys := auth.With(t.Context(), auth.System)
	var wb bytes.Buffer
	row := make([]string, len(cmrttest.StandardHeader))
	row[cmrttest.ColMetal], row[cmrttest.ColName], row[cmrttest.ColSmelterID], row[cmrttest.ColCountry] = "Tin", "Lumut Tin", "LUMO", "Indonesia"
	tw := cmrttest.TestWorkbook{Declaration: cmrttest.Declaration{CompanyName: "Eastern Solder", EffectiveDate: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)},
		Rows: [][]string{row}}
	if err := tw.Write(&wb); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ImportCMRT(sys, "EAST", "test", []explorer.NamedReader{{Name: "east.xlsx", R: &wb}}, false); err != nil {
		t.Fatal(err)
	}
	as := func(p *auth.Principal, h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(w, r.WithContext(auth.With(r.Context(), p)))
		})
	}
	srv := httptest.NewServer(as(&auth.Principal{Role: auth.Viewer}, httpapi.ExportMineralsHandler(svc, 0)))
	defer srv.Close()

	resp, body := get(t, srv.URL+"?focal=HIT&metal=TIN&asOf=2026-06-01")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != httpapi.XLSXType ||
		resp.Header.Get("Content-Disposition") != `attachment; filename="HIT-CMRT-TIN-2026-06-01.xlsx"` {
		t.Fatalf("%d %v\n%s", resp.StatusCode, resp.Header, body)
	}
	got, err := cmrt.Read(bytes.NewReader(body), "HIT.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range got.Smelters {
		ids = append(ids, s.SmelterID)
	}
	// INDO (disclosed, tier 3) and LUMO (declared by EAST); response rate:
	// none of HIT's three tier-1 suppliers has a declaration.
	if got.CompanyName != "Hitachi Group" || got.EffectiveDate.String() != "2026-06-01" || len(got.Answers) != 3 ||
		got.Answers[1].Value != "None" || len(ids) != 2 || ids[0] != "INDO" || ids[1] != "LUMO" {
		t.Errorf("workbook: %+v", got)
	}

	// A key scoped to EAST: HIT is not in its view.
	scoped := httptest.NewServer(as(&auth.Principal{Role: auth.Viewer, Company: "EAST", Visible: map[string]bool{"EAST": true, "INDO": true, "JADE": true, "KIVU": true}},
		httpapi.ExportMineralsHandler(svc, 0)))
	defer scoped.Close()
	for _, c := range []struct {
		srv, query, code string
		status           int
	}{
		{scoped.URL, "?focal=HIT&metal=TIN", "NOT_FOUND", 404},
		{srv.URL, "?focal=HIT&metal=ZINC", "BAD_INPUT", 400},
		{srv.URL, "?focal=HIT", "BAD_INPUT", 400},
		{srv.URL, "?focal=HIT&metal=TIN&validDays=0", "BAD_INPUT", 400},
		{srv.URL, "?focal=HIT&metal=TIN&code=X", "BAD_INPUT", 400},
		{srv.URL, "?focal=NOPE&metal=TIN", "NOT_FOUND", 404},
	} {
		resp, body := get(t, c.srv+c.query)
		var e struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		if err := json.Unmarshal(body, &e); err != nil || resp.StatusCode != c.status || e.Error.Code != c.code {
			t.Errorf("%s: %d %s, want %d %s", c.query, resp.StatusCode, body, c.status, c.code)
		}
	}
	// The scoped key's own roll-up names nothing outside its view.
	resp, body = get(t, scoped.URL+"?focal=EAST&metal=TIN")
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	got, err = cmrt.Read(bytes.NewReader(body), "EAST.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range got.Smelters {
		if s.SmelterID != "INDO" {
			t.Errorf("scoped roll-up names %s", s.SmelterID)
		}
	}
}
