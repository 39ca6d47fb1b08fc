package analysis

import (
	"cmp"
	"context"
	"slices"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// RemediationInput is what remediation needs: a cascade's input (whose
// status and reach decide the leverage routes), the attenuation, and the
// findings with their actions.
type RemediationInput struct {
	CascadeInput
	Attenuation float64 // greater than 0, at most 1
	// Findings holds at least the findings whose subject is a chain member
	// or a facility operated by one, with their actions (Finding.Actions).
	Findings []domain.Finding
	// FacilityOperator maps a facility id to its operator's company id,
	// for at least the facilities that are subjects of Findings.
	FacilityOperator map[string]string
}

// ActionState is an action as it stands on the report's date.
type ActionState struct {
	domain.Action
	StatusAt    domain.ActionStatus
	Overdue     bool
	DaysOverdue int // 0 unless Overdue
}

// Route is a leverage route: a path from the finding's company to the
// focal company and its weight.
type Route struct {
	Path   []string
	Weight float64
}

// FindingRemediation is one active finding of the chain with its actions
// and leverage route.
type FindingRemediation struct {
	Finding        domain.Finding
	CompanyID      string
	Tier           int
	DaysOpen       int
	Actions        []ActionState // existing on the date, by opened then id
	OverdueActions int
	Escalation     domain.EscalationLevel // "" when none
	Route          *Route                 // nil when there is none
	Blockers       []string               // when Route is nil: the companies that break every route, by id
}

// EscalationOrNil is Escalation, or nil when the finding is not escalated.
func (f *FindingRemediation) EscalationOrNil() *domain.EscalationLevel {
	if f.Escalation == "" {
		return nil
	}
	return &f.Escalation
}

// EscalationCount counts the findings at one escalation level.
type EscalationCount struct {
	Level    domain.EscalationLevel
	Findings int
}

// RemediationReport is the answer of remediation.
type RemediationReport struct {
	Findings            []FindingRemediation // by days open (longest first), then finding id
	FindingsWithOverdue int
	OverdueActions      int
	WithoutRoute        int
	ByEscalation        []EscalationCount // rising level, only levels with findings
}

// actionStates returns f's actions that exist on asOf, with their state,
// and the finding's escalation level: that of its latest ESCALATE action
// (by opened date, then the higher level).
func actionStates(f *domain.Finding, asOf domain.Date) ([]ActionState, int, domain.EscalationLevel) {
	out := []ActionState{}
	overdue := 0
	var esc *domain.Action
	for i := range f.Actions {
		a := &f.Actions[i]
		if a.Opened > asOf {
			continue
		}
		st := ActionState{Action: *a, StatusAt: a.StatusAt(asOf), Overdue: a.OverdueAt(asOf)}
		if st.Overdue {
			st.DaysOverdue = int(asOf - *a.Due)
			overdue++
		}
		out = append(out, st)
		if a.Kind == domain.ActionEscalate && (esc == nil || a.Opened > esc.Opened ||
			a.Opened == esc.Opened && a.Level.Rank() > esc.Level.Rank()) {
			esc = a
		}
	}
	slices.SortFunc(out, func(a, b ActionState) int {
		return cmp.Or(cmp.Compare(a.Opened, b.Opened), cmp.Compare(a.ID, b.ID))
	})
	if esc == nil {
		return out, overdue, ""
	}
	return out, overdue, esc.Level
}

// findingCompany is the company a finding is attributed to.
func findingCompany(f *domain.Finding, operator map[string]string) string {
	if op, ok := operator[f.SubjectID]; ok {
		return op
	}
	return f.SubjectID
}

// Remediation lists the active findings of in.Focal's chain with their
// actions on in.AsOf, what is overdue, the escalation level and the
// leverage route for in.Code (see docs/analysis.md).
func Remediation(ctx context.Context, in RemediationInput) (*RemediationReport, error) {
	if err := checkCascadeInput(&in.CascadeInput); err != nil {
		return nil, err
	}
	if err := ValidateAttenuation(in.Attenuation); err != nil {
		return nil, err
	}
	rep := &RemediationReport{Findings: []FindingRemediation{}, ByEscalation: []EscalationCount{}}
	g := in.Graph
	f, dist, order, ok := chainMembers(g, in.Focal, in.MaxDepth)
	if !ok {
		return rep, nil
	}
	defer putDist(dist, f, order)
	if err := checkCtx(ctx, "remediation"); err != nil {
		return nil, err
	}

	type item struct {
		fd *domain.Finding
		v  int32
	}
	var items []item
	for i := range in.Findings {
		fd := &in.Findings[i]
		if !FindingActive(*fd, in.AsOf) {
			continue
		}
		v, ok := g.index[findingCompany(fd, in.FacilityOperator)]
		if !ok || v == f || dist[v] < 0 {
			continue
		}
		items = append(items, item{fd, v})
	}
	if len(items) == 0 {
		return rep, nil
	}

	// relays: the chain's companies that are COVERED and reached
	e := newAckEval(&in.CascadeInput)
	defer e.release()
	reached := e.reached(f)
	relay := make([]bool, len(g.ids))
	for _, v := range order {
		relay[v] = reached[v] && e.statusOf(v) == domain.StatusCovered
	}
	bp, err := g.bestToTargetVia(ctx, f, in.MaxDepth, in.Attenuation, "remediation", relay)
	if err != nil {
		return nil, err
	}
	defer bp.release()

	blockers := map[int32][]string{} // per company without a route
	search := &blockerSearch{seen: make([]int32, len(g.ids)), depth: make([]int32, len(g.ids))}
	levels := map[domain.EscalationLevel]int{}
	for _, it := range items {
		if err := checkCtx(ctx, "remediation"); err != nil {
			return nil, err
		}
		acts, overdue, esc := actionStates(it.fd, in.AsOf)
		r := FindingRemediation{Finding: *it.fd, CompanyID: g.ids[it.v], Tier: int(dist[it.v]),
			DaysOpen: int(in.AsOf - it.fd.Detected), Actions: acts, OverdueActions: overdue, Escalation: esc, Blockers: []string{}}
		if bp.state[it.v].own >= 0 {
			path, w := bp.pathToTarget(g, it.v, in.Attenuation)
			r.Route = &Route{Path: path, Weight: w}
		} else {
			b, ok := blockers[it.v]
			if !ok {
				b = g.blockers(it.v, f, in.MaxDepth, dist, relay, search)
				blockers[it.v] = b
			}
			r.Blockers = b
			rep.WithoutRoute++
		}
		if overdue > 0 {
			rep.FindingsWithOverdue++
			rep.OverdueActions += overdue
		}
		if esc != "" {
			levels[esc]++
		}
		rep.Findings = append(rep.Findings, r)
	}
	slices.SortFunc(rep.Findings, func(a, b FindingRemediation) int {
		return cmp.Or(cmp.Compare(b.DaysOpen, a.DaysOpen), cmp.Compare(a.Finding.ID, b.Finding.ID))
	})
	for _, l := range domain.EscalationLevels {
		if n := levels[l]; n > 0 {
			rep.ByEscalation = append(rep.ByEscalation, EscalationCount{Level: l, Findings: n})
		}
	}
	return rep, nil
}

// blockerSearch is the state of blockers' searches, reused: seen[v] ==
// round marks v as visited in the current search (no clearing between
// searches), at depth[v].
type blockerSearch struct {
	seen, depth []int32
	round       int32
	queue       []int32
}

// blockers returns the companies that are not relays and lie on every
// path x -> ... -> f of at most maxDepth edges, by id. Such a company lies
// on any one path, so the candidates are the intermediates of a shortest
// path (following dist, the distances to f); each is tested by a
// breadth-first search from x that avoids it, pruned by dist (a company
// at depth d whose distance to f exceeds maxDepth - d cannot help).
func (g *Graph) blockers(x, f int32, maxDepth int, dist []int32, relay []bool, s *blockerSearch) []string {
	var candidates []int32
	for u := x; u != f; {
		next := int32(-1)
		for p := g.outStart[u]; p < g.outStart[u+1]; p++ {
			w := g.outTo[p]
			if dist[w] >= 0 && dist[w] == dist[u]-1 && (next < 0 || w < next) { // numbers follow ids
				next = w
			}
		}
		if next < 0 {
			return []string{} // not in the chain after all
		}
		if next != f && !relay[next] {
			candidates = append(candidates, next)
		}
		u = next
	}
	out := []string{}
	for _, c := range candidates {
		s.round++
		s.seen[x], s.depth[x] = s.round, 0
		s.queue = append(s.queue[:0], x)
		found := false
		for h := 0; h < len(s.queue) && !found; h++ {
			u := s.queue[h]
			d := s.depth[u]
			for p := g.outStart[u]; p < g.outStart[u+1]; p++ {
				w := g.outTo[p]
				if w == f {
					if found = int(d)+1 <= maxDepth; found {
						break
					}
					continue
				}
				if w == c || dist[w] < 0 || int(d)+1+int(dist[w]) > maxDepth || s.seen[w] == s.round {
					continue
				}
				s.seen[w], s.depth[w] = s.round, d+1
				s.queue = append(s.queue, w)
			}
		}
		if !found {
			out = append(out, g.ids[c])
		}
	}
	slices.Sort(out)
	return out
}
