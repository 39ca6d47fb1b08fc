package httpapi_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/internal/httpapi"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// TestExportReport: GET /api/export/report writes the period report of
// the tiny fixture's worked example as CSV and as a workbook, and refuses
// bad requests with the documented error shape.
func TestExportReport(t *testing.T) {
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, "../../testdata/tiny")
	svc := explorer.New(store)
	viewer := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(w, r.WithContext(auth.With(r.Context(), &auth.Principal{Role: auth.Viewer})))
		})
	}
	srv := httptest.NewServer(viewer(httpapi.ExportReportHandler(svc, 0)))
	defer srv.Close()
	const args = "?focal=HIT&code=HIT-SPG&from=2025-06-01&to=2026-06-01"

	resp, body := get(t, srv.URL+args)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("%d %v\n%s", resp.StatusCode, resp.Header, body)
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(httpapi.ReportColumns, ",") {
		t.Errorf("header %v", rows[0])
	}
	lines := map[string]bool{}
	for _, r := range rows[1:] {
		lines[strings.Join(r, ",")] = true
	}
	for _, want := range []string{
		"coverage,2,,,covered,1,2,1,,",
		"clauses,,,A-(7),committed,0,2,2,AOBA EAST,Land Rights",
		"findings,2,ENVIRONMENT,,closed,,1,,F-003,",
		"actions,,,,overdue,,2,,,",
		"escalations,,,,ENHANCED_PLAN,,2026-05-10,,A-004,\"finding F-001: EAST -> CHAO, responsible CHAO\"",
		"risk,,,,sources,2,5,3,,",
		"risk,,HUMAN_RIGHTS,,sources,0,1,,,",
	} {
		want = strings.ReplaceAll(want, `"`, "")
		if !lines[want] {
			t.Errorf("no row %q in\n%s", want, body)
		}
	}

	resp, body = get(t, srv.URL+args+"&format=xlsx")
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "due-diligence-HIT-HIT-SPG-2025-06-01-2026-06-01.xlsx") {
		t.Fatalf("%d %v", resp.StatusCode, resp.Header)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(wb.GetSheetList(), ","); got != "Coverage,Clauses,Findings,Actions,Escalations,Risk" {
		t.Errorf("sheets %s", got)
	}
	cl, _ := wb.GetRows("Clauses")
	if len(cl) != 6 || strings.Join(cl[2], "|") != "A-(7)|A. Labor|Land Rights|0|2|AOBA EAST" {
		t.Errorf("Clauses sheet: %q", cl)
	}
	if v, _ := wb.GetCellValue("Actions", "D2"); v != "2" {
		t.Errorf("overdue actions: %q", v)
	}

	for q, status := range map[string]int{
		"?focal=HIT&code=HIT-SPG&from=2026-06-01&to=2026-06-01": 400,
		"?focal=HIT&code=HIT-SPG&from=2025-06-01":               400,
		"?focal=HIT&code=NOPE&from=2025-06-01&to=2026-06-01":    404,
		args + "&format=pdf":                                    400,
		args + "&color=red":                                     400,
		args + "&maxDepth=30":                                   400,
	} {
		resp, body := get(t, srv.URL+q)
		if resp.StatusCode != status || !strings.Contains(string(body), `"error"`) {
			t.Errorf("%s: %d %s, want %d", q, resp.StatusCode, body, status)
		}
	}
}
