package explorer_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
	gendata "github.com/supplygraph/supplygraph/internal/gen"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// TestSnapshotCatchesUpWithRandomWrites: random writes (mutations of
// every kind of record: new and changed companies, links, facilities
// moved to another operator, acknowledgments, requests, findings), each
// followed by a question, leave a snapshot caught up change by change
// (never rebuilt) equal to one built from scratch, and its answers equal
// to those read from Neo4j.
func TestSnapshotCatchesUpWithRandomWrites(t *testing.T) {
	store := neo4jtest.Store(t)
	dir := t.TempDir()
	if _, err := gendata.Generate(gendata.Config{Companies: 400, Seed: 5}, dir); err != nil {
		t.Fatal(err)
	}
	neo4jtest.Load(t, store, dir)
	src, _ := dataset.Dir(dir)
	d, err := dataset.ReadAll(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	ctx := auth.With(context.Background(), auth.System)
	inc := explorer.New(store)
	inc.UseSnapshot(explorer.SnapshotOptions{Enabled: true, PageSize: 50})
	if err := inc.WarmUp(ctx); err != nil {
		t.Fatal(err)
	}
	fromNeo4j := explorer.New(store)
	rng := rand.New(rand.NewPCG(7, 8))
	date := func() domain.Date { return domain.Date(19000 + rng.IntN(2000)) }
	pick := func() string { return d.Companies[rng.IntN(len(d.Companies))].ID }
	var added, smelters []string
	for _, c := range d.Companies {
		if c.Kind == domain.KindSmelter {
			smelters = append(smelters, c.ID)
		}
	}
	var clauses []domain.Clause
	actions := map[string]domain.Action{} // as last written
	var actionIDs []string
	for i := 0; i < 80; i++ {
		var p explorer.Part
		switch k := rng.IntN(16); k {
		case 0: // a new company, supplying an existing one
			id := fmt.Sprintf("NEW%03d", i)
			added = append(added, id)
			c := domain.Company{ID: id, Name: "New " + id, Kind: domain.KindSupplier, Disclosure: domain.DisclosurePartial, Country: "DE"}
			if _, err := inc.Apply(ctx, "t", explorer.Part{File: dataset.CompaniesFile, Records: []any{c}}); err != nil {
				t.Fatalf("write %d: %v", i, err)
			}
			p = explorer.Part{File: dataset.SupplyLinksFile, Records: []any{domain.SupplyLink{SupplierID: id, CustomerID: pick(), Material: "tin"}}}
		case 1: // a company changed
			c := d.Companies[rng.IntN(len(d.Companies))]
			c.Name, c.Disclosure = c.Name+" (renamed)", domain.Disclosures[rng.IntN(3)]
			if c.Kind == domain.KindSmelter {
				c.RMAPStatus = domain.RMAPStatuses[rng.IntN(4)]
			}
			p = explorer.Part{File: dataset.CompaniesFile, Records: []any{c}}
		case 2: // a link ended, or its share changed
			l := d.SupplyLinks[rng.IntN(len(d.SupplyLinks))]
			if rng.IntN(2) == 0 {
				u := date()
				l.Until, l.Since = &u, nil
			} else {
				w := float64(1+rng.IntN(100)) / 100
				l.Share = &w
			}
			p = explorer.Part{File: dataset.SupplyLinksFile, Records: []any{l}}
		case 3: // a new link, from a new company if there is one
			s, c := pick(), pick()
			if len(added) > 0 && rng.IntN(2) == 0 {
				s = added[rng.IntN(len(added))]
			}
			if s == c {
				continue
			}
			since := date()
			p = explorer.Part{File: dataset.SupplyLinksFile, Records: []any{domain.SupplyLink{SupplierID: s, CustomerID: c, Material: "gold", Since: &since}}}
		case 4: // an acknowledgment
			a := d.Acknowledgments[rng.IntN(len(d.Acknowledgments))]
			a.CompanyID, a.Date = pick(), date()
			p = explorer.Part{File: dataset.AcknowledgmentsFile, Records: []any{a}}
		case 5: // a request
			q := d.Requests[rng.IntN(len(d.Requests))]
			q.SupplierID, q.Date = pick(), date()
			if q.SupplierID == q.RequesterID {
				continue
			}
			p = explorer.Part{File: dataset.RequestsFile, Records: []any{q}}
		case 6: // a finding changed, or a new one
			f := d.Findings[rng.IntN(len(d.Findings))]
			switch rng.IntN(3) {
			case 0:
				f.ID, f.SubjectID = fmt.Sprintf("FNEW%03d", i), pick()
			case 1: // about another company now
				f.SubjectID = pick()
			}
			f.Severity = 1 + rng.IntN(5)
			p = explorer.Part{File: dataset.FindingsFile, Records: []any{f}}
		case 7: // a facility moved to another operator
			f := d.Facilities[rng.IntN(len(d.Facilities))]
			f.CompanyID = pick()
			p = explorer.Part{File: dataset.FacilitiesFile, Records: []any{f}}
		case 8: // a finding about a facility
			f := d.Findings[rng.IntN(len(d.Findings))]
			f.ID, f.SubjectID = fmt.Sprintf("FFAC%03d", i), d.Facilities[rng.IntN(len(d.Facilities))].ID
			p = explorer.Part{File: dataset.FindingsFile, Records: []any{f}}
		case 9: // a CMRT declaration naming smelters, some of them new
			declarer := pick()
			var rows [][]string
			for j := rng.IntN(4); j >= 0; j-- {
				id := smelters[rng.IntN(len(smelters))]
				if rng.IntN(3) == 0 {
					id = fmt.Sprintf("CIDNEW%03d", i)
				}
				rows = append(rows, row("Tin", "Smelter "+id, "China", id))
			}
			eff := date().Time()
			if _, err := inc.ImportCMRT(ctx, declarer, "t", []explorer.NamedReader{{Name: "w.xlsx",
				R: bytes.NewReader(workbookAt(t, "X", eff, rows...))}}, false); err != nil && domain.KindOf(err) != domain.BadInput {
				t.Fatalf("write %d: %v", i, err) // (BAD_INPUT: a smelter id used by a company of another kind)
			}
		case 10: // an RMAP status published
			id := smelters[rng.IntN(len(smelters))]
			var sm domain.Company
			for _, c := range d.Companies {
				if c.ID == id {
					sm = c
				}
			}
			if sm.RMIID == "" {
				break
			}
			csv := fmt.Sprintf("rmi_id,rmap_status,published\n%s,%s,%s\n", sm.RMIID, domain.RMAPStatuses[rng.IntN(4)], date())
			if _, _, err := inc.UpdateRMAPStatuses(ctx, explorer.NamedReader{Name: "r.csv", R: strings.NewReader(csv)}, nil, false); err != nil {
				t.Fatalf("write %d: %v", i, err)
			}
		case 11: // a clause, new or changed
			k := d.Codes[rng.IntN(len(d.Codes))]
			c := domain.Clause{CodeID: k.ID, ID: fmt.Sprintf("A-(%d)", rng.IntN(6)), Chapter: "A. Labor", Title: "Clause",
				Topics: []string{"forced-labour"}, IntroducedIn: 1 + rng.IntN(k.Edition)}
			clauses = append(clauses, c)
			p = explorer.Part{File: dataset.ClausesFile, Records: []any{c}}
		case 12: // an equivalence
			if len(clauses) < 2 {
				continue
			}
			a, b := clauses[rng.IntN(len(clauses))], clauses[rng.IntN(len(clauses))]
			if a.CodeID == b.CodeID {
				continue
			}
			p = explorer.Part{File: dataset.ClauseCrosswalkFile, Records: []any{domain.ClauseEquivalence{CodeID: a.CodeID, ClauseID: a.ID,
				EquivalentCodeID: b.CodeID, EquivalentClauseID: b.ID}}}
		case 13: // a finding cites a clause
			if len(clauses) == 0 {
				continue
			}
			c := clauses[rng.IntN(len(clauses))]
			p = explorer.Part{File: dataset.FindingClausesFile, Records: []any{domain.FindingClause{
				FindingID: d.Findings[rng.IntN(len(d.Findings))].ID, CodeID: c.CodeID, ClauseID: c.ID}}}
		case 14: // an action, new, changed or moved to another finding
			a := domain.Action{ID: fmt.Sprintf("ACT%03d", i), Kind: domain.ActionCorrect, Status: domain.ActionOpen}
			if len(actionIDs) > 0 && rng.IntN(2) == 0 {
				a = actions[actionIDs[rng.IntN(len(actionIDs))]]
				a.Status, a.Done, a.Verified, a.VerifiedBy = domain.ActionOpen, nil, nil, ""
			} else {
				actionIDs = append(actionIDs, a.ID)
			}
			a.FindingID, a.ResponsibleID, a.Opened = d.Findings[rng.IntN(len(d.Findings))].ID, pick(), date()
			due := a.Opened.AddDays(rng.IntN(100))
			a.Due, a.Description = &due, fmt.Sprintf("step %d", i)
			actions[a.ID] = a
			p = explorer.Part{File: dataset.ActionsFile, Records: []any{a}}
		case 15: // actions completed or verified
			if len(actionIDs) == 0 {
				continue
			}
			a := actions[actionIDs[rng.IntN(len(actionIDs))]]
			var ch *explorer.Change
			var err error
			// progress dates are never in the future
			if a.Opened > domain.Today() {
				continue
			}
			if rng.IntN(2) == 0 {
				ch, err = inc.CompleteActions(ctx, "t", []string{a.ID}, min(a.Opened.AddDays(5), domain.Today()))
			} else {
				ch, err = inc.VerifyActions(ctx, "t", []string{a.ID}, min(a.Opened.AddDays(9), domain.Today()), "auditor")
			}
			if err == nil {
				actions[a.ID] = ch.Records[dataset.ActionsFile][0].(domain.Action)
			}
			if err != nil {
				t.Fatalf("write %d (action %s): %v", i, a.ID, err)
			}
			p = explorer.Part{File: dataset.ActionsFile, Records: []any{}}
		}
		if len(p.Records) == 0 {
			// done above
		} else if _, err := inc.Apply(ctx, "t", p); err != nil {
			t.Fatalf("write %d (%s %+v): %v", i, p.File, p.Records, err)
		}
		if !inc.SnapshotCurrent(explorer.WithRequestMemo(ctx)) {
			t.Fatalf("after write %d: the snapshot did not catch up; questions go to Neo4j", i)
		}
		if i%10 != 9 {
			continue
		}
		checkCaughtUp(t, ctx, store, inc, fromNeo4j, d, rng, i)
	}
	if n := explorer.SnapshotBuilds(inc); n != 1 {
		t.Errorf("the snapshot was built whole %d times; want once, then caught up", n)
	}
}

// checkCaughtUp compares the snapshot caught up with one built whole, and
// its answers with Neo4j's.
func checkCaughtUp(t *testing.T, ctx context.Context, store *neo4jstore.Store, inc, fromNeo4j *explorer.Service, d *dataset.Data, rng *rand.Rand, i int) {
	t.Helper()
	{
		fresh := explorer.New(store)
		fresh.UseSnapshot(explorer.SnapshotOptions{Enabled: true})
		if err := fresh.WarmUp(ctx); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(explorer.SnapshotDump(fresh), explorer.SnapshotDump(inc)); diff != "" {
			t.Fatalf("after write %d, the snapshot caught up differs from one built whole (-whole +caught up):\n%s", i, diff)
		}
		sameAnswers(t, ctx, inc, fromNeo4j, d, rng)
	}
}

// sameAnswers compares a few answers of a (snapshot) and b (Neo4j).
func sameAnswers(t *testing.T, ctx context.Context, a, b *explorer.Service, d *dataset.Data, rng *rand.Rand) {
	t.Helper()
	floats := cmpopts.EquateApprox(1e-9, 0)
	asOf, _ := domain.ParseDate("2026-06-01")
	depth := 10
	for i := 0; i < 5; i++ {
		focal := d.Companies[rng.IntN(len(d.Companies))].ID
		if i < 2 {
			focal = fmt.Sprintf("B%04d", i+1)
		}
		ra, err1 := a.RiskExposure(ctx, focal, nil, nil, &depth, nil, &asOf)
		rb, err2 := b.RiskExposure(ctx, focal, nil, nil, &depth, nil, &asOf)
		if err1 != nil || err2 != nil {
			t.Fatalf("riskExposure %s: %v, %v", focal, err1, err2)
		}
		if diff := cmp.Diff(rb.Ranked, ra.Ranked, floats); diff != "" {
			t.Errorf("riskExposure of %s: snapshot differs from Neo4j (-neo4j +snapshot):\n%s", focal, diff)
		}
		code := d.Codes[rng.IntN(len(d.Codes))].ID
		ca, err1 := a.Cascade(ctx, focal, code, &depth, &asOf)
		cb, err2 := b.Cascade(ctx, focal, code, &depth, &asOf)
		if err1 != nil || err2 != nil {
			t.Fatalf("cascade %s: %v, %v", focal, err1, err2)
		}
		if diff := cmp.Diff(cb.AllEntries(), ca.AllEntries(), floats); diff != "" {
			t.Errorf("cascade of %s: snapshot differs from Neo4j (-neo4j +snapshot):\n%s", focal, diff)
		}
		ra2, err1 := a.Remediation(ctx, focal, code, nil, &depth, &asOf)
		rb2, err2 := b.Remediation(ctx, focal, code, nil, &depth, &asOf)
		if err1 != nil || err2 != nil {
			t.Fatalf("remediation %s: %v, %v", focal, err1, err2)
		}
		if diff := cmp.Diff(rb2, ra2, floats); diff != "" {
			t.Errorf("remediation of %s: snapshot differs from Neo4j (-neo4j +snapshot):\n%s", focal, diff)
		}
		cca, err1 := a.ClauseCoverage(ctx, focal, code, nil, &depth, &asOf)
		ccb, err2 := b.ClauseCoverage(ctx, focal, code, nil, &depth, &asOf)
		if err1 != nil || err2 != nil {
			t.Fatalf("clauseCoverage %s: %v, %v", focal, err1, err2)
		}
		if diff := cmp.Diff(ccb.Clauses, cca.Clauses, floats); diff != "" {
			t.Errorf("clauseCoverage of %s: snapshot differs from Neo4j (-neo4j +snapshot):\n%s", focal, diff)
		}
		ia, err1 := a.Impact(ctx, focal, nil, &depth, &asOf)
		ib, err2 := b.Impact(ctx, focal, nil, &depth, &asOf)
		if err1 != nil || err2 != nil {
			t.Fatalf("impact %s: %v, %v", focal, err1, err2)
		}
		if diff := cmp.Diff(ib, ia, floats); diff != "" {
			t.Errorf("impact of %s: snapshot differs from Neo4j (-neo4j +snapshot):\n%s", focal, diff)
		}
		ma, err1 := a.MineralsReport(ctx, focal, "TIN", &depth, nil, &asOf)
		mb, err2 := b.MineralsReport(ctx, focal, "TIN", &depth, nil, &asOf)
		if err1 != nil || err2 != nil {
			t.Fatalf("mineralsReport %s: %v, %v", focal, err1, err2)
		}
		if diff := cmp.Diff(mb.MineralsReport, ma.MineralsReport, floats); diff != "" {
			t.Errorf("mineralsReport of %s: snapshot differs from Neo4j (-neo4j +snapshot):\n%s", focal, diff)
		}
	}
}

// TestRefreshAfterOutsideWrites: a write made to Neo4j without supplygraph
// leaves no change record, so the snapshot keeps answering what it holds;
// `supplygraph refresh` (RecordRefresh) has it read everything again.
func TestRefreshAfterOutsideWrites(t *testing.T) {
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, "../../testdata/tiny")
	ctx := auth.With(context.Background(), auth.System)
	svc := explorer.New(store)
	svc.UseSnapshot(explorer.SnapshotOptions{Enabled: true})
	if err := svc.WarmUp(ctx); err != nil {
		t.Fatal(err)
	}
	neo4jtest.Cypher(t)(`MATCH (c:Company {id: 'EAST'}) SET c.name = 'Renamed outside'`)
	name := func() string {
		c, err := svc.Company(explorer.WithRequestMemo(ctx), "c", "EAST")
		if err != nil {
			t.Fatal(err)
		}
		return c.Name
	}
	if got := name(); got == "Renamed outside" {
		t.Fatalf("the snapshot saw a write made without supplygraph (%q): then refresh is not needed, fix the docs", got)
	}
	if err := store.RecordRefresh(ctx); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for !svc.SnapshotCurrent(explorer.WithRequestMemo(ctx)) { // answered from Neo4j while it is read again
		if time.Now().After(deadline) {
			t.Fatal("the snapshot was not read again after refresh")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got := name(); got != "Renamed outside" {
		t.Fatalf("after refresh, EAST is still %q", got)
	}
	if n := explorer.SnapshotBuilds(svc); n != 2 {
		t.Errorf("%d whole builds; want 2 (at start, after refresh)", n)
	}
}
