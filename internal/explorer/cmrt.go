package explorer

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/cmrt"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
)

// NamedReader is an uploaded or opened file.
type NamedReader struct {
	Name string
	R    io.Reader
}

// CMRTImport is the outcome of importing CMRT and EMRT workbooks.
type CMRTImport struct {
	Workbooks []*cmrt.Workbook
	// Issues are the rows that were reported and not imported (or imported
	// without a country or name), and the warnings, over every workbook.
	Issues []cmrt.Issue
	// Declarations is what was (or, in a dry run, would be) written, one
	// per workbook, in the order of the files.
	Declarations []domain.Declaration
	Smelters     []neo4jstore.Smelter          // the smelters they name, by id
	Result       *neo4jstore.DeclarationResult // nil in a dry run
}

// ImportCMRT reads the workbooks and records each as a declaration of
// company: its template, version, scope, effective date, answers and the
// smelters it names per metal (SMELTER companies keyed by their smelter
// identification, created if new). Declared smelters are not supply
// links. All workbooks go in one transaction; re-importing changes
// nothing. Errors: NOT_FOUND for an unknown company; BAD_INPUT for an
// unreadable workbook, one without an effective date, two workbooks of one
// template and date, or a smelter id already used by a company of another
// kind or a facility (then nothing is written).
func (s *Service) ImportCMRT(ctx context.Context, company, by string, files []NamedReader, dryRun bool) (*CMRTImport, error) {
	return s.ImportDeclarations(ctx, by, []CompanyFiles{{Company: company, Files: files}}, dryRun)
}

// CompanyFiles are the workbooks of one declaring company.
type CompanyFiles struct {
	Company string
	Files   []NamedReader
}

// ImportDeclarations is ImportCMRT for the workbooks of several companies,
// all in one transaction (supplygraph cmrt --dir).
func (s *Service) ImportDeclarations(ctx context.Context, by string, sets []CompanyFiles, dryRun bool) (*CMRTImport, error) {
	if err := requireUnscoped(ctx, auth.Editor, "import CMRT workbooks"); err != nil {
		return nil, err
	}
	out := &CMRTImport{}
	seen := map[string]cmrt.Smelter{}
	byID := map[string]string{} // declaration id -> file
	declarers := map[string]bool{}
	var names []string
	for _, set := range sets {
		company := set.Company
		declarer, err := s.Company(ctx, "company", company)
		if err != nil {
			return nil, err
		}
		declarers[company] = true
		for _, f := range set.Files {
			wb, err := cmrt.Read(f.R, f.Name)
			if err != nil {
				return nil, err
			}
			names = append(names, f.Name)
			out.Workbooks = append(out.Workbooks, wb)
			out.Issues = append(out.Issues, wb.Issues...)
			if wb.EffectiveDate == nil {
				return nil, domain.Errorf(domain.BadInput, "%s: no readable effective date on the %s sheet: a declaration must be dated; nothing imported", f.Name, cmrt.DeclarationSheet)
			}
			warn := func(msg string) {
				out.Issues = append(out.Issues, cmrt.Issue{File: f.Name, Sheet: cmrt.DeclarationSheet, Row: wb.CompanyRow, Column: "Company Name", Message: msg})
			}
			switch name := wb.CompanyName; {
			case name == "":
				warn(fmt.Sprintf("blank company name: recorded as a declaration of %s, the company it is imported for", company))
			case !strings.EqualFold(name, declarer.Name) && !strings.EqualFold(name, declarer.ID):
				warn(fmt.Sprintf("company name %q is not %s's (%q): recorded as a declaration of %s, the company it is imported for", name, company, declarer.Name, company))
			}
			d := domain.Declaration{ID: domain.DeclarationID(company, wb.Template, *wb.EffectiveDate), DeclarerID: company,
				Template: wb.Template, Version: wb.Version, Scope: wb.Scope, ScopeText: wb.ScopeText, Effective: *wb.EffectiveDate,
				CompanyName: wb.CompanyName, File: f.Name, Answers: wb.Answers}
			if other, dup := byID[d.ID]; dup {
				return nil, domain.Errorf(domain.BadInput, "%s and %s are both %s declarations of %s effective %s: import one; nothing imported",
					other, f.Name, d.Template, company, d.Effective)
			}
			byID[d.ID] = f.Name
			for _, sm := range wb.Smelters {
				d.Smelters = append(d.Smelters, domain.NamedSmelter{Metal: sm.Metal, SmelterID: sm.SmelterID})
				if prev, ok := seen[sm.SmelterID]; ok {
					if prev.Metal != sm.Metal {
						out.Issues = append(out.Issues, cmrt.Issue{File: f.Name, Sheet: cmrt.SmelterListSheet, Row: sm.Row, Column: "Smelter Identification",
							Message: fmt.Sprintf("smelter %s is listed as %s in an earlier workbook and %s here; the smelter keeps %s", sm.SmelterID, prev.Metal, sm.Metal, prev.Metal)})
					}
					continue
				}
				seen[sm.SmelterID] = sm
				out.Smelters = append(out.Smelters, neo4jstore.Smelter{ID: sm.SmelterID, Name: sm.Name, Metal: sm.Metal, Country: sm.Country})
			}
			sort.Slice(d.Smelters, func(i, j int) bool {
				a, b := d.Smelters[i], d.Smelters[j]
				return a.Metal < b.Metal || (a.Metal == b.Metal && a.SmelterID < b.SmelterID)
			})
			out.Declarations = append(out.Declarations, d)
		}
	}
	sort.Slice(out.Smelters, func(i, j int) bool { return out.Smelters[i].ID < out.Smelters[j].ID })
	ids := make([]string, len(out.Smelters))
	for i, sm := range out.Smelters {
		ids[i] = sm.ID
	}
	kinds, err := s.store.KindsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	var clashes []string
	for _, id := range ids {
		if k, ok := kinds[id]; ok && k != string(domain.KindSmelter) {
			clashes = append(clashes, fmt.Sprintf("%s (a %s)", id, k))
		}
		if declarers[id] {
			clashes = append(clashes, fmt.Sprintf("%s (a declaring company itself)", id))
		}
	}
	if len(clashes) > 0 {
		return nil, domain.Errorf(domain.BadInput, "smelter ids already used by other records, nothing imported: %v", clashes)
	}
	if dryRun || len(out.Declarations) == 0 {
		return out, nil
	}
	defer s.kickSnapshot() // catch up with the write now, not at the next question
	out.Result, err = s.store.UpsertDeclarations(ctx, by, names, out.Declarations, out.Smelters)
	return out, err
}

// UpdateRMAPStatuses reads a CSV of rmi_id,rmap_status (and published,
// unless published is given) and adds the statuses to the histories of the
// smelters with those RMI ids, in one transaction; it returns how many
// statuses the file holds and how many smelters changed. Errors: BAD_INPUT
// (a *cmrt.RMAPError) for a bad file or an RMI id that no smelter carries;
// then nothing changes.
func (s *Service) UpdateRMAPStatuses(ctx context.Context, f NamedReader, published *domain.Date, dryRun bool) (statuses, changed int, err error) {
	if err := requireUnscoped(ctx, auth.Editor, "set RMAP statuses"); err != nil {
		return 0, 0, err
	}
	updates, err := cmrt.ReadRMAPStatuses(f.R, f.Name, published)
	if err != nil {
		return 0, 0, err
	}
	ids := make([]string, len(updates))
	for i, u := range updates {
		ids[i] = u.RMIID
	}
	found, err := s.store.SmeltersByRMIID(ctx, ids)
	if err != nil {
		return 0, 0, err
	}
	missing := &cmrt.RMAPError{}
	for _, u := range updates {
		if len(found[u.RMIID]) == 0 {
			missing.Total++
			if len(missing.Issues) < cmrt.MaxRMAPIssues {
				missing.Issues = append(missing.Issues, cmrt.Issue{File: f.Name, Row: u.Line, Column: "rmi_id",
					Message: fmt.Sprintf("no smelter has RMI id %q", u.RMIID)})
			}
		}
	}
	if missing.Total > 0 {
		return 0, 0, missing
	}
	if dryRun {
		return len(updates), 0, nil
	}
	pubs := make([]neo4jstore.RMAPPublication, len(updates))
	for i, u := range updates {
		pubs[i] = neo4jstore.RMAPPublication{RMIID: u.RMIID, Published: u.Published, Status: u.Status}
	}
	defer s.kickSnapshot() // catch up with the write now, not at the next question
	changed, err = s.store.PublishRMAPStatuses(ctx, pubs)
	return len(updates), changed, err
}
