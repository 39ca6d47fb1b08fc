package domain

import (
	"slices"
	"sort"
	"strings"
)

// Template is an RMI reporting template.
type Template string

// Templates.
const (
	TemplateCMRT Template = "CMRT" // Conflict Minerals Reporting Template: tin, tantalum, tungsten, gold
	TemplateEMRT Template = "EMRT" // Extended Minerals Reporting Template: cobalt, mica (2.x: and more)
)

// Templates lists every template.
var Templates = []Template{TemplateCMRT, TemplateEMRT}

// Metals of the templates, as declarations and smelters name them.
var (
	CMRTMetals  = []string{"TIN", "TANTALUM", "TUNGSTEN", "GOLD"}
	EMRT1Metals = []string{"COBALT", "MICA"}
	EMRT2Metals = []string{"COBALT", "MICA", "COPPER", "GRAPHITE", "LITHIUM", "NICKEL"}
	// AllMetals is every metal a template covers.
	AllMetals = []string{"TIN", "TANTALUM", "TUNGSTEN", "GOLD", "COBALT", "MICA", "COPPER", "GRAPHITE", "LITHIUM", "NICKEL"}
)

// TemplateMetals returns the metals a template of a version covers: an
// EMRT before 2.0 covers cobalt and mica only.
func TemplateMetals(t Template, version string) []string {
	switch t {
	case TemplateCMRT:
		return CMRTMetals
	case TemplateEMRT:
		if v := strings.TrimSpace(version); v != "" && v[0] == '1' {
			return EMRT1Metals
		}
		return EMRT2Metals
	}
	return nil
}

// TemplateFor returns the template that covers metal.
func TemplateFor(metal string) (Template, bool) {
	switch {
	case slices.Contains(CMRTMetals, metal):
		return TemplateCMRT, true
	case slices.Contains(EMRT2Metals, metal):
		return TemplateEMRT, true
	}
	return "", false
}

// DeclarationScope is what a declaration covers.
type DeclarationScope string

// Declaration scopes.
const (
	ScopeCompany     DeclarationScope = "COMPANY"
	ScopeProduct     DeclarationScope = "PRODUCT"
	ScopeUserDefined DeclarationScope = "USER_DEFINED"
)

// Answer is one answer of a declaration: to a per-metal question (Metal
// set) or to a company-level one (Metal empty).
type Answer struct {
	Metal    string
	Number   string // as the template numbers it: "1" to "7", "A" to "H"
	Question string // as the workbook words it
	Value    string // as written
}

// NamedSmelter is a smelter a declaration names for a metal.
type NamedSmelter struct {
	Metal     string
	SmelterID string
}

// Declaration is one CMRT or EMRT workbook of a company. Its key is
// (DeclarerID, Template, Effective); ID spells it.
type Declaration struct {
	ID          string
	DeclarerID  string
	Template    Template
	Version     string
	Scope       DeclarationScope // empty when the workbook does not say
	ScopeText   string
	Effective   Date
	CompanyName string // as the workbook writes it
	File        string
	Answers     []Answer       // in workbook order
	Smelters    []NamedSmelter // by metal, then smelter id
}

// DeclarationID is the id of the declaration of declarer, template and effective date.
func DeclarationID(declarer string, t Template, effective Date) string {
	return declarer + ":" + string(t) + ":" + effective.String()
}

// Covers reports whether the declaration's template covers metal.
func (d *Declaration) Covers(metal string) bool {
	return slices.Contains(TemplateMetals(d.Template, d.Version), metal)
}

// Names returns the smelters the declaration names for metal, by id.
func (d *Declaration) Names(metal string) []string {
	var out []string
	for _, s := range d.Smelters {
		if s.Metal == metal {
			out = append(out, s.SmelterID)
		}
	}
	return out
}

// answer returns the answer for metal to the first question that is.
func (d *Declaration) answer(metal string, is func(q string) bool) string {
	for _, a := range d.Answers {
		if a.Metal == metal && is(a.Question) {
			return a.Value
		}
	}
	return ""
}

// normalizeAnswer lower-cases an answer and drops its spaces.
func normalizeAnswer(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), ""))
}

// IsResponseRateQuestion reports whether a per-metal question is the
// templates' "What percentage of relevant suppliers have provided a
// response to your supply chain survey?".
func IsResponseRateQuestion(q string) bool {
	return strings.Contains(strings.ToLower(q), "percentage of relevant suppliers")
}

// IsAllIdentifiedQuestion reports whether a per-metal question is "Have you
// identified all of the smelters (processors) supplying ... ?".
func IsAllIdentifiedQuestion(q string) bool {
	l := strings.ToLower(q)
	return strings.Contains(l, "identified all of the smelters") || strings.Contains(l, "identified all of the processors") ||
		strings.Contains(l, "identified all the smelters")
}

// AnswersAllResponded reports whether the declaration answered 100% to the
// response-rate question for metal.
func (d *Declaration) AnswersAllResponded(metal string) bool {
	return normalizeAnswer(d.answer(metal, IsResponseRateQuestion)) == "100%"
}

// AnswersAllIdentified reports whether the declaration answered Yes to the
// all-smelters-identified question for metal.
func (d *Declaration) AnswersAllIdentified(metal string) bool {
	return normalizeAnswer(d.answer(metal, IsAllIdentifiedQuestion)) == "yes"
}

// ScopeOrNil is Scope, or nil when the workbook does not say.
func (d *Declaration) ScopeOrNil() *DeclarationScope { return orNil(&d.Scope) }

// ScopeTextOrNil is ScopeText, or nil when empty.
func (d *Declaration) ScopeTextOrNil() *string { return orNil(&d.ScopeText) }

// VersionOrNil is Version, or nil when unknown.
func (d *Declaration) VersionOrNil() *string { return orNil(&d.Version) }

// MetalOrNil is Metal, or nil for a company-level answer.
func (a *Answer) MetalOrNil() *string { return orNil(&a.Metal) }

// InForce returns, among decls (of one declarer), the declaration of
// template t in force at asOf: the latest whose effective date is on or
// before asOf; nil if none.
func InForce(decls []Declaration, t Template, asOf Date) *Declaration {
	var best *Declaration
	for i := range decls {
		d := &decls[i]
		if d.Template == t && d.Effective <= asOf && (best == nil || d.Effective > best.Effective) {
			best = d
		}
	}
	return best
}

// SortDeclarations orders declarations by template, then effective date.
func SortDeclarations(ds []Declaration) {
	sort.Slice(ds, func(i, j int) bool {
		if ds[i].Template != ds[j].Template {
			return ds[i].Template < ds[j].Template
		}
		return ds[i].Effective < ds[j].Effective
	})
}

// RMAPAt is an RMAP status published on a date.
type RMAPAt struct {
	Date   Date
	Status RMAPStatus
}

// RMAPStatusAt returns the smelter's status at asOf: the latest published
// on or before asOf (RMAPHistory is sorted by date), else the undated
// RMAPStatus.
func (c *Company) RMAPStatusAt(asOf Date) RMAPStatus {
	st := c.RMAPStatus
	for _, h := range c.RMAPHistory {
		if h.Date > asOf {
			break
		}
		st = h.Status
	}
	return st
}

// LatestRMAPStatus is the status of the latest publication, else the
// undated status: what the smelter's status is from then on.
func (c *Company) LatestRMAPStatus() RMAPStatus {
	if n := len(c.RMAPHistory); n > 0 {
		return c.RMAPHistory[n-1].Status
	}
	return c.RMAPStatus
}
