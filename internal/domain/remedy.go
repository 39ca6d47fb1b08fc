package domain

import (
	"cmp"
	"slices"
)

// Clause is one requirement of a code of conduct: `A-(7)` of the Hitachi
// guidelines, `II-1` of NEC's. Its key is (CodeID, ID).
type Clause struct {
	CodeID       string
	ID           string // within the code
	Chapter      string
	Title        string
	Topics       []string // tags, e.g. forced-labour, land-rights; sorted, no repeats
	IntroducedIn int      // the edition that introduced it
	DroppedIn    *int     // the edition that dropped it; nil: still in force
}

// InForce reports whether the clause is part of edition e of its code.
func (c *Clause) InForce(e int) bool {
	return c.IntroducedIn <= e && (c.DroppedIn == nil || e < *c.DroppedIn)
}

// ClauseKey identifies a clause.
type ClauseKey struct{ CodeID, ID string }

// Key is the clause's key.
func (c *Clause) Key() ClauseKey { return ClauseKey{c.CodeID, c.ID} }

// ClauseEquivalence declares a clause of one code equivalent to a clause of
// another (the crosswalk). It is symmetric and not transitive.
type ClauseEquivalence struct {
	CodeID, ClauseID                     string
	EquivalentCodeID, EquivalentClauseID string
}

// FindingClause says that a finding cites a clause (the requirement it
// breaches).
type FindingClause struct {
	FindingID, CodeID, ClauseID string
}

// ActionKind is what a corrective action does.
type ActionKind string

// Action kinds.
const (
	ActionPrevent  ActionKind = "PREVENT"
	ActionCorrect  ActionKind = "CORRECT"
	ActionRemedy   ActionKind = "REMEDY"
	ActionEscalate ActionKind = "ESCALATE"
)

// ActionKinds lists every action kind.
var ActionKinds = []ActionKind{ActionPrevent, ActionCorrect, ActionRemedy, ActionEscalate}

// ActionStatus is the state of a corrective action.
type ActionStatus string

// Action statuses, in the order they are reached.
const (
	ActionOpen     ActionStatus = "OPEN"
	ActionDone     ActionStatus = "DONE"
	ActionVerified ActionStatus = "VERIFIED"
)

// ActionStatuses lists every action status.
var ActionStatuses = []ActionStatus{ActionOpen, ActionDone, ActionVerified}

// EscalationLevel is how far an escalation goes, in rising order.
type EscalationLevel string

// Escalation levels, lowest first.
const (
	EscalationEngage       EscalationLevel = "ENGAGE"
	EscalationEnhancedPlan EscalationLevel = "ENHANCED_PLAN"
	EscalationSuspend      EscalationLevel = "SUSPEND"
	EscalationTerminate    EscalationLevel = "TERMINATE"
)

// EscalationLevels lists every level, lowest first.
var EscalationLevels = []EscalationLevel{EscalationEngage, EscalationEnhancedPlan, EscalationSuspend, EscalationTerminate}

// Rank is the level's position in EscalationLevels (0 for ENGAGE), -1 if
// it is not a level.
func (l EscalationLevel) Rank() int {
	for i, x := range EscalationLevels {
		if x == l {
			return i
		}
	}
	return -1
}

// Action is a corrective action that addresses a finding.
type Action struct {
	ID            string
	FindingID     string
	Kind          ActionKind
	Description   string
	ResponsibleID string // the company responsible
	Opened        Date
	Due           *Date
	Status        ActionStatus
	Done          *Date // set when DONE or VERIFIED
	Verified      *Date // set when VERIFIED
	VerifiedBy    string
	// Escalations only: the level, and the supply relationship it applies
	// to (SupplierID supplies CustomerID).
	Level      EscalationLevel
	SupplierID string
	CustomerID string
}

// StatusAt is the action's status on t, from its dates (an action opened
// after t does not exist yet; the caller checks Opened).
func (a *Action) StatusAt(t Date) ActionStatus {
	switch {
	case a.Verified != nil && *a.Verified <= t:
		return ActionVerified
	case a.Done != nil && *a.Done <= t:
		return ActionDone
	}
	return ActionOpen
}

// OverdueAt reports whether the action is overdue on t: due before t and
// still open on t.
func (a *Action) OverdueAt(t Date) bool {
	return a.Opened <= t && a.Due != nil && *a.Due < t && a.StatusAt(t) == ActionOpen
}

// DescriptionOrNil is Description, or nil when it is empty.
func (a *Action) DescriptionOrNil() *string { return orNil(&a.Description) }

// VerifiedByOrNil is VerifiedBy, or nil when it is empty.
func (a *Action) VerifiedByOrNil() *string { return orNil(&a.VerifiedBy) }

// LevelOrNil is Level, or nil when the action is not an escalation.
func (a *Action) LevelOrNil() *EscalationLevel { return orNil(&a.Level) }

// SortActions orders actions by opened date, then id.
func SortActions(as []Action) {
	slices.SortFunc(as, func(a, b Action) int {
		return cmp.Or(cmp.Compare(a.Opened, b.Opened), cmp.Compare(a.ID, b.ID))
	})
}
