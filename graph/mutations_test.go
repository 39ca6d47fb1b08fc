package graph_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/supplygraph/supplygraph/graph"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

func emptyServer(t *testing.T) *httptest.Server {
	t.Helper()
	store := neo4jtest.Store(t)
	srv := httptest.NewServer(asKey(graph.NewHandler(explorer.New(store), graph.Options{})))
	t.Cleanup(srv.Close)
	return srv
}

func mutate(t *testing.T, srv *httptest.Server, q string, vars map[string]any) gqlResponse {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	resp, err := http.Post(srv.URL, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out gqlResponse
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// inputs converts the tiny fixture's records to mutation inputs, per file.
func inputs(t *testing.T) map[string][]map[string]any {
	ctx := context.Background()
	src, _ := dataset.Dir(tiny)
	sum, err := dataset.Validate(ctx, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]map[string]any{}
	accepts := map[string][]string{}
	dataset.Records(ctx, src, dataset.CodeAcceptsFile, func(r any) error {
		a := r.(domain.CodeAccept)
		accepts[a.CodeID] = append(accepts[a.CodeID], a.AcceptedCodeID)
		return nil
	})
	opt := func(m map[string]any, k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	for _, f := range sum.Files {
		dataset.Records(ctx, src, f, func(r any) error {
			m := map[string]any{}
			switch x := r.(type) {
			case domain.Company:
				m["id"], m["name"], m["kind"], m["disclosure"] = x.ID, x.Name, x.Kind, x.Disclosure
				opt(m, "country", x.Country)
				opt(m, "metal", x.Metal)
				opt(m, "rmiId", x.RMIID)
				opt(m, "rmapStatus", string(x.RMAPStatus))
			case domain.Facility:
				m["id"], m["companyId"], m["name"] = x.ID, x.CompanyID, x.Name
				opt(m, "country", x.Country)
				opt(m, "type", x.Type)
			case domain.Code:
				m["id"], m["title"], m["edition"], m["issued"], m["minEdition"] = x.ID, x.Title, x.Edition, x.Issued.String(), x.MinEdition
				opt(m, "issuerId", x.IssuerID)
				if x.ValidDays != nil {
					m["validDays"] = *x.ValidDays
				}
				if a := accepts[x.ID]; a != nil {
					m["accepts"] = a
				}
			case domain.CodeAccept:
				return nil
			case domain.SupplyLink:
				m["supplierId"], m["customerId"], m["material"] = x.SupplierID, x.CustomerID, x.Material
				if x.Since != nil {
					m["since"] = x.Since.String()
				}
				if x.Until != nil {
					m["until"] = x.Until.String()
				}
				if x.Share != nil {
					m["share"] = *x.Share
				}
			case domain.Request:
				m["requesterId"], m["supplierId"], m["codeId"], m["date"] = x.RequesterID, x.SupplierID, x.CodeID, x.Date.String()
			case domain.Acknowledgment:
				m["companyId"], m["codeId"], m["edition"], m["date"] = x.CompanyID, x.CodeID, x.Edition, x.Date.String()
				opt(m, "signatory", x.Signatory)
			case domain.Finding:
				m["id"], m["subjectId"], m["category"], m["severity"], m["likelihood"] = x.ID, x.SubjectID, x.Category, x.Severity, x.Likelihood
				m["status"], m["source"], m["detected"] = x.Status, x.Source, x.Detected.String()
				if x.Closed != nil {
					m["closed"] = x.Closed.String()
				}
				opt(m, "description", x.Description)
			case domain.Clause:
				m["codeId"], m["id"], m["chapter"], m["title"], m["introducedIn"] = x.CodeID, x.ID, x.Chapter, x.Title, x.IntroducedIn
				if x.Topics != nil {
					m["topics"] = x.Topics
				}
				if x.DroppedIn != nil {
					m["droppedIn"] = *x.DroppedIn
				}
			case domain.ClauseEquivalence:
				m["codeId"], m["clauseId"], m["equivalentCodeId"], m["equivalentClauseId"] = x.CodeID, x.ClauseID, x.EquivalentCodeID, x.EquivalentClauseID
			case domain.FindingClause:
				m["findingId"], m["codeId"], m["clauseId"] = x.FindingID, x.CodeID, x.ClauseID
			case domain.Action:
				m["id"], m["findingId"], m["kind"], m["responsibleId"], m["opened"], m["status"] = x.ID, x.FindingID, x.Kind, x.ResponsibleID, x.Opened.String(), x.Status
				opt(m, "description", x.Description)
				opt(m, "verifiedBy", x.VerifiedBy)
				opt(m, "level", string(x.Level))
				opt(m, "supplierId", x.SupplierID)
				opt(m, "customerId", x.CustomerID)
				for k, d := range map[string]*domain.Date{"due": x.Due, "done": x.Done, "verified": x.Verified} {
					if d != nil {
						m[k] = d.String()
					}
				}
			}
			out[f] = append(out[f], m)
			return nil
		})
	}
	return out
}

var mutationOf = []struct{ file, mutation, typ string }{
	{dataset.CompaniesFile, "upsertCompanies", "CompanyInput"},
	{dataset.FacilitiesFile, "upsertFacilities", "FacilityInput"},
	{dataset.CodesFile, "upsertCodes", "CodeInput"},
	{dataset.SupplyLinksFile, "upsertSupplyLinks", "SupplyLinkInput"},
	{dataset.RequestsFile, "recordRequests", "RequestInput"},
	{dataset.AcknowledgmentsFile, "recordAcknowledgments", "AcknowledgmentInput"},
	{dataset.FindingsFile, "upsertFindings", "FindingInput"},
	{dataset.ClausesFile, "upsertClauses", "ClauseInput"},
	{dataset.ClauseCrosswalkFile, "upsertClauseEquivalences", "ClauseEquivalenceInput"},
	{dataset.FindingClausesFile, "citeClauses", "ClauseCitationInput"},
	{dataset.ActionsFile, "upsertActions", "ActionInput"},
}

// TestMutationsLoadLikeTheCLI: the tiny fixture written through the
// mutations gives exactly the database the CLI loader gives.
func TestMutationsLoadLikeTheCLI(t *testing.T) {
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, tiny)
	want := neo4jtest.Snapshot(t)

	srv := emptyServer(t)
	in := inputs(t)
	for _, m := range mutationOf {
		q := "mutation($in: [" + m.typ + "!]!) { " + m.mutation + "(input: $in) { loadId created updated } }"
		resp := mutate(t, srv, q, map[string]any{"in": in[m.file]})
		if len(resp.Errors) > 0 {
			t.Fatalf("%s: %+v", m.mutation, resp.Errors)
		}
		payload := resp.Data[m.mutation].(map[string]any)
		if payload["created"].(json.Number).String() == "0" {
			t.Errorf("%s created nothing: %v", m.mutation, payload)
		}
	}
	if diff := cmp.Diff(want, neo4jtest.Snapshot(t)); diff != "" {
		t.Errorf("mutations differ from the CLI load (-cli +mutations):\n%s", diff)
	}
}

func TestMutationErrorsChangeNothing(t *testing.T) {
	srv := server(t)
	before := neo4jtest.Snapshot(t)
	tests := []struct {
		query  string
		vars   map[string]any
		code   string
		issues []string
	}{
		{`mutation($in: [CompanyInput!]!) { upsertCompanies(input: $in) { created } }`,
			map[string]any{"in": []map[string]any{{"id": "NEW1", "name": "New"}, {"id": "bad id", "name": "X"}, {"id": "NEW3", "name": "", "country": "Japan"}}},
			"BAD_INPUT", []string{
				`input[1].id: invalid id "bad id": want 1 to 128 characters of A-Z a-z 0-9 . _ : -`,
				"input[2].name: missing required value",
				`input[2].country: invalid country "Japan": want an ISO 3166-1 alpha-2 code such as JP`,
			}},
		{`mutation($in: [SupplyLinkInput!]!) { upsertSupplyLinks(input: $in) { created } }`,
			map[string]any{"in": []map[string]any{{"supplierId": "AOBA", "customerId": "HIT", "share": 0.9}, {"supplierId": "GHOST", "customerId": "HIT"}, {"supplierId": "HIT", "customerId": "HIT"}}},
			"BAD_INPUT", []string{
				`input[1].supplierId: unknown company "GHOST" (neither in the dataset nor in the database)`,
				`input[2].customerId: supplier and customer are the same company "HIT"`,
			}},
		{`mutation($in: [CodeInput!]!) { upsertCodes(input: $in) { created } }`,
			map[string]any{"in": []map[string]any{{"id": "C2", "title": "T", "edition": 1, "issued": "2025-01-01", "accepts": []string{"RBA-COC", "NOPE"}}}},
			"BAD_INPUT", []string{`input[0].accepts: unknown code "NOPE" (neither in the dataset nor in the database)`}},
		{`mutation($in: [FindingInput!]!) { upsertFindings(input: $in) { created } }`,
			map[string]any{"in": []map[string]any{{"id": "F-9", "subjectId": "EAST-DORM", "category": "ETHICS", "severity": 9, "likelihood": 1, "detected": "2026-01-01"}}},
			"BAD_INPUT", []string{`input[0].severity: invalid number "9": want a whole number from 1 to 5`}},
		{`mutation { closeFindings(ids: ["F-001", "F-404"], closed: "2026-07-01") { updated } }`, nil, "NOT_FOUND", nil},
		{`mutation { closeFindings(ids: ["F-001"], closed: "2020-01-01") { updated } }`, nil, "BAD_INPUT",
			[]string{"input[0].closed: closed 2020-01-01 is before detected 2026-02-10"}},
		// A record named twice in one input is refused (a dataset's later
		// row would replace the earlier, with a warning).
		{`mutation($in: [CompanyInput!]!) { upsertCompanies(input: $in) { created } }`,
			map[string]any{"in": []map[string]any{{"id": "NEW1", "name": "New"}, {"id": "NEW2", "name": "Other"}, {"id": "NEW1", "name": "New again"}}},
			"BAD_INPUT", []string{`input[2].id: same company "NEW1" as input[0]: a mutation may name each record once`}},
		{`mutation($in: [SupplyLinkInput!]!) { upsertSupplyLinks(input: $in) { created } }`,
			map[string]any{"in": []map[string]any{{"supplierId": "AOBA", "customerId": "HIT", "share": 0.9}, {"supplierId": "AOBA", "customerId": "HIT", "share": 0.5}}},
			"BAD_INPUT", []string{`input[1]: same supply link "AOBA" -> "HIT", material "" as input[0]: a mutation may name each record once`}},
		{`mutation { closeFindings(ids: ["F-001", "F-001"], closed: "2026-07-01") { updated } }`, nil, "BAD_INPUT",
			[]string{`input[1].id: same finding "F-001" as input[0]: a mutation may name each record once`}},
		// Clauses and actions validate like their CSV rows.
		{`mutation($in: [ClauseInput!]!) { upsertClauses(input: $in) { created } }`,
			map[string]any{"in": []map[string]any{{"codeId": "HIT-SPG", "id": "A (8)", "chapter": "A. Labor", "title": "T", "introducedIn": 7},
				{"codeId": "HIT-SPG", "id": "A-(9)", "chapter": "A. Labor", "title": "T", "introducedIn": 7, "droppedIn": 7, "topics": []string{"Land"}}}},
			"BAD_INPUT", []string{
				`input[0].id: invalid clause id "A (8)": want 1 to 64 characters of A-Z a-z 0-9 . _ : - ( )`,
				`input[1].topics: invalid topic "Land": want ;-separated tags of 1 to 64 characters of a-z 0-9 -`,
			}},
		{`mutation($in: [ClauseEquivalenceInput!]!) { upsertClauseEquivalences(input: $in) { created } }`,
			map[string]any{"in": []map[string]any{{"codeId": "HIT-SPG", "clauseId": "A-(7)", "equivalentCodeId": "NEC-SCG", "equivalentClauseId": "II-99"}}},
			"BAD_INPUT", []string{`input[0].equivalentClauseId: unknown clause "II-99" of code "NEC-SCG" (neither in the dataset nor in the database)`}},
		{`mutation($in: [ActionInput!]!) { upsertActions(input: $in) { created } }`,
			map[string]any{"in": []map[string]any{
				{"id": "A-X1", "findingId": "F-001", "kind": "CORRECT", "responsibleId": "EAST", "opened": "2026-03-01", "due": "2026-02-01"},
				{"id": "A-X2", "findingId": "F-404", "kind": "ESCALATE", "responsibleId": "CHAO", "opened": "2026-03-01", "level": "SUSPEND"},
				{"id": "A-X3", "findingId": "F-001", "kind": "CORRECT", "responsibleId": "EAST", "opened": "2026-03-01", "status": "VERIFIED", "done": "2026-03-02"}}},
			"BAD_INPUT", []string{
				`input[0].due: due 2026-02-01 is before opened 2026-03-01`,
				`input[1].supplierId: missing required value (an ESCALATE action has a level and applies to a supply relationship)`,
				`input[1].customerId: missing required value (an ESCALATE action has a level and applies to a supply relationship)`,
				`input[1].findingId: unknown finding "F-404" (neither in the dataset nor in the database)`,
				`input[2].verified: missing required value (the date the action was verified)`,
				`input[2].verifiedBy: missing required value (who verified the action)`,
			}},
		{`mutation { completeActions(ids: ["A-002", "A-404"], done: "2026-05-20") { updated } }`, nil, "NOT_FOUND", nil},
		{`mutation { completeActions(ids: ["A-002"], done: "2026-01-01") { updated } }`, nil, "BAD_INPUT",
			[]string{"input[0].done: done 2026-01-01 is before opened 2026-02-15"}},
		{`mutation { verifyActions(ids: ["A-005"], verified: "2026-01-01", verifiedBy: "auditor") { updated } }`, nil, "BAD_INPUT",
			[]string{"input[0].verified: verified 2026-01-01 is before done 2026-01-20"}},
		// a done date far ahead read OPEN until then and blocked verifying
		{`mutation { completeActions(ids: ["A-002"], done: "9999-12-31") { updated } }`, nil, "BAD_INPUT", nil},
		{`mutation { verifyActions(ids: ["A-005"], verified: "9999-12-31", verifiedBy: "auditor") { updated } }`, nil, "BAD_INPUT", nil},
	}
	for _, tc := range tests {
		resp := mutate(t, srv, tc.query, tc.vars)
		if len(resp.Errors) != 1 {
			t.Errorf("%s: errors %+v", tc.query, resp.Errors)
			continue
		}
		e := resp.Errors[0]
		if e.Extensions["code"] != tc.code {
			t.Errorf("%s: code %v (%s)", tc.query, e.Extensions["code"], e.Message)
		}
		var got []string
		for _, i := range anyList(e.Extensions["issues"]) {
			got = append(got, i.(string))
		}
		if diff := cmp.Diff(tc.issues, got); diff != "" {
			t.Errorf("%s: issues (-want +got):\n%s", tc.query, diff)
		}
	}
	if diff := cmp.Diff(before, neo4jtest.Snapshot(t)); diff != "" {
		t.Errorf("database changed:\n%s", diff)
	}
}

func anyList(v any) []any {
	l, _ := v.([]any)
	return l
}

func TestCloseAndUpdateFindings(t *testing.T) {
	srv := serverWith(t, true) // the snapshot must not serve stale answers after writes
	resp := mutate(t, srv, `mutation { closeFindings(ids: ["F-001", "F-005"], closed: "2026-07-01") { updated findings { id status closed } } }`, nil)
	if len(resp.Errors) > 0 {
		t.Fatal(resp.Errors)
	}
	got, _ := json.Marshal(resp.Data)
	if want := `{"closeFindings":{"findings":[{"closed":"2026-07-01","id":"F-001","status":"CLOSED"},{"closed":"2026-07-01","id":"F-005","status":"CLOSED"}],"updated":2}}`; string(got) != want {
		t.Errorf("got %s", got)
	}
	// Closed by 2026-08-01: F-001 no longer counts; before, it still does.
	for asOf, want := range map[string]bool{"2026-08-01": false, "2026-06-01": true} {
		resp = query(t, srv, `{ riskExposure(focal: "HIT", asOf: "`+asOf+`") { sources { source { id } } } }`)
		has := strings.Contains(jsonOf(resp.Data), `"F-001"`)
		if has != want {
			t.Errorf("asOf %s: F-001 listed = %v", asOf, has)
		}
	}
	// Ending a link removes it from the chain after its end.
	resp = mutate(t, srv, `mutation { upsertSupplyLinks(input: [{supplierId: "CHAO", customerId: "HIT", material: "wire harnesses", since: "2024-01-01", until: "2026-07-01"}]) { created updated links { source target until share } } }`, nil)
	if got := jsonOf(resp.Data); got != `{"upsertSupplyLinks":{"created":0,"links":[{"share":null,"source":"CHAO","target":"HIT","until":"2026-07-01"}],"updated":1}}` {
		t.Errorf("end link: %s %+v", got, resp.Errors)
	}
	resp = query(t, srv, `{ supplyChain(focal: "HIT", asOf: "2026-08-01", maxDepth: 1) { nodes { id } } }`)
	if got := jsonOf(resp.Data); got != `{"supplyChain":{"nodes":[{"id":"HIT"},{"id":"AOBA"},{"id":"BALT"}]}}` {
		t.Errorf("chain after end: %s", got)
	}
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestMutationAnswerArgumentsCheckedBeforeWriting: a bad argument in a
// mutation's answer (a page's first or cursor, a date) is refused before
// the write, so an error never comes with a committed write (it used to:
// the answer was resolved after the commit).
func TestMutationAnswerArgumentsCheckedBeforeWriting(t *testing.T) {
	srv := server(t)
	before := neo4jtest.Snapshot(t)
	const write = `recordAcknowledgments(input: [{companyId: "EAST", codeId: "RBA-COC", edition: 8, date: "2026-03-03"}])`
	offset := base64.RawURLEncoding.EncodeToString([]byte("at:3"))
	for _, c := range []struct {
		name, answer, want string
		vars               map[string]any
	}{
		{"first", `company { suppliers(first: 5000) { totalCount } }`, "first must be from 0 to 1000", nil},
		{"first variable", `company { suppliers(first: $v) { totalCount } }`, "first must be from 0 to 1000", map[string]any{"v": 5000}},
		{"cursor", `company { suppliers(after: "garbage") { totalCount } }`, "invalid cursor", nil},
		{"cursor variable", `company { customers(after: $v) { totalCount } }`, "invalid cursor", map[string]any{"v": "garbage"}},
		{"cursor of another kind", `company { suppliers(after: $v) { totalCount } }`, "invalid cursor", map[string]any{"v": offset}},
		{"date", `company { suppliers(asOf: "2026-02-30") { totalCount } }`, "2026-02-30", nil},
		{"date variable", `company { acknowledgments(asOf: $v) { date } }`, "2026-13-01", map[string]any{"v": "2026-13-01"}},
	} {
		op := "mutation"
		if c.vars != nil {
			typ := "Int"
			if _, ok := c.vars["v"].(string); ok {
				typ = "String"
				if strings.Contains(c.name, "date") {
					typ = "Date"
				}
			}
			op = "mutation($v: " + typ + ")"
		}
		resp := mutate(t, srv, op+` { `+write+` { acknowledgments { `+c.answer+` } } }`, c.vars)
		if len(resp.Errors) == 0 || !strings.Contains(resp.Errors[0].Message, c.want) || resp.Errors[0].Extensions["code"] != "BAD_INPUT" {
			t.Errorf("%s: %+v", c.name, resp.Errors)
		}
		if diff := cmp.Diff(before, neo4jtest.Snapshot(t)); diff != "" {
			t.Errorf("%s: a refused mutation wrote:\n%.1000s", c.name, diff)
		}
	}
	// good arguments of the same kinds pass
	resp := mutate(t, srv, `mutation { `+write+` { acknowledgments { company { suppliers(first: 1, after: "`+base64.RawURLEncoding.EncodeToString([]byte("id:A"))+`", asOf: "2026-02-28") { totalCount } } } } }`, nil)
	if len(resp.Errors) != 0 {
		t.Errorf("good arguments: %+v", resp.Errors)
	}
}

// TestMutationsOfOneOperationAnswerEach: each mutation of an operation is
// its own write; one that fails answers null with its error, and the
// others keep their answers, before or after it (a failed mutation used
// to null the whole answer, hiding writes that were made).
func TestMutationsOfOneOperationAnswerEach(t *testing.T) {
	srv := server(t)
	resp := mutate(t, srv, `mutation {
  a: upsertCompanies(input: [{id: "MULTI1", name: "Multi one", kind: SUPPLIER}]) { loadId created }
  b: closeFindings(ids: ["NOPE"], closed: "2026-07-01") { updated }
  c: upsertCompanies(input: [{id: "MULTI2", name: "Multi two", kind: SUPPLIER}]) { loadId created }
}`, nil)
	if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "NOT_FOUND" || fmt.Sprint(resp.Errors[0].Path) != "[b]" {
		t.Errorf("errors: %+v", resp.Errors)
	}
	for _, k := range []string{"a", "c"} {
		p, _ := resp.Data[k].(map[string]any)
		if p == nil || p["loadId"] == nil || fmt.Sprint(p["created"]) != "1" {
			t.Errorf("%s: %v", k, resp.Data[k])
		}
	}
	if v, ok := resp.Data["b"]; !ok || v != nil {
		t.Errorf("b: %v (present %v), want null", v, ok)
	}
	got := query(t, srv, `{ a: company(id: "MULTI1") { id } c: company(id: "MULTI2") { id } }`)
	if jsonOf(got.Data) != `{"a":{"id":"MULTI1"},"c":{"id":"MULTI2"}}` {
		t.Errorf("written: %s", jsonOf(got.Data))
	}
}
