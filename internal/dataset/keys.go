package dataset

import (
	"fmt"
	"strconv"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// Key names a record by its upsert key, the key a load merges it on (the
// node's id, or the relationship's ends and the properties it is merged
// on): two records of one file with the same Key are the same record, and
// the later replaces the earlier. rec is a record as Records gives it. The
// text is meant for messages (`supply link "B" -> "A", material "x"`); ids
// are quoted, so different keys never read alike.
func Key(rec any) string {
	format, values, n := keyOf(rec)
	args := make([]any, n)
	for i := range args {
		args[i] = values[i]
	}
	return fmt.Sprintf(format, args...)
}

// keyOf returns the description of rec's key as a format and the n values
// it formats: validation hashes the values of every row without formatting
// them.
func keyOf(rec any) (format string, values [4]string, n int) {
	switch r := rec.(type) {
	case domain.Company:
		return "company %q", [4]string{r.ID}, 1
	case domain.Facility:
		return "facility %q", [4]string{r.ID}, 1
	case domain.Code:
		return "code %q", [4]string{r.ID}, 1
	case domain.CodeAccept:
		return "code %q accepting %q", [4]string{r.CodeID, r.AcceptedCodeID}, 2
	case domain.SupplyLink:
		return "supply link %q -> %q, material %q", [4]string{r.SupplierID, r.CustomerID, r.Material}, 3
	case domain.Request:
		return "request by %q to %q for code %q", [4]string{r.RequesterID, r.SupplierID, r.CodeID}, 3
	case domain.Acknowledgment:
		return "acknowledgment by %q of code %q edition %s on %s", [4]string{r.CompanyID, r.CodeID, strconv.Itoa(r.Edition), r.Date.String()}, 4
	case domain.Finding:
		return "finding %q", [4]string{r.ID}, 1
	case domain.Clause:
		return "clause %q of code %q", [4]string{r.ID, r.CodeID}, 2
	case domain.ClauseEquivalence:
		return "equivalence of clause %q of code %q with clause %q of code %q", [4]string{r.ClauseID, r.CodeID, r.EquivalentClauseID, r.EquivalentCodeID}, 4
	case domain.FindingClause:
		return "citation by finding %q of clause %q of code %q", [4]string{r.FindingID, r.ClauseID, r.CodeID}, 3
	case domain.Action:
		return "action %q", [4]string{r.ID}, 1
	}
	panic(fmt.Sprintf("dataset.Key: a %T is not a dataset record", rec))
}

// KeyColumn is the column that holds a file's key when it is a single id
// column ("id"), else "" (the key is several columns).
func KeyColumn(file string) string {
	switch file {
	case CompaniesFile, FacilitiesFile, CodesFile, FindingsFile, ActionsFile:
		return "id"
	}
	return ""
}
