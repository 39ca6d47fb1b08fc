package gen

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// loaded is a generated dataset read back through the dataset package.
type loaded struct {
	companies  []domain.Company
	facilities []domain.Facility
	codes      []domain.Code
	accepts    []domain.CodeAccept
	links      []domain.SupplyLink
	requests   []domain.Request
	acks       []domain.Acknowledgment
	findings   []domain.Finding
	rows       map[string]int
}

// emptyLookup is a store that knows no id: every reference must resolve
// inside the dataset.
type emptyLookup struct{}

func (emptyLookup) ExistingIDs(context.Context, string, []string) (map[string]bool, error) {
	return map[string]bool{}, nil
}

// load validates dir (zero issues required) and reads every record.
func load(t testing.TB, dir string) *loaded {
	t.Helper()
	ctx := context.Background()
	src, err := dataset.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := dataset.Validate(ctx, src, emptyLookup{})
	if err != nil {
		t.Fatalf("generated dataset is invalid: %v", err)
	}
	d := &loaded{rows: sum.Rows}
	for _, f := range sum.Files {
		err := dataset.Records(ctx, src, f, func(rec any) error {
			switch r := rec.(type) {
			case domain.Company:
				d.companies = append(d.companies, r)
			case domain.Facility:
				d.facilities = append(d.facilities, r)
			case domain.Code:
				d.codes = append(d.codes, r)
			case domain.CodeAccept:
				d.accepts = append(d.accepts, r)
			case domain.SupplyLink:
				d.links = append(d.links, r)
			case domain.Request:
				d.requests = append(d.requests, r)
			case domain.Acknowledgment:
				d.acks = append(d.acks, r)
			case domain.Finding:
				d.findings = append(d.findings, r)
			default:
				return fmt.Errorf("unexpected record %T", rec)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return d
}

func active(l domain.SupplyLink, at domain.Date) bool {
	return (l.Since == nil || *l.Since <= at) && (l.Until == nil || *l.Until > at)
}

// chainTiers returns tier per company of focal's chain at date at, within
// maxDepth edges (docs/analysis.md).
func (d *loaded) chainTiers(focal string, at domain.Date, maxDepth int) map[string]int {
	suppliers := map[string][]string{}
	for _, l := range d.links {
		if active(l, at) {
			suppliers[l.CustomerID] = append(suppliers[l.CustomerID], l.SupplierID)
		}
	}
	tier := map[string]int{focal: 0}
	frontier := []string{focal}
	for depth := 1; depth <= maxDepth && len(frontier) > 0; depth++ {
		var next []string
		for _, u := range frontier {
			for _, v := range suppliers[u] {
				if _, ok := tier[v]; !ok {
					tier[v] = depth
					next = append(next, v)
				}
			}
		}
		frontier = next
	}
	delete(tier, focal)
	return tier
}

type tierRow struct {
	tier, companies, covered, stale, pending, notRequested, reached, openEnds int
}

// cascade computes the per-tier cascade report of docs/analysis.md for focal and code.
func (d *loaded) cascade(focal, codeID string, at domain.Date, maxDepth int) []tierRow {
	tiers := d.chainTiers(focal, at, maxDepth)
	codes := map[string]domain.Code{}
	for _, c := range d.codes {
		codes[c.ID] = c
	}
	accepted := map[string]bool{codeID: true}
	for _, a := range d.accepts {
		if a.CodeID == codeID {
			accepted[a.AcceptedCodeID] = true
		}
	}
	current, anyAck := map[string]bool{}, map[string]bool{}
	for _, a := range d.acks {
		if a.Date > at || !accepted[a.CodeID] {
			continue
		}
		anyAck[a.CompanyID] = true
		if codes[a.CodeID].IsCurrent(a, at) {
			current[a.CompanyID] = true
		}
	}
	requested := map[string]bool{}
	byRequester := map[string][]string{}
	for _, q := range d.requests {
		if q.CodeID != codeID || q.Date > at {
			continue
		}
		requested[q.SupplierID] = true
		byRequester[q.RequesterID] = append(byRequester[q.RequesterID], q.SupplierID)
	}
	reached := map[string]bool{}
	queue := []string{}
	for _, x := range byRequester[focal] {
		if x != focal && !reached[x] {
			reached[x] = true
			queue = append(queue, x)
		}
	}
	for len(queue) > 0 {
		r := queue[0]
		queue = queue[1:]
		if !current[r] {
			continue
		}
		for _, x := range byRequester[r] {
			if x != focal && !reached[x] {
				reached[x] = true
				queue = append(queue, x)
			}
		}
	}
	kinds := map[string]domain.Company{}
	for _, c := range d.companies {
		kinds[c.ID] = c
	}
	rows := map[int]*tierRow{}
	for x, t := range tiers {
		r := rows[t]
		if r == nil {
			r = &tierRow{tier: t}
			rows[t] = r
		}
		r.companies++
		switch {
		case current[x]:
			r.covered++
		case anyAck[x]:
			r.stale++
		case requested[x]:
			r.pending++
		default:
			r.notRequested++
		}
		if reached[x] {
			r.reached++
		}
		if c := kinds[x]; (c.Kind == domain.KindBuyer || c.Kind == domain.KindSupplier) && c.Disclosure != domain.DisclosureComplete {
			r.openEnds++
		}
	}
	var out []tierRow
	for _, r := range rows {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].tier < out[j].tier })
	return out
}

func formatCascade(rows []tierRow) string {
	var b strings.Builder
	fmt.Fprintf(&b, "tier companies covered stale pending notRequested reached coverage openEnds\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%4d %9d %7d %5d %7d %12d %7d %8.2f %8d\n", r.tier, r.companies, r.covered, r.stale,
			r.pending, r.notRequested, r.reached, float64(r.covered)/float64(r.companies), r.openEnds)
	}
	return b.String()
}
