package dataset

import (
	"fmt"
	"sort"

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
// dataset is known by then. The others are kept for checkStore, unless the
// file that would define them could not be read: then the row is counted
// as not checked.
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
	case RefClause:
		if _, ok := p.clauses[id]; ok {
			return
		}
	case RefFinding:
		if _, ok := p.findings[id]; ok {
			return
		}
	}
	if broken := p.definingBroken(kind); broken != "" {
		p.notChecked(r, kind, broken)
		return
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

// definingBroken returns the file that defines ids of kind if it could
// not be read, else "".
func (p *parser) definingBroken(kind RefKind) string {
	switch {
	case kind == RefClause && p.broken[ClausesFile]:
		return ClausesFile
	case kind == RefFinding && p.broken[FindingsFile]:
		return FindingsFile
	case kind == RefClause || kind == RefFinding:
		return ""
	case kind == RefCode && p.broken[CodesFile]:
		return CodesFile
	case kind != RefCode && p.broken[CompaniesFile]:
		return CompaniesFile
	case kind == RefSubject && p.broken[FacilitiesFile]:
		return FacilitiesFile
	}
	return ""
}

// uncheckedKey is a file whose references of a kind were not checked
// because broken could not be read.
type uncheckedKey struct {
	file, broken string
	kind         RefKind
}

type uncheckedRows struct{ rows, lastLine int }

func (p *parser) notChecked(r *row, kind RefKind, broken string) {
	k := uncheckedKey{r.file, broken, kind}
	if u := p.unchecked[k]; u.lastLine != r.line { // a row may name several ids of one kind
		p.unchecked[k] = uncheckedRows{u.rows + 1, r.line}
	}
}

// warnUnchecked says once per file and kind how many rows' references were
// not checked, and why.
func (p *parser) warnUnchecked() {
	keys := make([]uncheckedKey, 0, len(p.unchecked))
	for k := range p.unchecked {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.file != b.file {
			return fileOrder(a.file) < fileOrder(b.file)
		}
		return fileOrder(a.broken) < fileOrder(b.broken)
	})
	for _, k := range keys {
		what := map[RefKind]string{RefCompany: "companies", RefCode: "codes", RefSubject: "companies or facilities",
			RefClause: "clauses", RefFinding: "findings"}[k.kind]
		n := p.unchecked[k].rows
		msg := fmt.Sprintf("%d rows reference %s and were not checked", n, what)
		if n == 1 {
			msg = fmt.Sprintf("1 row references %s and was not checked", what)
		}
		p.warnings.Add(k.file, 0, "", "%s because %s could not be read", msg, k.broken)
	}
}

// out hands a valid record to emit or, when validating, warns when its key
// repeats an earlier row's.
func (p *parser) out(r *row, rec any) {
	if p.emit == nil {
		p.checkKey(r, rec)
		return
	}
	if p.emitErr == nil {
		p.emitErr = p.emit(rec)
	}
}

// checkKey warns when rec's key was on an earlier line of its file. The
// keys are kept as 96-bit hashes of their values (two hashes with their own
// random seeds, one cut to 32 bits), 12 bytes however long the key: the map
// of a million-row file stays small, and two different keys of one file
// share a hash with a chance of about rows²/2⁹⁷.
func (p *parser) checkKey(r *row, rec any) {
	_, values, n := keyOf(rec)
	var sums [2]uint64
	for i := range sums {
		p.hash[i].Reset()
		for _, v := range values[:n] {
			p.hash[i].WriteString(v)
			// Ids, dates and numbers hold no NUL, and a key's one text
			// value (a link's material) comes last: values cannot run
			// into each other.
			p.hash[i].WriteByte(0)
		}
		sums[i] = p.hash[i].Sum64()
	}
	h := [3]uint32{uint32(sums[0]), uint32(sums[0] >> 32), uint32(sums[1])}
	if earlier, ok := p.keys[h]; ok {
		p.repeated[r.file]++
		p.warnings.Add(r.file, r.line, KeyColumn(r.file), "same %s as line %d: this later row replaces it", Key(rec), earlier)
	}
	p.keys[h] = int32(r.line)
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
		p.out(r, c)
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
		p.out(r, f)
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
		p.out(r, c)
	case CodeAcceptsFile:
		a := domain.CodeAccept{CodeID: r.ref("code_id", RefCode, true), AcceptedCodeID: r.ref("accepted_code_id", RefCode, true)}
		if r.bad {
			return
		}
		p.out(r, a)
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
		p.out(r, l)
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
		p.out(r, q)
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
		p.out(r, a)
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
		if f.ID != "" {
			p.define(p.findings, f.ID, r)
		}
		if r.bad {
			return
		}
		f.Severity, f.Likelihood, f.Detected = *severity, *likelihood, *detected
		if f.Closed != nil && *f.Closed < f.Detected {
			r.fail("closed", "closed %s is before detected %s", f.Closed, f.Detected)
			return
		}
		p.out(r, f)
	default:
		p.parseRemedyRow(r)
	}
}

const maxInt = 1<<31 - 1
