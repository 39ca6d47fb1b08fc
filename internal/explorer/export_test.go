package explorer

import (
	"fmt"
	"sort"
	"strings"
)

// SnapshotDump is a canonical text of the current snapshot's data (for
// comparing a snapshot caught up change by change with one built whole),
// or "" when there is none.
func SnapshotDump(s *Service) string {
	sn := s.snap.current.Load()
	if sn == nil {
		return ""
	}
	var b strings.Builder
	for v := range sn.ids {
		fmt.Fprintf(&b, "company %+v\n", sn.companyAt(int32(v)))
	}
	for i := range sn.allLinks {
		l := sn.linkAt(&sn.allLinks[i])
		fmt.Fprintf(&b, "link %s %s %q %v %v %v %q\n", l.SupplierID, l.CustomerID, l.Material, deref(l.Since), deref(l.Until), deref(l.Share), l.ProposedBy)
	}
	var lines []string
	for code, as := range sn.acksByCode {
		for _, a := range as {
			lines = append(lines, fmt.Sprintf("ack %s %s %d %v %q", sn.ids[a.company], code, a.edition, a.date, sn.strs.strs[a.signatory]))
		}
	}
	for code, qs := range sn.reqsByCode {
		for _, q := range qs {
			lines = append(lines, fmt.Sprintf("request %s %s %s %v", sn.ids[q.requester], sn.ids[q.supplier], code, q.date))
		}
	}
	for i, f := range sn.allFindings {
		closed := deref(f.Closed)
		f.Closed = nil
		for _, a := range f.Actions {
			lines = append(lines, fmt.Sprintf("action %s of %s %s %q by %s opened %v due %v %s done %v verified %v by %q %s %s->%s", a.ID, f.ID,
				a.Kind, a.Description, a.ResponsibleID, a.Opened, deref(a.Due), a.Status, deref(a.Done), deref(a.Verified), a.VerifiedBy,
				a.Level, a.SupplierID, a.CustomerID))
		}
		f.Actions = nil
		lines = append(lines, fmt.Sprintf("finding %+v closed %v at %s", f, closed, sn.findingCo[i]))
	}
	for fac, co := range sn.operator {
		lines = append(lines, fmt.Sprintf("operator %s %s", fac, co))
	}
	for id, c := range sn.codeIndex {
		valid := deref(c.ValidDays)
		c.ValidDays = nil
		lines = append(lines, fmt.Sprintf("code %s %+v %v accepts %v", id, c, valid, sn.accepts[id]))
	}
	for id, ds := range sn.decls {
		for _, d := range ds {
			lines = append(lines, fmt.Sprintf("declaration of %s: %+v", id, d))
		}
	}
	for _, c := range sn.allClauses {
		lines = append(lines, fmt.Sprintf("clause %s %s %q %q %v %d %v", c.CodeID, c.ID, c.Chapter, c.Title, c.Topics, c.IntroducedIn, deref(c.DroppedIn)))
	}
	for _, e := range sn.crosswalk {
		lines = append(lines, fmt.Sprintf("equivalent %+v", e))
	}
	sort.Strings(lines)
	b.WriteString(strings.Join(lines, "\n"))
	return b.String()
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// SnapshotBuilds counts the whole builds of s's snapshot.
func SnapshotBuilds(s *Service) int { return int(s.snap.builds.Load()) }
