package dataset

import (
	"fmt"
	"strings"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// MaxIssues is how many issues a report keeps; Total still counts all.
const MaxIssues = 100

// Issue is one problem in a dataset, located by file, line and column. For
// an API input, File is the argument's name and Line the item's index.
type Issue struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

func (i Issue) String() string {
	col := i.Column
	if col == "" {
		col = "-"
	}
	if !strings.HasSuffix(i.File, ".csv") { // an API input: input[3].kind
		return fmt.Sprintf("%s[%d].%s: %s", i.File, i.Line, col, i.Message)
	}
	return fmt.Sprintf("%s:%d: %s: %s", i.File, i.Line, col, i.Message)
}

// Report collects issues up to MaxIssues and counts them all.
type Report struct {
	Issues []Issue `json:"issues"`
	Total  int     `json:"total"`
}

// Add records an issue.
func (r *Report) Add(file string, line int, column, format string, args ...any) {
	r.Total++
	if len(r.Issues) < MaxIssues {
		r.Issues = append(r.Issues, Issue{File: file, Line: line, Column: column, Message: fmt.Sprintf(format, args...)})
	}
}

// Err returns nil when the report is empty, else a *ValidationError.
func (r *Report) Err() error {
	if r.Total == 0 {
		return nil
	}
	return &ValidationError{Report: *r}
}

// ValidationError is a dataset with problems. Its kind is BAD_INPUT.
type ValidationError struct {
	Report Report
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "dataset has %d error(s):", e.Report.Total)
	for _, i := range e.Report.Issues {
		b.WriteString("\n  ")
		b.WriteString(i.String())
	}
	if e.Report.Total > len(e.Report.Issues) {
		fmt.Fprintf(&b, "\n  ... and %d more", e.Report.Total-len(e.Report.Issues))
	}
	return b.String()
}

// Unwrap lets errors.As find the BAD_INPUT kind.
func (e *ValidationError) Unwrap() error {
	return domain.Errorf(domain.BadInput, "%s", e.Error())
}
