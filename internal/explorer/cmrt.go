package explorer

import (
	"context"
	"fmt"
	"io"
	"sort"

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

// CMRTImport is the outcome of importing CMRT workbooks.
type CMRTImport struct {
	Workbooks []*cmrt.Workbook
	// Issues are the rows that were reported and not imported (or imported
	// without a country or name), over every workbook.
	Issues []cmrt.Issue
	// Smelters is what was (or, in a dry run, would be) written.
	Smelters []neo4jstore.Smelter
	Result   *neo4jstore.CMRTResult // nil in a dry run
}

// ImportCMRT reads the workbooks and links each declared smelter to company
// as a supplier with its metal as the material, creating SMELTER companies
// keyed by their smelter identification. All workbooks go in one
// transaction; re-importing changes nothing. Errors: NOT_FOUND for an
// unknown company; BAD_INPUT for an unreadable workbook, or a smelter id
// already used by a company of another kind or a facility (then nothing is
// written).
func (s *Service) ImportCMRT(ctx context.Context, company, by string, files []NamedReader, dryRun bool) (*CMRTImport, error) {
	if err := requireUnscoped(ctx, auth.Editor, "import CMRT workbooks"); err != nil {
		return nil, err
	}
	if _, err := s.Company(ctx, "company", company); err != nil {
		return nil, err
	}
	out := &CMRTImport{}
	seen := map[string]cmrt.Smelter{}
	var names []string
	for _, f := range files {
		wb, err := cmrt.Read(f.R, f.Name)
		if err != nil {
			return nil, err
		}
		names = append(names, f.Name)
		out.Workbooks = append(out.Workbooks, wb)
		out.Issues = append(out.Issues, wb.Issues...)
		for _, sm := range wb.Smelters {
			if prev, ok := seen[sm.SmelterID]; ok {
				if prev.Metal != sm.Metal {
					out.Issues = append(out.Issues, cmrt.Issue{File: f.Name, Sheet: "Smelter List", Row: sm.Row, Column: "Smelter Identification",
						Message: fmt.Sprintf("smelter %s is listed as %s in an earlier workbook and %s here; kept %s", sm.SmelterID, prev.Metal, sm.Metal, prev.Metal)})
				}
				continue
			}
			seen[sm.SmelterID] = sm
			out.Smelters = append(out.Smelters, neo4jstore.Smelter{ID: sm.SmelterID, Name: sm.Name, Metal: sm.Metal, Country: sm.Country})
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
		if id == company {
			clashes = append(clashes, fmt.Sprintf("%s (the declaring company itself)", id))
		}
	}
	if len(clashes) > 0 {
		return nil, domain.Errorf(domain.BadInput, "smelter ids already used by other records, nothing imported: %v", clashes)
	}
	if dryRun || len(out.Smelters) == 0 {
		return out, nil
	}
	defer s.kickSnapshot() // catch up with the write now, not at the next question
	out.Result, err = s.store.UpsertSmelters(ctx, company, by, names, out.Smelters)
	return out, err
}

// UpdateRMAPStatuses reads a CSV of rmi_id,rmap_status and sets the
// statuses of the smelters with those RMI ids, in one transaction. Errors:
// BAD_INPUT (a *cmrt.RMAPError) for a bad file or an RMI id that no smelter
// carries; then nothing changes.
func (s *Service) UpdateRMAPStatuses(ctx context.Context, f NamedReader, dryRun bool) (int, error) {
	if err := requireUnscoped(ctx, auth.Editor, "set RMAP statuses"); err != nil {
		return 0, err
	}
	updates, err := cmrt.ReadRMAPStatuses(f.R, f.Name)
	if err != nil {
		return 0, err
	}
	ids := make([]string, len(updates))
	byID := map[string]domain.RMAPStatus{}
	for i, u := range updates {
		ids[i] = u.RMIID
		byID[u.RMIID] = u.Status
	}
	found, err := s.store.SmeltersByRMIID(ctx, ids)
	if err != nil {
		return 0, err
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
		return 0, missing
	}
	if dryRun {
		return len(updates), nil
	}
	defer s.kickSnapshot() // catch up with the write now, not at the next question
	return s.store.SetRMAPStatuses(ctx, byID)
}
