package analysis

import (
	"context"
	"sort"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// This file holds what the tests share: a dataset in memory, the questions,
// the answers in the field names of the GraphQL contract, and the driver
// that answers questions with the package under test the way the store and
// the GraphQL layer will call it.

type dataset struct {
	companies  []domain.Company
	facilities []domain.Facility
	links      []domain.SupplyLink
	codes      []domain.Code
	accepts    []domain.CodeAccept
	requests   []domain.Request
	acks       []domain.Acknowledgment
	findings   []domain.Finding
	// declarations: their declared edges count in riskExposure, riskPaths
	// and impact, never in the tiers
	declarations []domain.Declaration
}

type query struct {
	Op          string   `json:"op"`
	Focal       string   `json:"focal,omitempty"`
	Code        string   `json:"code,omitempty"`
	From        string   `json:"from,omitempty"`
	To          string   `json:"to,omitempty"`
	Source      string   `json:"source,omitempty"`
	AsOf        string   `json:"asOf"`
	MaxDepth    *int     `json:"maxDepth,omitempty"`
	Threshold   *float64 `json:"threshold,omitempty"`
	Attenuation *float64 `json:"attenuation,omitempty"`
	Limit       *int     `json:"limit,omitempty"`
	Categories  []string `json:"categories,omitempty"`
}

// answers, in the field names of the GraphQL contract

type jAck struct {
	Code      string `json:"code"`
	Edition   int    `json:"edition"`
	Date      string `json:"date"`
	Signatory string `json:"-"`
	Current   bool   `json:"current"`
}

type jEntry struct {
	Company        string   `json:"company"`
	Tier           int      `json:"tier"`
	Status         string   `json:"status"`
	Reached        bool     `json:"reached"`
	RequestedBy    []string `json:"requestedBy"`
	Acknowledgment *jAck    `json:"acknowledgment"`
}

type jCascadeTier struct {
	Tier         int     `json:"tier"`
	Companies    int     `json:"companies"`
	Covered      int     `json:"covered"`
	Stale        int     `json:"stale"`
	Pending      int     `json:"pending"`
	NotRequested int     `json:"notRequested"`
	Reached      int     `json:"reached"`
	Coverage     float64 `json:"coverage"`
}

type jCascade struct {
	Tiers   []jCascadeTier `json:"tiers"`
	Entries []jEntry       `json:"entries"`
}

type jTierCoverage struct {
	Tier               int      `json:"tier"`
	Companies          int      `json:"companies"`
	Covered            int      `json:"covered"`
	Coverage           float64  `json:"coverage"`
	OpenEnds           int      `json:"openEnds"`
	AckGap             bool     `json:"ackGap"`
	VisibilityGap      bool     `json:"visibilityGap"`
	Uncovered          bool     `json:"uncovered"`
	UncoveredCompanies []string `json:"uncoveredCompanies"`
	OpenEndCompanies   []string `json:"openEndCompanies"`
}

type jUncovered struct {
	Tiers              []jTierCoverage `json:"tiers"`
	FirstUncoveredTier *int            `json:"firstUncoveredTier"`
	Truncated          bool            `json:"truncated"`
}

type jSource struct {
	ID         string `json:"id"`
	Category   string `json:"category"`
	Severity   int    `json:"severity"`
	Likelihood int    `json:"likelihood"`
	Base       int    `json:"base"`
	Derived    bool   `json:"derived"`
	Company    string `json:"company"`
}

type jSourceExposure struct {
	Source  jSource  `json:"source"`
	Path    []string `json:"path"`
	Hops    int      `json:"hops"`
	Weight  float64  `json:"weight"`
	Score   float64  `json:"score"`
	Partner string   `json:"partner"`
	// Declared: per edge of Path, declared or not (nil: none is)
	Declared []bool `json:"-"`
}

type jCategory struct {
	Category string  `json:"category"`
	Count    int     `json:"count"`
	MaxScore float64 `json:"maxScore"`
}

type jPartner struct {
	Partner  string  `json:"partner"`
	Count    int     `json:"count"`
	MaxScore float64 `json:"maxScore"`
}

type jExposure struct {
	// Ranked: every source, before the limit (not in the JSON answers of
	// testdata/tiny, which list what the API's sources field shows).
	Ranked     []jSourceExposure `json:"-"`
	Sources    []jSourceExposure `json:"sources"`
	ByCategory []jCategory       `json:"byCategory"`
	ByPartner  []jPartner        `json:"byPartner"`
}

type jPath struct {
	Nodes    []string `json:"nodes"`
	Hops     int      `json:"hops"`
	Weight   float64  `json:"weight"`
	Declared []bool   `json:"-"`
}

type jImpactEntry struct {
	Company  string   `json:"company"`
	Distance int      `json:"distance"`
	Path     []string `json:"path"`
	Weight   float64  `json:"weight"`
	Declared []bool   `json:"-"`
}

type jImpact struct {
	Affected []jImpactEntry `json:"affected"`
	Buyers   []string       `json:"buyers"`
}

func mustDate(s string) domain.Date {
	d, err := domain.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// answer runs q with the package under test, giving it the whole dataset
// (a superset of what each query needs, as the store may).
func (ds *dataset) answer(ctx context.Context, q query) (any, error) {
	return ds.answerWith(ctx, q, false)
}

// answerWith runs q; with minimal, it hands the package only what its input
// types promise to be enough: the active edges among the companies within
// maxDepth hops (maxDepth+1 for cascade and uncoveredTiers) upstream of the
// focal company (downstream of the source for impact), and only those
// companies.
func (ds *dataset) answerWith(ctx context.Context, q query, minimal bool) (any, error) {
	asOf := mustDate(q.AsOf)
	s, err := ResolveArgs(Query(q.Op), Args{MaxDepth: q.MaxDepth, Threshold: q.Threshold, Attenuation: q.Attenuation, Limit: q.Limit})
	if err != nil {
		return nil, err
	}
	links := ds.links
	switch q.Op {
	case "riskExposure", "riskPaths", "impact":
		links = append(append([]domain.SupplyLink{}, links...), DeclaredLinks(ds.declarations, asOf)...)
	}
	edges := ActiveEdges(links, asOf)
	companies := CompanyMap{}
	for _, c := range ds.companies {
		companies[c.ID] = c
	}
	if minimal {
		var keep map[string]bool
		switch q.Op {
		case "cascade", "uncoveredTiers":
			keep = hops(edges, q.Focal, s.MaxDepth+1, false)
		case "riskExposure":
			keep = hops(edges, q.Focal, s.MaxDepth, false)
		case "riskPaths":
			keep = hops(edges, q.To, s.MaxDepth, false)
		case "impact":
			keep = hops(edges, q.Source, s.MaxDepth, true)
		}
		var kept []Edge
		for _, e := range edges {
			if keep[e.Supplier] && keep[e.Customer] {
				kept = append(kept, e)
			}
		}
		edges = kept
		for id := range companies {
			if !keep[id] {
				delete(companies, id)
			}
		}
	}
	g := NewGraph(edges)
	switch q.Op {
	case "cascade", "uncoveredTiers":
		codes := AcceptedCodes(q.Code, ds.codes, ds.accepts)
		inA := map[string]bool{}
		for _, c := range codes {
			inA[c.ID] = true
		}
		in := CascadeInput{Focal: q.Focal, Code: q.Code, AsOf: asOf, MaxDepth: s.MaxDepth, Graph: g, Companies: companies, Codes: codes}
		for _, a := range ds.acks {
			if inA[a.CodeID] {
				in.Acks = append(in.Acks, a)
			}
		}
		for _, r := range ds.requests {
			if r.CodeID == q.Code {
				in.Requests = append(in.Requests, r)
			}
		}
		if q.Op == "cascade" {
			rep, err := Cascade(ctx, in)
			if err != nil {
				return nil, err
			}
			return toJCascade(rep), nil
		}
		rep, err := UncoveredTiers(ctx, in, s.Threshold)
		if err != nil {
			return nil, err
		}
		return toJUncovered(rep), nil
	case "riskExposure":
		in := RiskInput{Focal: q.Focal, AsOf: asOf, MaxDepth: s.MaxDepth, Attenuation: s.Attenuation, Limit: s.Limit,
			Graph: g, Companies: companies, Findings: ds.findings, FacilityOperator: map[string]string{}}
		for _, c := range q.Categories {
			in.Categories = append(in.Categories, domain.RiskCategory(c))
		}
		for _, f := range ds.facilities {
			in.FacilityOperator[f.ID] = f.CompanyID
		}
		rep, err := RiskExposure(ctx, in)
		if err != nil {
			return nil, err
		}
		return toJExposure(rep), nil
	case "riskPaths":
		ps, err := RiskPaths(ctx, g, q.From, q.To, s.Attenuation, s.MaxDepth, s.Limit)
		if err != nil {
			return nil, err
		}
		out := []jPath{}
		for _, p := range ps {
			out = append(out, jPath{Nodes: p.Nodes, Hops: p.Hops, Weight: p.Weight, Declared: p.Declared})
		}
		return out, nil
	case "impact":
		rep, err := Impact(ctx, g, companies, q.Source, s.Attenuation, s.MaxDepth)
		if err != nil {
			return nil, err
		}
		out := jImpact{Affected: []jImpactEntry{}, Buyers: rep.Buyers}
		for _, e := range rep.Affected {
			out.Affected = append(out.Affected, jImpactEntry{Company: e.CompanyID, Distance: e.Distance, Path: e.Path, Weight: e.Weight, Declared: e.Declared})
		}
		return out, nil
	}
	panic("unknown op " + q.Op)
}

func toJCascade(rep *CascadeReport) jCascade {
	out := jCascade{Tiers: []jCascadeTier{}, Entries: []jEntry{}}
	for _, t := range rep.Tiers {
		out.Tiers = append(out.Tiers, jCascadeTier(t))
	}
	for _, e := range rep.AllEntries() {
		je := jEntry{Company: e.CompanyID, Tier: e.Tier, Status: string(e.Status), Reached: e.Reached, RequestedBy: e.RequestedBy}
		if a := e.Acknowledgment; a != nil {
			je.Acknowledgment = &jAck{Code: a.CodeID, Edition: a.Edition, Date: a.Date.String(), Signatory: a.Signatory, Current: a.Current}
		}
		out.Entries = append(out.Entries, je)
	}
	return out
}

func toJUncovered(rep *UncoveredReport) jUncovered {
	out := jUncovered{Tiers: []jTierCoverage{}, FirstUncoveredTier: rep.FirstUncoveredTier, Truncated: rep.Truncated}
	for _, t := range rep.Tiers {
		out.Tiers = append(out.Tiers, jTierCoverage(t))
	}
	return out
}

func toJExposure(rep *RiskExposureReport) jExposure {
	out := jExposure{Ranked: []jSourceExposure{}, Sources: []jSourceExposure{}, ByCategory: []jCategory{}, ByPartner: []jPartner{}}
	j := func(e SourceExposure) jSourceExposure {
		s := e.Source
		return jSourceExposure{
			Source: jSource{ID: s.ID, Category: string(s.Category), Severity: s.Severity, Likelihood: s.Likelihood,
				Base: s.Base, Derived: s.Derived, Company: s.CompanyID},
			Path: e.Path, Hops: e.Hops, Weight: e.Weight, Score: e.Score, Partner: e.PartnerID, Declared: e.Declared,
		}
	}
	for _, e := range rep.Ranked {
		out.Ranked = append(out.Ranked, j(e))
	}
	for _, e := range rep.Sources {
		out.Sources = append(out.Sources, j(e))
	}
	for _, c := range rep.ByCategory {
		out.ByCategory = append(out.ByCategory, jCategory{Category: string(c.Category), Count: c.Count, MaxScore: c.MaxScore})
	}
	for _, p := range rep.ByPartner {
		out.ByPartner = append(out.ByPartner, jPartner{Partner: p.PartnerID, Count: p.Count, MaxScore: p.MaxScore})
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// hops returns the companies within n edges of id, upstream (against edge
// direction) or downstream, id included.
func hops(edges []Edge, id string, n int, downstream bool) map[string]bool {
	seen := map[string]bool{id: true}
	frontier := []string{id}
	for d := 0; d < n; d++ {
		var next []string
		for _, e := range edges {
			from, to := e.Customer, e.Supplier
			if downstream {
				from, to = e.Supplier, e.Customer
			}
			for _, f := range frontier {
				if f == from && !seen[to] {
					seen[to] = true
					next = append(next, to)
				}
			}
		}
		frontier = next
	}
	return seen
}
