package graph_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"testing"
)

// TestRemediationQuestions asks the worked examples of docs/analysis.md
// ("From finding to fix") through GraphQL, from Neo4j and from the
// snapshot, and checks the answers quoted there.
func TestRemediationQuestions(t *testing.T) {
	for _, snap := range []bool{false, true} {
		t.Run(fmt.Sprintf("snapshot=%v", snap), func(t *testing.T) { remediationQuestions(t, serverWith(t, snap)) })
	}
}

func compact(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func remediationQuestions(t *testing.T, srv *httptest.Server) {
	ask := func(q string) map[string]any {
		t.Helper()
		resp := query(t, srv, q)
		if len(resp.Errors) > 0 {
			t.Fatalf("errors: %+v\n%s", resp.Errors, q)
		}
		return resp.Data
	}
	// Land Rights, tier by tier; DELT is covered (RBA-COC) but not committed.
	d := ask(`{ clauseCoverage(focal: "HIT", code: "HIT-SPG", clauses: ["A-(7)"], asOf: "2026-06-01") { clauses {
		clause { id title chapter topics introducedIn droppedIn } companies committed coveredNotCommitted
		tiers { tier companies committed coveredNotCommitted commitment uncommitted { totalCount edges { node { id } } } } } } }`)
	want := `{"clauseCoverage":{"clauses":[{"clause":{"chapter":"A. Labor","droppedIn":null,"id":"A-(7)","introducedIn":7,"title":"Land Rights","topics":["land-rights"]},` +
		`"committed":2,"companies":10,"coveredNotCommitted":1,"tiers":[` +
		`{"commitment":0.3333333333333333,"committed":1,"companies":3,"coveredNotCommitted":0,"tier":1,"uncommitted":{"edges":[{"node":{"id":"BALT"}},{"node":{"id":"CHAO"}}],"totalCount":2}},` +
		`{"commitment":0.3333333333333333,"committed":1,"companies":3,"coveredNotCommitted":1,"tier":2,"uncommitted":{"edges":[{"node":{"id":"DELT"}},{"node":{"id":"GDAN"}}],"totalCount":2}},` +
		`{"commitment":0,"committed":0,"companies":3,"coveredNotCommitted":0,"tier":3,"uncommitted":{"edges":[{"node":{"id":"HARB"}},{"node":{"id":"INDO"}},{"node":{"id":"JADE"}}],"totalCount":3}},` +
		`{"commitment":0,"committed":0,"companies":1,"coveredNotCommitted":0,"tier":4,"uncommitted":{"edges":[{"node":{"id":"KIVU"}}],"totalCount":1}}]}]}}`
	if got := compact(t, d); got != want {
		t.Errorf("clauseCoverage:\n got %s\nwant %s", got, want)
	}
	d = ask(`{ codeOfConduct(id: "HIT-SPG") { clauses { id } } }`)
	if got := compact(t, d); got != `{"codeOfConduct":{"clauses":[{"id":"A-(1)"},{"id":"A-(7)"},{"id":"B-(6)"},{"id":"C-(2)"},{"id":"D-(1)"}]}}` {
		t.Errorf("clauses: %s", got)
	}

	// Findings, actions, routes.
	d = ask(`{ remediation(focal: "HIT", code: "HIT-SPG", asOf: "2026-06-01") { findingsWithOverdue overdueActions withoutRoute
		byEscalation { level findings }
		findings { finding { id clauses { codeId clauseId } } company { id } tier daysOpen overdueActions escalation
			actions { action { id kind responsible { id } supplier { id } customer { id } level } statusOnDate overdue daysOverdue }
			route { path { id } weight } blockers { id } } } }`)
	want = `{"remediation":{"byEscalation":[{"findings":1,"level":"ENHANCED_PLAN"}],"findings":[` +
		`{"actions":[{"action":{"customer":null,"id":"A-005","kind":"CORRECT","level":null,"responsible":{"id":"BALT"},"supplier":null},"daysOverdue":0,"overdue":false,"statusOnDate":"DONE"},` +
		`{"action":{"customer":null,"id":"A-006","kind":"PREVENT","level":null,"responsible":{"id":"BALT"},"supplier":null},"daysOverdue":0,"overdue":false,"statusOnDate":"OPEN"}],` +
		`"blockers":[],"company":{"id":"BALT"},"daysOpen":208,"escalation":null,"finding":{"clauses":[{"clauseId":"B-(6)","codeId":"HIT-SPG"}],"id":"F-002"},"overdueActions":0,` +
		`"route":{"path":[{"id":"BALT"},{"id":"HIT"}],"weight":0.4},"tier":1},` +
		`{"actions":[{"action":{"customer":null,"id":"A-001","kind":"CORRECT","level":null,"responsible":{"id":"EAST"},"supplier":null},"daysOverdue":0,"overdue":false,"statusOnDate":"VERIFIED"},` +
		`{"action":{"customer":null,"id":"A-002","kind":"REMEDY","level":null,"responsible":{"id":"EAST"},"supplier":null},"daysOverdue":31,"overdue":true,"statusOnDate":"OPEN"},` +
		`{"action":{"customer":{"id":"CHAO"},"id":"A-003","kind":"ESCALATE","level":"ENGAGE","responsible":{"id":"CHAO"},"supplier":{"id":"EAST"}},"daysOverdue":0,"overdue":false,"statusOnDate":"DONE"},` +
		`{"action":{"customer":{"id":"CHAO"},"id":"A-004","kind":"ESCALATE","level":"ENHANCED_PLAN","responsible":{"id":"CHAO"},"supplier":{"id":"EAST"}},"daysOverdue":0,"overdue":false,"statusOnDate":"OPEN"}],` +
		`"blockers":[],"company":{"id":"EAST"},"daysOpen":111,"escalation":"ENHANCED_PLAN","finding":{"clauses":[{"clauseId":"A-(1)","codeId":"HIT-SPG"},{"clauseId":"II-1","codeId":"NEC-SCG"}],"id":"F-001"},"overdueActions":1,` +
		`"route":{"path":[{"id":"EAST"},{"id":"AOBA"},{"id":"HIT"}],"weight":0.24},"tier":2},` +
		`{"actions":[{"action":{"customer":null,"id":"A-007","kind":"CORRECT","level":null,"responsible":{"id":"DELT"},"supplier":null},"daysOverdue":1,"overdue":true,"statusOnDate":"OPEN"}],` +
		`"blockers":[],"company":{"id":"DELT"},"daysOpen":92,"escalation":null,"finding":{"clauses":[],"id":"F-005"},"overdueActions":1,` +
		`"route":{"path":[{"id":"DELT"},{"id":"AOBA"},{"id":"HIT"}],"weight":0.24},"tier":2}],` +
		`"findingsWithOverdue":2,"overdueActions":2,"withoutRoute":0}}`
	if got := compact(t, d); got != want {
		t.Errorf("remediation:\n got %s\nwant %s", got, want)
	}
	d = ask(`{ remediation(focal: "HIT", code: "NEC-SCG", asOf: "2026-06-01") { withoutRoute findings { finding { id } route { weight } blockers { id } } } }`)
	if got := compact(t, d); got != `{"remediation":{"findings":[{"blockers":[],"finding":{"id":"F-002"},"route":{"weight":0.4}},{"blockers":[],"finding":{"id":"F-001"},"route":null},{"blockers":[{"id":"AOBA"}],"finding":{"id":"F-005"},"route":null}],"withoutRoute":2}}` {
		t.Errorf("remediation for NEC-SCG: %s", got)
	}

	// The same findings in pages.
	d = ask(`{ remediation(focal: "HIT", code: "HIT-SPG", asOf: "2026-06-01") { findingsConnection(first: 2) {
		totalCount edges { node { finding { id } route { weight } } } pageInfo { hasNextPage endCursor } } } }`)
	conn := d["remediation"].(map[string]any)["findingsConnection"].(map[string]any)
	if got := compact(t, conn["edges"]); got != `[{"node":{"finding":{"id":"F-002"},"route":{"weight":0.4}}},{"node":{"finding":{"id":"F-001"},"route":{"weight":0.24}}}]` || compact(t, conn["totalCount"]) != "3" {
		t.Errorf("findingsConnection: %s", compact(t, conn))
	}
	after := conn["pageInfo"].(map[string]any)["endCursor"].(string)
	d = ask(fmt.Sprintf(`{ remediation(focal: "HIT", code: "HIT-SPG", asOf: "2026-06-01") { findingsConnection(after: %q) { edges { node { finding { id } } } pageInfo { hasNextPage } } } }`, after))
	if got := compact(t, d); got != `{"remediation":{"findingsConnection":{"edges":[{"node":{"finding":{"id":"F-005"}}}],"pageInfo":{"hasNextPage":false}}}}` {
		t.Errorf("findingsConnection, next page: %s", got)
	}

	// Risk exposure by clause.
	d = ask(`{ riskExposure(focal: "HIT", asOf: "2026-06-01") { byClause { codeId clauseId count maxScore } } }`)
	if got := compact(t, d); got != `{"riskExposure":{"byClause":[{"clauseId":"A-(1)","codeId":"HIT-SPG","count":1,"maxScore":9.600000000000001},{"clauseId":"B-(6)","codeId":"HIT-SPG","count":1,"maxScore":2.4000000000000004},{"clauseId":"II-1","codeId":"NEC-SCG","count":1,"maxScore":9.600000000000001}]}}` {
		t.Errorf("riskExposure byClause: %s", got)
	}

	// The period report.
	d = ask(`{ dueDiligenceReport(focal: "HIT", code: "HIT-SPG", from: "2025-06-01", to: "2026-06-01") {
		coverage { tier coveredFrom coveredTo change } clauses { clause { id } committedFrom committedTo newlyCommitted { id } }
		findings { category tier opened closed } actions { opened completed verified overdue } escalations { id level }
		riskFrom { sources totalScore } riskTo { sources totalScore byCategory { category count } } } }`)
	r := d["dueDiligenceReport"].(map[string]any)
	for part, want := range map[string]string{
		"coverage":    `[{"change":0.3333333333333333,"coveredFrom":0,"coveredTo":1,"tier":1},{"change":0.3333333333333333,"coveredFrom":1,"coveredTo":2,"tier":2},{"change":0,"coveredFrom":0,"coveredTo":0,"tier":3},{"change":0,"coveredFrom":0,"coveredTo":0,"tier":4}]`,
		"findings":    `[{"category":"ENVIRONMENT","closed":["F-003"],"opened":["F-003"],"tier":2},{"category":"HEALTH_SAFETY","closed":[],"opened":["F-002"],"tier":1},{"category":"HUMAN_RIGHTS","closed":[],"opened":["F-001"],"tier":2},{"category":"INFORMATION_SECURITY","closed":[],"opened":["F-005"],"tier":2}]`,
		"actions":     `{"completed":4,"opened":8,"overdue":2,"verified":2}`,
		"escalations": `[{"id":"A-003","level":"ENGAGE"},{"id":"A-004","level":"ENHANCED_PLAN"}]`,
	} {
		if got := compact(t, r[part]); got != want {
			t.Errorf("report %s:\n got %s\nwant %s", part, got, want)
		}
	}
	for part, want := range map[string]float64{"riskFrom": 9.216, "riskTo": 22.176} {
		risk := r[part].(map[string]any)
		if got, _ := risk["totalScore"].(json.Number).Float64(); got < want-1e-9 || got > want+1e-9 {
			t.Errorf("report %s: %v, want total score %v", part, risk, want)
		}
	}
	if got := compact(t, r["clauses"]); got != `[{"clause":{"id":"A-(1)"},"committedFrom":1,"committedTo":3,"newlyCommitted":[{"id":"AOBA"},{"id":"EAST"}]},{"clause":{"id":"A-(7)"},"committedFrom":0,"committedTo":2,"newlyCommitted":[{"id":"AOBA"},{"id":"EAST"}]},{"clause":{"id":"B-(6)"},"committedFrom":0,"committedTo":2,"newlyCommitted":[{"id":"AOBA"},{"id":"EAST"}]},{"clause":{"id":"C-(2)"},"committedFrom":0,"committedTo":2,"newlyCommitted":[{"id":"AOBA"},{"id":"EAST"}]},{"clause":{"id":"D-(1)"},"committedFrom":1,"committedTo":3,"newlyCommitted":[{"id":"AOBA"},{"id":"EAST"}]}]` {
		t.Errorf("report clauses: %s", got)
	}

	// Errors.
	for q, code := range map[string]string{
		`{ clauseCoverage(focal: "HIT", code: "HIT-SPG", clauses: ["Z-(9)"]) { clauses { committed } } }`:                    "BAD_INPUT",
		`{ clauseCoverage(focal: "HIT", code: "NOPE") { clauses { committed } } }`:                                           "NOT_FOUND",
		`{ clauseCoverage(focal: "HIT", code: "HIT-SPG", maxDepth: 21) { clauses { committed } } }`:                          "BAD_INPUT",
		`{ remediation(focal: "NOPE", code: "HIT-SPG") { withoutRoute } }`:                                                   "NOT_FOUND",
		`{ remediation(focal: "HIT", code: "HIT-SPG", attenuation: 0) { withoutRoute } }`:                                    "BAD_INPUT",
		`{ dueDiligenceReport(focal: "HIT", code: "HIT-SPG", from: "2026-06-01", to: "2026-06-01") { actions { opened } } }`: "BAD_INPUT",
		`{ dueDiligenceReport(focal: "HIT", code: "NOPE", from: "2025-06-01", to: "2026-06-01") { actions { opened } } }`:    "NOT_FOUND",
	} {
		resp := query(t, srv, q)
		if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != code {
			t.Errorf("%s: %+v, want %s", q, resp.Errors, code)
		}
	}
}
