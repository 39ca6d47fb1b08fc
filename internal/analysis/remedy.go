package analysis

import (
	"cmp"
	"context"
	"slices"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// ClauseInput is what clauseCoverage needs: a cascade's input (the chain,
// the code and the codes it accepts, acknowledgments and requests), and
// the clauses and crosswalk.
type ClauseInput struct {
	CascadeInput
	// Clauses holds at least the clauses of every code in Codes.
	Clauses []domain.Clause
	// Crosswalk holds at least the equivalences with a clause of Code on
	// either side (they are symmetric).
	Crosswalk []domain.ClauseEquivalence
	// Select lists clause ids of Code; empty: the clauses in force in its
	// current edition. An id that is not a clause of Code is BAD_INPUT.
	Select []string
}

// ClauseTier is one tier of a clause's coverage.
type ClauseTier struct {
	Tier                int
	Companies           int
	Committed           int
	CoveredNotCommitted int     // COVERED for the code, not committed to the clause
	Commitment          float64 // Committed / Companies
}

// ClauseCoverageEntry is one clause's coverage over the chain.
type ClauseCoverageEntry struct {
	Clause              domain.Clause
	Companies           int
	Committed           int
	CoveredNotCommitted int
	Tiers               []ClauseTier // ascending, the tiers that have companies
}

// ClauseCoverageReport is the answer of clauseCoverage. Which companies
// are (not) committed is kept as one bit per company and clause, and
// listed when asked (Uncommitted): a chain can have a hundred thousand
// companies and a code a hundred clauses.
type ClauseCoverageReport struct {
	Clauses []ClauseCoverageEntry // by clause id

	order     []int32  // the chain, by tier then id
	tier      []int32  // of each company of order
	committed []uint64 // bits: company i of order, clause j at i*words + j/64
	words     int
	covered   []bool // of each company of order
	ids       []string
}

// Uncommitted lists the companies of the chain not committed to clause i
// (an index in Clauses), at tier (0: every tier), by tier then id.
func (r *ClauseCoverageReport) Uncommitted(i, tier int) []string {
	return r.UncommittedRange(i, tier, 0, len(r.order))
}

// UncommittedRange is Uncommitted(i, tier)[from:to] (to at most its
// length, which is the Companies minus the Committed of the clause or
// tier), found without listing the others: a page of a hundred of a
// chain's tens of thousands.
func (r *ClauseCoverageReport) UncommittedRange(i, tier, from, to int) []string {
	var out []string
	n := 0
	for k, v := range r.order {
		if n >= to {
			break
		}
		if tier != 0 && int(r.tier[k]) != tier || r.isCommitted(k, i) {
			continue
		}
		if n >= from {
			out = append(out, r.ids[v])
		}
		n++
	}
	return out
}

// Committed lists the companies of the chain committed to clause i, by
// tier then id.
func (r *ClauseCoverageReport) Committed(i int) []string {
	var out []string
	for k, v := range r.order {
		if r.isCommitted(k, i) {
			out = append(out, r.ids[v])
		}
	}
	return out
}

func (r *ClauseCoverageReport) isCommitted(k, i int) bool {
	return r.committed[k*r.words+i/64]&(1<<(i%64)) != 0
}

// selectClauses returns the clauses of code that sel names (all in force
// in the code's current edition when sel is empty), by id.
func selectClauses(code domain.Code, clauses []domain.Clause, sel []string) ([]domain.Clause, error) {
	var own []domain.Clause
	for _, c := range clauses {
		if c.CodeID == code.ID {
			own = append(own, c)
		}
	}
	slices.SortFunc(own, func(a, b domain.Clause) int { return cmp.Compare(a.ID, b.ID) })
	own = slices.CompactFunc(own, func(a, b domain.Clause) bool { return a.ID == b.ID })
	if len(sel) == 0 {
		var out []domain.Clause
		for _, c := range own {
			if c.InForce(code.Edition) {
				out = append(out, c)
			}
		}
		return out, nil
	}
	var out []domain.Clause
	for _, id := range sel {
		i, ok := slices.BinarySearchFunc(own, id, func(c domain.Clause, id string) int { return cmp.Compare(c.ID, id) })
		if !ok {
			return nil, domain.Errorf(domain.BadInput, "clauses: %q is not a clause of code %s", id, code.ID)
		}
		out = append(out, own[i])
	}
	slices.SortFunc(out, func(a, b domain.Clause) int { return cmp.Compare(a.ID, b.ID) })
	return slices.CompactFunc(out, func(a, b domain.Clause) bool { return a.ID == b.ID }), nil
}

// commitments says which of the selected clauses of C an acknowledgment
// of a code in A(C), edition e, commits to: C's clauses in force in e, or
// the clauses of C equivalent to a clause of the accepted code in force
// in e. Memoized per code and edition.
type commitments struct {
	code     string
	selected []domain.Clause
	byCode   map[string][]domain.Clause // clauses of each accepted code
	equiv    map[domain.ClauseKey][]int // clause of another code -> indexes in selected
	memo     map[codeEdition][]uint64
	words    int
}

type codeEdition struct {
	code    string
	edition int
}

func newCommitments(code string, selected, clauses []domain.Clause, crosswalk []domain.ClauseEquivalence, codes []domain.Code) *commitments {
	cm := &commitments{code: code, selected: selected, byCode: map[string][]domain.Clause{}, equiv: map[domain.ClauseKey][]int{},
		memo: map[codeEdition][]uint64{}, words: (len(selected) + 63) / 64}
	accepted := map[string]bool{}
	for _, k := range codes {
		if k.ID != code {
			accepted[k.ID] = true
		}
	}
	for _, c := range clauses {
		if accepted[c.CodeID] {
			cm.byCode[c.CodeID] = append(cm.byCode[c.CodeID], c)
		}
	}
	index := map[string]int{}
	for i, c := range selected {
		index[c.ID] = i
	}
	add := func(ownClause, otherCode, otherClause string) {
		i, ok := index[ownClause]
		if !ok || !accepted[otherCode] {
			return
		}
		k := domain.ClauseKey{CodeID: otherCode, ID: otherClause}
		if !slices.Contains(cm.equiv[k], i) {
			cm.equiv[k] = append(cm.equiv[k], i)
		}
	}
	for _, e := range crosswalk {
		if e.CodeID == code {
			add(e.ClauseID, e.EquivalentCodeID, e.EquivalentClauseID)
		}
		if e.EquivalentCodeID == code {
			add(e.EquivalentClauseID, e.CodeID, e.ClauseID)
		}
	}
	return cm
}

// of returns the bits of the selected clauses an acknowledgment of code
// k, edition e, commits to.
func (cm *commitments) of(k string, e int) []uint64 {
	key := codeEdition{k, e}
	if b, ok := cm.memo[key]; ok {
		return b
	}
	b := make([]uint64, cm.words)
	if k == cm.code {
		for i, c := range cm.selected {
			if c.InForce(e) {
				b[i/64] |= 1 << (i % 64)
			}
		}
	} else {
		for _, c := range cm.byCode[k] {
			if c.InForce(e) {
				for _, i := range cm.equiv[c.Key()] {
					b[i/64] |= 1 << (i % 64)
				}
			}
		}
	}
	cm.memo[key] = b
	return b
}

// commitOf ORs into into the clauses x is committed to: those of its
// current acknowledgments (dated up to asOf, see ackEval).
func (e *ackEval) commitOf(into []uint64, x int32, cm *commitments) {
	for _, i := range e.ackIdx[e.ackStart[x]:e.ackStart[x+1]] {
		a := &e.acks[i]
		if !e.current(a) {
			continue
		}
		for w, b := range cm.of(a.CodeID, a.Edition) {
			into[w] |= b
		}
	}
}

// ClauseCoverage reports, per selected clause of in.Code and per tier of
// in.Focal's chain, how many companies are committed to the clause, and
// how many are COVERED for the code without being committed to it.
func ClauseCoverage(ctx context.Context, in ClauseInput) (*ClauseCoverageReport, error) {
	if err := checkCascadeInput(&in.CascadeInput); err != nil {
		return nil, err
	}
	k := slices.IndexFunc(in.Codes, func(c domain.Code) bool { return c.ID == in.Code })
	if k < 0 {
		return nil, domain.Errorf(domain.Internal, "analysis: clause input has no code %q", in.Code)
	}
	selected, err := selectClauses(in.Codes[k], in.Clauses, in.Select)
	if err != nil {
		return nil, err
	}
	if err := checkCtx(ctx, "clauseCoverage"); err != nil {
		return nil, err
	}
	g := in.Graph
	rep := &ClauseCoverageReport{Clauses: make([]ClauseCoverageEntry, len(selected)), ids: g.ids, words: (len(selected) + 63) / 64}
	for i, c := range selected {
		rep.Clauses[i] = ClauseCoverageEntry{Clause: c, Tiers: []ClauseTier{}}
	}
	f, dist, order, ok := chainMembers(g, in.Focal, in.MaxDepth)
	if !ok {
		return rep, nil
	}
	defer putDist(dist, f, order)
	e := newAckEval(&in.CascadeInput)
	defer e.release()
	cm := newCommitments(in.Code, selected, in.Clauses, in.Crosswalk, in.Codes)
	rep.order = slices.Clone(order)
	rep.tier = make([]int32, len(order))
	rep.covered = make([]bool, len(order))
	rep.committed = make([]uint64, len(order)*rep.words)
	for k, v := range order {
		if k%4096 == 0 {
			if err := checkCtx(ctx, "clauseCoverage"); err != nil {
				return nil, err
			}
		}
		rep.tier[k] = dist[v]
		rep.covered[k] = e.statusOf(v) == domain.StatusCovered
		e.commitOf(rep.committed[k*rep.words:(k+1)*rep.words], v, cm)
	}
	for i := range rep.Clauses {
		c := &rep.Clauses[i]
		for k := range order {
			t := int(rep.tier[k])
			if n := len(c.Tiers); n == 0 || c.Tiers[n-1].Tier != t {
				c.Tiers = append(c.Tiers, ClauseTier{Tier: t})
			}
			ct := &c.Tiers[len(c.Tiers)-1]
			ct.Companies++
			switch {
			case rep.isCommitted(k, i):
				ct.Committed++
			case rep.covered[k]:
				ct.CoveredNotCommitted++
			}
		}
		for j := range c.Tiers {
			ct := &c.Tiers[j]
			ct.Commitment = float64(ct.Committed) / float64(ct.Companies)
			c.Companies += ct.Companies
			c.Committed += ct.Committed
			c.CoveredNotCommitted += ct.CoveredNotCommitted
		}
	}
	return rep, nil
}
