package cmrt

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// RMAP status file columns.
const (
	RMIIDColumn      = "rmi_id"
	RMAPStatusColumn = "rmap_status"
	PublishedColumn  = "published" // optional: the date each status was published
)

// MaxRMAPIssues is how many issues a RMAPError keeps; Total counts them all.
const MaxRMAPIssues = 100

// RMAPUpdate sets the RMAP status of the smelter whose RMI id is RMIID.
type RMAPUpdate struct {
	Line      int // line of the CSV file
	RMIID     string
	Status    domain.RMAPStatus
	Published domain.Date // the date the status was published
}

// RMAPError lists the problems of an RMAP status file. Its kind is BAD_INPUT.
type RMAPError struct {
	Issues []Issue // at most MaxRMAPIssues
	Total  int
}

func (e *RMAPError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "RMAP status file has %d error(s):", e.Total)
	for _, i := range e.Issues {
		b.WriteString("\n  " + i.String())
	}
	if e.Total > len(e.Issues) {
		fmt.Fprintf(&b, "\n  ... and %d more", e.Total-len(e.Issues))
	}
	return b.String()
}

// Unwrap lets errors.As and domain.KindOf find the BAD_INPUT kind.
func (e *RMAPError) Unwrap() error { return domain.Errorf(domain.BadInput, "%s", e.Error()) }

func (e *RMAPError) add(file string, line int, column, format string, args ...any) {
	e.Total++
	if len(e.Issues) < MaxRMAPIssues {
		e.Issues = append(e.Issues, Issue{File: file, Row: line, Column: column, Message: fmt.Sprintf(format, args...)})
	}
}

// ParseRMAPStatus maps a status to one of domain.RMAPStatuses, ignoring case
// and accepting spaces or hyphens for underscores ("Non-Conformant").
func ParseRMAPStatus(s string) (domain.RMAPStatus, bool) {
	k := strings.ToUpper(strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '_' }), "_"))
	for _, st := range domain.RMAPStatuses {
		if string(st) == k {
			return st, true
		}
	}
	return "", false
}

// ReadRMAPStatuses reads a UTF-8 CSV file with a header row naming the
// columns rmi_id and rmap_status, and published unless published is given
// (in any order; a UTF-8 byte order mark and blank lines are allowed).
// rmi_id must be a valid project id, rmap_status one of CONFORMANT, ACTIVE,
// NON_CONFORMANT, NOT_ENROLLED, published a date YYYY-MM-DD. The same id
// and date twice with the same status counts once; with different statuses
// it is an error. Any problem makes it return no updates and a *RMAPError
// whose issues read "file:line: column: message".
func ReadRMAPStatuses(r io.Reader, name string, published *domain.Date) ([]RMAPUpdate, error) {
	e := &RMAPError{}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		e.add(name, 1, "", "empty file: a header row %s,%s is required", RMIIDColumn, RMAPStatusColumn)
		return nil, e
	}
	if err != nil {
		e.add(name, csvLine(err, 1), "", "%s", csvMessage(err))
		return nil, e
	}
	header[0] = strings.TrimPrefix(header[0], "\ufeff")
	idCol, statusCol, dateCol := -1, -1, -1
	for i, h := range header {
		switch h = strings.TrimSpace(h); h {
		case RMIIDColumn, RMAPStatusColumn, PublishedColumn:
			col := &idCol
			switch h {
			case RMAPStatusColumn:
				col = &statusCol
			case PublishedColumn:
				col = &dateCol
			}
			if *col >= 0 {
				e.add(name, 1, h, "duplicate column")
			}
			*col = i
		default:
			e.add(name, 1, dataset.Truncate(h), "unknown column: want %s, %s and optionally %s", RMIIDColumn, RMAPStatusColumn, PublishedColumn)
		}
	}
	switch {
	case dateCol >= 0 && published != nil:
		e.add(name, 1, PublishedColumn, "the file has a %s column and a publication date was given too: give one", PublishedColumn)
	case dateCol < 0 && published == nil:
		e.add(name, 1, PublishedColumn, "the date the statuses were published is unknown: give it (--published YYYY-MM-DD) or a %s column", PublishedColumn)
	}
	if idCol < 0 {
		e.add(name, 1, RMIIDColumn, "missing required column")
	}
	if statusCol < 0 {
		e.add(name, 1, RMAPStatusColumn, "missing required column")
	}
	if e.Total > 0 {
		return nil, e
	}
	var out []RMAPUpdate
	index := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			e.add(name, csvLine(err, 0), "", "%s", csvMessage(err))
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				continue
			}
			break // a quoting error leaves the rest unreadable
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		if len(rec) != len(header) {
			e.add(name, line, "", "wrong number of fields: %d, the header has %d", len(rec), len(header))
			continue
		}
		id, status := strings.TrimSpace(rec[idCol]), strings.TrimSpace(rec[statusCol])
		bad := false
		switch {
		case !utf8.ValidString(id):
			e.add(name, line, RMIIDColumn, "invalid UTF-8")
			bad = true
		case id == "":
			e.add(name, line, RMIIDColumn, "missing required value")
			bad = true
		case !dataset.ValidID(id):
			e.add(name, line, RMIIDColumn, "invalid id %q: want 1 to 128 characters of A-Z a-z 0-9 . _ : -", dataset.Truncate(id))
			bad = true
		}
		st, ok := ParseRMAPStatus(status)
		switch {
		case status == "":
			e.add(name, line, RMAPStatusColumn, "missing required value")
			bad = true
		case !ok:
			e.add(name, line, RMAPStatusColumn, "invalid value %q: want one of CONFORMANT, ACTIVE, NON_CONFORMANT, NOT_ENROLLED",
				dataset.Truncate(strings.ToValidUTF8(status, "\uFFFD")))
			bad = true
		}
		var date domain.Date
		if published != nil {
			date = *published
		} else if v := strings.TrimSpace(rec[dateCol]); v == "" {
			e.add(name, line, PublishedColumn, "missing required value")
			bad = true
		} else if d, err := domain.ParseDate(v); err != nil {
			e.add(name, line, PublishedColumn, "invalid date %q: want YYYY-MM-DD", dataset.Truncate(strings.ToValidUTF8(v, "\uFFFD")))
			bad = true
		} else {
			date = d
		}
		if bad {
			continue
		}
		key := id + " " + date.String()
		if i, dup := index[key]; dup {
			if out[i].Status != st {
				e.add(name, line, RMAPStatusColumn, "rmi_id %s has status %s published %s at line %d and %s here", id, out[i].Status, date, out[i].Line, st)
			}
			continue
		}
		index[key] = len(out)
		out = append(out, RMAPUpdate{Line: line, RMIID: id, Status: st, Published: date})
	}
	if e.Total > 0 {
		return nil, e
	}
	return out, nil
}

func csvLine(err error, def int) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if pe.StartLine > 0 {
			return pe.StartLine // where the bad record starts
		}
		if pe.Line > 0 {
			return pe.Line
		}
	}
	return def
}

func csvMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return "malformed CSV: " + pe.Err.Error()
	}
	return "cannot read: " + err.Error()
}
