package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/supplygraph/supplygraph/graph"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/internal/httpapi"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

type authServer struct {
	*httptest.Server
	svc *explorer.Service
}

func newAuthServer(t *testing.T, anonymous bool, snapshot ...bool) *authServer {
	t.Helper()
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, tiny)
	svc := explorer.New(store)
	if len(snapshot) > 0 && snapshot[0] {
		svc.UseSnapshot(explorer.SnapshotOptions{Enabled: true})
		if err := svc.WarmUp(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	svc.Today = func() domain.Date { d, _ := domain.ParseDate("2026-06-01"); return d }
	mux := http.NewServeMux()
	mux.Handle("/graphql", httpapi.Authenticate(svc, httpapi.AuthOptions{Anonymous: anonymous}, graph.NewHandler(svc, graph.Options{Introspection: true})))
	mux.Handle("/api/load", httpapi.Authenticate(svc, httpapi.AuthOptions{Anonymous: anonymous}, httpapi.LoadHandler(svc, 0, 0, nil, nil)))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &authServer{srv, svc}
}

func (s *authServer) key(t *testing.T, role auth.Role, company string) string {
	t.Helper()
	key, _, err := s.svc.CreateKey(auth.With(context.Background(), auth.System), "test "+string(role)+" "+company, role, company)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// ask sends a GraphQL request with the key and returns the raw body.
func (s *authServer) ask(t *testing.T, key, q string) (int, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q})
	req, _ := http.NewRequest("POST", s.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return r.StatusCode, string(b)
}

func codeOf(body string) string {
	var out struct {
		Errors []struct{ Extensions map[string]any }
	}
	json.Unmarshal([]byte(body), &out)
	if len(out.Errors) == 0 {
		return "ok"
	}
	c, _ := out.Errors[0].Extensions["code"].(string)
	return c
}

func TestAuthentication(t *testing.T) {
	s := newAuthServer(t, false)
	for _, tc := range []struct{ key string }{{""}, {"sgk_nope_nope"}} {
		code, body := s.ask(t, tc.key, `{ ok }`)
		if code != 401 || codeOf(body) != "UNAUTHENTICATED" {
			t.Errorf("key %q: %d %s", tc.key, code, body)
		}
	}
	req, _ := http.NewRequest("POST", s.URL+"/graphql", strings.NewReader(`{"query":"{ ok }"}`))
	req.Header.Set("Authorization", "Basic abc")
	r, _ := http.DefaultClient.Do(req)
	if r.StatusCode != 401 || r.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("basic auth: %d", r.StatusCode)
	}
	r.Body.Close()

	viewer, editor, admin := s.key(t, auth.Viewer, ""), s.key(t, auth.Editor, ""), s.key(t, auth.Admin, "")
	// the scheme is case-insensitive; the key is not
	for h, want := range map[string]int{"bearer " + viewer: 200, "BEARER " + viewer: 200, "Bearer " + strings.ToUpper(viewer): 401, "Bearer" + viewer: 401} {
		req, _ := http.NewRequest("POST", s.URL+"/graphql", strings.NewReader(`{"query":"{ ok }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", h)
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != want {
			t.Errorf("Authorization %.12q...: %d, want %d", h, r.StatusCode, want)
		}
	}
	mutation := `mutation { upsertCompanies(input: [{id: "NEWCO", name: "New Co"}]) { created } }`
	keyAdmin := `{ apiKeys { id name role company { id } revoked } }`
	for _, tc := range []struct {
		key, query, want string
	}{
		{viewer, `{ company(id: "HIT") { name } }`, "ok"},
		{viewer, mutation, "FORBIDDEN"},
		{viewer, keyAdmin, "FORBIDDEN"},
		{editor, mutation, "ok"},
		{editor, keyAdmin, "FORBIDDEN"},
		{admin, keyAdmin, "ok"},
		{admin, `{ me { role company { id } } }`, "ok"},
	} {
		if _, body := s.ask(t, tc.key, tc.query); codeOf(body) != tc.want {
			t.Errorf("%s with %s: %s", tc.query, tc.key[:10], body)
		}
	}
	// /api/load needs an editor.
	req, _ = http.NewRequest("POST", s.URL+"/api/load", strings.NewReader("x"))
	req.Header.Set("Authorization", "Bearer "+viewer)
	req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	r, _ = http.DefaultClient.Do(req)
	if r.StatusCode != 400 && r.StatusCode != 403 {
		t.Errorf("viewer /api/load: %d", r.StatusCode)
	}
	r.Body.Close()

	// An admin creates and revokes a key through GraphQL; the key stops working.
	explorer.KeyCacheTTL = 100 * time.Millisecond
	defer func() { explorer.KeyCacheTTL = 5 * time.Second }()
	_, body := s.ask(t, admin, `mutation { createApiKey(name: "partner", role: VIEWER, company: "EAST") { key apiKey { id role company { id } created lastUsed revoked } } }`)
	if !regexp.MustCompile(`"role":"VIEWER","company":\{"id":"EAST"\},"created":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ","lastUsed":null,"revoked":null`).MatchString(body) {
		t.Errorf("createApiKey: %s", body)
	}
	var created struct {
		Data struct {
			CreateAPIKey struct {
				Key    string
				APIKey struct{ ID string } `json:"apiKey"`
			} `json:"createApiKey"`
		}
	}
	json.Unmarshal([]byte(body), &created)
	newKey := created.Data.CreateAPIKey.Key
	if !strings.HasPrefix(newKey, "sgk_") {
		t.Fatalf("createApiKey: %s", body)
	}
	if _, body := s.ask(t, newKey, `{ me { role company { id } } }`); !strings.Contains(body, `"role":"VIEWER","company":{"id":"EAST"}`) {
		t.Errorf("me: %s", body)
	}
	if _, body := s.ask(t, admin, `mutation { revokeApiKey(id: "`+created.Data.CreateAPIKey.APIKey.ID+`") { revoked } }`); !regexp.MustCompile(`"revoked":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"`).MatchString(body) {
		t.Errorf("revoke: %s", body)
	}
	time.Sleep(200 * time.Millisecond)
	if code, body := s.ask(t, newKey, `{ ok }`); code != 401 {
		t.Errorf("revoked key still works: %d %s", code, body)
	}
	if _, body := s.ask(t, admin, `mutation { createApiKey(name: "x", role: ADMIN, company: "EAST") { key } }`); codeOf(body) != "BAD_INPUT" {
		t.Errorf("scoped admin: %s", body)
	}
}

func TestDevAnonymousReadsOnly(t *testing.T) {
	s := newAuthServer(t, true)
	if _, body := s.ask(t, "", `{ company(id: "HIT") { name } }`); codeOf(body) != "ok" {
		t.Errorf("anonymous read: %s", body)
	}
	if _, body := s.ask(t, "", `mutation { upsertCompanies(input: [{id: "X", name: "X"}]) { created } }`); codeOf(body) != "FORBIDDEN" {
		t.Errorf("anonymous write: %s", body)
	}
}

// TestSupplierScopeNoLeaks asks every query and mutation field with a key
// scoped to EAST (which sees EAST, INDO, JADE, KIVU) and checks that no
// answer names a company outside that view, nor a finding or facility of one,
// through any field, count, error or page.
func TestSupplierScopeNoLeaks(t *testing.T) {
	for _, snap := range []bool{false, true} {
		t.Run(fmt.Sprintf("snapshot=%v", snap), func(t *testing.T) { scopeNoLeaks(t, newAuthServer(t, false, snap)) })
	}
}

func scopeNoLeaks(t *testing.T, s *authServer) {
	declareMinerals(t, s)
	key := s.key(t, auth.Editor, "EAST")
	hidden := []string{"HIT", "NEC", "AOBA", "BALT", "CHAO", "DELT", "FERR", "GDAN", "HARB", "BALT-FDY", "F-002", "F-003", "F-004", "F-005", "F-006"}
	leak := regexp.MustCompile(`"(` + strings.Join(hidden, "|") + `)"`)
	queries := []string{
		`{ company(id: "HIT") { id } }`,
		`{ company(id: "AOBA") { id name } }`,
		`{ company(id: "EAST") { id customers { totalCount edges { node { id } links { source target } } pageInfo { hasNextPage } }
			suppliers { totalCount edges { node { id } links { source target customer { id } } } }
			facilities { id findings { id } } findings { id subject { ... on Company { id } ... on Facility { id } } company { id } }
			acknowledgments { code { id issuer { id } } company { id } } requests { requester { id } supplier { id } }
			made: requests(direction: MADE) { requester { id } supplier { id } } } }`,
		`{ company(id: "KIVU") { customers(first: 5) { totalCount edges { node { id customers(first: 5) { totalCount edges { node { id customers(first: 5) { totalCount edges { node { id } } } } } } } } } } }`,
		`{ companies(first: 100) { totalCount edges { node { id } } } }`,
		`{ companies(search: "h") { totalCount edges { node { id } } } }`,
		`{ companies(kind: BUYER) { totalCount } }`,
		`{ facility(id: "BALT-FDY") { id } }`,
		`{ facility(id: "EAST-DORM") { id company { id } } }`,
		`{ codeOfConduct(id: "HIT-SPG") { id issuer { id } accepts { id issuer { id } } } }`,
		`{ codesOfConduct { id issuer { id } } }`,
		`{ supplyChain(focal: "EAST") { nodes { id tier } edges { source target supplier { id } customer { id } } } }`,
		`{ supplyChain(focal: "HIT") { nodes { id } } }`,
		`{ cascade(focal: "EAST", code: "HIT-SPG") { tiers { tier companies reached } entries { totalCount edges { node { company { id } requestedBy { id } reached status acknowledgment { code { id } } } } } } }`,
		`{ cascade(focal: "HIT", code: "HIT-SPG") { tiers { tier } } }`,
		`{ uncoveredTiers(focal: "EAST", code: "HIT-SPG") { tiers { uncoveredCompanies { totalCount edges { node { id } } } openEndCompanies { totalCount edges { node { id } } } } truncated } }`,
		`{ riskExposure(focal: "EAST") { sources { source { id company { id } } path { id } partner { id } } byCategory { category count } byPartner { partner { id } count }
			sourcesConnection { totalCount edges { node { source { id company { id } } path { id } partner { id } } } } } }`,
		`{ riskExposure(focal: "AOBA") { sources { source { id } } } }`,
		`{ riskPaths(from: "KIVU", to: "EAST") { nodes { id } } }`,
		`{ riskPaths(from: "EAST", to: "HIT") { nodes { id } } }`,
		`{ impact(source: "KIVU") { affected { company { id } path { id } } buyers { id } affectedConnection { totalCount edges { node { company { id } path { id } } } } } }`,
		`{ impact(source: "EAST") { affected { company { id } } buyers { id } } }`,
		`{ me { keyId role company { id } } }`,
		`{ apiKeys { id } }`,
		`mutation { recordAcknowledgments(input: [{companyId: "EAST", codeId: "HIT-SPG", edition: 7, date: "2026-05-01"}]) { created acknowledgments { company { id } code { id } } } }`,
		`mutation { recordAcknowledgments(input: [{companyId: "INDO", codeId: "HIT-SPG", edition: 7, date: "2026-05-01"}]) { created } }`,
		`mutation { recordRequests(input: [{requesterId: "EAST", supplierId: "JADE", codeId: "HIT-SPG", date: "2026-05-01"}]) { created requests { requester { id } supplier { id } } } }`,
		`mutation { recordRequests(input: [{requesterId: "EAST", supplierId: "KIVU", codeId: "HIT-SPG", date: "2026-05-01"}]) { created } }`,
		`mutation { recordRequests(input: [{requesterId: "EAST", supplierId: "AOBA", codeId: "HIT-SPG", date: "2026-05-01"}]) { created } }`,
		`mutation { upsertSupplyLinks(input: [{supplierId: "JADE", customerId: "EAST", material: "gold wire", until: "2026-12-31", share: 0.2}]) { updated links { supplier { id } customer { id } } } }`,
		`mutation { upsertSupplyLinks(input: [{supplierId: "EAST", customerId: "AOBA", material: "solder"}]) { updated } }`,
		`mutation { upsertCompanies(input: [{id: "EAST", name: "Renamed"}]) { updated } }`,
		`mutation { upsertFindings(input: [{id: "F-001", subjectId: "EAST-DORM", category: HUMAN_RIGHTS, severity: 1, likelihood: 1, detected: "2026-01-01"}]) { updated } }`,
		`mutation { closeFindings(ids: ["F-002"], closed: "2026-07-01") { updated } }`,
		`mutation { createApiKey(name: "x", role: VIEWER) { key } }`,
		`mutation { upsertFacilities(input: [{id: "EAST-F2", companyId: "EAST", name: "Second plant"}]) { created } }`,
		`mutation { upsertCodes(input: [{id: "EAST-COC", title: "Eastern code", edition: 1, issued: "2026-01-01"}]) { created } }`,
		`mutation { revokeApiKey(id: "nope") { id } }`,
		`{ ok }`,
		`{ company(id: "EAST") { declarations { id declarerId smelters { metal smelterId } answers { metal answer } } rmapHistory { date } } }`,
		`{ company(id: "INDO") { rmapStatus rmapHistory { date status } } }`,
		`{ mineralsReport(focal: "EAST", metal: "TANTALUM") { tiers { tier } suppliers { company { id } declaration { id smelters { smelterId } } }
			smelters { company { id } namedBy { id } } contradictions { declarer { id } supplier { id } smelter { id } } } }`,
		`{ mineralsReport(focal: "EAST", metal: "TIN") { smelters { company { id } namedBy { id } } } }`,
		`{ impact(source: "HARB") { affected { company { id } } } }`,
		`{ riskExposure(focal: "EAST", categories: [RESPONSIBLE_MINERALS]) { sources { source { id } path { id } declared } } }`,
	}
	want := map[int]string{1: "null", 12: "NOT_FOUND", 14: "NOT_FOUND", 17: "NOT_FOUND", 19: "NOT_FOUND", 23: "FORBIDDEN", 43: "NOT_FOUND",
		25: "FORBIDDEN", 27: "FORBIDDEN", 28: "FORBIDDEN", 30: "FORBIDDEN", 31: "FORBIDDEN", 32: "FORBIDDEN", 33: "FORBIDDEN", 34: "FORBIDDEN",
		35: "FORBIDDEN", 36: "FORBIDDEN", 37: "FORBIDDEN"}
	for i, q := range queries {
		code, body := s.ask(t, key, q)
		if m := leak.FindString(body); m != "" {
			t.Errorf("query %d leaks %s:\n%s\n%s", i, m, q, body)
		}
		got := codeOf(body)
		w := want[i]
		if w == "" || w == "null" {
			w = "ok"
		}
		if got != w || code != 200 {
			t.Errorf("query %d: %d %s, want %s\n%s", i, code, got, w, body)
		}
	}
	// Counts and pages see only the view.
	_, body := s.ask(t, key, `{ companies { totalCount } e: company(id: "EAST") { customers { totalCount } } }`)
	if !strings.Contains(body, `{"companies":{"totalCount":4},"e":{"customers":{"totalCount":0}}}`) {
		t.Errorf("counts: %s", body)
	}
	_, body = s.ask(t, key, `{ impact(source: "KIVU") { affected { company { id } } } }`)
	if !strings.Contains(body, `[{"company":{"id":"INDO"}},{"company":{"id":"EAST"}}]`) {
		t.Errorf("impact within the view: %s", body)
	}
	// An invisible company's error reads exactly like an unknown one's.
	_, hidden1 := s.ask(t, key, `{ supplyChain(focal: "HIT") { nodes { id } } }`)
	_, unknown := s.ask(t, key, `{ supplyChain(focal: "ZZZ") { nodes { id } } }`)
	if strings.ReplaceAll(hidden1, "HIT", "ZZZ") != unknown {
		t.Errorf("invisible and unknown differ:\n%s\n%s", hidden1, unknown)
	}
}
