package neo4jstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// TestPagesWalkTheWholeList: the pages of a company's suppliers and
// customers, walked with the cursor (the last id of each page), hold every
// partner exactly once in id order with every one of their links (several
// materials, dated), and each page's total counts them all; with asOf,
// only active links count, and with a visible list only those partners. The
// companies search likewise. The pages are cut in Cypher, so this checks
// that the count and the page filter alike.
func TestPagesWalkTheWholeList(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(15, 6))
	var companies, links strings.Builder
	companies.WriteString("id,name,kind,country,disclosure,metal,rmi_id,rmap_status\n")
	links.WriteString("supplier_id,customer_id,material,since,until,share\n")
	companies.WriteString("HUB,Hub,BUYER,JP,COMPLETE,,,\n")
	type link struct{ supplier, customer, material, since, until string }
	var all []link
	for i := range 90 {
		id := fmt.Sprintf("S%03d", rng.IntN(900)) // ids out of order in the file
		if strings.Contains(companies.String(), "\n"+id+",") {
			continue
		}
		fmt.Fprintf(&companies, "%s,Supplier %d,SUPPLIER,DE,PARTIAL,,,\n", id, i)
		for m := range 1 + rng.IntN(3) {
			l := link{id, "HUB", fmt.Sprintf("m%d", m), "", ""}
			if rng.IntN(3) == 0 {
				l.since = "2024-01-01"
			}
			if rng.IntN(3) == 0 {
				l.until = "2025-01-01"
			}
			all = append(all, l)
		}
		if rng.IntN(4) == 0 { // HUB supplies some of them too
			all = append(all, link{"HUB", id, "back", "", ""})
		}
	}
	for _, l := range all {
		fmt.Fprintf(&links, "%s,%s,%s,%s,%s,\n", l.supplier, l.customer, l.material, l.since, l.until)
	}
	for name, text := range map[string]string{"companies.csv": companies.String(), "supply_links.csv": links.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	neo4jtest.Load(t, s, dir)

	asOf := date("2024-06-01")
	active := func(l link) bool {
		return (l.since == "" || l.since <= "2024-06-01") && (l.until == "" || l.until > "2024-06-01")
	}
	var visible []string
	for _, l := range all {
		if l.supplier != "HUB" && rng.IntN(2) == 0 {
			visible = append(visible, l.supplier)
		}
	}
	for _, dir := range []domain.Direction{domain.Upstream, domain.Downstream} {
		for _, withAsOf := range []bool{false, true} {
			for _, vis := range [][]string{nil, visible} {
				// want: partner id -> its links (as "material"), in id order.
				want := map[string][]string{}
				for _, l := range all {
					partner := l.supplier
					if dir == domain.Downstream {
						if l.supplier != "HUB" {
							continue
						}
						partner = l.customer
					} else if l.customer != "HUB" {
						continue
					}
					if withAsOf && !active(l) || vis != nil && !slices.Contains(vis, partner) {
						continue
					}
					want[partner] = append(want[partner], l.material)
				}
				for _, first := range []int{1, 7, 50, 1000} {
					q := domain.PartnerQuery{Direction: dir, First: first, Visible: vis}
					if withAsOf {
						q.AsOf = &asOf
					}
					got := map[string][]string{}
					var order []string
					for pages := 0; ; pages++ {
						if pages > 200 {
							t.Fatal("too many pages")
						}
						m, err := s.Partners(ctx, []string{"HUB"}, q)
						if err != nil {
							t.Fatal(err)
						}
						p := m["HUB"]
						name := fmt.Sprintf("dir %v asOf %v visible %v first %d page %d", dir, withAsOf, vis != nil, first, pages)
						if p.Total != len(want) {
							t.Fatalf("%s: total %d, want %d", name, p.Total, len(want))
						}
						if len(p.Items) > first {
							t.Fatalf("%s: %d items", name, len(p.Items))
						}
						for _, it := range p.Items {
							order = append(order, it.Company.ID)
							for _, l := range it.Links {
								got[it.Company.ID] = append(got[it.Company.ID], l.Material)
							}
						}
						if !p.HasNextPage {
							break
						}
						q.After = p.Items[len(p.Items)-1].Company.ID
					}
					if !slices.IsSorted(order) || len(order) != len(want) {
						t.Errorf("dir %v asOf %v visible %v first %d: partners %v, want the %d in id order", dir, withAsOf, vis != nil, first, order, len(want))
					}
					for id, ms := range want {
						g := got[id]
						slices.Sort(g)
						slices.Sort(ms)
						if !slices.Equal(g, ms) {
							t.Errorf("dir %v asOf %v visible %v first %d: links of %s %v, want %v", dir, withAsOf, vis != nil, first, id, g, ms)
						}
					}
				}
			}
		}
	}

	// The companies search, walked likewise, with and without filters.
	for _, f := range []domain.CompanyFilter{{}, {Search: "s0"}, {Kind: domain.KindSupplier}, {Visible: visible}} {
		var want []string
		for _, line := range strings.Split(strings.TrimSpace(companies.String()), "\n")[1:] {
			id := strings.Split(line, ",")[0]
			if f.Search != "" && !strings.HasPrefix(strings.ToLower(id), f.Search) ||
				f.Kind != "" && id == "HUB" || f.Visible != nil && !slices.Contains(f.Visible, id) {
				continue
			}
			want = append(want, id)
		}
		slices.Sort(want)
		var got []string
		after := ""
		for {
			p, err := s.SearchCompanies(ctx, f, after, 6)
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != len(want) {
				t.Fatalf("search %+v: total %d, want %d", f, p.Total, len(want))
			}
			for _, c := range p.Items {
				got = append(got, c.ID)
			}
			if !p.HasNextPage {
				break
			}
			after = p.Items[len(p.Items)-1].ID
		}
		if !slices.Equal(got, want) {
			t.Errorf("search %+v: %v, want %v", f, got, want)
		}
	}
}
