package dataset

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supplygraph/supplygraph/internal/domain"
)

const (
	remedyCompanies = "id,name\nA,Alpha\nB,Beta\n"
	remedyCodes     = "id,title,edition,issued\nK,Code K,7,2025-05-01\nR,Code R,8,2024-01-01\n"
	remedyFindings  = "id,subject_id,category,severity,likelihood,detected\nF1,A,ETHICS,3,3,2025-01-01\n"
	actionsHeader   = "id,finding_id,kind,description,responsible_id,opened,due,status,done,verified,verified_by,level,supplier_id,customer_id\n"
)

func TestValidateClausesAndActions(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"clauses", map[string]string{"clauses.csv": "code_id,id,chapter,title,topics,introduced_in,dropped_in\n" +
			"K,A-(7),A. Labor,Land Rights,land-rights;LAND,7,\n" + // bad topic
			"K,A (1),A. Labor,Forced Labor,,1,\n" + // bad id
			"K,B-(1),B,Safety,,3,3\n" + // dropped not after introduced
			"X,C-(1),C,Env,,1,\n" + // unknown code
			"K,D-(1),,Ethics,,0,\n"}, // chapter missing, edition 0
			[]string{
				`clauses.csv:2: topics: invalid topic "LAND": want ;-separated tags of 1 to 64 characters of a-z 0-9 -`,
				`clauses.csv:3: id: invalid clause id "A (1)": want 1 to 64 characters of A-Z a-z 0-9 . _ : - ( )`,
				`clauses.csv:4: dropped_in: dropped_in 3 is not after introduced_in 3`,
				`clauses.csv:5: code_id: unknown code "X" (neither in the dataset nor in the database)`,
				`clauses.csv:6: chapter: missing required value`,
				`clauses.csv:6: introduced_in: invalid number "0": want a whole number >= 1`,
			}},
		{"crosswalk and citations", map[string]string{
			"clauses.csv":          "code_id,id,chapter,title,introduced_in\nK,A-(1),A,Forced labour,1\nR,A1,A,Freely chosen,1\nK,A-(2),A,Child labour,1\n",
			"clause_crosswalk.csv": "code_id,clause_id,equivalent_code_id,equivalent_clause_id\nK,A-(1),R,A1\nK,A-(1),K,A-(2)\nK,A-(9),R,A1\n",
			"finding_clauses.csv":  "finding_id,code_id,clause_id\nF1,K,A-(1)\nF2,K,A-(1)\nF1,R,A-(1)\n",
		},
			[]string{
				`clause_crosswalk.csv:3: equivalent_code_id: a clause is equivalent to clauses of other codes, not of its own code "K"`,
				`clause_crosswalk.csv:4: clause_id: unknown clause "A-(9)" of code "K" (neither in the dataset nor in the database)`,
				`finding_clauses.csv:3: finding_id: unknown finding "F2" (neither in the dataset nor in the database)`,
				`finding_clauses.csv:4: clause_id: unknown clause "A-(1)" of code "R" (neither in the dataset nor in the database)`,
			}},
		{"actions", map[string]string{"actions.csv": actionsHeader +
			"X1,F1,CORRECT,Fix,A,2025-02-01,2025-03-01,OPEN,,,,,,\n" + // fine
			"X2,F1,CORRECT,Fix,A,2025-02-01,2025-01-01,OPEN,,,,,,\n" + // due before opened
			"X3,F1,CORRECT,Fix,A,2025-02-01,,DONE,,,,,,\n" + // DONE without a date
			"X4,F1,CORRECT,Fix,A,2025-02-01,,VERIFIED,2025-03-01,2025-02-15,Auditor,,,\n" + // verified before done
			"X5,F1,CORRECT,Fix,A,2025-02-01,,OPEN,2025-03-01,,,,,\n" + // OPEN with a done date
			"X6,F1,ESCALATE,Suspend,B,2025-02-01,,OPEN,,,,SUSPEND,,\n" + // no relationship
			"X7,F1,PREVENT,Train,A,2025-02-01,,OPEN,,,,ENGAGE,A,B\n" + // level on a non-escalation
			"X8,F9,ESCALATE,Stop,B,2025-02-01,,OPEN,,,,STOP,A,A\n" + // unknown finding, bad level
			"X9,F1,CORRECT,Fix,A,2025-02-01,,VERIFIED,2025-03-01,2025-03-02,,,,\n"}, // no verifier
			[]string{
				`actions.csv:3: due: due 2025-01-01 is before opened 2025-02-01`,
				`actions.csv:4: done: missing required value (the date the action was done)`,
				`actions.csv:5: verified: verified 2025-02-15 is before done 2025-03-01`,
				`actions.csv:6: done: an OPEN action has no done date (status DONE or VERIFIED)`,
				`actions.csv:7: supplier_id: missing required value (an ESCALATE action has a level and applies to a supply relationship)`,
				`actions.csv:7: customer_id: missing required value (an ESCALATE action has a level and applies to a supply relationship)`,
				`actions.csv:8: level: only ESCALATE actions have a level (kind is PREVENT)`,
				`actions.csv:8: supplier_id: only ESCALATE actions have a supplier_id (kind is PREVENT)`,
				`actions.csv:8: customer_id: only ESCALATE actions have a customer_id (kind is PREVENT)`,
				`actions.csv:9: level: invalid value "STOP": want one of ENGAGE, ENHANCED_PLAN, SUSPEND, TERMINATE`,
				`actions.csv:9: finding_id: unknown finding "F9" (neither in the dataset nor in the database)`,
				`actions.csv:10: verified_by: missing required value (who verified the action)`,
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"companies.csv": remedyCompanies, "codes.csv": remedyCodes, "findings.csv": remedyFindings}
			for k, v := range tc.files {
				files[k] = v
			}
			_, err := validateFiles(files, nil)
			got := issuesOf(t, err)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("issues (-want +got):\n%s", diff)
			}
		})
	}
}

// A clause or finding that only the database has is looked up there.
func TestClauseReferencesInTheStore(t *testing.T) {
	files := map[string]string{
		"clause_crosswalk.csv": "code_id,clause_id,equivalent_code_id,equivalent_clause_id\nK,A-(1),R,A1\n",
		"finding_clauses.csv":  "finding_id,code_id,clause_id\nF1,K,A-(1)\nF2,K,A-(1)\n",
	}
	lookup := fakeLookup{"Code": {"K": true, "R": true}, "Clause": {"K/A-(1)": true, "R/A1": true}, "Finding": {"F1": true}}
	_, err := ValidatePart(context.Background(), mem(files), lookup)
	want := []string{`finding_clauses.csv:3: finding_id: unknown finding "F2" (neither in the dataset nor in the database)`}
	if diff := cmp.Diff(want, issuesOf(t, err)); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
}

// Encode is the inverse of reading, for the new files too.
func TestEncodeRemedyRoundTrip(t *testing.T) {
	src, err := Dir("../../testdata/tiny")
	if err != nil {
		t.Fatal(err)
	}
	d, err := ReadAll(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	m := Mem{}
	for file, recs := range map[string][]any{ClausesFile: anys(d.Clauses), ClauseCrosswalkFile: anys(d.Crosswalk),
		FindingClausesFile: anys(d.FindingClauses), ActionsFile: anys(d.Actions), CompaniesFile: anys(d.Companies),
		CodesFile: anys(d.Codes), FindingsFile: anys(d.Findings), FacilitiesFile: anys(d.Facilities)} {
		b, err := Encode(file, recs)
		if err != nil {
			t.Fatal(err)
		}
		m[file] = b
	}
	back, err := ReadAll(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d.Actions, back.Actions); diff != "" {
		t.Errorf("actions (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(d.Clauses, back.Clauses); diff != "" {
		t.Errorf("clauses (-want +got):\n%s", diff)
	}
	if len(back.Crosswalk) != 4 || len(back.FindingClauses) != 4 {
		t.Errorf("crosswalk %d, citations %d; want 4 and 4", len(back.Crosswalk), len(back.FindingClauses))
	}
	a := back.Actions[0]
	if a.Status != domain.ActionVerified || a.VerifiedBy == "" || a.Verified == nil || *a.Verified != mustDate(t, "2026-04-02") {
		t.Errorf("A-001 = %+v", a)
	}
}

func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

func mustDate(t *testing.T, s string) domain.Date {
	d, err := domain.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
