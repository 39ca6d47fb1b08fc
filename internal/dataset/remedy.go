package dataset

import (
	"slices"
	"strconv"
	"strings"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// ClauseRef is how a reference names a clause: its code and its id within
// the code, joined by "/" (a character that neither may contain).
func ClauseRef(code, clause string) string { return code + "/" + clause }

// ValidClauseID reports whether s is a valid clause id: 1 to 64 characters
// of A-Z a-z 0-9 . _ : - ( ) (clause ids such as "A-(7)" have brackets).
func ValidClauseID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("._:-()", c) >= 0) {
			return false
		}
	}
	return true
}

// validTopic reports whether s is a topic tag: 1 to 64 characters of a-z 0-9 -.
func validTopic(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// MaxTopics is the most topic tags a clause may have.
const MaxTopics = 20

func (r *row) clauseID(col string) string {
	v := r.get(col)
	if v == "" {
		r.fail(col, "missing required value")
		return ""
	}
	if !ValidClauseID(v) {
		r.fail(col, "invalid clause id %q: want 1 to 64 characters of A-Z a-z 0-9 . _ : - ( )", Truncate(v))
		return ""
	}
	return v
}

// clauseRef reads a reference to clause clauseCol of the code named in
// codeCol (which the row has read already as code).
func (r *row) clauseRef(code, clauseCol string) string {
	v := r.clauseID(clauseCol)
	if v != "" && code != "" && r.p.emit == nil {
		r.p.resolve(RefClause, ClauseRef(code, v), location{r.file, r.line, clauseCol}, r)
	}
	return v
}

// topics reads a ";"-separated list of topic tags, sorted, without repeats.
func (r *row) topics(col string) []string {
	v := r.get(col)
	if v == "" {
		return nil
	}
	var out []string
	for _, t := range strings.Split(v, ";") {
		t = strings.TrimSpace(t)
		if !validTopic(t) {
			r.fail(col, "invalid topic %q: want ;-separated tags of 1 to 64 characters of a-z 0-9 -", Truncate(t))
			return nil
		}
		out = append(out, t)
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) > MaxTopics {
		r.fail(col, "too many topics: %d, at most %d", len(out), MaxTopics)
		return nil
	}
	return out
}

func (p *parser) parseRemedyRow(r *row) {
	switch r.file {
	case ClausesFile:
		c := domain.Clause{
			CodeID:  r.ref("code_id", RefCode, true),
			ID:      r.clauseID("id"),
			Chapter: r.str("chapter", true),
			Title:   r.str("title", true),
			Topics:  r.topics("topics"),
		}
		introduced := r.integer("introduced_in", true, 1, maxInt)
		c.DroppedIn = r.integer("dropped_in", false, 1, maxInt)
		if c.CodeID != "" && c.ID != "" {
			p.define(p.clauses, ClauseRef(c.CodeID, c.ID), r)
		}
		if r.bad {
			return
		}
		c.IntroducedIn = *introduced
		if c.DroppedIn != nil && *c.DroppedIn <= c.IntroducedIn {
			r.fail("dropped_in", "dropped_in %d is not after introduced_in %d", *c.DroppedIn, c.IntroducedIn)
			return
		}
		p.out(r, c)
	case ClauseCrosswalkFile:
		e := domain.ClauseEquivalence{CodeID: r.ref("code_id", RefCode, true)}
		e.ClauseID = r.clauseRef(e.CodeID, "clause_id")
		e.EquivalentCodeID = r.ref("equivalent_code_id", RefCode, true)
		e.EquivalentClauseID = r.clauseRef(e.EquivalentCodeID, "equivalent_clause_id")
		if r.bad {
			return
		}
		if e.CodeID == e.EquivalentCodeID {
			r.fail("equivalent_code_id", "a clause is equivalent to clauses of other codes, not of its own code %q", e.CodeID)
			return
		}
		p.out(r, e)
	case FindingClausesFile:
		c := domain.FindingClause{FindingID: r.ref("finding_id", RefFinding, true), CodeID: r.ref("code_id", RefCode, true)}
		c.ClauseID = r.clauseRef(c.CodeID, "clause_id")
		if r.bad {
			return
		}
		p.out(r, c)
	case ActionsFile:
		p.parseAction(r)
	}
}

func (p *parser) parseAction(r *row) {
	a := domain.Action{
		ID:            r.id("id", true),
		FindingID:     r.ref("finding_id", RefFinding, true),
		Kind:          enum(r, "kind", true, "", domain.ActionKinds),
		Description:   r.text("description", false, MaxDescription),
		ResponsibleID: r.ref("responsible_id", RefCompany, true),
		Due:           r.date("due", false),
		Status:        enum(r, "status", false, domain.ActionOpen, domain.ActionStatuses),
		Done:          r.date("done", false),
		Verified:      r.date("verified", false),
		VerifiedBy:    r.text("verified_by", false, MaxName),
		Level:         enum(r, "level", false, "", domain.EscalationLevels),
		SupplierID:    r.ref("supplier_id", RefCompany, false),
		CustomerID:    r.ref("customer_id", RefCompany, false),
	}
	opened := r.date("opened", true)
	if r.bad {
		return
	}
	a.Opened = *opened
	if a.Kind == domain.ActionEscalate {
		for _, c := range [][2]string{{"level", string(a.Level)}, {"supplier_id", a.SupplierID}, {"customer_id", a.CustomerID}} {
			if c[1] == "" {
				r.fail(c[0], "missing required value (an ESCALATE action has a level and applies to a supply relationship)")
			}
		}
		if !r.bad && a.SupplierID == a.CustomerID {
			r.fail("customer_id", "supplier and customer are the same company %q", a.SupplierID)
		}
	} else {
		for _, c := range [][2]string{{"level", string(a.Level)}, {"supplier_id", a.SupplierID}, {"customer_id", a.CustomerID}} {
			if c[1] != "" {
				r.fail(c[0], "only ESCALATE actions have a %s (kind is %s)", c[0], a.Kind)
			}
		}
	}
	if r.bad {
		return
	}
	if a.Due != nil && *a.Due < a.Opened {
		r.fail("due", "due %s is before opened %s", a.Due, a.Opened)
		return
	}
	// The status and the dates of its changes must agree: the dates are
	// what the analysis reads (the status on a past date follows them).
	switch a.Status {
	case domain.ActionOpen:
		if a.Done != nil {
			r.fail("done", "an OPEN action has no done date (status DONE or VERIFIED)")
		}
		if a.Verified != nil || a.VerifiedBy != "" {
			r.fail("verified", "an OPEN action has no verified date or verifier (status VERIFIED)")
		}
	case domain.ActionDone:
		if a.Done == nil {
			r.fail("done", "missing required value (the date the action was done)")
		}
		if a.Verified != nil || a.VerifiedBy != "" {
			r.fail("verified", "a DONE action has no verified date or verifier (status VERIFIED)")
		}
	case domain.ActionVerified:
		if a.Done == nil {
			r.fail("done", "missing required value (the date the action was done)")
		}
		if a.Verified == nil {
			r.fail("verified", "missing required value (the date the action was verified)")
		}
		if a.VerifiedBy == "" {
			r.fail("verified_by", "missing required value (who verified the action)")
		}
	}
	if r.bad {
		return
	}
	if a.Done != nil && *a.Done < a.Opened {
		r.fail("done", "done %s is before opened %s", a.Done, a.Opened)
		return
	}
	if a.Verified != nil && *a.Verified < *a.Done {
		r.fail("verified", "verified %s is before done %s", a.Verified, a.Done)
		return
	}
	p.out(r, a)
}

func encodeRemedy(file string, rec any) ([]string, bool) {
	switch file {
	case ClausesFile:
		if c, ok := rec.(domain.Clause); ok {
			return []string{c.CodeID, c.ID, c.Chapter, c.Title, strings.Join(c.Topics, ";"), strconv.Itoa(c.IntroducedIn), optNum(c.DroppedIn)}, true
		}
	case ClauseCrosswalkFile:
		if e, ok := rec.(domain.ClauseEquivalence); ok {
			return []string{e.CodeID, e.ClauseID, e.EquivalentCodeID, e.EquivalentClauseID}, true
		}
	case FindingClausesFile:
		if c, ok := rec.(domain.FindingClause); ok {
			return []string{c.FindingID, c.CodeID, c.ClauseID}, true
		}
	case ActionsFile:
		if a, ok := rec.(domain.Action); ok {
			return []string{a.ID, a.FindingID, string(a.Kind), a.Description, a.ResponsibleID, a.Opened.String(), optDate(a.Due),
				string(a.Status), optDate(a.Done), optDate(a.Verified), a.VerifiedBy, string(a.Level), a.SupplierID, a.CustomerID}, true
		}
	}
	return nil, false
}
