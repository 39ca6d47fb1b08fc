package dataset

import (
	"github.com/supplygraph/supplygraph/internal/domain"
)

// define records an id the dataset defines (validation mode only).
func (p *parser) define(set map[string]int32, id string, r *row) {
	if p.emit != nil {
		return
	}
	if _, ok := set[id]; !ok {
		set[id] = int32(r.line)
	}
}

// resolve checks a reference against the ids the dataset defines; files
// are read in dependency order, so every id a reference may name inside the
// dataset is known by then. The others are kept for checkStore.
func (p *parser) resolve(kind RefKind, id string, loc location, r *row) {
	_, isCompany := p.companies[id]
	_, isFacility := p.facilities[id]
	switch kind {
	case RefCompany:
		if isCompany {
			return
		}
		if isFacility {
			r.fail(loc.column, "%q is a facility, not a company", id)
			return
		}
	case RefCode:
		if _, ok := p.codes[id]; ok {
			return
		}
	case RefSubject:
		if isCompany || isFacility {
			return
		}
	}
	m := p.unresolved[kind]
	if m == nil {
		m = map[string]location{}
		p.unresolved[kind] = m
	}
	if _, ok := m[id]; !ok {
		m[id] = loc
	}
}

func (p *parser) out(rec any) {
	if p.emit != nil && p.emitErr == nil {
		p.emitErr = p.emit(rec)
	}
}

func (p *parser) parseRow(r *row) {
	switch r.file {
	case CompaniesFile:
		c := domain.Company{
			ID:         r.id("id", true),
			Name:       r.str("name", true),
			Kind:       enum(r, "kind", false, domain.KindSupplier, domain.CompanyKinds),
			Country:    r.country("country"),
			Disclosure: enum(r, "disclosure", false, domain.DisclosureNone, domain.Disclosures),
			Metal:      r.text("metal", false, MaxShortText),
			RMIID:      r.text("rmi_id", false, MaxShortText),
		}
		if c.Kind == domain.KindSmelter {
			c.RMAPStatus = enum(r, "rmap_status", false, domain.RMAPNotEnrolled, domain.RMAPStatuses)
		} else if v := r.get("rmap_status"); v != "" {
			r.fail("rmap_status", "only companies of kind SMELTER have an RMAP status (kind is %s)", c.Kind)
		}
		if c.ID != "" {
			p.define(p.companies, c.ID, r) // even when another cell is bad: no follow-on "unknown company"
		}
		if r.bad {
			return
		}
		p.out(c)
	case FacilitiesFile:
		f := domain.Facility{
			ID:        r.id("id", true),
			CompanyID: r.ref("company_id", RefCompany, true),
			Name:      r.str("name", true),
			Country:   r.country("country"),
			Type:      r.text("type", false, MaxShortText),
		}
		if _, isCompany := p.companies[f.ID]; f.ID != "" && !isCompany {
			p.define(p.facilities, f.ID, r)
		}
		if r.bad {
			return
		}
		if _, isCompany := p.companies[f.ID]; isCompany {
			r.fail("id", "id %q is also a company id (companies and facilities share one id space)", f.ID)
			return
		}
		p.out(f)
	case CodesFile:
		c := domain.Code{
			ID:       r.id("id", true),
			IssuerID: r.ref("issuer_id", RefCompany, false),
			Title:    r.str("title", true),
		}
		edition := r.integer("edition", true, 1, maxInt)
		issued := r.date("issued", true)
		minEdition := r.integer("min_edition", false, 1, maxInt)
		c.ValidDays = r.integer("valid_days", false, 1, maxInt)
		if c.ID != "" {
			p.define(p.codes, c.ID, r)
		}
		if r.bad {
			return
		}
		c.Edition, c.Issued, c.MinEdition = *edition, *issued, *edition
		if minEdition != nil {
			if *minEdition > c.Edition {
				r.fail("min_edition", "min_edition %d is greater than edition %d", *minEdition, c.Edition)
				return
			}
			c.MinEdition = *minEdition
		}
		p.out(c)
	case CodeAcceptsFile:
		a := domain.CodeAccept{CodeID: r.ref("code_id", RefCode, true), AcceptedCodeID: r.ref("accepted_code_id", RefCode, true)}
		if r.bad {
			return
		}
		p.out(a)
	case SupplyLinksFile:
		l := domain.SupplyLink{
			SupplierID: r.ref("supplier_id", RefCompany, true),
			CustomerID: r.ref("customer_id", RefCompany, true),
			Material:   r.text("material", false, MaxShortText),
			Since:      r.date("since", false),
			Until:      r.date("until", false),
			Share:      r.share("share"),
		}
		if r.bad {
			return
		}
		if l.SupplierID == l.CustomerID {
			r.fail("customer_id", "supplier and customer are the same company %q", l.SupplierID)
			return
		}
		if l.Since != nil && l.Until != nil && *l.Until < *l.Since {
			r.fail("until", "until %s is before since %s", l.Until, l.Since)
			return
		}
		p.out(l)
	case RequestsFile:
		q := domain.Request{
			RequesterID: r.ref("requester_id", RefCompany, true),
			SupplierID:  r.ref("supplier_id", RefCompany, true),
			CodeID:      r.ref("code_id", RefCode, true),
		}
		date := r.date("date", true)
		if r.bad {
			return
		}
		q.Date = *date
		p.out(q)
	case AcknowledgmentsFile:
		a := domain.Acknowledgment{
			CompanyID: r.ref("company_id", RefCompany, true),
			CodeID:    r.ref("code_id", RefCode, true),
			Signatory: r.text("signatory", false, MaxName),
		}
		edition := r.integer("edition", true, 1, maxInt)
		date := r.date("date", true)
		if r.bad {
			return
		}
		a.Edition, a.Date = *edition, *date
		p.out(a)
	case FindingsFile:
		f := domain.Finding{
			ID:          r.id("id", true),
			SubjectID:   r.ref("subject_id", RefSubject, true),
			Category:    enum(r, "category", true, "", domain.RiskCategories),
			Status:      enum(r, "status", false, domain.FindingOpen, domain.FindingStatuses),
			Source:      enum(r, "source", false, domain.SourceOther, domain.FindingSources),
			Closed:      r.date("closed", false),
			Description: r.text("description", false, MaxDescription),
		}
		severity := r.integer("severity", true, 1, 5)
		likelihood := r.integer("likelihood", true, 1, 5)
		detected := r.date("detected", true)
		if r.bad {
			return
		}
		f.Severity, f.Likelihood, f.Detected = *severity, *likelihood, *detected
		if f.Closed != nil && *f.Closed < f.Detected {
			r.fail("closed", "closed %s is before detected %s", f.Closed, f.Detected)
			return
		}
		p.out(f)
	}
}

const maxInt = 1<<31 - 1
