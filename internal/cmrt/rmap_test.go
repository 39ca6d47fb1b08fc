package cmrt

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supplygraph/supplygraph/internal/domain"
)

func TestReadRMAPStatuses(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []RMAPUpdate
	}{
		{"plain", "rmi_id,rmap_status\nCID001898,CONFORMANT\nCID000468,ACTIVE\n",
			[]RMAPUpdate{{2, "CID001898", domain.RMAPConformant}, {3, "CID000468", domain.RMAPActive}}},
		{"BOM, CRLF, reordered, blank lines, spaces, case",
			"\ufeffrmap_status , rmi_id\r\n\r\nnon-conformant,CID1\r\n Not Enrolled , CID2 \r\n\r\nnot_enrolled,CID3\r\n",
			[]RMAPUpdate{{3, "CID1", domain.RMAPNonConformant}, {4, "CID2", domain.RMAPNotEnrolled}, {6, "CID3", domain.RMAPNotEnrolled}}},
		{"same id twice, same status", "rmi_id,rmap_status\nCID1,ACTIVE\nCID1,active\n",
			[]RMAPUpdate{{2, "CID1", domain.RMAPActive}}},
		{"header only", "rmi_id,rmap_status\n", nil},
		{"quoted", "rmi_id,rmap_status\n\"CID1\",\"CONFORMANT\"\n", []RMAPUpdate{{2, "CID1", domain.RMAPConformant}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadRMAPStatuses(strings.NewReader(tt.in), "rmap.csv")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadRMAPStatusesErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", []string{"rmap.csv:1: -: empty file: a header row rmi_id,rmap_status is required"}},
		{"missing column", "rmi_id\nCID1\n", []string{"rmap.csv:1: rmap_status: missing required column"}},
		{"unknown and duplicate columns", "rmi_id,rmap_status,name,rmi_id\n", []string{
			"rmap.csv:1: name: unknown column: want rmi_id and rmap_status",
			"rmap.csv:1: rmi_id: duplicate column",
		}},
		{"bad values", "rmi_id,rmap_status\nCID 1,ACTIVE\n,CONFORMANT\nCID3,GOLD\nCID4,\nCID5,ACTIVE,extra\nCID6,ACTIVE\nCID6,CONFORMANT\n", []string{
			`rmap.csv:2: rmi_id: invalid id "CID 1": want 1 to 128 characters of A-Z a-z 0-9 . _ : -`,
			"rmap.csv:3: rmi_id: missing required value",
			`rmap.csv:4: rmap_status: invalid value "GOLD": want one of CONFORMANT, ACTIVE, NON_CONFORMANT, NOT_ENROLLED`,
			"rmap.csv:5: rmap_status: missing required value",
			"rmap.csv:6: -: wrong number of fields: 3, the header has 2",
			"rmap.csv:8: rmap_status: rmi_id CID6 has status ACTIVE at line 7 and CONFORMANT here",
		}},
		{"bad quoting", "rmi_id,rmap_status\nCID1,ACTIVE\n\"CID2,ACTIVE\nCID3,ACTIVE\n", []string{
			"rmap.csv:3: -: malformed CSV: extraneous or missing \" in quoted-field",
		}},
		{"invalid UTF-8", "rmi_id,rmap_status\n\xff\xfe,ACTIVE\n", []string{"rmap.csv:2: rmi_id: invalid UTF-8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadRMAPStatuses(strings.NewReader(tt.in), "rmap.csv")
			if got != nil {
				t.Errorf("updates = %v, want none", got)
			}
			var re *RMAPError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v (%T), want *RMAPError", err, err)
			}
			if domain.KindOf(err) != domain.BadInput {
				t.Errorf("kind = %s", domain.KindOf(err))
			}
			var lines []string
			for _, i := range re.Issues {
				lines = append(lines, i.String())
			}
			if diff := cmp.Diff(tt.want, lines); diff != "" {
				t.Errorf("issues (-want +got):\n%s", diff)
			}
			if re.Total != len(tt.want) {
				t.Errorf("Total = %d", re.Total)
			}
			if !strings.Contains(err.Error(), tt.want[0]) {
				t.Errorf("Error() = %q does not list %q", err, tt.want[0])
			}
		})
	}
}

func TestRMAPErrorCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("rmi_id,rmap_status\n")
	for range 150 {
		b.WriteString("CID1,NOPE\n")
	}
	_, err := ReadRMAPStatuses(strings.NewReader(b.String()), "r.csv")
	var re *RMAPError
	if !errors.As(err, &re) {
		t.Fatal(err)
	}
	if re.Total != 150 || len(re.Issues) != MaxRMAPIssues {
		t.Errorf("Total %d, kept %d", re.Total, len(re.Issues))
	}
	if !strings.HasSuffix(err.Error(), "... and 50 more") {
		t.Errorf("Error() ends %q", err.Error()[len(err.Error())-40:])
	}
}

func TestParseRMAPStatus(t *testing.T) {
	for in, want := range map[string]domain.RMAPStatus{
		"CONFORMANT": domain.RMAPConformant, "conformant": domain.RMAPConformant, "Active": domain.RMAPActive,
		"NON_CONFORMANT": domain.RMAPNonConformant, "Non Conformant": domain.RMAPNonConformant,
		"non-conformant": domain.RMAPNonConformant, "NOT ENROLLED": domain.RMAPNotEnrolled,
	} {
		if got, ok := ParseRMAPStatus(in); !ok || got != want {
			t.Errorf("ParseRMAPStatus(%q) = %q, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "NONCONFORMANT", "conformant!", "_"} {
		if got, ok := ParseRMAPStatus(in); ok {
			t.Errorf("ParseRMAPStatus(%q) = %q, want not ok", in, got)
		}
	}
}
