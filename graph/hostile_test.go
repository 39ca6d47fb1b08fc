package graph_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// hostile strings: Cypher and GraphQL injection, huge and unicode ids,
// control characters.
var hostile = []string{
	`' OR 1=1 //`,
	`"}) MATCH (n) DETACH DELETE n //`,
	"HIT` DETACH DELETE n //",
	`$focal`,
	`{id: "HIT"}`,
	`"} } { __schema { types { name } } }`,
	`\u0000`,
	"HIT\x00",
	"\x01\x02\x1b[31mred\r\n",
	strings.Repeat("A", 100000),
	strings.Repeat("é", 200),
	"😀🏭⛓️",
	"\u202eTIH",
	"Ｈ Ｉ Ｔ",
	"",
	" ",
	"../../etc/passwd",
	"%00%27",
	"<script>alert(1)</script>",
	"-1",
	"1e309",
}

func send(t *testing.T, url, q string, vars map[string]any) (int, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	r, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return r.StatusCode, string(b)
}

func TestHostileInput(t *testing.T) {
	srv := server(t)
	before := neo4jtest.Snapshot(t)
	reads := []string{
		`query($s: ID!) { company(id: $s) { id } }`,
		`query($s: String) { companies(search: $s) { totalCount } }`,
		`query($s: String) { companies(country: $s) { totalCount } }`,
		`query($s: String) { companies(after: $s) { totalCount } }`,
		`query($s: ID!) { codeOfConduct(id: $s) { id } }`,
		`query($s: ID!) { facility(id: $s) { id } }`,
		`query($s: ID!) { supplyChain(focal: $s) { nodes { id } } }`,
		`query($s: ID!) { cascade(focal: "HIT", code: $s) { tiers { tier } } }`,
		`query($s: ID!) { cascade(focal: $s, code: "HIT-SPG") { tiers { tier } } }`,
		`query($s: String) { cascade(focal: "HIT", code: "HIT-SPG") { entries(after: $s) { totalCount } } }`,
		`query($s: ID!) { uncoveredTiers(focal: $s, code: "HIT-SPG") { truncated } }`,
		`query($s: ID!) { riskExposure(focal: $s) { sources { score } } }`,
		`query($s: ID!) { riskPaths(from: $s, to: "HIT") { hops } }`,
		`query($s: ID!) { riskPaths(from: "EAST", to: $s) { hops } }`,
		`query($s: ID!) { impact(source: $s) { buyers { id } } }`,
		`query($s: Date) { supplyChain(focal: "HIT", asOf: $s) { nodes { id } } }`,
		`query($s: String) { company(id: "HIT") { suppliers(after: $s) { totalCount } } }`,
	}
	writes := []string{
		`mutation($s: ID!) { upsertCompanies(input: [{id: $s, name: "x"}]) { created } }`,
		`mutation($s: String) { upsertCompanies(input: [{id: "HOSTILE1", name: "x", country: $s}]) { created } }`,
		`mutation($s: ID!) { upsertFacilities(input: [{id: "HF1", companyId: $s, name: "x"}]) { created } }`,
		`mutation($s: ID!) { upsertSupplyLinks(input: [{supplierId: $s, customerId: "HIT"}]) { created } }`,
		`mutation($s: ID!) { recordRequests(input: [{requesterId: "HIT", supplierId: "AOBA", codeId: $s, date: "2026-01-01"}]) { created } }`,
		`mutation($s: ID!) { recordAcknowledgments(input: [{companyId: $s, codeId: "HIT-SPG", edition: 7, date: "2026-01-01"}]) { created } }`,
		`mutation($s: ID!) { upsertFindings(input: [{id: "HFND", subjectId: $s, category: ETHICS, severity: 1, likelihood: 1, detected: "2026-01-01"}]) { created } }`,
		`mutation($s: ID!) { upsertCodes(input: [{id: "HCODE", title: "t", edition: 1, issued: "2026-01-01", accepts: [$s]}]) { created } }`,
		`mutation($s: ID!) { closeFindings(ids: [$s], closed: "2026-07-01") { updated } }`,
	}
	check := func(h string, qs []string) {
		for _, q := range qs {
			code, body := send(t, srv.URL, q, map[string]any{"s": h})
			if strings.Contains(body, `"INTERNAL"`) || code >= 500 {
				t.Errorf("%q in %s: %d %.300s", h, q, code, body)
			}
			if strings.Contains(body, "Neo4j") || strings.Contains(body, "Cypher") || strings.Contains(body, "goroutine") {
				t.Errorf("%q in %s leaks internals: %.300s", h, q, body)
			}
		}
	}
	for _, h := range hostile {
		check(h, reads)
	}
	if diff := cmp.Diff(before, neo4jtest.Snapshot(t)); diff != "" {
		t.Errorf("hostile input to reads changed the database:\n%.2000s", diff)
	}
	// Writes: a value that is not a valid id, given as an id, is BAD_INPUT;
	// a valid id ("-1") is written or refused as an unknown reference; a
	// country is written (blank: none) or refused. Never INTERNAL.
	for _, h := range hostile {
		check(h, writes)
		for _, q := range writes {
			_, body := send(t, srv.URL, q, map[string]any{"s": h})
			var out struct {
				Errors []struct{ Extensions struct{ Code string } }
			}
			if err := json.Unmarshal([]byte(body), &out); err != nil {
				t.Fatalf("%q in %s: not JSON: %v %.300s", h, q, err, body)
			}
			got := "ok"
			if len(out.Errors) > 0 {
				got = out.Errors[0].Extensions.Code
			}
			isID := strings.Contains(q, "$s: ID!")
			if isID && !dataset.ValidID(h) && got != "BAD_INPUT" {
				t.Errorf("%.60q in %s: %s, want BAD_INPUT: %.300s", h, q, got, body)
			}
			if got != "ok" && got != "BAD_INPUT" && got != "NOT_FOUND" {
				t.Errorf("%.60q in %s: %s: %.300s", h, q, got, body)
			}
		}
	}
	// Free text is stored verbatim and read back exactly, never interpreted.
	for _, h := range hostile[:10] {
		if strings.TrimSpace(h) == "" || strings.ContainsRune(h, 0) {
			continue
		}
		_, body := send(t, srv.URL, `mutation($s: String!) { upsertCompanies(input: [{id: "HOSTILE2", name: $s}]) { companies { name } } }`, map[string]any{"s": h})
		var out struct {
			Data struct {
				UpsertCompanies struct{ Companies []struct{ Name string } }
			}
		}
		json.Unmarshal([]byte(body), &out)
		_, back := send(t, srv.URL, `{ company(id: "HOSTILE2") { name } }`, nil)
		var got struct {
			Data struct{ Company struct{ Name string } }
		}
		json.Unmarshal([]byte(back), &got)
		want := strings.TrimSpace(h)
		if len([]rune(want)) > 500 {
			if !strings.Contains(body, "too long: 100000 characters, at most 500") {
				t.Errorf("a 100k name: %.300s", body)
			}
			continue
		}
		if got.Data.Company.Name != want {
			t.Errorf("stored %.40q, read back %.40q (%s)", h, got.Data.Company.Name, body)
		}
	}
}
