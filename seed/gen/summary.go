package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// This file computes the figures quoted in seed/README.md, following the
// analysis semantics of docs/analysis.md (chain and tiers, acknowledgment
// status, cascade reach, open ends). The README block between the summary
// markers is exactly Summary's output; the test keeps them in step.

const (
	summaryBegin = "<!-- summary:begin -->"
	summaryEnd   = "<!-- summary:end -->"
)

type analysis struct {
	ds    *Dataset
	t     string
	depth int
	sups  map[string][]string // customer -> active suppliers, sorted
}

func newAnalysis(ds *Dataset, t string, depth int) *analysis {
	a := &analysis{ds: ds, t: t, depth: depth, sups: map[string][]string{}}
	seen := map[[2]string]bool{}
	for _, l := range ds.links {
		if activeAt(l, t) && !seen[[2]string{l.Sup, l.Cus}] {
			seen[[2]string{l.Sup, l.Cus}] = true
			a.sups[l.Cus] = append(a.sups[l.Cus], l.Sup)
		}
	}
	for _, s := range a.sups {
		sort.Strings(s)
	}
	return a
}

// tiers returns the chain of focal: company id -> tier.
func (a *analysis) tiers(focal string) map[string]int {
	tier := map[string]int{focal: 0}
	frontier := []string{focal}
	for d := 1; d <= a.depth && len(frontier) > 0; d++ {
		var next []string
		for _, x := range frontier {
			for _, s := range a.sups[x] {
				if _, ok := tier[s]; !ok {
					tier[s] = d
					next = append(next, s)
				}
			}
		}
		frontier = next
	}
	delete(tier, focal)
	return tier
}

func (a *analysis) code(id string) code {
	for _, c := range a.ds.codes {
		if c.ID == id {
			return c
		}
	}
	panic("unknown code " + id)
}

// current reports whether ack k is current at a.t.
func (a *analysis) current(k *ack) bool {
	c := a.code(k.Code)
	minEd := c.Edition
	if c.MinEdition != "" {
		minEd, _ = strconv.Atoi(c.MinEdition)
	}
	if k.Edition < minEd {
		return false
	}
	if c.ValidDays == "" {
		return true
	}
	n, _ := strconv.Atoi(c.ValidDays)
	return a.t < fd(day(k.Date).AddDate(0, 0, n))
}

func (a *analysis) accepted(codeID string) []string {
	out := []string{codeID}
	for _, ac := range a.ds.accepts {
		if ac[0] == codeID {
			out = append(out, ac[1])
		}
	}
	return out
}

// status returns x's acknowledgment status for codeID and the shown acknowledgment.
func (a *analysis) status(x, codeID string) (string, *ack) {
	acc := a.accepted(codeID)
	var cur, all []*ack
	for _, k := range a.ds.acks {
		if k.Company != x || k.Date > a.t || !contains(acc, k.Code) {
			continue
		}
		all = append(all, k)
		if a.current(k) {
			cur = append(cur, k)
		}
	}
	best := func(ks []*ack) *ack {
		sort.Slice(ks, func(i, j int) bool {
			if ks[i].Date != ks[j].Date {
				return ks[i].Date > ks[j].Date
			}
			if ks[i].Edition != ks[j].Edition {
				return ks[i].Edition > ks[j].Edition
			}
			return ks[i].Code < ks[j].Code
		})
		return ks[0]
	}
	switch {
	case len(cur) > 0:
		return "COVERED", best(cur)
	case len(all) > 0:
		return "STALE", best(all)
	}
	for _, r := range a.ds.requests {
		if r.Sup == x && r.Code == codeID && r.Date <= a.t {
			return "PENDING", nil
		}
	}
	return "NOT_REQUESTED", nil
}

// reached returns the companies the code reached from focal.
func (a *analysis) reached(focal, codeID string) map[string]bool {
	reached := map[string]bool{}
	queue := []string{focal}
	for len(queue) > 0 {
		r := queue[0]
		queue = queue[1:]
		if r != focal {
			if st, _ := a.status(r, codeID); st != "COVERED" {
				continue
			}
		}
		for _, q := range a.ds.requests {
			if q.Req == r && q.Code == codeID && q.Date <= a.t && q.Sup != focal && !reached[q.Sup] {
				reached[q.Sup] = true
				queue = append(queue, q.Sup)
			}
		}
	}
	return reached
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func (a *analysis) cascadeTable(b *strings.Builder, focal, codeID string) {
	tier := a.tiers(focal)
	reached := a.reached(focal, codeID)
	maxTier := 0
	for _, t := range tier {
		maxTier = max(maxTier, t)
	}
	fmt.Fprintf(b, "| tier | companies | covered | stale | pending | not requested | reached | coverage | open ends |\n")
	fmt.Fprintf(b, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	ids := sortedKeys(tier)
	for n := 1; n <= maxTier; n++ {
		cnt := map[string]int{}
		total, reach, open := 0, 0, 0
		for _, id := range ids {
			if tier[id] != n {
				continue
			}
			total++
			st, _ := a.status(id, codeID)
			cnt[st]++
			if reached[id] {
				reach++
			}
			c := a.ds.byID[id]
			if (c.Kind == "BUYER" || c.Kind == "SUPPLIER") && c.Disclosure != "COMPLETE" {
				open++
			}
		}
		if total == 0 {
			continue
		}
		fmt.Fprintf(b, "| %d | %d | %d | %d | %d | %d | %d | %.2f | %d |\n", n, total, cnt["COVERED"], cnt["STALE"],
			cnt["PENDING"], cnt["NOT_REQUESTED"], reach, float64(cnt["COVERED"])/float64(total), open)
	}
}

func (a *analysis) partnerTable(b *strings.Builder, focal, codeID string) {
	tier := a.tiers(focal)
	fmt.Fprintf(b, "| partner | name | status | acknowledgment shown | passed on to |\n")
	fmt.Fprintf(b, "|---|---|---|---|---:|\n")
	for _, id := range sortedKeys(tier) {
		if tier[id] != 1 {
			continue
		}
		st, k := a.status(id, codeID)
		shown := ""
		if k != nil {
			shown = fmt.Sprintf("%s ed. %d, %s", k.Code, k.Edition, k.Date)
		}
		passed := 0
		for _, r := range a.ds.requests {
			if r.Req == id && r.Code == codeID && r.Date <= a.t {
				passed++
			}
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %d |\n", id, a.ds.byID[id].Name, st, shown, passed)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Summary returns the generated part of seed/README.md, markers included.
func Summary(ds *Dataset) string {
	var b strings.Builder
	b.WriteString(summaryBegin + "\n\n")
	files := Render(ds)
	b.WriteString("| file | rows |\n|---|---:|\n")
	for _, f := range Files {
		fmt.Fprintf(&b, "| %s | %d |\n", f, strings.Count(string(files[f]), "\n")-1)
	}

	kinds := map[string]int{}
	metalsN := map[string]int{}
	rmap := map[string]int{}
	for _, c := range ds.companies {
		kinds[c.Kind]++
		if c.Kind == "SMELTER" {
			metalsN[c.Metal]++
			rmap[c.RMAP]++
		}
	}
	fmt.Fprintf(&b, "\nCompanies: %d buyers, %d suppliers, %d smelters, %d mines. ", kinds["BUYER"], kinds["SUPPLIER"], kinds["SMELTER"], kinds["MINE"])
	fmt.Fprintf(&b, "Smelters by metal: %d tin, %d tantalum, %d tungsten, %d gold, %d cobalt; ",
		metalsN["TIN"], metalsN["TANTALUM"], metalsN["TUNGSTEN"], metalsN["GOLD"], metalsN["COBALT"])
	fmt.Fprintf(&b, "by RMAP status: %d conformant, %d active, %d non-conformant, %d not enrolled.\n",
		rmap["CONFORMANT"], rmap["ACTIVE"], rmap["NON_CONFORMANT"], rmap["NOT_ENROLLED"])

	active, ended, future := 0, 0, 0
	for _, l := range ds.links {
		switch {
		case activeAt(l, refDate):
			active++
		case l.Until != "" && l.Until <= refDate:
			ended++
		default:
			future++
		}
	}
	fmt.Fprintf(&b, "Supply links at %s: %d active, %d ended, %d not yet started.\n", refDate, active, ended, future)

	a := newAnalysis(ds, refDate, 10)
	fmt.Fprintf(&b, "\n#### Hitachi Group (`HIT`), code `HIT-SPG`, as of %s\n\n", refDate)
	a.cascadeTable(&b, "HIT", "HIT-SPG")
	b.WriteString("\nTier-1 partners (\"passed on to\": requests for HIT-SPG they sent, dated by the reference date):\n\n")
	a.partnerTable(&b, "HIT", "HIT-SPG")
	fmt.Fprintf(&b, "\n#### NEC Corporation (`NEC`), code `NEC-SCG`, as of %s\n\n", refDate)
	a.cascadeTable(&b, "NEC", "NEC-SCG")
	b.WriteString("\nTier-1 partners:\n\n")
	a.partnerTable(&b, "NEC", "NEC-SCG")

	late := newAnalysis(ds, "2026-12-31", 10)
	expired := 0
	for _, id := range sortedKeys(a.tiers("HIT")) {
		s1, _ := a.status(id, "HIT-SPG")
		s2, _ := late.status(id, "HIT-SPG")
		if s1 == "COVERED" && s2 == "STALE" {
			expired++
		}
	}
	reqAfter, ackAfter := 0, 0
	for _, r := range ds.requests {
		if r.Date > refDate {
			reqAfter++
		}
	}
	for _, k := range ds.acks {
		if k.Date > refDate {
			ackAfter++
		}
	}
	fmt.Fprintf(&b, "\nDated after the reference date: %d requests, %d acknowledgments. "+
		"COVERED for HIT-SPG on %s but STALE on 2026-12-31 (a 6th-edition acknowledgment from late 2023 "+
		"expiring after 1095 days): %d.\n", reqAfter, ackAfter, refDate, expired)

	b.WriteString("\nFindings by category (active = detected by and not closed at the reference date):\n\n")
	b.WriteString("| category | findings | active | open | remediating | closed |\n|---|---:|---:|---:|---:|---:|\n")
	cats := []string{"BUSINESS_CONTINUITY", "ENVIRONMENT", "ETHICS", "HEALTH_SAFETY", "HUMAN_RIGHTS",
		"INFORMATION_SECURITY", "QUALITY_SAFETY", "RESPONSIBLE_MINERALS"}
	for _, cat := range cats {
		n, act := 0, 0
		st := map[string]int{}
		for _, f := range ds.findings {
			if f.Category != cat {
				continue
			}
			n++
			st[f.Status]++
			if f.Detected <= refDate && !(f.Closed != "" && f.Closed <= refDate) && !(f.Status == "CLOSED" && f.Closed == "") {
				act++
			}
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %d |\n", cat, n, act, st["OPEN"], st["REMEDIATING"], st["CLOSED"])
	}
	b.WriteString("\n" + summaryEnd + "\n")
	return b.String()
}
