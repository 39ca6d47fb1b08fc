package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// This file computes the figures quoted in seed/README.md from the files
// the generator writes, read back like a load reads them and analysed by
// internal/analysis, as the service answers them (docs/analysis.md). The
// README block between the summary markers is exactly Summary's output; the
// test keeps them in step.

const (
	summaryBegin = "<!-- summary:begin -->"
	summaryEnd   = "<!-- summary:end -->"
)

// date parses a date of the story.
func date(s string) domain.Date {
	d, err := domain.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// summary holds the dataset and its active graph at the reference date.
type summary struct {
	d         *dataset.Data
	companies map[string]domain.Company
	graph     *analysis.Graph
}

// cascade answers the cascade and uncoveredTiers questions of code from
// focal at date at, in focal's chain at the reference date, within 10
// tiers.
func (s *summary) cascade(focal, code string, at domain.Date) (*analysis.CascadeReport, *analysis.UncoveredReport) {
	in := analysis.CascadeInput{Focal: focal, Code: code, AsOf: at, MaxDepth: 10, Graph: s.graph,
		Companies: analysis.CompanyMap(s.companies), Codes: analysis.AcceptedCodes(code, s.d.Codes, s.d.CodeAccepts), Acks: s.d.Acknowledgments, Requests: s.d.Requests}
	rep, err := analysis.Cascade(context.Background(), in)
	if err != nil {
		panic(err)
	}
	unc, err := analysis.UncoveredTiers(context.Background(), in, 1)
	if err != nil {
		panic(err)
	}
	return rep, unc
}

func (s *summary) cascadeTable(b *strings.Builder, focal, code string) {
	rep, unc := s.cascade(focal, code, date(refDate))
	fmt.Fprintf(b, "| tier | companies | covered | stale | pending | not requested | reached | coverage | open ends |\n")
	fmt.Fprintf(b, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for i, t := range rep.Tiers {
		fmt.Fprintf(b, "| %d | %d | %d | %d | %d | %d | %d | %.2f | %d |\n", t.Tier, t.Companies, t.Covered, t.Stale,
			t.Pending, t.NotRequested, t.Reached, t.Coverage, unc.Tiers[i].OpenEnds)
	}
}

func (s *summary) partnerTable(b *strings.Builder, focal, code string) {
	rep, _ := s.cascade(focal, code, date(refDate))
	fmt.Fprintf(b, "| partner | name | status | acknowledgment shown | passed on to |\n")
	fmt.Fprintf(b, "|---|---|---|---|---:|\n")
	for _, e := range rep.AllEntries() {
		if e.Tier != 1 {
			continue
		}
		shown := ""
		if k := e.Acknowledgment; k != nil {
			shown = fmt.Sprintf("%s ed. %d, %s", k.CodeID, k.Edition, k.Date)
		}
		passed := 0
		for _, r := range s.d.Requests {
			if r.RequesterID == e.CompanyID && r.CodeID == code && r.Date <= date(refDate) {
				passed++
			}
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %d |\n", e.CompanyID, s.companies[e.CompanyID].Name, e.Status, shown, passed)
	}
}

// Summary returns the generated part of seed/README.md, markers included.
func Summary(ds *Dataset) string {
	d, err := dataset.ReadAll(context.Background(), Render(ds))
	if err != nil {
		panic(err)
	}
	ref := date(refDate)
	s := &summary{d: d, companies: d.CompanyByID(), graph: analysis.ActiveGraph(d.SupplyLinks, ref)}
	var b strings.Builder
	b.WriteString(summaryBegin + "\n\n")
	b.WriteString("| file | rows |\n|---|---:|\n")
	for _, f := range d.Files {
		fmt.Fprintf(&b, "| %s | %d |\n", f, d.Rows[f])
	}

	kinds := map[domain.CompanyKind]int{}
	metalsN := map[string]int{}
	rmap := map[domain.RMAPStatus]int{}
	for _, c := range d.Companies {
		kinds[c.Kind]++
		if c.Kind == domain.KindSmelter {
			metalsN[c.Metal]++
			rmap[c.RMAPStatus]++
		}
	}
	fmt.Fprintf(&b, "\nCompanies: %d buyers, %d suppliers, %d smelters, %d mines. ", kinds[domain.KindBuyer], kinds[domain.KindSupplier],
		kinds[domain.KindSmelter], kinds[domain.KindMine])
	fmt.Fprintf(&b, "Smelters by metal: %d tin, %d tantalum, %d tungsten, %d gold, %d cobalt; ",
		metalsN["TIN"], metalsN["TANTALUM"], metalsN["TUNGSTEN"], metalsN["GOLD"], metalsN["COBALT"])
	fmt.Fprintf(&b, "by RMAP status: %d conformant, %d active, %d non-conformant, %d not enrolled.\n",
		rmap[domain.RMAPConformant], rmap[domain.RMAPActive], rmap[domain.RMAPNonConformant], rmap[domain.RMAPNotEnrolled])

	active, ended, future := 0, 0, 0
	for _, l := range d.SupplyLinks {
		switch {
		case analysis.LinkActive(l, ref):
			active++
		case l.Until != nil && *l.Until <= ref:
			ended++
		default:
			future++
		}
	}
	fmt.Fprintf(&b, "Supply links at %s: %d active, %d ended, %d not yet started.\n", refDate, active, ended, future)

	fmt.Fprintf(&b, "\n#### Hitachi Group (`HIT`), code `HIT-SPG`, as of %s\n\n", refDate)
	s.cascadeTable(&b, "HIT", "HIT-SPG")
	b.WriteString("\nTier-1 partners (\"passed on to\": requests for HIT-SPG they sent, dated by the reference date):\n\n")
	s.partnerTable(&b, "HIT", "HIT-SPG")
	fmt.Fprintf(&b, "\n#### NEC Corporation (`NEC`), code `NEC-SCG`, as of %s\n\n", refDate)
	s.cascadeTable(&b, "NEC", "NEC-SCG")
	b.WriteString("\nTier-1 partners:\n\n")
	s.partnerTable(&b, "NEC", "NEC-SCG")

	// HIT's chain at the reference date, its statuses then and at the end
	// of 2026 (the cascade takes the chain from the graph it is given).
	now, _ := s.cascade("HIT", "HIT-SPG", ref)
	late, _ := s.cascade("HIT", "HIT-SPG", date("2026-12-31"))
	lateStatus := map[string]domain.AckStatus{}
	for _, e := range late.AllEntries() {
		lateStatus[e.CompanyID] = e.Status
	}
	expired := 0
	for _, e := range now.AllEntries() {
		if e.Status == domain.StatusCovered && lateStatus[e.CompanyID] == domain.StatusStale {
			expired++
		}
	}
	reqAfter, ackAfter := 0, 0
	for _, r := range d.Requests {
		if r.Date > ref {
			reqAfter++
		}
	}
	for _, k := range d.Acknowledgments {
		if k.Date > ref {
			ackAfter++
		}
	}
	fmt.Fprintf(&b, "\nDated after the reference date: %d requests, %d acknowledgments. "+
		"COVERED for HIT-SPG on %s but STALE on 2026-12-31 (a 6th-edition acknowledgment from late 2023 "+
		"expiring after 1095 days): %d.\n", reqAfter, ackAfter, refDate, expired)

	b.WriteString("\nFindings by category (active = detected by and not closed at the reference date):\n\n")
	b.WriteString("| category | findings | active | open | remediating | closed |\n|---|---:|---:|---:|---:|---:|\n")
	for _, cat := range slices.Sorted(slices.Values(domain.RiskCategories)) {
		n, act := 0, 0
		st := map[domain.FindingStatus]int{}
		for _, f := range d.Findings {
			if f.Category != cat {
				continue
			}
			n++
			st[f.Status]++
			if analysis.FindingActive(f, ref) {
				act++
			}
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %d |\n", cat, n, act, st[domain.FindingOpen], st[domain.FindingRemediating], st[domain.FindingClosed])
	}
	b.WriteString("\n" + summaryEnd + "\n")
	return b.String()
}
