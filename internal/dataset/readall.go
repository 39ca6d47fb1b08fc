package dataset

import (
	"context"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// Data is a whole dataset in memory: every file's records in file order,
// repeated keys included (see Key). For tests, tools and small datasets
// (the loader streams instead).
type Data struct {
	*Summary
	Companies       []domain.Company
	Facilities      []domain.Facility
	Codes           []domain.Code
	CodeAccepts     []domain.CodeAccept
	SupplyLinks     []domain.SupplyLink
	Requests        []domain.Request
	Acknowledgments []domain.Acknowledgment
	Findings        []domain.Finding
	Clauses         []domain.Clause
	Crosswalk       []domain.ClauseEquivalence
	FindingClauses  []domain.FindingClause
	Actions         []domain.Action
}

// ReadAll validates src as a load into an empty database would (every
// reference must be in the dataset; see Validate) and reads every record.
func ReadAll(ctx context.Context, src Source) (*Data, error) {
	sum, err := Validate(ctx, src, nil)
	if err != nil {
		return nil, err
	}
	d := &Data{Summary: sum}
	for _, f := range sum.Files {
		err := Records(ctx, src, f, func(rec any) error {
			switch r := rec.(type) {
			case domain.Company:
				d.Companies = append(d.Companies, r)
			case domain.Facility:
				d.Facilities = append(d.Facilities, r)
			case domain.Code:
				d.Codes = append(d.Codes, r)
			case domain.CodeAccept:
				d.CodeAccepts = append(d.CodeAccepts, r)
			case domain.SupplyLink:
				d.SupplyLinks = append(d.SupplyLinks, r)
			case domain.Request:
				d.Requests = append(d.Requests, r)
			case domain.Acknowledgment:
				d.Acknowledgments = append(d.Acknowledgments, r)
			case domain.Finding:
				d.Findings = append(d.Findings, r)
			case domain.Clause:
				d.Clauses = append(d.Clauses, r)
			case domain.ClauseEquivalence:
				d.Crosswalk = append(d.Crosswalk, r)
			case domain.FindingClause:
				d.FindingClauses = append(d.FindingClauses, r)
			case domain.Action:
				d.Actions = append(d.Actions, r)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return d, nil
}

// CompanyByID maps the companies by id (the last row of an id wins).
func (d *Data) CompanyByID() map[string]domain.Company {
	out := make(map[string]domain.Company, len(d.Companies))
	for _, c := range d.Companies {
		out[c.ID] = c
	}
	return out
}
