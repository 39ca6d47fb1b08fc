package analysis

import (
	"context"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// jMinerals is a mineralsReport answer in plain values.
type jMinerals struct {
	Tiers          []MineralsTier
	Suppliers      []string // "id tier state declaration"
	Response       ResponseBucket
	AllIdentified  bool
	Smelters       []string // "id status disclosed tier namedBy"
	Share          *float64
	Contradictions []Contradiction
}

func toJMinerals(r *MineralsReport) jMinerals {
	out := jMinerals{Tiers: r.Tiers, Response: r.ResponseRate, AllIdentified: r.AllIdentified, Share: r.ConformantShare, Contradictions: r.Contradictions}
	for _, s := range r.Suppliers {
		d := "-"
		if s.Declaration != nil {
			d = s.Declaration.ID
		}
		out.Suppliers = append(out.Suppliers, fmt.Sprintf("%s %d %s %s", s.CompanyID, s.Tier, s.State, d))
	}
	for _, s := range r.Smelters {
		out.Smelters = append(out.Smelters, fmt.Sprintf("%s %s %v %d %v", s.Company.ID, s.RMAPStatus, s.Disclosed, s.Tier, s.NamedBy))
	}
	return out
}

// refMinerals is mineralsReport written out from docs/analysis.md with
// plain loops over the whole dataset, without the package's helpers.
func refMinerals(ds *dataset, focal, metal string, asOf domain.Date, depth, validDays int) jMinerals {
	r := newRefWorld(ds, asOf, depth, 0.8)
	tiers := r.tiers(focal)
	template := domain.TemplateCMRT
	if metal != "TIN" && metal != "TANTALUM" && metal != "TUNGSTEN" && metal != "GOLD" {
		template = domain.TemplateEMRT
	}
	covers := func(d domain.Declaration) bool {
		if d.Template == domain.TemplateCMRT {
			return template == domain.TemplateCMRT
		}
		if strings.HasPrefix(d.Version, "1") {
			return metal == "COBALT" || metal == "MICA"
		}
		return template == domain.TemplateEMRT
	}
	// the declaration in force: the latest of the template on or before asOf
	inForce := func(x string) *domain.Declaration {
		var best *domain.Declaration
		for i, d := range ds.declarations {
			if d.DeclarerID == x && d.Template == template && d.Effective <= asOf && (best == nil || d.Effective > best.Effective) {
				best = &ds.declarations[i]
			}
		}
		if best == nil || !covers(*best) {
			return nil
		}
		return best
	}
	state := func(x string) DeclarationState {
		d := inForce(x)
		switch {
		case d == nil:
			return DeclarationNone
		case int(asOf-d.Effective) < validDays:
			return DeclarationCurrent
		}
		return DeclarationStale
	}
	names := func(d *domain.Declaration) []string {
		var out []string
		for _, n := range d.Smelters {
			if n.Metal == metal {
				out = append(out, n.SmelterID)
			}
		}
		return out
	}
	answered := func(d *domain.Declaration, key, want string) bool {
		for _, a := range d.Answers {
			if a.Metal == metal && strings.Contains(strings.ToLower(a.Question), key) {
				return strings.ToLower(strings.ReplaceAll(a.Value, " ", "")) == want
			}
		}
		return false
	}
	relevant := func(id string) bool {
		k := r.company(id).Kind
		return k == domain.KindBuyer || k == domain.KindSupplier
	}
	out := jMinerals{Response: ResponseNone}
	members := chainOrder(tiers)
	byTier := map[int]*MineralsTier{}
	var tierList []int
	for _, x := range members {
		if !relevant(x) {
			continue
		}
		t := tiers[x]
		if byTier[t] == nil {
			byTier[t] = &MineralsTier{Tier: t}
			tierList = append(tierList, t)
		}
		st := state(x)
		switch st {
		case DeclarationCurrent:
			byTier[t].Current++
		case DeclarationStale:
			byTier[t].Stale++
		default:
			byTier[t].None++
		}
		byTier[t].Companies++
		d := "-"
		if dd := inForce(x); dd != nil {
			d = dd.ID
		}
		out.Suppliers = append(out.Suppliers, fmt.Sprintf("%s %d %s %s", x, t, st, d))
	}
	sort.Ints(tierList)
	for _, t := range tierList {
		tc := *byTier[t]
		tc.Rate = float64(tc.Current) / float64(tc.Companies)
		out.Tiers = append(out.Tiers, tc)
	}
	if t1 := byTier[1]; t1 != nil {
		p := 100 * float64(t1.Current) / float64(t1.Companies)
		switch {
		case t1.Current == 0:
			out.Response = ResponseNone
		case t1.Current == t1.Companies:
			out.Response = ResponseAll
		case p > 90:
			out.Response = ResponseMoreThan90
		case p > 75:
			out.Response = ResponseMoreThan75
		case p > 50:
			out.Response = ResponseMoreThan50
		default:
			out.Response = ResponseFiftyOrLess
		}
		out.AllIdentified = true
		for _, x := range members {
			if tiers[x] == 1 && relevant(x) && (state(x) != DeclarationCurrent || r.company(x).Disclosure != domain.DisclosureComplete) {
				out.AllIdentified = false
			}
		}
	}
	// the smelters
	namedBy := map[string][]string{}
	disclosed := map[string]int{}
	for _, x := range members {
		c := r.company(x)
		if c.Kind == domain.KindSmelter && c.Metal == metal {
			disclosed[x] = tiers[x]
		}
		if relevant(x) {
			if d := inForce(x); d != nil {
				for _, sm := range names(d) {
					namedBy[sm] = append(namedBy[sm], x)
				}
			}
		}
	}
	var ids []string
	for id := range disclosed {
		ids = append(ids, id)
	}
	for id := range namedBy {
		if _, ok := disclosed[id]; !ok {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	conformant := 0
	for _, id := range ids {
		st := refRMAPStatusAt(r.company(id), asOf)
		if st == domain.RMAPConformant {
			conformant++
		}
		by := namedBy[id]
		sort.Strings(by)
		_, isDisclosed := disclosed[id]
		out.Smelters = append(out.Smelters, fmt.Sprintf("%s %s %v %d %v", id, st, isDisclosed, disclosed[id], by))
	}
	if len(ids) > 0 {
		share := float64(conformant) / float64(len(ids))
		out.Share = &share
	}
	// contradictions: the focal company and the chain's relevant suppliers
	declarers := []string{focal}
	for _, x := range members {
		if relevant(x) {
			declarers = append(declarers, x)
		}
	}
	for _, dID := range declarers {
		d := inForce(dID)
		if d == nil {
			continue
		}
		for _, sID := range r.ids {
			if _, ok := r.w[[2]string{sID, dID}]; !ok || !relevant(sID) {
				continue
			}
			st := state(sID)
			if answered(d, "percentage of relevant suppliers", "100%") && st != DeclarationCurrent {
				out.Contradictions = append(out.Contradictions, Contradiction{DeclarerID: dID, Kind: ContradictionResponseRate, SupplierID: sID})
			}
			if answered(d, "identified all of the smelters", "yes") && (st != DeclarationCurrent || r.company(sID).Disclosure != domain.DisclosureComplete) {
				out.Contradictions = append(out.Contradictions, Contradiction{DeclarerID: dID, Kind: ContradictionSmeltersIdentified, SupplierID: sID})
			}
			if sd := inForce(sID); sd != nil {
				mine := map[string]bool{}
				for _, x := range names(d) {
					mine[x] = true
				}
				for _, x := range names(sd) {
					if !mine[x] {
						out.Contradictions = append(out.Contradictions, Contradiction{DeclarerID: dID, Kind: ContradictionSmelterMissing, SupplierID: sID, SmelterID: x})
					}
				}
			}
		}
	}
	order := map[string]int{ContradictionResponseRate: 0, ContradictionSmeltersIdentified: 1, ContradictionSmelterMissing: 2}
	sort.SliceStable(out.Contradictions, func(i, j int) bool {
		a, b := out.Contradictions[i], out.Contradictions[j]
		if a.DeclarerID != b.DeclarerID {
			return a.DeclarerID < b.DeclarerID
		}
		if a.Kind != b.Kind {
			return order[a.Kind] < order[b.Kind]
		}
		if a.SupplierID != b.SupplierID {
			return a.SupplierID < b.SupplierID
		}
		return a.SmelterID < b.SmelterID
	})
	return out
}

// TestMineralsReportAgainstReference compares mineralsReport with the
// reference on random chains with declarations (superseded, stale, in the
// future, of both templates), dated RMAP statuses and answers.
func TestMineralsReportAgainstReference(t *testing.T) {
	seeds := 600
	if testing.Short() {
		seeds = 100
	}
	stats := map[string]int{}
	for seed := int64(1); seed <= int64(seeds); seed++ {
		rng := rand.New(rand.NewSource(seed))
		ds := genDataset(rng)
		companies := CompanyMap{}
		decls := map[string][]domain.Declaration{}
		for _, c := range ds.companies {
			companies[c.ID] = c
		}
		for _, d := range ds.declarations {
			decls[d.DeclarerID] = append(decls[d.DeclarerID], d)
		}
		for q := 0; q < 10; q++ {
			focal := ds.companies[rng.Intn(len(ds.companies))].ID
			metal := []string{"TIN", "GOLD", "COBALT", "MICA", "TANTALUM"}[rng.Intn(5)]
			asOf := propAsOfs[rng.Intn(len(propAsOfs))]
			depth := []int{1, 2, 3, 5, 20}[rng.Intn(5)]
			valid := []int{1, 40, 214, 365}[rng.Intn(4)]
			in := MineralsInput{Focal: focal, Metal: metal, AsOf: asOf, MaxDepth: depth, ValidDays: valid,
				Graph: NewGraph(ActiveEdges(ds.links, asOf)), Companies: companies,
				Declarations: func(id string) []domain.Declaration { return decls[id] }}
			rep, err := MineralsReportOf(context.Background(), in)
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			got := toJMinerals(rep)
			want := refMinerals(ds, focal, metal, asOf, depth, valid)
			if d := cmp.Diff(want, got, propCmp...); d != "" {
				t.Fatalf("seed %d: mineralsReport(%s, %s, %s, %d, %d) differs (-reference +package):\n%s\ndataset:\n%s", seed, focal, metal, asOf, depth, valid, d, ds.dump())
			}
			stats["questions"]++
			if len(got.Smelters) > 0 {
				stats["with smelters"]++
			}
			if len(got.Contradictions) > 0 {
				stats["with contradictions"]++
			}
			for _, s := range got.Suppliers {
				stats["supplier "+strings.Fields(s)[2]]++
			}
			if got.Response != ResponseNone {
				stats["response rate "+string(got.Response)]++
			}
		}
	}
	for _, k := range sortedKeys(stats) {
		t.Logf("%-30s %d", k, stats[k])
	}
}

// TestWithDeclared: adding declared edges to a numbered graph over every
// company (as the snapshot's graphs are) gives the graph built from the
// links and the declared links together (a disclosed edge wins over a
// declared one of the same pair), on random datasets.
func TestWithDeclared(t *testing.T) {
	for seed := int64(1); seed <= 300; seed++ {
		rng := rand.New(rand.NewSource(seed))
		ds := genDataset(rng)
		asOf := propAsOfs[rng.Intn(len(propAsOfs))]
		var ids []string
		for _, c := range ds.companies {
			ids = append(ids, c.ID)
		}
		sort.Strings(ids)
		index := map[string]int32{}
		for i, id := range ids {
			index[id] = int32(i)
		}
		var bs, bc []int32
		var bw []float64
		for _, e := range ActiveEdges(ds.links, asOf) {
			bs, bc, bw = append(bs, index[e.Supplier]), append(bc, index[e.Customer]), append(bw, e.Weight)
		}
		base := NumberedGraph(ids, index, bs, bc, bw)
		declared := DeclaredLinks(ds.declarations, asOf)
		var sup, cus []int32
		for _, l := range declared {
			sup, cus = append(sup, index[l.SupplierID]), append(cus, index[l.CustomerID])
		}
		got := WithDeclared(base, sup, cus).Edges()
		want := ActiveEdges(append(append([]domain.SupplyLink{}, ds.links...), declared...), asOf)
		if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("seed %d (-built together +added):\n%s", seed, d)
		}
	}
}
