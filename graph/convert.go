package graph

import (
	"context"

	"github.com/supplygraph/supplygraph/graph/model"
	"github.com/supplygraph/supplygraph/internal/analysis"
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

// companyIndex reads every company named in ids at once (the ids are all
// known, so there is nothing for a dataloader to batch) and returns them by
// id. An id that does not resolve is an error: analysis answers only name
// stored, visible companies.
func (r *Resolver) companyIndex(ctx context.Context, ids map[string]bool) (map[string]*domain.Company, error) {
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	idx, err := r.loaders(ctx).companiesNow(ctx, list)
	if err != nil {
		return nil, err
	}
	for _, id := range list {
		if idx[id] == nil {
			return nil, domain.Errorf(domain.NotFound, "company %q not found", id)
		}
	}
	return idx, nil
}

func pathOf(ids []string, idx map[string]*domain.Company) []*domain.Company {
	out := make([]*domain.Company, len(ids))
	for i, id := range ids {
		out[i] = idx[id]
	}
	return out
}

// riskExposureModel converts a report, resolving the companies of its
// sources and partners in one batch.
func (r *Resolver) riskExposureModel(ctx context.Context, rep *analysis.RiskExposureReport) (*model.RiskExposure, error) {
	ids := sourceCompanies(rep.Sources)
	for _, p := range rep.ByPartner {
		ids[p.PartnerID] = true
	}
	idx, err := r.companyIndex(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := &model.RiskExposure{ByCategory: rep.ByCategory, Sources: sourceExposures(rep.Sources, idx),
		ByPartner: make([]model.PartnerExposure, len(rep.ByPartner)), ByClause: rep.ByClause, Report: rep}
	for i, p := range rep.ByPartner {
		out.ByPartner[i] = model.PartnerExposure{Partner: idx[p.PartnerID], Count: p.Count, MaxScore: p.MaxScore}
	}
	return out, nil
}

// sourcesModel converts a page of source exposures, resolving their
// companies in one batch.
func (r *Resolver) sourcesModel(ctx context.Context, es []analysis.SourceExposure) ([]model.SourceExposure, error) {
	idx, err := r.companyIndex(ctx, sourceCompanies(es))
	if err != nil {
		return nil, err
	}
	return sourceExposures(es, idx), nil
}

// sourceCompanies returns the ids of every company es names.
func sourceCompanies(es []analysis.SourceExposure) map[string]bool {
	ids := map[string]bool{}
	for _, s := range es {
		ids[s.Source.CompanyID], ids[s.PartnerID] = true, true
		for _, id := range s.Path {
			ids[id] = true
		}
	}
	return ids
}

func sourceExposures(es []analysis.SourceExposure, idx map[string]*domain.Company) []model.SourceExposure {
	out := make([]model.SourceExposure, len(es))
	for i, s := range es {
		src := s.Source
		out[i] = model.SourceExposure{
			Source: model.RiskSource{ID: src.ID, Category: src.Category, Severity: src.Severity, Likelihood: src.Likelihood,
				Base: src.Base, Derived: src.Derived, Company: idx[src.CompanyID]},
			Path: pathOf(s.Path, idx), Hops: s.Hops, Weight: s.Weight, Score: s.Score, Partner: idx[s.PartnerID], Declared: s.Declared}
	}
	return out
}

// impactModel converts a report; withPaths (the question asks for the
// paths of affected) resolves the companies of every path, in one batch.
func (r *Resolver) impactModel(ctx context.Context, rep *analysis.ImpactReport, withPaths bool) (*model.ImpactReport, error) {
	// The affected companies come with the report (the analysis looked
	// each up); the service scoped the graph, so a supplier-scoped key
	// sees them all.
	affected, err := r.impactEntries(ctx, rep.Affected, withPaths)
	if err != nil {
		return nil, err
	}
	out := &model.ImpactReport{Affected: affected, Buyers: make([]*domain.Company, 0, len(rep.Buyers)), Report: rep}
	for i := range rep.Affected {
		// The buyers are affected companies, in the same order.
		if j := len(out.Buyers); j < len(rep.Buyers) && rep.Buyers[j] == rep.Affected[i].CompanyID {
			out.Buyers = append(out.Buyers, &rep.Affected[i].Company)
		}
	}
	if len(out.Buyers) != len(rep.Buyers) {
		return nil, domain.Errorf(domain.Internal, "impact: %d buyers are not among the affected companies", len(rep.Buyers)-len(out.Buyers))
	}
	return out, nil
}

// impactEntries converts impact entries; withPaths resolves the companies
// of their paths, in one batch.
func (r *Resolver) impactEntries(ctx context.Context, es []analysis.ImpactEntry, withPaths bool) ([]model.ImpactEntry, error) {
	var idx map[string]*domain.Company
	if withPaths {
		ids := map[string]bool{}
		for i := range es {
			for _, id := range es[i].Path {
				ids[id] = true
			}
		}
		var err error
		if idx, err = r.companyIndex(ctx, ids); err != nil {
			return nil, err
		}
	}
	out := make([]model.ImpactEntry, len(es))
	for i := range es {
		e := &es[i]
		out[i] = model.ImpactEntry{Company: &e.Company, Distance: e.Distance, Weight: e.Weight, Declared: e.Declared, Hops: len(e.Path) - 1}
		if withPaths {
			out[i].Path = pathOf(e.Path, idx)
		}
	}
	return out, nil
}

// cascadeEntriesModel converts a page of cascade entries, resolving their
// companies in one batch.
func (r *Resolver) cascadeEntriesModel(ctx context.Context, entries []analysis.CascadeEntry) ([]model.CascadeEntry, error) {
	ids := map[string]bool{}
	for _, e := range entries {
		ids[e.CompanyID] = true
		for _, id := range e.RequestedBy {
			ids[id] = true
		}
	}
	idx, err := r.companyIndex(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]model.CascadeEntry, len(entries))
	for i, e := range entries {
		out[i] = model.CascadeEntry{Company: idx[e.CompanyID], Tier: e.Tier, Status: e.Status, Reached: e.Reached,
			RequestedBy: pathOf(e.RequestedBy, idx)}
		if e.Acknowledgment != nil {
			a := ackModel(e.Acknowledgment.Acknowledgment, e.Acknowledgment.Current)
			out[i].Acknowledgment = &a
		}
	}
	return out, nil
}

// riskPathsModel converts risk paths, resolving their companies in one
// batch.
func (r *Resolver) riskPathsModel(ctx context.Context, paths []analysis.RiskPath) ([]model.RiskPath, error) {
	ids := map[string]bool{}
	for _, p := range paths {
		for _, id := range p.Nodes {
			ids[id] = true
		}
	}
	idx, err := r.companyIndex(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]model.RiskPath, len(paths))
	for i, p := range paths {
		out[i] = model.RiskPath{Nodes: pathOf(p.Nodes, idx), Hops: p.Hops, Weight: p.Weight, Declared: p.Declared}
	}
	return out, nil
}

// linkKeys converts the keys of supply links given to a mutation.
func linkKeys(input []model.SupplyLinkKeyInput) []domain.LinkKey {
	keys := make([]domain.LinkKey, len(input))
	for i, in := range input {
		keys[i] = domain.LinkKey{SupplierID: in.SupplierID, CustomerID: in.CustomerID}
		if in.Material != nil {
			keys[i].Material = *in.Material
		}
	}
	return keys
}

// mineralsModel converts a minerals report, resolving its companies in one
// batch; the suppliers (the whole chain's buyers and suppliers) only when
// the question asks for them.
func (r *Resolver) mineralsModel(ctx context.Context, a *explorer.MineralsAnswer, withSuppliers bool) (*model.MineralsReport, error) {
	rep := a.MineralsReport
	ids := map[string]bool{a.Focal.ID: true}
	if withSuppliers {
		for _, s := range rep.Suppliers {
			ids[s.CompanyID] = true
		}
	}
	for _, s := range rep.Smelters {
		for _, id := range s.NamedBy {
			ids[id] = true
		}
	}
	for _, c := range rep.Contradictions {
		ids[c.DeclarerID], ids[c.SupplierID] = true, true
		if c.SmelterID != "" {
			ids[c.SmelterID] = true
		}
	}
	for i := range rep.Smelters {
		ids[rep.Smelters[i].Company.ID] = true
	}
	idx, err := r.companyIndex(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := &model.MineralsReport{Focal: idx[a.Focal.ID], Metal: a.Metal, AsOf: a.AsOf, MaxDepth: a.MaxDepth, ValidDays: a.ValidDays,
		Tiers: rep.Tiers, ResponseRate: rep.ResponseRate, ResponseRateText: rep.ResponseRate.Text(),
		AllSmeltersIdentified: rep.AllIdentified, ConformantShare: rep.ConformantShare,
		Suppliers: []model.MineralsSupplier{}, Smelters: make([]model.MineralsSmelter, len(rep.Smelters)),
		Contradictions: make([]model.Contradiction, len(rep.Contradictions))}
	if withSuppliers {
		out.Suppliers = make([]model.MineralsSupplier, len(rep.Suppliers))
		for i, s := range rep.Suppliers {
			out.Suppliers[i] = model.MineralsSupplier{Company: idx[s.CompanyID], Tier: s.Tier, State: s.State, Declaration: s.Declaration}
		}
	}
	for i, s := range rep.Smelters {
		out.Smelters[i] = model.MineralsSmelter{Company: idx[s.Company.ID], RMAPStatus: s.RMAPStatus, Disclosed: s.Disclosed, NamedBy: pathOf(s.NamedBy, idx)}
		if s.Disclosed {
			tier := s.Tier
			out.Smelters[i].Tier = &tier
		}
	}
	for i, c := range rep.Contradictions {
		out.Contradictions[i] = model.Contradiction{Kind: model.ContradictionKind(c.Kind), Declarer: idx[c.DeclarerID], Supplier: idx[c.SupplierID]}
		if c.SmelterID != "" {
			out.Contradictions[i].Smelter = idx[c.SmelterID]
		}
	}
	return out, nil
}
