package dataset

import (
	"github.com/supplygraph/supplygraph/internal/domain"
)

type linkKey struct{ supplier, customer, material string }
type acceptKey struct{ code, accepted string }
type requestKey struct{ requester, supplier, code string }
type ackKey struct {
	company, code string
	edition       int
	date          domain.Date
}

// keyed remembers, per file, the index of the record that holds each key.
type keyed struct {
	links    map[linkKey]int
	accepts  map[acceptKey]int
	requests map[requestKey]int
	acks     map[ackKey]int
	findings map[string]int
}

func upsert[K comparable, T any](index map[K]int, list *[]T, key K, v T) {
	if i, ok := index[key]; ok {
		(*list)[i] = v
		return
	}
	index[key] = len(*list)
	*list = append(*list, v)
}

func (p *parser) keys() *keyed {
	if p.k == nil {
		p.k = &keyed{links: map[linkKey]int{}, accepts: map[acceptKey]int{}, requests: map[requestKey]int{},
			acks: map[ackKey]int{}, findings: map[string]int{}}
	}
	return p.k
}

func (p *parser) define(id string, r *row) {
	if _, ok := p.d.defined[id]; !ok {
		p.d.defined[id] = location{r.file, r.line, "id"}
	}
}

func (p *parser) parseRow(r *row) {
	d := p.d
	switch r.file {
	case CompaniesFile:
		c := domain.Company{
			ID:         r.id("id", true),
			Name:       r.str("name", true),
			Kind:       enum(r, "kind", false, domain.KindSupplier, domain.CompanyKinds),
			Country:    r.country("country"),
			Disclosure: enum(r, "disclosure", false, domain.DisclosureNone, domain.Disclosures),
			Metal:      r.get("metal"),
			RMIID:      r.get("rmi_id"),
		}
		if c.Kind == domain.KindSmelter {
			c.RMAPStatus = enum(r, "rmap_status", false, domain.RMAPNotEnrolled, domain.RMAPStatuses)
		} else if v := r.get("rmap_status"); v != "" {
			r.fail("rmap_status", "only companies of kind SMELTER have an RMAP status (kind is %s)", c.Kind)
		}
		if r.bad {
			return
		}
		if _, isFacility := p.facilities[c.ID]; isFacility {
			r.fail("id", "id %q is also a facility id (companies and facilities share one id space)", c.ID)
			return
		}
		p.define(c.ID, r)
		upsert(p.companies, &d.Companies, c.ID, c)
	case FacilitiesFile:
		f := domain.Facility{
			ID:        r.id("id", true),
			CompanyID: r.ref("company_id", RefCompany, true),
			Name:      r.str("name", true),
			Country:   r.country("country"),
			Type:      r.get("type"),
		}
		if r.bad {
			return
		}
		if _, isCompany := p.companies[f.ID]; isCompany {
			r.fail("id", "id %q is also a company id (companies and facilities share one id space)", f.ID)
			return
		}
		p.define(f.ID, r)
		upsert(p.facilities, &d.Facilities, f.ID, f)
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
		upsert(p.codes, &d.Codes, c.ID, c)
	case CodeAcceptsFile:
		a := domain.CodeAccept{CodeID: r.ref("code_id", RefCode, true), AcceptedCodeID: r.ref("accepted_code_id", RefCode, true)}
		if r.bad {
			return
		}
		upsert(p.keys().accepts, &d.CodeAccepts, acceptKey{a.CodeID, a.AcceptedCodeID}, a)
	case SupplyLinksFile:
		l := domain.SupplyLink{
			SupplierID: r.ref("supplier_id", RefCompany, true),
			CustomerID: r.ref("customer_id", RefCompany, true),
			Material:   r.get("material"),
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
		upsert(p.keys().links, &d.SupplyLinks, linkKey{l.SupplierID, l.CustomerID, l.Material}, l)
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
		upsert(p.keys().requests, &d.Requests, requestKey{q.RequesterID, q.SupplierID, q.CodeID}, q)
	case AcknowledgmentsFile:
		a := domain.Acknowledgment{
			CompanyID: r.ref("company_id", RefCompany, true),
			CodeID:    r.ref("code_id", RefCode, true),
			Signatory: r.get("signatory"),
		}
		edition := r.integer("edition", true, 1, maxInt)
		date := r.date("date", true)
		if r.bad {
			return
		}
		a.Edition, a.Date = *edition, *date
		upsert(p.keys().acks, &d.Acknowledgments, ackKey{a.CompanyID, a.CodeID, a.Edition, a.Date}, a)
	case FindingsFile:
		f := domain.Finding{
			ID:          r.id("id", true),
			SubjectID:   r.ref("subject_id", RefSubject, true),
			Category:    enum(r, "category", true, "", domain.RiskCategories),
			Status:      enum(r, "status", false, domain.FindingOpen, domain.FindingStatuses),
			Source:      enum(r, "source", false, domain.SourceOther, domain.FindingSources),
			Closed:      r.date("closed", false),
			Description: r.get("description"),
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
		upsert(p.keys().findings, &d.Findings, f.ID, f)
	}
}

const maxInt = 1<<31 - 1

// finish checks the references collected while reading: ids the dataset
// defines are fine, a company reference to a facility (or the reverse) is an
// error, and the rest are left for Check to resolve against the store.
func (p *parser) finish() {
	d := p.d
	for _, ref := range p.pending {
		_, isCompany := p.companies[ref.id]
		_, isFacility := p.facilities[ref.id]
		_, isCode := p.codes[ref.id]
		switch ref.kind {
		case RefCompany:
			if isCompany {
				continue
			}
			if isFacility {
				d.report.Add(ref.loc.file, ref.loc.line, ref.loc.column, "%q is a facility, not a company", ref.id)
				continue
			}
		case RefCode:
			if isCode {
				continue
			}
		case RefSubject:
			if isCompany || isFacility {
				continue
			}
		}
		m := d.refs[ref.kind]
		if m == nil {
			m = map[string]location{}
			d.refs[ref.kind] = m
		}
		if _, ok := m[ref.id]; !ok {
			m[ref.id] = ref.loc
		}
	}
	p.pending = nil
}
