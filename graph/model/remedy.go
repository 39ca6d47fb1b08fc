package model

import (
	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// ClauseCoverage is analysis.ClauseCoverageReport for the API: each entry
// and tier keeps the report, which pages their uncommitted companies.
type ClauseCoverage struct {
	Clauses []ClauseCoverageEntry
}

// ClauseCoverageEntry is one clause of a ClauseCoverage.
type ClauseCoverageEntry struct {
	Clause              *domain.Clause
	Companies           int
	Committed           int
	CoveredNotCommitted int
	Tiers               []ClauseTier
	Report              *analysis.ClauseCoverageReport
	Index               int // of the clause in Report.Clauses
}

// ClauseTier is one tier of a ClauseCoverageEntry.
type ClauseTier struct {
	analysis.ClauseTier
	Report *analysis.ClauseCoverageReport
	Index  int
}

// Remediation is analysis.RemediationReport with its companies resolved.
type Remediation struct {
	Findings            []FindingRemediation
	FindingsWithOverdue int
	OverdueActions      int
	WithoutRoute        int
	ByEscalation        []analysis.EscalationCount
	// Report is the analysis' answer, which findingsConnection pages
	// (converting only the page asked for).
	Report *analysis.RemediationReport
}

// FindingRemediation is analysis.FindingRemediation with its companies resolved.
type FindingRemediation struct {
	Finding        *domain.Finding
	Company        *domain.Company
	Tier           int
	DaysOpen       int
	Actions        []ActionOnDate
	OverdueActions int
	Escalation     *domain.EscalationLevel
	Route          *LeverageRoute
	Blockers       []*domain.Company
}

// ActionOnDate is an action with its state on the date asked about.
type ActionOnDate struct {
	Action       *domain.Action
	StatusOnDate domain.ActionStatus
	Overdue      bool
	DaysOverdue  int
}

// LeverageRoute is analysis.Route with its companies resolved.
type LeverageRoute struct {
	Path   []*domain.Company
	Weight float64
}

// DueDiligenceReport is analysis.DueDiligenceReport with its companies resolved.
type DueDiligenceReport struct {
	Coverage    []analysis.CoverageChange
	Clauses     []ClauseChange
	Findings    []analysis.FindingChange
	Actions     analysis.ActionChange
	Escalations []domain.Action
	RiskFrom    analysis.RiskSummary
	RiskTo      analysis.RiskSummary
}

// ClauseChange is analysis.ClauseChange with its companies resolved.
type ClauseChange struct {
	Clause         *domain.Clause
	CommittedFrom  int
	CommittedTo    int
	NewlyCommitted []*domain.Company
}
