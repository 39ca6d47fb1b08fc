package domain

// What the store is asked for, beside the records themselves.

// CompanyFilter selects companies. Search matches a case-insensitive prefix
// of the name or of the id.
type CompanyFilter struct {
	Search  string
	Kind    CompanyKind
	Country string
	// Visible, when not nil, restricts the answer (and its total) to these ids.
	Visible []string
}

// CompanyPage is one page of companies ordered by id.
type CompanyPage struct {
	Items       []Company
	Total       int
	HasNextPage bool
}

// Direction says which side of a supply link or request to follow.
type Direction int

// Directions.
const (
	Upstream   Direction = iota // suppliers; requests received
	Downstream                  // customers; requests made
)

// Partner is a supplier or customer with the links to it.
type Partner struct {
	Company Company
	Links   []SupplyLink
}

// PartnerPage is one page of partners ordered by id, for one company.
type PartnerPage struct {
	// Of is the company whose partners these are, read with the page (nil
	// in the zero page that stands for a company not found).
	Of          *Company
	Items       []Partner
	Total       int
	HasNextPage bool
}

// PartnerQuery asks for one page of partners of many companies.
type PartnerQuery struct {
	Direction Direction
	AsOf      *Date // only links active at this date; nil: all links
	After     string
	First     int
	// Visible, when not nil, restricts the partners (and their total) to these ids.
	Visible []string
}
