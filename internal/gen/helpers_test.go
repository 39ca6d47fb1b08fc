package gen

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// load validates dir (zero issues, every reference inside the dataset) and
// reads every record.
func load(t testing.TB, dir string) *dataset.Data {
	t.Helper()
	src, err := dataset.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	d, err := dataset.ReadAll(context.Background(), src)
	if err != nil {
		t.Fatalf("generated dataset is invalid: %v", err)
	}
	return d
}

// tierRow is a tier of focal's cascade with its open ends.
type tierRow struct {
	analysis.CascadeTier
	OpenEnds int
}

// cascade reports the cascade of code from focal at date at, per tier
// (analysis.Cascade), with each tier's open ends (analysis.UncoveredTiers).
func cascade(t testing.TB, d *dataset.Data, focal, code string, at domain.Date) []tierRow {
	t.Helper()
	ctx := context.Background()
	in := analysis.CascadeInput{Focal: focal, Code: code, AsOf: at, MaxDepth: MaxDepth, Graph: analysis.ActiveGraph(d.SupplyLinks, at),
		Companies: analysis.CompanyMap(d.CompanyByID()), Codes: analysis.AcceptedCodes(code, d.Codes, d.CodeAccepts), Acks: d.Acknowledgments, Requests: d.Requests}
	rep, err := analysis.Cascade(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	unc, err := analysis.UncoveredTiers(ctx, in, 1)
	if err != nil {
		t.Fatal(err)
	}
	rows := make([]tierRow, len(rep.Tiers))
	for i, tier := range rep.Tiers {
		rows[i] = tierRow{tier, unc.Tiers[i].OpenEnds}
	}
	return rows
}

func formatCascade(rows []tierRow) string {
	var b strings.Builder
	fmt.Fprintf(&b, "tier companies covered stale pending notRequested reached coverage openEnds\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%4d %9d %7d %5d %7d %12d %7d %8.2f %8d\n", r.Tier, r.Companies, r.Covered, r.Stale,
			r.Pending, r.NotRequested, r.Reached, r.Coverage, r.OpenEnds)
	}
	return b.String()
}
