package gen

import (
	"fmt"
	"math/rand/v2"

	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// Clauses, the crosswalk, citations and corrective actions. They are drawn
// from a random stream of their own, so that the other files of a seed are
// the same as before these were generated (the benchmarks' chains and
// figures do not move).

type remedyState struct {
	r2                                     *rand.Rand
	clausesF, crosswalkF, citesF, actionsF *dataset.FileWriter
	actSeq                                 int
}

// clausesPerCode: every code has chapters A to C of four clauses each.
const clausesPerCode = 12

var clauseChapters = []string{"A. Labor", "B. Health and Safety", "C. Environment"}

// clauseID is the id of clause k of code c: "A-(1)" style for the buyers'
// codes, "A1" style for the industry code.
func (g *generator) clauseID(c, k int) string {
	ch := string(rune('A' + k/4))
	if c == g.rba {
		return fmt.Sprintf("%s%d", ch, k%4+1)
	}
	return fmt.Sprintf("%s-(%d)", ch, k%4+1)
}

// writeClauses writes every code's clauses, introduced in editions up to
// the current one (some dropped again), and declares about half of each
// buyer code's clauses equivalent to the industry code's clause of the
// same position.
func (g *generator) writeClauses() {
	r := g.r2
	for c, code := range g.codes {
		for k := range clausesPerCode {
			intro := 1 + r.IntN(code.edition)
			f := g.clausesF
			f.Str(code.id)
			f.Str(g.clauseID(c, k))
			f.Str(clauseChapters[k/4])
			f.Str(fmt.Sprintf("%s requirement %d", clauseChapters[k/4][3:], k%4+1))
			f.Str([]string{"forced-labour", "child-labour", "working-hours", "wages", "occupational-safety",
				"emergency-preparedness", "occupational-health", "housing", "environmental-management", "climate", "pollution", "water"}[k])
			f.Int(intro)
			if intro < code.edition && r.Float64() < 0.1 {
				f.Int(intro + 1 + r.IntN(code.edition-intro))
			} else {
				f.Empty()
			}
			f.End()
		}
	}
	for c := range g.nB {
		for k := range clausesPerCode {
			if r.Float64() < 0.5 {
				g.crosswalkF.Row(g.codes[c].id, g.clauseID(c, k), "RBA-COC", g.clauseID(g.rba, k))
			}
		}
	}
}

var escalationLevels = []string{"ENGAGE", "ENHANCED_PLAN", "SUSPEND", "TERMINATE"}

// remedy writes a finding's citation and corrective actions (the finding
// just written: g.findSeq, at company i, with the current company's
// customers in g.cust).
func (g *generator) remedy(i int32, cat int, detected, closed int32, status string) {
	r := g.r2
	if r.Float64() < 0.5 {
		f := g.citesF
		g.id(f, "FND", g.findSeq, g.width)
		b := r.IntN(g.nB)
		f.Str(g.codes[b].id)
		f.Str(g.clauseID(b, r.IntN(clausesPerCode)))
		f.End()
	}
	n := r.IntN(4)
	for a := range n {
		opened := detected + 3 + int32(r.IntN(30))
		kind := []string{"CORRECT", "PREVENT", "REMEDY"}[min(a, 2)]
		escalate := a == n-1 && status != "CLOSED" && len(g.cust) > 0 && r.Float64() < 0.3
		if escalate {
			kind = "ESCALATE"
		}
		g.actSeq++
		f := g.actionsF
		g.id(f, "ACT", g.actSeq, g.width)
		g.id(f, "FND", g.findSeq, g.width)
		f.Str(kind)
		f.Str(descriptions[cat][0])
		var cus int32
		if escalate {
			cus = g.cust[r.IntN(len(g.cust))]
			g.cid(f, cus)
		} else {
			g.cid(f, i)
		}
		f.Date(domain.Date(opened))
		f.Date(domain.Date(opened + 30 + int32(r.IntN(90))))
		var done, verified int32
		switch {
		case closed > 0:
			done = opened + int32(r.IntN(int(max(closed-opened, 0))+1))
			if r.Float64() < 0.6 {
				verified = done + int32(r.IntN(21))
			}
		case r.Float64() < 0.4:
			done = opened + 5 + int32(r.IntN(115))
			if r.Float64() < 0.3 {
				verified = done + int32(r.IntN(21))
			}
		}
		switch {
		case verified > 0:
			f.Str("VERIFIED")
		case done > 0:
			f.Str("DONE")
		default:
			f.Str("OPEN")
		}
		optDate(f, done)
		optDate(f, verified)
		if verified > 0 {
			f.Str("buyer audit team")
		} else {
			f.Empty()
		}
		if escalate {
			f.Str(escalationLevels[min(r.IntN(8), 3)])
			g.cid(f, i)
			g.cid(f, cus)
		} else {
			f.Empty()
			f.Empty()
			f.Empty()
		}
		f.End()
	}
}
