package analysis

import (
	"cmp"
	"context"
	"slices"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// RiskInput is what the riskExposure query needs.
type RiskInput struct {
	Focal       string
	AsOf        domain.Date
	MaxDepth    int     // 1 to 20
	Attenuation float64 // greater than 0, at most 1
	// Categories keeps only sources of these categories; empty keeps all.
	Categories []domain.RiskCategory
	Limit      int // 1 to 500: how many sources to list

	// Graph is the active graph at AsOf, with the declared edges of the
	// declarations in force (see DeclaredLinks); it must contain at least
	// every such edge among the companies within MaxDepth upstream hops of
	// Focal.
	Graph *Graph
	// Companies holds at least every company of the chain (kind and
	// rmapStatus make derived sources).
	Companies Companies
	// Findings holds at least the findings whose subject is a chain member
	// or a facility operated by one, of any date and status.
	Findings []domain.Finding
	// FacilityOperator maps a facility id to its operator's company id, for
	// at least the facilities that are subjects of Findings.
	FacilityOperator map[string]string
}

// RiskSource is a finding, or a risk derived from a smelter's RMAP status.
type RiskSource struct {
	ID         string // finding id, or "rmap:<company id>"
	Category   domain.RiskCategory
	Severity   int
	Likelihood int
	Base       int // Severity x Likelihood
	Derived    bool
	CompanyID  string
	Clauses    []domain.ClauseKey // the clauses a finding cites
}

// SourceExposure is a risk source with the best path from its company to the
// focal company.
type SourceExposure struct {
	Source    RiskSource
	Path      []string // source's company first, focal company last
	Hops      int      // edges of Path
	Weight    float64
	Score     float64 // Source.Base x Weight
	PartnerID string  // the company before the focal company on Path
	// Declared says, per edge of Path, whether it is a declared edge (a
	// smelter named by its customer's declaration); nil when none is.
	Declared []bool
}

// CategoryExposure summarizes the sources of one category.
type CategoryExposure struct {
	Category domain.RiskCategory
	Count    int
	MaxScore float64
}

// PartnerExposure summarizes the sources that reach the focal company
// through one tier-1 partner.
type PartnerExposure struct {
	PartnerID string
	Count     int
	MaxScore  float64
}

// RiskExposureReport is the answer of the riskExposure query.
type RiskExposureReport struct {
	// Ranked is every source that passed the categories filter, by score
	// desc, base desc, id (the list is sorted whole anyway, for the order
	// of its first Limit; it pages sourcesConnection).
	Ranked     []SourceExposure
	Sources    []SourceExposure   // the first Limit of Ranked
	ByCategory []CategoryExposure // every filtered source, by category name
	ByPartner  []PartnerExposure  // every filtered source, by partner id
	ByClause   []ClauseExposure   // every filtered source citing clauses, by code then clause id
}

// ClauseExposure summarizes the sources that cite one clause.
type ClauseExposure struct {
	CodeID, ClauseID string
	Count            int
	MaxScore         float64
}

// FindingActive reports whether f is active at asOf: detected on or before
// asOf, and not closed by then (closed set and on or before asOf, or status
// CLOSED without a closing date).
func FindingActive(f domain.Finding, asOf domain.Date) bool {
	if f.Detected > asOf {
		return false
	}
	if f.Closed != nil && *f.Closed <= asOf {
		return false
	}
	if f.Status == domain.FindingClosed && f.Closed == nil {
		return false
	}
	return true
}

// RMAPSource returns the derived RESPONSIBLE_MINERALS source of company c
// at asOf: present for a SMELTER whose RMAP status at asOf is not
// CONFORMANT (an empty status counts as NOT_ENROLLED), with severity 4 and
// likelihood 2 (ACTIVE), 5 (NON_CONFORMANT) or 4 (NOT_ENROLLED).
func RMAPSource(c domain.Company, asOf domain.Date) (RiskSource, bool) {
	if c.Kind != domain.KindSmelter {
		return RiskSource{}, false
	}
	var lik int
	switch c.RMAPStatusAt(asOf) {
	case domain.RMAPConformant:
		return RiskSource{}, false
	case domain.RMAPActive:
		lik = 2
	case domain.RMAPNonConformant:
		lik = 5
	default: // NOT_ENROLLED, or not set
		lik = 4
	}
	return RiskSource{
		ID: "rmap:" + c.ID, Category: domain.ResponsibleMinerals,
		Severity: 4, Likelihood: lik, Base: 4 * lik, Derived: true, CompanyID: c.ID,
	}, true
}

func checkRiskInput(in *RiskInput) error {
	if err := ValidateMaxDepth(in.MaxDepth); err != nil {
		return err
	}
	if err := ValidateAttenuation(in.Attenuation); err != nil {
		return err
	}
	if err := ValidateExposureLimit(in.Limit); err != nil {
		return err
	}
	if err := ValidateCategories(in.Categories); err != nil {
		return err
	}
	if in.Graph == nil {
		return domain.Errorf(domain.Internal, "analysis: risk input has no graph")
	}
	return nil
}

// RiskExposure lists the active risk sources of in.Focal's chain with the
// best path from each source's company to in.Focal, ordered by score, and
// summaries per category and per tier-1 partner.
func RiskExposure(ctx context.Context, in RiskInput) (*RiskExposureReport, error) {
	if err := checkRiskInput(&in); err != nil {
		return nil, err
	}
	rep := &RiskExposureReport{Ranked: []SourceExposure{}, Sources: []SourceExposure{}, ByCategory: []CategoryExposure{}, ByPartner: []PartnerExposure{},
		ByClause: []ClauseExposure{}}
	g := in.Graph
	f, ok := g.index[in.Focal]
	if !ok {
		return rep, nil
	}
	bp, err := g.bestToTarget(ctx, f, in.MaxDepth, in.Attenuation, "riskExposure")
	if err != nil {
		return nil, err
	}
	defer bp.release()
	inChain := func(id string) (int32, bool) {
		v, ok := g.index[id]
		if !ok || v == f || bp.state[v].own < 0 {
			return 0, false
		}
		return v, true
	}
	keep := func(c domain.RiskCategory) bool {
		return len(in.Categories) == 0 || slices.Contains(in.Categories, c)
	}

	type src struct {
		s RiskSource
		v int32
	}
	var srcs []src
	for _, fd := range in.Findings {
		if !keep(fd.Category) || !FindingActive(fd, in.AsOf) {
			continue
		}
		company := fd.SubjectID
		if op, ok := in.FacilityOperator[fd.SubjectID]; ok {
			company = op
		}
		v, ok := inChain(company)
		if !ok {
			continue
		}
		srcs = append(srcs, src{RiskSource{
			ID: fd.ID, Category: fd.Category, Severity: fd.Severity, Likelihood: fd.Likelihood,
			Base: fd.Base(), CompanyID: company, Clauses: fd.Clauses,
		}, v})
	}
	if keep(domain.ResponsibleMinerals) {
		for v := range g.ids {
			if int32(v) == f || bp.state[v].own < 0 {
				continue
			}
			if k, ok := g.kind(in.Companies, int32(v)); ok && k != domain.KindSmelter {
				continue // no RMAP source
			}
			c, ok := g.company(in.Companies, int32(v))
			if !ok {
				return nil, domain.Errorf(domain.Internal, "analysis: company %q of the chain is missing from the input", g.ids[v])
			}
			if s, ok := RMAPSource(c, in.AsOf); ok {
				srcs = append(srcs, src{s, int32(v)})
			}
		}
	}
	if err := checkCtx(ctx, "riskExposure"); err != nil {
		return nil, err
	}

	// One path per company, shared by its sources; all paths share one
	// array of ids and one of declared hops (a slice per path, and looking
	// ids up to mark declared hops, were a third of a million-company
	// chain's question).
	type pathInfo struct {
		from, to   int // of ids
		dfrom, dto int // of declared; dfrom == dto: no declared hop
		w          float64
	}
	// pathOf[v]: the index in paths of company v's path (-1: not made yet)
	pathOf := dists.get(len(g.ids))
	var paths []pathInfo
	var ids []string
	var declared []bool
	for _, s := range srcs {
		if pathOf[s.v] >= 0 {
			continue
		}
		from, dfrom := len(ids), len(declared)
		var w float64
		ids, w, declared = bp.appendPathToTarget(g, s.v, in.Attenuation, ids, declared)
		pathOf[s.v] = int32(len(paths))
		paths = append(paths, pathInfo{from, len(ids), dfrom, len(declared), w})
	}
	all := make([]SourceExposure, 0, len(srcs))
	for _, s := range srcs {
		pi := paths[pathOf[s.v]]
		path := ids[pi.from:pi.to:pi.to]
		var decl []bool
		if pi.dto > pi.dfrom {
			decl = declared[pi.dfrom:pi.dto:pi.dto]
		}
		all = append(all, SourceExposure{
			Source:    s.s,
			Path:      path,
			Hops:      len(path) - 1,
			Weight:    pi.w,
			Score:     float64(s.s.Base) * pi.w,
			PartnerID: path[len(path)-2],
			Declared:  decl,
		})
	}
	for _, s := range srcs {
		pathOf[s.v] = -1
	}
	dists.put(pathOf)
	all = sortExposures(all)

	cats := map[domain.RiskCategory]*CategoryExposure{}
	parts := map[string]*PartnerExposure{}
	clauses := map[domain.ClauseKey]*ClauseExposure{}
	for _, e := range all {
		for _, k := range e.Source.Clauses {
			c := clauses[k]
			if c == nil {
				c = &ClauseExposure{CodeID: k.CodeID, ClauseID: k.ID, MaxScore: e.Score}
				clauses[k] = c
			}
			c.Count++
			c.MaxScore = max(c.MaxScore, e.Score)
		}
		c := cats[e.Source.Category]
		if c == nil {
			c = &CategoryExposure{Category: e.Source.Category, MaxScore: e.Score}
			cats[e.Source.Category] = c
		}
		c.Count++
		c.MaxScore = max(c.MaxScore, e.Score)
		p := parts[e.PartnerID]
		if p == nil {
			p = &PartnerExposure{PartnerID: e.PartnerID, MaxScore: e.Score}
			parts[e.PartnerID] = p
		}
		p.Count++
		p.MaxScore = max(p.MaxScore, e.Score)
	}
	for _, c := range cats {
		rep.ByCategory = append(rep.ByCategory, *c)
	}
	slices.SortFunc(rep.ByCategory, func(a, b CategoryExposure) int { return cmp.Compare(a.Category, b.Category) })
	for _, p := range parts {
		rep.ByPartner = append(rep.ByPartner, *p)
	}
	slices.SortFunc(rep.ByPartner, func(a, b PartnerExposure) int { return cmp.Compare(a.PartnerID, b.PartnerID) })
	for _, c := range clauses {
		rep.ByClause = append(rep.ByClause, *c)
	}
	slices.SortFunc(rep.ByClause, func(a, b ClauseExposure) int {
		return cmp.Or(cmp.Compare(a.CodeID, b.CodeID), cmp.Compare(a.ClauseID, b.ClauseID))
	})

	rep.Ranked, rep.Sources = all, all[:min(len(all), in.Limit)]
	return rep, nil
}

// sortExposures orders exposures by score (desc), then base (desc), then
// source id. Scores within a relative 1e-9 of each other are equal: after an
// exact sort by score, each run of scores equal to the run's first (highest)
// score is ordered by base and id alone. It sorts indices, not the large
// structs, and returns the ordered slice.
func sortExposures(es []SourceExposure) []SourceExposure {
	idx := make([]int32, len(es))
	for i := range idx {
		idx[i] = int32(i)
	}
	byRest := func(i, j int32) int {
		a, b := &es[i].Source, &es[j].Source
		if a.Base != b.Base {
			return cmp.Compare(b.Base, a.Base)
		}
		return cmp.Compare(a.ID, b.ID)
	}
	slices.SortFunc(idx, func(i, j int32) int {
		if es[i].Score != es[j].Score {
			return cmp.Compare(es[j].Score, es[i].Score)
		}
		return byRest(i, j)
	})
	for i := 0; i < len(idx); {
		j := i + 1
		for j < len(idx) && tied(es[idx[i]].Score, es[idx[j]].Score) {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(idx[i:j], byRest)
		}
		i = j
	}
	out := make([]SourceExposure, len(es))
	for k, i := range idx {
		out[k] = es[i]
	}
	return out
}
