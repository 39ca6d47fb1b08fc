package graph

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// marker is a string no answer may contain: what the client sent is never
// echoed back.
const marker = "ECHO-MARKER-7f3a"

// TestHTTPGuard: requests the GraphQL transports cannot take (another
// method, another content type, a body that is not JSON or not a GraphQL
// request, one too large, GET parameters that are not JSON) answer the
// documented error shape with a code and a fitting status, and never echo
// the request; ordinary GET and POST requests, with either response type,
// still work.
func TestHTTPGuard(t *testing.T) {
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, "../testdata/tiny")
	srv := httptest.NewServer(withPrincipal(NewHandler(explorer.New(store), Options{MaxBodyBytes: 4096})))
	defer srv.Close()
	httpGuardCases(t, srv)
}

// withPrincipal gives every request a viewer key's principal, as
// authentication would.
func withPrincipal(h http.Handler) http.Handler {
	p := &auth.Principal{KeyID: "test", Role: auth.Viewer}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(auth.With(r.Context(), p)))
	})
}

func httpGuardCases(t *testing.T, srv *httptest.Server) {

	do := func(method, contentType, accept, target, body string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+target, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		return r, string(b)
	}
	okQuery := `{"query":"{ company(id: \"HIT\") { name } }"}`
	bad := []struct {
		name, method, contentType, target, body string
		status                                  int
		message                                 string
	}{
		{"text/plain", "POST", "text/plain", "", `{"query":"{ __typename }","x":"` + marker + `"}`, 415, "Content-Type application/json"},
		{"form", "POST", "application/x-www-form-urlencoded", "", "query=" + marker, 415, "Content-Type application/json"},
		{"multipart", "POST", "multipart/form-data; boundary=x", "", "--x\r\n" + marker, 415, "Content-Type application/json"},
		{"no content type", "POST", "", "", okQuery, 415, "Content-Type application/json"},
		{"malformed content type", "POST", "application/json; =" + marker, "", okQuery, 415, "Content-Type application/json"},
		{"not JSON", "POST", "application/json", "", `{"query": "{ ok }", ` + marker, 400, "not a JSON object"},
		{"not JSON at all", "POST", "application/json", "", marker, 400, "not a JSON object"},
		{"wrong type", "POST", "application/json", "", `{"query": 5, "operationName": "` + marker + `"}`, 400, "not a JSON object"},
		{"array", "POST", "application/json", "", `[{"query":"` + marker + `"}]`, 400, "not a JSON object"},
		{"empty", "POST", "application/json", "", "", 400, "not a JSON object"},
		{"null", "POST", "application/json", "", " null", 400, "JSON null"},
		{"data after the object", "POST", "application/json", "", okQuery + `{"` + marker, 400, "more after the object"},
		{"a second object", "POST", "application/json", "", okQuery + " " + okQuery, 400, "more after the object"},
		{"a key twice", "POST", "application/json", "", `{"query":"{ __typename }","variables":{"a":1},"variables":{"b":"` + marker + `"}}`, 400, `"variables" is given twice`},
		{"GET variables with more", "GET", "", "?query=" + url.QueryEscape("{ __typename }") + "&variables=" + url.QueryEscape(`{"id":"HIT"}{"id":"`+marker+`"}`), "", 400, "more after its JSON object"},
		{"GET query twice", "GET", "", "?query=" + url.QueryEscape("{ __typename }") + "&query=" + marker, "", 400, "query parameter is given 2 times"},
		{"too large", "POST", "application/json", "", `{"query":"{ ok }","pad":"` + strings.Repeat(marker, 1000) + `"}`, 413, "4096 bytes"},
		{"PUT", "PUT", "application/json", "", okQuery, 405, "GET or POST"},
		{"DELETE", "DELETE", "", "?query=" + marker, "", 405, "GET or POST"},
		{"GET bad variables", "GET", "", "?query=" + url.QueryEscape("query($x: ID!) { company(id: $x) { id } }") + "&variables=" + url.QueryEscape(`{"x": "`+marker), "", 400, "variables"},
		{"GET bad extensions", "GET", "", "?query=" + url.QueryEscape("{ __typename }") + "&extensions=" + marker, "", 400, "extensions"},
		{"GET bad escape", "GET", "", "?query=%zz" + marker, "", 400, "query string"},
	}
	for _, tc := range bad {
		for _, accept := range []string{"", "application/graphql-response+json"} {
			r, body := do(tc.method, tc.contentType, accept, tc.target, tc.body)
			var resp struct {
				Errors []struct {
					Message    string         `json:"message"`
					Extensions map[string]any `json:"extensions"`
				} `json:"errors"`
			}
			if err := json.Unmarshal([]byte(body), &resp); err != nil || len(resp.Errors) != 1 {
				t.Errorf("%s (Accept %q): %d %q is not the documented error shape", tc.name, accept, r.StatusCode, body)
				continue
			}
			e := resp.Errors[0]
			if r.StatusCode != tc.status || e.Extensions["code"] != "BAD_INPUT" || !strings.Contains(e.Message, tc.message) {
				t.Errorf("%s (Accept %q): %d %s; want %d, BAD_INPUT, a message with %q", tc.name, accept, r.StatusCode, body, tc.status, tc.message)
			}
			if strings.Contains(body, marker) || strings.Contains(body, "ECHO") {
				t.Errorf("%s: the answer echoes the request: %s", tc.name, body)
			}
			wantType := "application/json"
			if accept != "" {
				wantType = accept
			}
			if ct := r.Header.Get("Content-Type"); ct != wantType {
				t.Errorf("%s (Accept %q): Content-Type %q, want %q", tc.name, accept, ct, wantType)
			}
			if tc.status == 405 && r.Header.Get("Allow") != "GET, POST, OPTIONS" {
				t.Errorf("%s: Allow %q", tc.name, r.Header.Get("Allow"))
			}
		}
	}

	// What works keeps working: POST with a charset, either response type,
	// GET, and a JSON error of gqlgen's own (a query that does not parse).
	good := []struct{ name, method, contentType, accept, target, body, want, wantType string }{
		{"POST", "POST", "application/json", "", "", okQuery, `{"data":{"company":{"name":"Hitachi Group"}}}`, "application/json"},
		{"POST charset", "POST", "application/json; charset=utf-8", "", "", okQuery, `{"data":{"company":{"name":"Hitachi Group"}}}`, "application/json"},
		{"POST graphql-response", "POST", "application/json", "application/graphql-response+json", "", okQuery, `{"data":{"company":{"name":"Hitachi Group"}}}`, "application/graphql-response+json"},
		{"GET", "GET", "", "", "?query=" + url.QueryEscape(`query($x: ID!) { company(id: $x) { name } }`) + "&variables=" + url.QueryEscape(`{"x":"HIT"}`), "", `{"data":{"company":{"name":"Hitachi Group"}}}`, "application/json"},
		{"GET graphql-response", "GET", "", "application/graphql-response+json", "?query=" + url.QueryEscape(`{ company(id: "HIT") { name } }`), "", `{"data":{"company":{"name":"Hitachi Group"}}}`, "application/graphql-response+json"},
	}
	for _, tc := range good {
		r, body := do(tc.method, tc.contentType, tc.accept, tc.target, tc.body)
		if r.StatusCode != 200 || body != tc.want || r.Header.Get("Content-Type") != tc.wantType {
			t.Errorf("%s: %d %s %s", tc.name, r.StatusCode, r.Header.Get("Content-Type"), body)
		}
	}
	// A websocket upgrade (no websocket transport here).
	req, _ := http.NewRequest("GET", srv.URL+"?query="+url.QueryEscape("{ __typename }"), nil)
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Upgrade", "websocket")
	if r, err := http.DefaultClient.Do(req); err != nil {
		t.Error(err)
	} else {
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode != 400 || !strings.Contains(string(b), `"code":"BAD_INPUT"`) {
			t.Errorf("upgrade: %d %s", r.StatusCode, b)
		}
	}
	r, body := do("POST", "application/json", "", "", `{"query":"{ company(id: "}`)
	if r.StatusCode != 422 || !strings.Contains(body, `"code":"BAD_INPUT"`) {
		t.Errorf("parse error: %d %s", r.StatusCode, body)
	}
}
