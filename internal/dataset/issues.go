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
	if !strings.HasSuffix(i.File, ".csv") { // an API input: input[3].kind, or input[3] for a whole item
		if col != "" {
			col = "." + col
		}
		return fmt.Sprintf("%s[%d]%s: %s", i.File, i.Line, col, i.Message)
	}
	if col == "" {
		col = "-"
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

// Text lists the issues on indented lines after a count of what they are:
// "2 warning(s):\n  companies.csv:3: ...".
func (r *Report) Text(what string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s(s):", r.Total, what)
	for _, i := range r.Issues {
		b.WriteString("\n  ")
		b.WriteString(i.String())
	}
	if r.Total > len(r.Issues) {
		fmt.Fprintf(&b, "\n  ... and %d more", r.Total-len(r.Issues))
	}
	return b.String()
}

// ValidationError is a dataset with problems. Its kind is BAD_INPUT.
type ValidationError struct {
	Report Report
	// Warnings are what the dataset would have been warned about had it
	// been valid (see Summary.Warnings), and the references that were not
	// checked because the file they point into could not be read.
	Warnings Report
}

func (e *ValidationError) Error() string {
	s := "dataset has " + e.Report.Text("error")
	if e.Warnings.Total > 0 {
		s += "\nand " + e.Warnings.Text("warning")
	}
	return s
}

// Unwrap lets errors.As find the BAD_INPUT kind.
func (e *ValidationError) Unwrap() error {
	return domain.Errorf(domain.BadInput, "%s", e.Error())
}
