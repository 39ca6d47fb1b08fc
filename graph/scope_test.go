package graph_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/cmrt/cmrttest"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
)

// The tiny fixture's ids, and what a key scoped to EAST sees of them.
var (
	tinyCompanies = []string{"HIT", "NEC", "AOBA", "BALT", "CHAO", "DELT", "EAST", "FERR", "GDAN", "HARB", "INDO", "JADE", "KIVU"}
	eastView      = map[string]bool{"EAST": true, "INDO": true, "JADE": true, "KIVU": true}
	// hidden from EAST: the other companies, BALT's facility, the findings
	// about them (F-001 is about EAST's dormitory).
	eastHidden = []string{"HIT", "NEC", "AOBA", "BALT", "CHAO", "DELT", "FERR", "GDAN", "HARB", "BALT-FDY",
		"F-002", "F-003", "F-004", "F-005", "F-006"}
)

// wideCompany selects every field of a company and of what hangs off it.
const wideCompany = `
fragment L on SupplyLink { source target supplier { id } customer { id } material since until share proposed proposedBy }
fragment F on Finding { id subject { ... on Company { id } ... on Facility { id company { id } } } company { id } category status clauses { codeId clauseId } }
fragment D on Declaration { id declarerId template version scope scopeText effective companyName file
  answers { metal number question answer } smelters { metal smelterId } }
fragment C on Company { id name kind country disclosure metal rmiId rmapStatus old2: rmapStatus(asOf: "2000-06-01")
  declarations { ...D } rmapHistory { date status }
  suppliers { totalCount edges { node { id } links { ...L } } }
  old: suppliers(asOf: "2000-06-01") { totalCount edges { node { id } links { ...L } } }
  customers { totalCount edges { node { id } links { ...L } } }
  facilities { id name company { id } findings { ...F } }
  findings { ...F }
  acknowledgments { company { id } code { id issuer { id } accepts { id issuer { id } } } edition current }
  requests { requester { id } supplier { id } code { id } }
  made: requests(direction: MADE) { requester { id } supplier { id } code { id } } }
`

// readCorpus is every read field of the API, asked about every company of
// the tiny fixture, at today's date and at a date in 2000.
func readCorpus() []string {
	qs := []string{
		`{ companies(first: 1000) { totalCount edges { node { ...C } } } }` + wideCompany,
		`{ companies(search: "") { totalCount edges { node { id } } } b: companies(kind: BUYER) { totalCount edges { node { id } } } }`,
		`{ codesOfConduct { id issuer { id } accepts { id issuer { id } } clauses { id codeId title } } codeOfConduct(id: "HIT-SPG") { id issuer { id } } }`,
		`{ facility(id: "EAST-DORM") { id company { id } findings { id } } f2: facility(id: "BALT-FDY") { id } }`,
		`{ proposedSupplyLinks { source target } }`,
		`{ me { keyId role company { id } } }`,
	}
	for _, id := range tinyCompanies {
		for _, asOf := range []string{"2026-06-01", "2000-06-01"} {
			qs = append(qs,
				fmt.Sprintf(`{ company(id: %q) { ...C } }`+wideCompany, id),
				fmt.Sprintf(`{ supplyChain(focal: %q, asOf: %q) { focal { id } nodes { id tier } edges { source target supplier { id } customer { id } proposed } } }`, id, asOf),
				fmt.Sprintf(`{ cascade(focal: %q, code: "HIT-SPG", asOf: %q) { tiers { tier companies covered stale pending notRequested reached }
					entries { totalCount edges { node { company { id } tier status reached requestedBy { id } acknowledgment { company { id } code { id } } } } } } }`, id, asOf),
				fmt.Sprintf(`{ uncoveredTiers(focal: %q, code: "HIT-SPG", asOf: %q) { firstUncoveredTier truncated tiers { tier
					uncoveredCompanies { totalCount edges { node { id } } } openEndCompanies { totalCount edges { node { id } } } } } }`, id, asOf),
				fmt.Sprintf(`{ riskExposure(focal: %q, asOf: %q, limit: 500) { sources { source { id company { id } } path { id } partner { id } score }
					byCategory { category count } byPartner { partner { id } count } } }`, id, asOf),
				fmt.Sprintf(`{ riskExposure(focal: %q, asOf: %q) { sourcesConnection { totalCount edges { node { source { id company { id } } path { id } partner { id } } } } } }`, id, asOf),
				fmt.Sprintf(`{ impact(source: %q, asOf: %q) { affected { company { id } path { id } distance } buyers { id }
					affectedConnection(first: 2) { totalCount edges { node { company { id } path { id } } } } } }`, id, asOf),
				fmt.Sprintf(`{ a: riskPaths(from: %q, to: "EAST", asOf: %q) { nodes { id } declared } b: riskPaths(from: "KIVU", to: %q, asOf: %q) { nodes { id } } }`, id, asOf, id, asOf),
				fmt.Sprintf(`{ t: mineralsReport(focal: %q, metal: "TIN", asOf: %q) { ...M } g: mineralsReport(focal: %q, metal: "TANTALUM", asOf: %q) { ...M } }
					fragment M on MineralsReport { focal { ...C } tiers { tier companies current stale none rate } responseRate allSmeltersIdentified conformantShare
					suppliers { company { id } tier state declaration { ...D } } smelters { company { id } rmapStatus disclosed tier namedBy { id } }
					contradictions { kind declarer { id } supplier { id } smelter { id } } }`+wideCompany, id, asOf, id, asOf),
				fmt.Sprintf(`{ clauseCoverage(focal: %q, code: "HIT-SPG", asOf: %q) { clauses { clause { id } committed
					uncommitted { edges { node { id } } } tiers { tier committed uncommitted { edges { node { id } } } } } } }`, id, asOf),
				fmt.Sprintf(`{ a: remediation(focal: %q, code: "HIT-SPG", asOf: %q) { ...R } b: remediation(focal: %q, code: "NEC-SCG", asOf: %q) { ...R } }
					fragment R on Remediation { findings { ...FR } findingsConnection(first: 1) { edges { node { ...FR } } } }
					fragment FR on FindingRemediation { finding { id company { id } } company { id } blockers { id } route { path { id } }
					actions { action { id findingId responsible { id } supplier { id } customer { id } } } }`, id, asOf, id, asOf),
				fmt.Sprintf(`{ dueDiligenceReport(focal: %q, code: "HIT-SPG", from: "2000-01-01", to: %q) { coverage { tier companiesTo }
					clauses { clause { id } newlyCommitted { id } } findings { category opened closed }
					escalations { id findingId responsible { id } supplier { id } customer { id } } riskTo { sources } } }`, id, asOf),
			)
		}
	}
	return qs
}

// TestScopedWritesNeverWidenView makes every write a key scoped to EAST can
// make (and the ones it may not), including links into EAST from a buyer,
// from a customer and ended long ago, then asks every read field about every
// company with that key and another key scoped to EAST: no answer may name
// anything outside the view EAST had before the writes. A key without a
// scope then confirms one link, which widens the view by exactly that
// supplier's confirmed upstream.
func TestScopedWritesNeverWidenView(t *testing.T) {
	explorer.KeyCacheTTL = 0 // every request reads its key's scope again
	defer func() { explorer.KeyCacheTTL = 5 * time.Second }()
	for _, snap := range []bool{false, true} {
		t.Run(fmt.Sprintf("snapshot=%v", snap), func(t *testing.T) { scopedWrites(t, newAuthServer(t, false, snap)) })
	}
}

// declareMinerals imports declarations into the tiny fixture that name
// smelters inside and outside EAST's view (HARB is outside), by companies
// inside and outside it, and publishes an RMAP status.
func declareMinerals(t *testing.T, s *authServer) {
	t.Helper()
	ctx := auth.With(context.Background(), auth.System)
	day := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	for _, d := range []struct {
		company string
		rows    [][]string
	}{
		{"EAST", [][]string{smelterRow("Tin", "Indo Tin Smelter", "Indonesia", "INDO"), smelterRow("Tantalum", "Harbin Tantalum", "China", "HARB"),
			smelterRow("Gold", "Jade Gold Refinery", "Hong Kong", "JADE")}},
		{"AOBA", [][]string{smelterRow("Tin", "Indo Tin Smelter", "Indonesia", "INDO"), smelterRow("Tantalum", "Harbin Tantalum", "China", "HARB")}},
		{"DELT", [][]string{smelterRow("Tantalum", "Harbin Tantalum", "China", "HARB")}},
	} {
		var b bytes.Buffer
		tw := cmrttest.TestWorkbook{Declaration: cmrttest.Declaration{CompanyName: d.company, EffectiveDate: day,
			Answers: map[int]map[string]string{5: {"Tin": "100%", "Tantalum": "100%"}, 6: {"Tin": "Yes", "Tantalum": "Yes"}}}, Rows: d.rows}
		if err := tw.Write(&b); err != nil {
			t.Fatal(err)
		}
		if _, err := s.svc.ImportCMRT(ctx, d.company, "test", []explorer.NamedReader{{Name: d.company + ".xlsx", R: &b}}, false); err != nil {
			t.Fatal(err)
		}
	}
	pub := domain.Date(20400)
	if _, _, err := s.svc.UpdateRMAPStatuses(ctx, explorer.NamedReader{Name: "r.csv", R: strings.NewReader("rmi_id,rmap_status\nCID-S-0002,ACTIVE\nCID-T-0001,NON_CONFORMANT\n")}, &pub, false); err != nil {
		t.Fatal(err)
	}
}

func smelterRow(metal, name, country, id string) []string {
	r := make([]string, len(cmrttest.StandardHeader))
	r[cmrttest.ColMetal], r[cmrttest.ColName], r[cmrttest.ColCountry], r[cmrttest.ColSmelterID] = metal, name, country, id
	return r
}

func scopedWrites(t *testing.T, s *authServer) {
	declareMinerals(t, s)
	editor := s.key(t, auth.Editor, "EAST")
	viewer := s.key(t, auth.Viewer, "EAST")
	buyer := s.key(t, auth.Editor, "")
	leak := regexp.MustCompile(`"(` + strings.Join(eastHidden, "|") + `)"`)

	// A finding in EAST's view with an action EAST is responsible for, and
	// one escalated by and to companies outside it (written by the buyer).
	for _, q := range []string{
		`mutation { upsertFindings(input: [{id: "F-IN", subjectId: "INDO", category: HUMAN_RIGHTS, severity: 4, likelihood: 4, detected: "2026-01-10"}]) { created } }`,
		`mutation { upsertActions(input: [
			{id: "ACT-E", findingId: "F-IN", kind: CORRECT, responsibleId: "EAST", opened: "2026-01-20", due: "2026-03-01", description: "Audit INDO"},
			{id: "ACT-H", findingId: "F-IN", kind: ESCALATE, level: SUSPEND, responsibleId: "HIT", supplierId: "CHAO", customerId: "HIT", opened: "2026-02-01"}]) { created } }`,
	} {
		if _, body := s.ask(t, buyer, q); codeOf(body) != "ok" {
			t.Fatalf("setup: %s\n%s", body, q)
		}
	}
	writes := []struct{ q, want string }{
		// Progress on its own action: yes; anything else about actions: no.
		{`mutation { upsertActions(input: [{id: "ACT-E", findingId: "F-IN", kind: CORRECT, responsibleId: "EAST", opened: "2026-01-20", due: "2026-03-01", status: DONE, done: "2026-02-20", description: "Audited"}]) { updated actions { id status done responsible { id } } } }`, "ok"},
		{`mutation { upsertActions(input: [{id: "ACT-E", findingId: "F-IN", kind: CORRECT, responsibleId: "EAST", opened: "2026-01-20", due: "2026-09-01"}]) { updated } }`, "FORBIDDEN"},
		{`mutation { upsertActions(input: [{id: "ACT-NEW", findingId: "F-IN", kind: CORRECT, responsibleId: "EAST", opened: "2026-01-20"}]) { created } }`, "FORBIDDEN"},
		{`mutation { upsertActions(input: [{id: "ACT-H", findingId: "F-IN", kind: ESCALATE, level: ENGAGE, responsibleId: "HIT", supplierId: "CHAO", customerId: "HIT", opened: "2026-02-01"}]) { updated } }`, "FORBIDDEN"},
		{`mutation { completeActions(ids: ["A-002"], done: "2026-05-20") { updated actions { id status done } } }`, "ok"},
		{`mutation { completeActions(ids: ["ACT-H"], done: "2026-05-20") { updated } }`, "NOT_FOUND"},
		{`mutation { verifyActions(ids: ["ACT-E"], verified: "2026-05-21", verifiedBy: "EAST itself") { updated } }`, "FORBIDDEN"},
		{`mutation { upsertClauses(input: [{codeId: "HIT-SPG", id: "Z-(1)", chapter: "Z", title: "Z", introducedIn: 7}]) { created } }`, "FORBIDDEN"},
		{`mutation { citeClauses(input: [{findingId: "F-001", codeId: "HIT-SPG", clauseId: "A-(7)"}]) { created } }`, "FORBIDDEN"},
		{`mutation { upsertClauseEquivalences(input: [{codeId: "HIT-SPG", clauseId: "A-(7)", equivalentCodeId: "NEC-SCG", equivalentClauseId: "II-1"}]) { created } }`, "FORBIDDEN"},
		// A buyer, a customer of EAST and a supplier of its customer, as suppliers of EAST.
		{`mutation { upsertSupplyLinks(input: [{supplierId: "HIT", customerId: "EAST", material: "x"}]) { created links { source supplier { id } customer { id } proposed } } }`, "ok"},
		{`mutation { upsertSupplyLinks(input: [{supplierId: "AOBA", customerId: "EAST", material: "y", since: "1999-01-01", until: "2000-12-31"}]) { created links { supplier { id name } proposed } } }`, "ok"},
		{`mutation { upsertSupplyLinks(input: [{supplierId: "CHAO", customerId: "EAST"}, {supplierId: "NEC", customerId: "EAST", share: 1}]) { created } }`, "ok"},
		// An existing, confirmed link, updated: it stays confirmed.
		{`mutation { upsertSupplyLinks(input: [{supplierId: "JADE", customerId: "EAST", material: "gold wire", share: 0.3}]) { updated links { proposed } } }`, "ok"},
		{`mutation { recordRequests(input: [{requesterId: "EAST", supplierId: "HIT", codeId: "HIT-SPG", date: "2026-05-01"}]) { created } }`, "FORBIDDEN"},
		{`mutation { recordRequests(input: [{requesterId: "EAST", supplierId: "AOBA", codeId: "HIT-SPG", date: "2026-05-01"}]) { created } }`, "FORBIDDEN"},
		{`mutation { recordRequests(input: [{requesterId: "EAST", supplierId: "INDO", codeId: "HIT-SPG", date: "2026-05-01"}]) { created requests { supplier { id } } } }`, "ok"},
		{`mutation { recordAcknowledgments(input: [{companyId: "EAST", codeId: "NEC-SCG", edition: 3, date: "2026-05-01"}]) { created } }`, "ok"},
		{`mutation { upsertSupplyLinks(input: [{supplierId: "EAST", customerId: "HIT", material: "z"}]) { created } }`, "FORBIDDEN"},
		{`mutation { upsertFindings(input: [{id: "F-X", subjectId: "EAST", category: ETHICS, severity: 1, likelihood: 1, detected: "2026-01-01"}]) { created } }`, "FORBIDDEN"},
		{`mutation { closeFindings(ids: ["F-001"], closed: "2026-07-01") { updated } }`, "FORBIDDEN"},
		{`mutation { upsertCompanies(input: [{id: "EAST", name: "Renamed"}]) { updated } }`, "FORBIDDEN"},
		{`mutation { upsertFacilities(input: [{id: "EAST-F2", companyId: "EAST", name: "Second plant"}]) { created } }`, "FORBIDDEN"},
		{`mutation { upsertCodes(input: [{id: "EAST-COC", title: "Eastern code", edition: 1, issued: "2026-01-01"}]) { created } }`, "FORBIDDEN"},
		{`mutation { confirmSupplyLinks(input: [{supplierId: "HIT", customerId: "EAST", material: "x"}]) { updated } }`, "FORBIDDEN"},
		{`mutation { createApiKey(name: "x", role: VIEWER, company: "HIT") { key } }`, "FORBIDDEN"},
	}
	for i, w := range writes {
		code, body := s.ask(t, editor, w.q)
		if got := codeOf(body); got != w.want || code != 200 {
			t.Errorf("write %d: %d %s, want %s\n%s\n%s", i, code, got, w.want, w.q, body)
		}
		if m := leak.FindString(body); m != "" && w.want == "ok" && !strings.Contains(w.q, m) {
			t.Errorf("write %d answer names %s: %s", i, m, body)
		}
	}
	// The answer about a link from outside the view names the supplier the
	// key typed, and nothing of it.
	_, body := s.ask(t, editor, `mutation { upsertSupplyLinks(input: [{supplierId: "HIT", customerId: "EAST", material: "x", until: "2001-01-01"}]) { updated links { source target supplier { id name } customer { id } proposed proposedBy } } }`)
	if !strings.Contains(body, `"source":"HIT","target":"EAST","supplier":null,"customer":{"id":"EAST"},"proposed":true`) {
		t.Errorf("ended link from outside the view: %s", body)
	}
	// A dataset load and a CMRT import are refused.
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	fw, _ := mw.CreateFormFile("supply_links.csv", "supply_links.csv")
	fw.Write([]byte("supplier_id,customer_id,material,since,until,share\nHIT,EAST,w,,,\n"))
	mw.Close()
	req, _ := http.NewRequest("POST", s.URL+"/api/load", &form)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+editor)
	if r, err := http.DefaultClient.Do(req); err != nil || r.StatusCode != http.StatusForbidden {
		t.Errorf("/api/load with a scoped key: %v %v", r.StatusCode, err)
	}
	p, err := s.svc.Authenticate(context.Background(), editor)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.svc.ImportCMRT(auth.With(context.Background(), p), "EAST", "test", nil, false); err == nil || !strings.Contains(err.Error(), "FORBIDDEN") && !strings.Contains(err.Error(), "may not") {
		t.Errorf("CMRT import with a scoped key: %v", err)
	}

	// Every read, with both keys scoped to EAST: nothing outside the view.
	for _, key := range []string{editor, viewer} {
		for _, q := range readCorpus() {
			code, body := s.ask(t, key, q)
			if code != 200 {
				t.Errorf("%d %s\n%s", code, body, q)
			}
			if m := leak.FindString(body); m != "" {
				t.Errorf("leaks %s:\n%s\n%s", m, q, body)
			}
		}
		if _, body := s.ask(t, key, `{ companies { totalCount } }`); !strings.Contains(body, `"totalCount":4`) {
			t.Errorf("view after the writes: %s", body)
		}
	}
	// EAST's remediation shows the finding at INDO with EAST's action, not
	// the escalation by HIT between CHAO and HIT.
	if _, body := s.ask(t, viewer, `{ remediation(focal: "EAST", code: "HIT-SPG", asOf: "2026-06-01") { findings { finding { id } actions { action { id status } statusOnDate } } } }`); body != `{"data":{"remediation":{"findings":[{"finding":{"id":"F-IN"},"actions":[{"action":{"id":"ACT-E","status":"DONE"},"statusOnDate":"DONE"}]}]}}}` {
		t.Errorf("EAST's remediation: %s", body)
	}
	if _, body := s.ask(t, buyer, `{ remediation(focal: "EAST", code: "HIT-SPG", asOf: "2026-06-01") { findings { actions { action { id } } escalation } } }`); !strings.Contains(body, `"ACT-H"`) || !strings.Contains(body, `"SUSPEND"`) {
		t.Errorf("the buyer's remediation of EAST: %s", body)
	}
	// EAST's cascade did not grow: HIT is not its supplier in its view.
	if _, body := s.ask(t, viewer, `{ supplyChain(focal: "EAST") { nodes { id } } }`); body != `{"data":{"supplyChain":{"nodes":[{"id":"EAST"},{"id":"INDO"},{"id":"JADE"},{"id":"KIVU"}]}}}` {
		t.Errorf("EAST's chain: %s", body)
	}
	// A key without a scope sees the proposals and the links in its analysis.
	if _, body := s.ask(t, buyer, `{ proposedSupplyLinks { source target material proposedBy } }`); strings.Count(body, `"proposedBy":"`) != 4 {
		t.Errorf("proposals: %s", body)
	}
	if _, body := s.ask(t, buyer, `{ supplyChain(focal: "EAST") { nodes { id } } }`); !strings.Contains(body, `"NEC"`) {
		t.Errorf("the buyer's view of EAST's chain has no NEC: %s", body)
	}
	// Writing or ending a proposed link keeps it proposed: a buyer ending
	// a bogus proposal does not confirm it.
	if _, body := s.ask(t, buyer, `mutation { upsertSupplyLinks(input: [{supplierId: "HIT", customerId: "EAST", material: "x", since: "1999-01-01", until: "2000-01-01"}]) { links { proposed } } }`); !strings.Contains(body, `"proposed":true`) {
		t.Errorf("a buyer's write confirmed a proposal: %s", body)
	}
	if _, body := s.ask(t, viewer, `{ companies { totalCount } }`); !strings.Contains(body, `"totalCount":4`) {
		t.Errorf("view after a buyer ended a proposal: %s", body)
	}
	// Rejecting deletes proposals only, all or none; scoped keys may not.
	if _, body := s.ask(t, editor, `mutation { rejectSupplyLinks(input: [{supplierId: "AOBA", customerId: "EAST", material: "y"}]) { updated } }`); codeOf(body) != "FORBIDDEN" {
		t.Errorf("a scoped key rejected: %s", body)
	}
	if _, body := s.ask(t, buyer, `mutation { rejectSupplyLinks(input: [{supplierId: "AOBA", customerId: "EAST", material: "y"}, {supplierId: "JADE", customerId: "EAST", material: "gold wire"}]) { updated } }`); codeOf(body) != "NOT_FOUND" {
		t.Errorf("rejecting a confirmed link: %s", body)
	}
	for _, m := range []string{"rejectSupplyLinks", "confirmSupplyLinks"} { // a link named twice is refused, as by every mutation
		if _, body := s.ask(t, buyer, `mutation { `+m+`(input: [{supplierId: "AOBA", customerId: "EAST", material: "y"}, {supplierId: "AOBA", customerId: "EAST", material: "y"}]) { updated } }`); codeOf(body) != "BAD_INPUT" || !strings.Contains(body, "same supply link as input[0]") {
			t.Errorf("%s of a link named twice: %s", m, body)
		}
	}
	if _, body := s.ask(t, buyer, `mutation { rejectSupplyLinks(input: [{supplierId: "AOBA", customerId: "EAST", material: "y"}]) { updated links { source proposedBy } } }`); codeOf(body) != "ok" || !strings.Contains(body, `"source":"AOBA"`) {
		t.Errorf("reject: %s", body)
	}
	if _, body := s.ask(t, buyer, `{ proposedSupplyLinks { source } }`); strings.Contains(body, `"AOBA"`) || strings.Count(body, `"source"`) != 3 {
		t.Errorf("proposals after a rejection: %s", body)
	}
	// Confirming CHAO -> EAST widens EAST's view by CHAO's confirmed upstream
	// (CHAO has no suppliers but EAST, already in view): exactly one company.
	if _, body := s.ask(t, buyer, `mutation { confirmSupplyLinks(input: [{supplierId: "CHAO", customerId: "EAST"}]) { updated links { proposed proposedBy } } }`); !strings.Contains(body, `"updated":1,"links":[{"proposed":false,"proposedBy":null}]`) {
		t.Errorf("confirm: %s", body)
	}
	if _, body := s.ask(t, viewer, `{ companies { totalCount edges { node { id } } } }`); !strings.Contains(body, `"totalCount":5`) || !strings.Contains(body, `"CHAO"`) {
		t.Errorf("view after a confirmation: %s", body)
	}
	// Confirming a link that does not exist confirms nothing.
	if _, body := s.ask(t, buyer, `mutation { confirmSupplyLinks(input: [{supplierId: "HIT", customerId: "EAST", material: "x"}, {supplierId: "HIT", customerId: "EAST", material: "nope"}]) { updated } }`); codeOf(body) != "NOT_FOUND" {
		t.Errorf("confirm of a missing link: %s", body)
	}
	if _, body := s.ask(t, viewer, `{ companies { totalCount } }`); !strings.Contains(body, `"totalCount":5`) {
		t.Errorf("a failed confirmation changed the view: %s", body)
	}
}
