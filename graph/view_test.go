package graph_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/supplygraph/supplygraph/internal/auth"
)

// viewAnswer is chainView asked together with the queries it is made of.
type viewAnswer struct {
	View struct {
		Focal, Code, AsOf string
		MaxDepth          int
		Nodes             []struct {
			ID, Name, Kind, Status string
			Tier                   int
			Reached, Open          bool
			Exposure               float64
		}
		Columns struct {
			IDs           []string
			Names, Kinds  []string
			Tiers         []int
			Statuses      []*string
			Reached, Open []bool
			Exposure      []float64
		}
		Sources, Targets   []int
		Shares             []*float64
		Tiers              []map[string]any
		FirstUncoveredTier *int
		Truncated          bool
		Risks              []struct {
			ID, Category        string
			Base, Node, Partner int
			Score, Weight       float64
			Path                []int
		}
		RisksComplete bool
		ByCategory    []struct {
			Category string
			Count    int
			MaxScore float64
		}
		ByPartner []struct {
			Partner, Count int
			MaxScore       float64
		}
	}
	Chain struct {
		Nodes []struct {
			ID   string
			Tier int
		}
		Edges []struct {
			Source, Target string
			Share          *float64
		}
	}
	Cascade struct {
		Tiers   []map[string]any
		Entries struct {
			Edges []struct {
				Node struct {
					Company struct{ ID string }
					Status  string
					Reached bool
				}
			}
		}
	}
	Uncovered struct {
		Tiers []struct {
			Tier                             int
			OpenEnds                         int
			AckGap, VisibilityGap, Uncovered bool
			OpenEndCompanies                 struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		FirstUncoveredTier *int
		Truncated          bool
	}
	Risk struct {
		Sources []struct {
			Source struct {
				ID      string
				Base    int
				Company struct{ ID string }
			}
			Path    []struct{ ID string }
			Score   float64
			Partner struct{ ID string }
		}
		ByCategory []struct {
			Category string
			Count    int
			MaxScore float64
		}
		ByPartner []struct {
			Partner  struct{ ID string }
			Count    int
			MaxScore float64
		}
	}
}

func viewQuery(focal, code, asOf string, maxDepth int, threshold float64) string {
	args := fmt.Sprintf(`focal: %q, asOf: %q, maxDepth: %d`, focal, asOf, maxDepth)
	return fmt.Sprintf(`{
	view: chainView(%[1]s, code: %[2]q, threshold: %[3]g) { focal code asOf maxDepth
		nodes { id name kind tier status reached open exposure } sources targets shares
		columns { ids names kinds tiers statuses reached open exposure }
		tiers { tier companies covered stale pending notRequested reached coverage openEnds ackGap visibilityGap uncovered }
		firstUncoveredTier truncated risks { id category base weight score node partner path } risksComplete
		byCategory { category count maxScore } byPartner { partner count maxScore } }
	chain: supplyChain(%[1]s) { nodes { id tier } edges { source target share } }
	cascade(%[1]s, code: %[2]q) { tiers { tier companies covered stale pending notRequested reached coverage }
		entries { edges { node { company { id } status reached } } } }
	uncovered: uncoveredTiers(%[1]s, code: %[2]q, threshold: %[3]g) { tiers { tier openEnds ackGap visibilityGap uncovered
		openEndCompanies { edges { node { id } } } } firstUncoveredTier truncated }
	risk: riskExposure(%[1]s, limit: 500) { sources { source { id base company { id } } path { id } score partner { id } } byCategory { category count maxScore }
		byPartner { partner { id } count maxScore } }
}`, args, code, threshold)
}

func post(t *testing.T, url, key, q string, out any) []map[string]any {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q})
	req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	var resp struct {
		Data   json.RawMessage
		Errors []map[string]any
	}
	if err := json.NewDecoder(r.Body).Decode(&resp); err != nil {
		t.Fatal(err)
	}
	if len(resp.Errors) == 0 {
		if err := json.Unmarshal(resp.Data, out); err != nil {
			t.Fatal(err)
		}
	}
	return resp.Errors
}

// TestChainView: chainView says exactly what supplyChain, cascade,
// uncoveredTiers and riskExposure say with the same arguments, for every
// company of the tiny fixture, at two dates and two depths, from Neo4j and
// from the snapshot.
func TestChainView(t *testing.T) {
	for _, snap := range []bool{false, true} {
		srv := serverWith(t, snap)
		for _, focal := range []string{"HIT", "NEC", "AOBA", "EAST", "KIVU"} {
			for _, asOf := range []string{"2026-06-01", "2025-01-01"} {
				for _, depth := range []int{10, 2} {
					t.Run(fmt.Sprintf("snapshot=%v/%s/%s/%d", snap, focal, asOf, depth), func(t *testing.T) {
						var a viewAnswer
						if errs := post(t, srv.URL, "", viewQuery(focal, "HIT-SPG", asOf, depth, 0.5), &a); errs != nil {
							t.Fatal(errs)
						}
						checkView(t, &a)
					})
				}
			}
		}
	}
}

func checkView(t *testing.T, a *viewAnswer) {
	t.Helper()
	v := &a.View
	if len(v.Nodes) != len(a.Chain.Nodes) {
		t.Fatalf("%d nodes, supplyChain has %d", len(v.Nodes), len(a.Chain.Nodes))
	}
	index := map[string]int{}
	for i, n := range v.Nodes {
		if n.ID != a.Chain.Nodes[i].ID || n.Tier != a.Chain.Nodes[i].Tier {
			t.Errorf("node %d = %s tier %d, supplyChain's %+v", i, n.ID, n.Tier, a.Chain.Nodes[i])
		}
		if n.Name == "" || n.Kind == "" {
			t.Errorf("node %s: no name or kind", n.ID)
		}
		index[n.ID] = i
	}
	if v.Nodes[0].Status != "" || v.Nodes[0].Tier != 0 {
		t.Errorf("focal node %+v", v.Nodes[0])
	}
	entries := a.Cascade.Entries.Edges
	if len(entries) != len(v.Nodes)-1 {
		t.Errorf("%d cascade entries for %d nodes", len(entries), len(v.Nodes))
	}
	for _, e := range entries {
		n := v.Nodes[index[e.Node.Company.ID]]
		if n.ID != e.Node.Company.ID || n.Status != e.Node.Status || n.Reached != e.Node.Reached {
			t.Errorf("node %+v, cascade entry %+v", n, e.Node)
		}
	}
	// Tiers: the cascade's counts and uncoveredTiers' verdict.
	if len(v.Tiers) != len(a.Cascade.Tiers) || len(v.Tiers) != len(a.Uncovered.Tiers) {
		t.Fatalf("tiers %v, cascade %v", v.Tiers, a.Cascade.Tiers)
	}
	open := map[string]bool{}
	for i, vt := range v.Tiers {
		for k, want := range a.Cascade.Tiers[i] {
			if fmt.Sprint(vt[k]) != fmt.Sprint(want) {
				t.Errorf("tier %d %s = %v, cascade's %v", i, k, vt[k], want)
			}
		}
		u := a.Uncovered.Tiers[i]
		got := fmt.Sprint(vt["tier"], vt["openEnds"], vt["ackGap"], vt["visibilityGap"], vt["uncovered"])
		if want := fmt.Sprint(u.Tier, u.OpenEnds, u.AckGap, u.VisibilityGap, u.Uncovered); got != want {
			t.Errorf("tier verdict %s, uncoveredTiers' %s", got, want)
		}
		for _, e := range u.OpenEndCompanies.Edges {
			open[e.Node.ID] = true
		}
	}
	for _, n := range v.Nodes {
		if n.Open != open[n.ID] {
			t.Errorf("node %s open %v", n.ID, n.Open)
		}
	}
	deref := func(p *int) any {
		if p == nil {
			return nil
		}
		return *p
	}
	if fmt.Sprint(deref(v.FirstUncoveredTier), v.Truncated) != fmt.Sprint(deref(a.Uncovered.FirstUncoveredTier), a.Uncovered.Truncated) {
		t.Errorf("verdict %v %v, uncoveredTiers' %v %v", deref(v.FirstUncoveredTier), v.Truncated,
			deref(a.Uncovered.FirstUncoveredTier), a.Uncovered.Truncated)
	}
	// Links: supplyChain's edges, one per pair, with the largest share.
	want := map[string]string{}
	for _, e := range a.Chain.Edges {
		k := e.Source + ">" + e.Target
		s, ok := want[k]
		if e.Share != nil && (!ok || s == "null" || fmt.Sprint(*e.Share) > s) {
			want[k] = fmt.Sprint(*e.Share)
		} else if !ok {
			want[k] = "null"
		}
	}
	if len(v.Sources) != len(v.Targets) || len(v.Sources) != len(v.Shares) {
		t.Fatalf("link arrays of lengths %d %d %d", len(v.Sources), len(v.Targets), len(v.Shares))
	}
	got := map[string]string{}
	for i := range v.Sources {
		s := "null"
		if v.Shares[i] != nil {
			s = fmt.Sprint(*v.Shares[i])
		}
		got[v.Nodes[v.Sources[i]].ID+">"+v.Nodes[v.Targets[i]].ID] = s
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || len(got) != len(v.Sources) {
		t.Errorf("links %v\nwant  %v", got, want)
	}
	// Risks: riskExposure's sources, paths as indices; exposure the best score.
	if len(v.Risks) != len(a.Risk.Sources) {
		t.Fatalf("%d risks, riskExposure has %d", len(v.Risks), len(a.Risk.Sources))
	}
	best := map[string]float64{}
	total := 0
	for _, c := range a.Risk.ByCategory {
		total += c.Count
	}
	if v.RisksComplete != (total == len(a.Risk.Sources)) {
		t.Errorf("risksComplete %v", v.RisksComplete)
	}
	for i, r := range v.Risks {
		s := a.Risk.Sources[i]
		var path []string
		for _, p := range r.Path {
			path = append(path, v.Nodes[p].ID)
		}
		var wantPath []string
		for _, p := range s.Path {
			wantPath = append(wantPath, p.ID)
		}
		if r.ID != s.Source.ID || r.Base != s.Source.Base || math.Abs(r.Score-s.Score) > 1e-9 ||
			strings.Join(path, " ") != strings.Join(wantPath, " ") || v.Nodes[r.Node].ID != s.Source.Company.ID ||
			v.Nodes[r.Partner].ID != s.Partner.ID {
			t.Errorf("risk %+v (path %v), riskExposure's %+v", r, path, s)
		}
		c := s.Source.Company.ID
		best[c] = math.Max(best[c], s.Score)
	}
	// Columns: the nodes, field by field.
	c := v.Columns
	if len(c.IDs) != len(v.Nodes) || len(c.Names) != len(v.Nodes) || len(c.Kinds) != len(v.Nodes) || len(c.Tiers) != len(v.Nodes) ||
		len(c.Statuses) != len(v.Nodes) || len(c.Reached) != len(v.Nodes) || len(c.Open) != len(v.Nodes) || len(c.Exposure) != len(v.Nodes) {
		t.Fatalf("columns of %d nodes: %+v", len(v.Nodes), c)
	}
	for i, n := range v.Nodes {
		status := ""
		if c.Statuses[i] != nil {
			status = *c.Statuses[i]
		}
		if c.IDs[i] != n.ID || c.Names[i] != n.Name || c.Kinds[i] != n.Kind || c.Tiers[i] != n.Tier || status != n.Status ||
			c.Reached[i] != n.Reached || c.Open[i] != n.Open || c.Exposure[i] != n.Exposure {
			t.Errorf("column %d differs from node %+v", i, n)
		}
	}
	// The summaries: riskExposure's, partners as indices.
	if fmt.Sprint(v.ByCategory) != fmt.Sprint(a.Risk.ByCategory) {
		t.Errorf("byCategory %v, riskExposure's %v", v.ByCategory, a.Risk.ByCategory)
	}
	var partners []string
	for _, p := range v.ByPartner {
		partners = append(partners, fmt.Sprint(v.Nodes[p.Partner].ID, p.Count, p.MaxScore))
	}
	var wantPartners []string
	for _, p := range a.Risk.ByPartner {
		wantPartners = append(wantPartners, fmt.Sprint(p.Partner.ID, p.Count, p.MaxScore))
	}
	if strings.Join(partners, " ") != strings.Join(wantPartners, " ") {
		t.Errorf("byPartner %v, riskExposure's %v", partners, wantPartners)
	}
	for _, n := range v.Nodes {
		if math.Abs(n.Exposure-best[n.ID]) > 1e-9 {
			t.Errorf("node %s exposure %v, want %v", n.ID, n.Exposure, best[n.ID])
		}
	}
}

// TestChainViewTiny compares the view with the fixture's own expected
// cascade answers (testdata/tiny/expected.json), so that it cannot agree
// with the other queries by being wrong the same way.
func TestChainViewTiny(t *testing.T) {
	raw, err := os.ReadFile(tiny + "/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Query  map[string]any
		Answer json.RawMessage
	}
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	srv := server(t)
	n := 0
	for _, c := range cases {
		q := c.Query
		if q["op"] != "cascade" || q["maxDepth"] != nil {
			continue
		}
		n++
		var answer struct {
			Entries []struct {
				Company, Status string
				Tier            int
				Reached         bool
			}
		}
		if err := json.Unmarshal(c.Answer, &answer); err != nil {
			t.Fatal(err)
		}
		var a viewAnswer
		if errs := post(t, srv.URL, "", viewQuery(q["focal"].(string), q["code"].(string), q["asOf"].(string), 10, 1), &a); errs != nil {
			t.Fatal(errs)
		}
		var got, want []string
		for _, n := range a.View.Nodes[1:] {
			got = append(got, fmt.Sprintf("%s:%d:%s:%v", n.ID, n.Tier, n.Status, n.Reached))
		}
		for _, e := range answer.Entries {
			want = append(want, fmt.Sprintf("%s:%d:%s:%v", e.Company, e.Tier, e.Status, e.Reached))
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%v:\n got %v\nwant %v", q, got, want)
		}
	}
	if n < 2 {
		t.Errorf("the fixture has %d cascade questions", n)
	}
}

// TestChainViewErrors: bad arguments answer the documented codes.
func TestChainViewErrors(t *testing.T) {
	srv := server(t)
	for q, code := range map[string]string{
		`{ chainView(focal: "NOPE", code: "HIT-SPG") { focal } }`:                    "NOT_FOUND",
		`{ chainView(focal: "HIT", code: "NOPE") { focal } }`:                        "NOT_FOUND",
		`{ chainView(focal: "HIT", code: "HIT-SPG", maxDepth: 0) { focal } }`:        "BAD_INPUT",
		`{ chainView(focal: "HIT", code: "HIT-SPG", maxDepth: 21) { focal } }`:       "BAD_INPUT",
		`{ chainView(focal: "HIT", code: "HIT-SPG", threshold: 1.5) { focal } }`:     "BAD_INPUT",
		`{ chainView(focal: "HIT", code: "HIT-SPG", asOf: "2025-13-01") { focal } }`: "BAD_INPUT",
	} {
		var out any
		errs := post(t, srv.URL, "", q, &out)
		if len(errs) != 1 || errs[0]["extensions"].(map[string]any)["code"] != code {
			t.Errorf("%s: %v, want %s", q, errs, code)
		}
	}
}

// TestChainViewScoped: a key scoped to EAST sees EAST's view only, and a
// focal company outside it does not exist.
func TestChainViewScoped(t *testing.T) {
	s := newAuthServer(t, false)
	key := s.key(t, auth.Viewer, "EAST")
	var a viewAnswer
	if errs := post(t, s.URL+"/graphql", key, viewQuery("EAST", "HIT-SPG", "2026-06-01", 10, 1), &a); errs != nil {
		t.Fatal(errs)
	}
	checkView(t, &a)
	var ids []string
	for _, n := range a.View.Nodes {
		if !eastView[n.ID] {
			t.Errorf("EAST's key sees %s", n.ID)
		}
		ids = append(ids, n.ID)
	}
	if strings.Join(ids, " ") != "EAST INDO JADE KIVU" {
		t.Errorf("nodes %v", ids)
	}
	for _, focal := range []string{"HIT", "AOBA", "NOPE"} {
		var out any
		errs := post(t, s.URL+"/graphql", key, fmt.Sprintf(`{ chainView(focal: %q, code: "HIT-SPG") { focal } }`, focal), &out)
		if len(errs) != 1 || errs[0]["extensions"].(map[string]any)["code"] != "NOT_FOUND" ||
			errs[0]["message"] != fmt.Sprintf("focal: no company with id %q", focal) {
			t.Errorf("%s: %v", focal, errs)
		}
	}
	// A viewer without a scope sees HIT's whole chain.
	var all viewAnswer
	if errs := post(t, s.URL+"/graphql", s.key(t, auth.Viewer, ""), viewQuery("HIT", "HIT-SPG", "2026-06-01", 10, 1), &all); errs != nil {
		t.Fatal(errs)
	}
	if len(all.View.Nodes) < 10 {
		t.Errorf("HIT's chain for an unscoped key: %d nodes", len(all.View.Nodes))
	}
}
