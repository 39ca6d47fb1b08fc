package domain

// CompanyKind is the kind of a company.
type CompanyKind string

// Company kinds.
const (
	KindBuyer    CompanyKind = "BUYER"
	KindSupplier CompanyKind = "SUPPLIER"
	KindSmelter  CompanyKind = "SMELTER"
	KindMine     CompanyKind = "MINE"
)

// CompanyKinds lists every kind.
var CompanyKinds = []CompanyKind{KindBuyer, KindSupplier, KindSmelter, KindMine}

// Disclosure says how completely a company has disclosed its own suppliers.
type Disclosure string

// Disclosure levels.
const (
	DisclosureComplete Disclosure = "COMPLETE"
	DisclosurePartial  Disclosure = "PARTIAL"
	DisclosureNone     Disclosure = "NONE"
)

// Disclosures lists every disclosure level.
var Disclosures = []Disclosure{DisclosureComplete, DisclosurePartial, DisclosureNone}

// RMAPStatus is a smelter's status in RMI's Responsible Minerals Assurance Process.
type RMAPStatus string

// RMAP statuses.
const (
	RMAPConformant    RMAPStatus = "CONFORMANT"
	RMAPActive        RMAPStatus = "ACTIVE"
	RMAPNonConformant RMAPStatus = "NON_CONFORMANT"
	RMAPNotEnrolled   RMAPStatus = "NOT_ENROLLED"
)

// RMAPStatuses lists every RMAP status.
var RMAPStatuses = []RMAPStatus{RMAPConformant, RMAPActive, RMAPNonConformant, RMAPNotEnrolled}

// RiskCategory is the category of a finding.
type RiskCategory string

// Risk categories.
const (
	HumanRights         RiskCategory = "HUMAN_RIGHTS"
	HealthSafety        RiskCategory = "HEALTH_SAFETY"
	Environment         RiskCategory = "ENVIRONMENT"
	Ethics              RiskCategory = "ETHICS"
	QualitySafety       RiskCategory = "QUALITY_SAFETY"
	InformationSecurity RiskCategory = "INFORMATION_SECURITY"
	ResponsibleMinerals RiskCategory = "RESPONSIBLE_MINERALS"
	BusinessContinuity  RiskCategory = "BUSINESS_CONTINUITY"
)

// RiskCategories lists every risk category.
var RiskCategories = []RiskCategory{HumanRights, HealthSafety, Environment, Ethics,
	QualitySafety, InformationSecurity, ResponsibleMinerals, BusinessContinuity}

// FindingStatus is the state of a finding.
type FindingStatus string

// Finding statuses.
const (
	FindingOpen        FindingStatus = "OPEN"
	FindingRemediating FindingStatus = "REMEDIATING"
	FindingClosed      FindingStatus = "CLOSED"
)

// FindingStatuses lists every finding status.
var FindingStatuses = []FindingStatus{FindingOpen, FindingRemediating, FindingClosed}

// FindingSource is where a finding came from.
type FindingSource string

// Finding sources.
const (
	SourceSAQ       FindingSource = "SAQ"
	SourceAudit     FindingSource = "AUDIT"
	SourceGrievance FindingSource = "GRIEVANCE"
	SourceMedia     FindingSource = "MEDIA"
	SourceRMAP      FindingSource = "RMAP"
	SourceOther     FindingSource = "OTHER"
)

// FindingSources lists every finding source.
var FindingSources = []FindingSource{SourceSAQ, SourceAudit, SourceGrievance, SourceMedia, SourceRMAP, SourceOther}

// AckStatus is a company's acknowledgment status for a code at a date.
type AckStatus string

// Acknowledgment statuses.
const (
	StatusCovered      AckStatus = "COVERED"
	StatusStale        AckStatus = "STALE"
	StatusPending      AckStatus = "PENDING"
	StatusNotRequested AckStatus = "NOT_REQUESTED"
)

// Company is a buyer, supplier, smelter or mine.
type Company struct {
	ID         string
	Name       string
	Kind       CompanyKind
	Country    string // ISO 3166-1 alpha-2, or empty
	Disclosure Disclosure
	Metal      string     // smelters
	RMIID      string     // smelters
	RMAPStatus RMAPStatus // smelters: the undated status (before any publication); empty for other kinds
	// RMAPHistory is the smelter's dated statuses, by date (see RMAPStatusAt).
	RMAPHistory []RMAPAt
}

// orNil is s, or nil when s is empty (an optional text left out).
func orNil[T ~string](s *T) *T {
	if *s == "" {
		return nil
	}
	return s
}

// The *OrNil methods read an optional field as the API shows it: nil when
// it is empty. They return a pointer into the receiver (no copy), so they
// take a pointer.

// CountryOrNil is Country, or nil when it is empty.
func (c *Company) CountryOrNil() *string { return orNil(&c.Country) }

// MetalOrNil is Metal, or nil when it is empty.
func (c *Company) MetalOrNil() *string { return orNil(&c.Metal) }

// RMIIDOrNil is RMIID, or nil when it is empty.
func (c *Company) RMIIDOrNil() *string { return orNil(&c.RMIID) }

// RMAPStatusOrNil is the status at asOf (nil: today), or nil when it is
// empty (not a smelter).
func (c *Company) RMAPStatusOrNil(asOf *Date) *RMAPStatus {
	if len(c.RMAPHistory) == 0 {
		return orNil(&c.RMAPStatus)
	}
	t := Today()
	if asOf != nil {
		t = *asOf
	}
	st := c.RMAPStatusAt(t)
	return orNil(&st)
}

// Facility is a site operated by a company.
type Facility struct {
	ID        string
	CompanyID string
	Name      string
	Country   string
	Type      string
}

// CountryOrNil is Country, or nil when it is empty.
func (f *Facility) CountryOrNil() *string { return orNil(&f.Country) }

// TypeOrNil is Type, or nil when it is empty.
func (f *Facility) TypeOrNil() *string { return orNil(&f.Type) }

// SupplyLink says that Supplier supplies Material to Customer. Its key is
// (SupplierID, CustomerID, Material); an empty material is a value of its own.
type SupplyLink struct {
	SupplierID string
	CustomerID string
	Material   string
	Since      *Date
	Until      *Date
	Share      *float64 // 0 < share <= 1; nil counts as 1
	// Declared marks an edge of a declaration in force, not a disclosed
	// link: smelter SupplierID is named by CustomerID's declaration
	// (analysis of risk and impact only; never stored as a link).
	Declared bool
	// ProposedBy is the id of the supplier-scoped key that created the link,
	// until a key without a scope (or a load) writes or confirms it; empty:
	// confirmed. Proposed links count in every analysis, but never widen
	// a scoped key's view (see internal/auth).
	ProposedBy string
}

// LinkKey identifies a supply link.
type LinkKey struct {
	SupplierID, CustomerID, Material string
}

// Proposed reports whether a supplier-scoped key created the link and no
// key without a scope has confirmed it yet.
func (l SupplyLink) Proposed() bool { return l.ProposedBy != "" }

// ProposedByKey is ProposedBy, or nil once the link is confirmed.
func (l SupplyLink) ProposedByKey() *string {
	if l.ProposedBy == "" {
		return nil
	}
	return &l.ProposedBy
}

// Code is a supplier code of conduct.
type Code struct {
	ID         string
	IssuerID   string // empty for industry codes
	Title      string
	Edition    int
	Issued     Date
	MinEdition int  // oldest edition still accepted
	ValidDays  *int // nil: acknowledgments never expire
}

// CodeAccept says that Code accepts acknowledgments of AcceptedCode as equivalent.
type CodeAccept struct {
	CodeID         string
	AcceptedCodeID string
}

// Request says that Requester asked Supplier to acknowledge Code on Date.
type Request struct {
	RequesterID string
	SupplierID  string
	CodeID      string
	Date        Date
}

// Acknowledgment is a company's acknowledgment of an edition of a code.
type Acknowledgment struct {
	CompanyID string
	CodeID    string
	Edition   int
	Date      Date
	Signatory string
}

// Finding is a risk found at a company or facility.
type Finding struct {
	ID          string
	SubjectID   string // a company or facility id
	Category    RiskCategory
	Severity    int
	Likelihood  int
	Status      FindingStatus
	Source      FindingSource
	Detected    Date
	Closed      *Date
	Description string

	// Read with the finding, not columns of findings.csv (they have files
	// of their own): the clauses it cites, sorted, and the corrective
	// actions that address it, by opened date then id.
	Clauses []ClauseKey
	Actions []Action
}

// Base is Severity x Likelihood, 1 to 25.
func (f *Finding) Base() int { return f.Severity * f.Likelihood }

// DescriptionOrNil is Description, or nil when it is empty.
func (f *Finding) DescriptionOrNil() *string { return orNil(&f.Description) }

// IsCurrent reports whether an acknowledgment a of code k is current at t:
// its edition is still accepted and it has not expired. (Whether a is dated
// on or before t is the caller's concern.)
func (k Code) IsCurrent(a Acknowledgment, t Date) bool {
	if a.Edition < k.MinEdition {
		return false
	}
	return k.ValidDays == nil || t < a.Date.AddDays(*k.ValidDays)
}
