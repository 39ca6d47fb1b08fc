package analysis

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// Minerals due diligence: declared edges and the mineralsReport roll-up
// (docs/analysis.md, "Minerals due diligence").

// DefaultValidDays is how long a declaration stays current after its
// effective date, unless the question says otherwise (1 to MaxValidDays).
const (
	DefaultValidDays = 365
	MaxValidDays     = 3650
)

// ValidateValidDays checks that validDays is 1 to MaxValidDays.
func ValidateValidDays(n int) error {
	if n < 1 || n > MaxValidDays {
		return domain.Errorf(domain.BadInput, "validDays must be between 1 and %d, got %d", MaxValidDays, n)
	}
	return nil
}

// ValidateMetal checks that metal is one a template covers.
func ValidateMetal(metal string) error {
	if !slices.Contains(domain.AllMetals, metal) {
		return domain.Errorf(domain.BadInput, "metal: unknown metal %q: want one of %s", metal, strings.Join(domain.AllMetals, ", "))
	}
	return nil
}

// DeclaredLinks returns the declared edges at asOf of decls (of any
// declarers): for each declarer and template, the declaration in force
// (the latest whose effective date is on or before asOf) names smelters;
// each smelter and declarer pair is one link marked Declared, in order of
// declarer, then smelter.
func DeclaredLinks(decls []domain.Declaration, asOf domain.Date) []domain.SupplyLink {
	type key struct {
		declarer string
		t        domain.Template
	}
	inForce := map[key]*domain.Declaration{}
	for i := range decls {
		d := &decls[i]
		if d.Effective > asOf {
			continue
		}
		k := key{d.DeclarerID, d.Template}
		if old := inForce[k]; old == nil || d.Effective > old.Effective {
			inForce[k] = d
		}
	}
	seen := map[[2]string]bool{}
	var out []domain.SupplyLink
	for _, d := range inForce {
		for _, n := range d.Smelters {
			p := [2]string{n.SmelterID, d.DeclarerID}
			if seen[p] || n.SmelterID == d.DeclarerID {
				continue
			}
			seen[p] = true
			out = append(out, domain.SupplyLink{SupplierID: n.SmelterID, CustomerID: d.DeclarerID, Declared: true})
		}
	}
	slices.SortFunc(out, func(a, b domain.SupplyLink) int {
		if c := cmp.Compare(a.CustomerID, b.CustomerID); c != 0 {
			return c
		}
		return cmp.Compare(a.SupplierID, b.SupplierID)
	})
	return out
}

// DeclarationState is a company's declaration for a metal at a date.
type DeclarationState string

// Declaration states.
const (
	DeclarationCurrent DeclarationState = "CURRENT"
	DeclarationStale   DeclarationState = "STALE"
	DeclarationNone    DeclarationState = "NONE"
)

// ResponseBucket is the answer to the templates' response-rate question.
type ResponseBucket string

// Response buckets.
const (
	ResponseAll         ResponseBucket = "ALL"           // 100%
	ResponseMoreThan90  ResponseBucket = "MORE_THAN_90"  // greater than 90%
	ResponseMoreThan75  ResponseBucket = "MORE_THAN_75"  // greater than 75%
	ResponseMoreThan50  ResponseBucket = "MORE_THAN_50"  // greater than 50%
	ResponseFiftyOrLess ResponseBucket = "FIFTY_OR_LESS" // 50% or less
	ResponseNone        ResponseBucket = "NONE"
)

// Text is the bucket as the templates write the answer.
func (b ResponseBucket) Text() string {
	switch b {
	case ResponseAll:
		return "100%"
	case ResponseMoreThan90:
		return "Greater than 90%"
	case ResponseMoreThan75:
		return "Greater than 75%"
	case ResponseMoreThan50:
		return "Greater than 50%"
	case ResponseFiftyOrLess:
		return "50% or less"
	}
	return "None"
}

// BucketOf returns the bucket of current of n suppliers.
func BucketOf(current, n int) ResponseBucket {
	if n == 0 || current == 0 {
		return ResponseNone
	}
	r := float64(current) / float64(n)
	switch {
	case current == n:
		return ResponseAll
	case r > 0.9:
		return ResponseMoreThan90
	case r > 0.75:
		return ResponseMoreThan75
	case r > 0.5:
		return ResponseMoreThan50
	}
	return ResponseFiftyOrLess
}

// Contradiction kinds, in the order the report sorts them.
const (
	ContradictionResponseRate       = "RESPONSE_RATE"
	ContradictionSmeltersIdentified = "SMELTERS_IDENTIFIED"
	ContradictionSmelterMissing     = "SMELTER_MISSING"
)

var contradictionOrder = map[string]int{ContradictionResponseRate: 0, ContradictionSmeltersIdentified: 1, ContradictionSmelterMissing: 2}

// MineralsInput is what mineralsReport needs.
type MineralsInput struct {
	Focal     string
	Metal     string
	AsOf      domain.Date
	MaxDepth  int
	ValidDays int
	// Graph is the active graph of disclosed links at AsOf (no declared
	// edges); it must contain every such edge among the companies within
	// MaxDepth + 1 upstream hops of Focal (the direct suppliers of every
	// chain member).
	Graph *Graph
	// Companies holds at least the chain's companies, their direct
	// suppliers, and the smelters the chain's declarations name.
	Companies Companies
	// Declarations returns a company's declarations (at least those of the
	// focal company, the chain and their direct suppliers).
	Declarations func(id string) []domain.Declaration
}

// MineralsTier is the response rate of one tier.
type MineralsTier struct {
	Tier                            int
	Companies, Current, Stale, None int
	Rate                            float64 // Current / Companies
}

// MineralsSupplier is a relevant supplier of the chain with its state.
type MineralsSupplier struct {
	CompanyID   string
	Tier        int
	State       DeclarationState
	Declaration *domain.Declaration // the one in force; nil for NONE
}

// MineralsSmelter is a smelter of the consolidated list.
type MineralsSmelter struct {
	Company    domain.Company
	RMAPStatus domain.RMAPStatus // at AsOf
	Disclosed  bool              // a SMELTER of the metal in the disclosed chain
	Tier       int               // its tier when disclosed, else 0
	NamedBy    []string          // the declarers, by id
}

// Contradiction is an answer of a declaration that the graph contradicts.
type Contradiction struct {
	DeclarerID string
	Kind       string
	SupplierID string
	SmelterID  string // SMELTER_MISSING only
}

// MineralsReport is the answer of mineralsReport.
type MineralsReport struct {
	Tiers     []MineralsTier
	Suppliers []MineralsSupplier // by tier, then id
	// ResponseRate is the focal company's answer to its template's
	// response-rate question, from tier 1.
	ResponseRate ResponseBucket
	// AllIdentified: every relevant supplier of tier 1 has a current
	// declaration and discloses COMPLETE (and tier 1 has one).
	AllIdentified   bool
	Smelters        []MineralsSmelter // by id
	ConformantShare *float64          // nil when Smelters is empty
	Contradictions  []Contradiction
}

func relevant(c domain.Company) bool {
	return c.Kind == domain.KindBuyer || c.Kind == domain.KindSupplier
}

// MineralsReportOf computes the roll-up of in.Metal for in.Focal.
func MineralsReportOf(ctx context.Context, in MineralsInput) (*MineralsReport, error) {
	if err := ValidateMaxDepth(in.MaxDepth); err != nil {
		return nil, err
	}
	if err := ValidateMetal(in.Metal); err != nil {
		return nil, err
	}
	if err := ValidateValidDays(in.ValidDays); err != nil {
		return nil, err
	}
	if in.Graph == nil || in.Declarations == nil {
		return nil, domain.Errorf(domain.Internal, "analysis: minerals input incomplete")
	}
	template, _ := domain.TemplateFor(in.Metal)
	rep := &MineralsReport{Tiers: []MineralsTier{}, Suppliers: []MineralsSupplier{}, Smelters: []MineralsSmelter{}, Contradictions: []Contradiction{}}
	g := in.Graph
	f, dist, order, ok := chainMembers(g, in.Focal, in.MaxDepth)
	if !ok {
		rep.ResponseRate = ResponseNone
		return rep, nil
	}
	defer putDist(dist, f, order)

	inForce := func(id string) *domain.Declaration {
		d := domain.InForce(in.Declarations(id), template, in.AsOf)
		if d == nil || !d.Covers(in.Metal) {
			return nil
		}
		return d
	}
	state := func(d *domain.Declaration) DeclarationState {
		switch {
		case d == nil:
			return DeclarationNone
		case in.AsOf < d.Effective.AddDays(in.ValidDays):
			return DeclarationCurrent
		}
		return DeclarationStale
	}
	company := func(v int32) (domain.Company, error) {
		c, ok := g.company(in.Companies, v)
		if !ok {
			return c, domain.Errorf(domain.Internal, "analysis: company %q of the chain is missing from the input", g.ids[v])
		}
		return c, nil
	}

	// 1. response rate per tier; the smelters of the disclosed chain
	smelters := map[string]*MineralsSmelter{}
	tierIndex := map[int]int{}
	declarers := []int32{f}
	for i, v := range order {
		if i%4096 == 0 {
			if err := checkCtx(ctx, "mineralsReport"); err != nil {
				return nil, err
			}
		}
		c, err := company(v)
		if err != nil {
			return nil, err
		}
		tier := int(dist[v])
		if c.Kind == domain.KindSmelter && c.Metal == in.Metal {
			smelters[c.ID] = &MineralsSmelter{Company: c, Disclosed: true, Tier: tier}
		}
		if !relevant(c) {
			continue
		}
		d := inForce(c.ID)
		st := state(d)
		rep.Suppliers = append(rep.Suppliers, MineralsSupplier{CompanyID: c.ID, Tier: tier, State: st, Declaration: d})
		if d != nil {
			declarers = append(declarers, v)
		}
		k, ok := tierIndex[tier]
		if !ok {
			k = len(rep.Tiers)
			tierIndex[tier] = k
			rep.Tiers = append(rep.Tiers, MineralsTier{Tier: tier})
		}
		t := &rep.Tiers[k]
		t.Companies++
		switch st {
		case DeclarationCurrent:
			t.Current++
		case DeclarationStale:
			t.Stale++
		default:
			t.None++
		}
	}
	for i := range rep.Tiers {
		t := &rep.Tiers[i]
		t.Rate = float64(t.Current) / float64(t.Companies)
	}
	rep.ResponseRate = ResponseNone
	if len(rep.Tiers) > 0 && rep.Tiers[0].Tier == 1 {
		rep.ResponseRate = BucketOf(rep.Tiers[0].Current, rep.Tiers[0].Companies)
		rep.AllIdentified = true
		for _, s := range rep.Suppliers {
			if s.Tier != 1 {
				break
			}
			c, _ := in.Companies.Company(s.CompanyID)
			if s.State != DeclarationCurrent || c.Disclosure != domain.DisclosureComplete {
				rep.AllIdentified = false
			}
		}
	}

	// 2. the smelters the chain's declarations name
	for _, s := range rep.Suppliers {
		if s.Declaration == nil {
			continue
		}
		for _, id := range s.Declaration.Names(in.Metal) {
			sm := smelters[id]
			if sm == nil {
				c, ok := in.Companies.Company(id)
				if !ok {
					return nil, domain.Errorf(domain.Internal, "analysis: smelter %q named by %s is missing from the input", id, s.Declaration.ID)
				}
				sm = &MineralsSmelter{Company: c}
				smelters[id] = sm
			}
			sm.NamedBy = append(sm.NamedBy, s.CompanyID)
		}
	}
	conformant := 0
	for _, sm := range smelters {
		sm.RMAPStatus = sm.Company.RMAPStatusAt(in.AsOf)
		if sm.RMAPStatus == domain.RMAPConformant {
			conformant++
		}
		slices.Sort(sm.NamedBy)
		rep.Smelters = append(rep.Smelters, *sm)
	}
	slices.SortFunc(rep.Smelters, func(a, b MineralsSmelter) int { return cmp.Compare(a.Company.ID, b.Company.ID) })
	if len(rep.Smelters) > 0 {
		share := float64(conformant) / float64(len(rep.Smelters))
		rep.ConformantShare = &share
	}

	// 3. contradictions
	for _, dv := range declarers {
		if err := checkCtx(ctx, "mineralsReport"); err != nil {
			return nil, err
		}
		did := g.ids[dv]
		d := inForce(did)
		if d == nil {
			continue
		}
		names := d.Names(in.Metal)
		for p := g.inStart[dv]; p < g.inStart[dv+1]; p++ {
			sv := g.inFrom[p]
			if g.outDecl != nil && g.declared(sv, dv) {
				continue // a disclosed supplier only (the graph has none declared)
			}
			sc, err := company(sv)
			if err != nil {
				return nil, err
			}
			if !relevant(sc) {
				continue
			}
			sd := inForce(sc.ID)
			st := state(sd)
			if d.AnswersAllResponded(in.Metal) && st != DeclarationCurrent {
				rep.Contradictions = append(rep.Contradictions, Contradiction{DeclarerID: did, Kind: ContradictionResponseRate, SupplierID: sc.ID})
			}
			if d.AnswersAllIdentified(in.Metal) && (st != DeclarationCurrent || sc.Disclosure != domain.DisclosureComplete) {
				rep.Contradictions = append(rep.Contradictions, Contradiction{DeclarerID: did, Kind: ContradictionSmeltersIdentified, SupplierID: sc.ID})
			}
			if sd != nil {
				for _, x := range sd.Names(in.Metal) {
					if !slices.Contains(names, x) {
						rep.Contradictions = append(rep.Contradictions, Contradiction{DeclarerID: did, Kind: ContradictionSmelterMissing, SupplierID: sc.ID, SmelterID: x})
					}
				}
			}
		}
	}
	slices.SortFunc(rep.Contradictions, func(a, b Contradiction) int {
		if c := cmp.Compare(a.DeclarerID, b.DeclarerID); c != 0 {
			return c
		}
		if c := cmp.Compare(contradictionOrder[a.Kind], contradictionOrder[b.Kind]); c != 0 {
			return c
		}
		if c := cmp.Compare(a.SupplierID, b.SupplierID); c != 0 {
			return c
		}
		return cmp.Compare(a.SmelterID, b.SmelterID)
	})
	return rep, nil
}
