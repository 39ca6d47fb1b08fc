package graph

import (
	"github.com/supplygraph/supplygraph/graph/model"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
)

// Converters from mutation inputs to dataset records. A field left out is
// left empty, so that the dataset's defaults apply exactly as for a CSV row.

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func companyRecords(in []model.CompanyInput) []any {
	out := make([]any, len(in))
	for i, c := range in {
		out[i] = domain.Company{ID: c.ID, Name: c.Name, Kind: deref(c.Kind), Country: deref(c.Country),
			Disclosure: deref(c.Disclosure), Metal: deref(c.Metal), RMIID: deref(c.RmiID), RMAPStatus: deref(c.RmapStatus)}
	}
	return out
}

func facilityRecords(in []model.FacilityInput) []any {
	out := make([]any, len(in))
	for i, f := range in {
		out[i] = domain.Facility{ID: f.ID, CompanyID: f.CompanyID, Name: f.Name, Country: deref(f.Country), Type: deref(f.Type)}
	}
	return out
}

// codeParts returns the codes and, as a second part, their acceptances.
func codeParts(in []model.CodeInput) []explorer.Part {
	codes := explorer.Part{File: dataset.CodesFile}
	accepts := explorer.Part{File: dataset.CodeAcceptsFile, Field: "accepts"}
	for i, c := range in {
		codes.Records = append(codes.Records, domain.Code{ID: c.ID, IssuerID: deref(c.IssuerID), Title: c.Title,
			Edition: c.Edition, Issued: c.Issued, MinEdition: deref(c.MinEdition), ValidDays: c.ValidDays})
		for _, a := range c.Accepts {
			accepts.Records = append(accepts.Records, domain.CodeAccept{CodeID: c.ID, AcceptedCodeID: a})
			accepts.Index = append(accepts.Index, i)
		}
	}
	if len(accepts.Records) == 0 {
		return []explorer.Part{codes}
	}
	return []explorer.Part{codes, accepts}
}

func linkRecords(in []model.SupplyLinkInput) []any {
	out := make([]any, len(in))
	for i, l := range in {
		out[i] = domain.SupplyLink{SupplierID: l.SupplierID, CustomerID: l.CustomerID, Material: deref(l.Material),
			Since: l.Since, Until: l.Until, Share: l.Share}
	}
	return out
}

func requestRecords(in []model.RequestInput) []any {
	out := make([]any, len(in))
	for i, q := range in {
		out[i] = domain.Request{RequesterID: q.RequesterID, SupplierID: q.SupplierID, CodeID: q.CodeID, Date: q.Date}
	}
	return out
}

func ackRecords(in []model.AcknowledgmentInput) []any {
	out := make([]any, len(in))
	for i, a := range in {
		out[i] = domain.Acknowledgment{CompanyID: a.CompanyID, CodeID: a.CodeID, Edition: a.Edition, Date: a.Date, Signatory: deref(a.Signatory)}
	}
	return out
}

func findingRecords(in []model.FindingInput) []any {
	out := make([]any, len(in))
	for i, f := range in {
		out[i] = domain.Finding{ID: f.ID, SubjectID: f.SubjectID, Category: f.Category, Severity: f.Severity,
			Likelihood: f.Likelihood, Status: deref(f.Status), Source: deref(f.Source), Detected: f.Detected,
			Closed: f.Closed, Description: deref(f.Description)}
	}
	return out
}

// records returns the records of one file of a change, typed.
func records[T any](ch *explorer.Change, file string) []T {
	out := make([]T, 0, len(ch.Records[file]))
	for _, r := range ch.Records[file] {
		out = append(out, r.(T))
	}
	return out
}
