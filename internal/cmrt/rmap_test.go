package cmrt

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supplygraph/supplygraph/internal/domain"
)

func TestReadRMAPStatuses(t *testing.T) {
	pub, _ := domain.ParseDate("2026-03-01")
	tests := []struct {
		name string
		in   string
		want []RMAPUpdate
	}{
		{"plain", "rmi_id,rmap_status\nCID001898,CONFORMANT\nCID000468,ACTIVE\n",
			[]RMAPUpdate{{2, "CID001898", domain.RMAPConformant, pub}, {3, "CID000468", domain.RMAPActive, pub}}},
		{"BOM, CRLF, reordered, blank lines, spaces, case",
			"\ufeffrmap_status , rmi_id\r\n\r\nnon-conformant,CID1\r\n Not Enrolled , CID2 \r\n\r\nnot_enrolled,CID3\r\n",
			[]RMAPUpdate{{3, "CID1", domain.RMAPNonConformant, pub}, {4, "CID2", domain.RMAPNotEnrolled, pub}, {6, "CID3", domain.RMAPNotEnrolled, pub}}},
		{"same id twice, same status", "rmi_id,rmap_status\nCID1,ACTIVE\nCID1,active\n",
			[]RMAPUpdate{{2, "CID1", domain.RMAPActive, pub}}},
		{"header only", "rmi_id,rmap_status\n", nil},
		{"quoted", "rmi_id,rmap_status\n\"CID1\",\"CONFORMANT\"\n", []RMAPUpdate{{2, "CID1", domain.RMAPConformant, pub}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadRMAPStatuses(strings.NewReader(tt.in), "rmap.csv", &pub)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
	// a published column: one id at several dates
	earlier, _ := domain.ParseDate("2025-09-01")
	got, err := ReadRMAPStatuses(strings.NewReader("rmi_id,published,rmap_status\nCID1,2025-09-01,ACTIVE\nCID1,2026-03-01,CONFORMANT\nCID1,2026-03-01,conformant\n"), "rmap.csv", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []RMAPUpdate{{2, "CID1", domain.RMAPActive, earlier}, {3, "CID1", domain.RMAPConformant, pub}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("published column (-want +got):\n%s", diff)
	}
}

func TestReadRMAPStatusesPublished(t *testing.T) {
	pub, _ := domain.ParseDate("2026-03-01")
	tests := []struct {
		name, in string
		flag     *domain.Date
		want     []string
	}{
		{"no date at all", "rmi_id,rmap_status\nCID1,ACTIVE\n", nil,
			[]string{"rmap.csv:1: published: the date the statuses were published is unknown: give it (--published YYYY-MM-DD) or a published column"}},
		{"both", "rmi_id,rmap_status,published\nCID1,ACTIVE,2026-01-01\n", &pub,
			[]string{"rmap.csv:1: published: the file has a published column and a publication date was given too: give one"}},
		{"bad dates", "rmi_id,rmap_status,published\nCID1,ACTIVE,\nCID2,ACTIVE,1/2/2026\nCID3,ACTIVE,2026-01-01\nCID3,NON_CONFORMANT,2026-01-01\n", nil, []string{
			"rmap.csv:2: published: missing required value",
			`rmap.csv:3: published: invalid date "1/2/2026": want YYYY-MM-DD`,
			"rmap.csv:5: rmap_status: rmi_id CID3 has status ACTIVE published 2026-01-01 at line 4 and NON_CONFORMANT here",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadRMAPStatuses(strings.NewReader(tt.in), "rmap.csv", tt.flag)
			var re *RMAPError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v, want *RMAPError", err)
			}
			var lines []string
			for _, i := range re.Issues {
				lines = append(lines, i.String())
			}
			if diff := cmp.Diff(tt.want, lines); diff != "" {
				t.Errorf("issues (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadRMAPStatusesErrors(t *testing.T) {
	pub, _ := domain.ParseDate("2026-03-01")
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", []string{"rmap.csv:1: -: empty file: a header row rmi_id,rmap_status is required"}},
		{"missing column", "rmi_id\nCID1\n", []string{"rmap.csv:1: rmap_status: missing required column"}},
		{"unknown and duplicate columns", "rmi_id,rmap_status,name,rmi_id\n", []string{
			"rmap.csv:1: name: unknown column: want rmi_id, rmap_status and optionally published",
			"rmap.csv:1: rmi_id: duplicate column",
		}},
		{"bad values", "rmi_id,rmap_status\nCID 1,ACTIVE\n,CONFORMANT\nCID3,GOLD\nCID4,\nCID5,ACTIVE,extra\nCID6,ACTIVE\nCID6,CONFORMANT\n", []string{
			`rmap.csv:2: rmi_id: invalid id "CID 1": want 1 to 128 characters of A-Z a-z 0-9 . _ : -`,
			"rmap.csv:3: rmi_id: missing required value",
			`rmap.csv:4: rmap_status: invalid value "GOLD": want one of CONFORMANT, ACTIVE, NON_CONFORMANT, NOT_ENROLLED`,
			"rmap.csv:5: rmap_status: missing required value",
			"rmap.csv:6: -: wrong number of fields: 3, the header has 2",
			"rmap.csv:8: rmap_status: rmi_id CID6 has status ACTIVE published 2026-03-01 at line 7 and CONFORMANT here",
		}},
		{"bad quoting", "rmi_id,rmap_status\nCID1,ACTIVE\n\"CID2,ACTIVE\nCID3,ACTIVE\n", []string{
			"rmap.csv:3: -: malformed CSV: extraneous or missing \" in quoted-field",
		}},
		{"invalid UTF-8", "rmi_id,rmap_status\n\xff\xfe,ACTIVE\n", []string{"rmap.csv:2: rmi_id: invalid UTF-8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadRMAPStatuses(strings.NewReader(tt.in), "rmap.csv", &pub)
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
	pub := domain.Date(20000)
	_, err := ReadRMAPStatuses(strings.NewReader(b.String()), "r.csv", &pub)
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
