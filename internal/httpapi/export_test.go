package httpapi_test

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/internal/httpapi"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// TestExportCascade: GET /api/export/cascade has every entry of the
// service's cascade, in its order, and refuses bad requests with the
// documented error shape and status.
func TestExportCascade(t *testing.T) {
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, "../../testdata/tiny")
	svc := explorer.New(store)
	viewer := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(w, r.WithContext(auth.With(r.Context(), &auth.Principal{Role: auth.Viewer})))
		})
	}
	srv := httptest.NewServer(viewer(httpapi.ExportCascadeHandler(svc, 0)))
	defer srv.Close()

	resp, body := get(t, srv.URL+"?focal=HIT&code=HIT-SPG&asOf=2026-06-01")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" || resp.Header.Get("X-Total-Count") != "10" {
		t.Fatalf("%d %v\n%s", resp.StatusCode, resp.Header, body)
	}
	rows, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(httpapi.CascadeColumns, ",") {
		t.Errorf("header %v", rows[0])
	}
	asOf, _ := domain.ParseDate("2026-06-01")
	rep, err := svc.Cascade(auth.With(t.Context(), auth.System), "HIT", "HIT-SPG", nil, &asOf)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, e := range rep.AllEntries() {
		w := e.CompanyID + " " + string(e.Status) + " " + strings.Join(e.RequestedBy, "+")
		if e.Acknowledgment != nil {
			w += " " + e.Acknowledgment.CodeID + " " + e.Acknowledgment.Date.String()
		}
		want = append(want, w)
	}
	var got []string
	for _, r := range rows[1:] {
		g := r[0] + " " + r[5] + " " + strings.ReplaceAll(r[7], " ", "+")
		if r[8] != "" {
			g += " " + r[8] + " " + r[10]
		}
		got = append(got, g)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// BALT: tier 1, STALE, reached, asked by HIT, edition 5 of 2023-04-01, not current (docs/analysis.md).
	if r := strings.Join(rows[2], "|"); r != "BALT|Baltic Castings|SUPPLIER|PL|1|STALE|true|HIT|HIT-SPG|5|2023-04-01|J. Nowak|false" {
		t.Errorf("BALT row %s", r)
	}

	for _, tc := range []struct {
		method, query string
		status        int
		code, message string
	}{
		{"GET", "?focal=HIT", 400, "BAD_INPUT", "focal and code are required"},
		{"GET", "?focal=HIT&code=HIT-SPG&limit=5", 400, "BAD_INPUT", `unknown parameter "limit"`},
		{"GET", "?focal=HIT&focal=NEC&code=HIT-SPG", 400, "BAD_INPUT", `parameter "focal" given 2 times`},
		{"GET", "?focal=HIT&code=HIT-SPG&asOf=2026-13-01", 400, "BAD_INPUT", "asOf"},
		{"GET", "?focal=HIT&code=HIT-SPG&maxDepth=x", 400, "BAD_INPUT", "maxDepth"},
		{"GET", "?focal=HIT&code=HIT-SPG&maxDepth=21", 400, "BAD_INPUT", "maxDepth must be between 1 and 20"},
		{"GET", "?focal=NOPE&code=HIT-SPG", 404, "NOT_FOUND", "NOPE"},
		{"GET", "?focal=HIT&code=NOPE", 404, "NOT_FOUND", "NOPE"},
		{"POST", "?focal=HIT&code=HIT-SPG", 405, "BAD_INPUT", "use GET"},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.query, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var e httpapi.ErrorResponse
		json.Unmarshal(b, &e)
		if resp.StatusCode != tc.status || e.Error.Code != tc.code || !strings.Contains(e.Error.Message, tc.message) {
			t.Errorf("%s %s: %d %s, want %d %s %q", tc.method, tc.query, resp.StatusCode, b, tc.status, tc.code, tc.message)
		}
	}

	// Without a principal the service denies, as every question.
	bare := httptest.NewServer(httpapi.ExportCascadeHandler(svc, 0))
	defer bare.Close()
	if resp, b := get(t, bare.URL+"?focal=HIT&code=HIT-SPG"); resp.StatusCode != 401 || !strings.Contains(string(b), "UNAUTHENTICATED") {
		t.Errorf("no principal: %d %s", resp.StatusCode, b)
	}
}
