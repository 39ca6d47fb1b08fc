package explorer_test

import (
	"context"
	"testing"

	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// TestDenyWithoutPrincipal: a call without a principal reads and writes
// nothing, whichever way it comes in; with the system principal it works.
func TestDenyWithoutPrincipal(t *testing.T) {
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, "../../testdata/tiny")
	for _, snap := range []bool{false, true} {
		svc := explorer.New(store)
		svc.UseSnapshot(explorer.SnapshotOptions{Enabled: snap})
		if err := svc.WarmUp(context.Background()); err != nil {
			t.Fatal(err)
		}
		calls := map[string]func(ctx context.Context) error{
			"Company": func(ctx context.Context) error { _, err := svc.Company(ctx, "id", "HIT"); return err },
			"Cascade": func(ctx context.Context) error { _, err := svc.Cascade(ctx, "HIT", "HIT-SPG", nil, nil); return err },
			"Impact":  func(ctx context.Context) error { _, err := svc.Impact(ctx, "KIVU", nil, nil, nil); return err },
			"Chain":   func(ctx context.Context) error { _, err := svc.SupplyChain(ctx, "HIT", nil, nil); return err },
			"Search": func(ctx context.Context) error {
				_, err := svc.SearchCompanies(ctx, domain.CompanyFilter{}, "", 10)
				return err
			},
			"Partners": func(ctx context.Context) error {
				_, err := svc.Partners(ctx, []string{"HIT"}, domain.PartnerQuery{First: 5})
				return err
			},
			"Findings": func(ctx context.Context) error { _, err := svc.FindingsByCompany(ctx, []string{"CHAO"}); return err },
			"Keys":     func(ctx context.Context) error { _, err := svc.Keys(ctx); return err },
			"Apply": func(ctx context.Context) error {
				_, err := svc.Apply(ctx, "t", explorer.Part{File: "companies.csv", Records: []any{domain.Company{ID: "HIT", Name: "Hitachi"}}})
				return err
			},
		}
		for name, call := range calls {
			if err := call(context.Background()); domain.KindOf(err) != domain.Unauthenticated {
				t.Errorf("snapshot=%v %s without a principal: %v", snap, name, err)
			}
			if err := call(auth.With(context.Background(), auth.System)); err != nil {
				t.Errorf("snapshot=%v %s as the system: %v", snap, name, err)
			}
		}
	}
}
