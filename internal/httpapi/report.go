package httpapi

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
)

// The period report (dueDiligenceReport) as tables: one long CSV table,
// or a workbook with a sheet per part. The CLI (supplygraph report) and
// GET /api/export/report write the same bytes.

// ReportColumns are the columns of the report's CSV table: every part of
// the report is rows of one table, told apart by section (coverage,
// clauses, findings, actions, escalations, risk).
var ReportColumns = []string{"section", "tier", "category", "clause", "measure", "from", "to", "change", "ids", "detail"}

// reportSheet is one part of the report as a table.
type reportSheet struct {
	name   string
	header []string
	rows   [][]string
}

func num(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// reportSheets lays the report out a sheet per part.
func reportSheets(rep *analysis.DueDiligenceReport) []reportSheet {
	cov := reportSheet{name: "Coverage", header: []string{"tier", "companies_from", "covered_from", "coverage_from", "companies_to", "covered_to", "coverage_to", "change"}}
	for _, c := range rep.Coverage {
		cov.rows = append(cov.rows, []string{strconv.Itoa(c.Tier), strconv.Itoa(c.CompaniesFrom), strconv.Itoa(c.CoveredFrom), num(c.CoverageFrom),
			strconv.Itoa(c.CompaniesTo), strconv.Itoa(c.CoveredTo), num(c.CoverageTo), num(c.Change)})
	}
	cl := reportSheet{name: "Clauses", header: []string{"clause", "chapter", "title", "committed_from", "committed_to", "newly_committed"}}
	for _, c := range rep.Clauses {
		cl.rows = append(cl.rows, []string{c.Clause.ID, c.Clause.Chapter, c.Clause.Title, strconv.Itoa(c.CommittedFrom), strconv.Itoa(c.CommittedTo),
			strings.Join(c.NewlyCommitted, " ")})
	}
	fi := reportSheet{name: "Findings", header: []string{"category", "tier", "opened", "closed", "opened_ids", "closed_ids"}}
	for _, f := range rep.Findings {
		fi.rows = append(fi.rows, []string{string(f.Category), strconv.Itoa(f.Tier), strconv.Itoa(len(f.Opened)), strconv.Itoa(len(f.Closed)),
			strings.Join(f.Opened, " "), strings.Join(f.Closed, " ")})
	}
	ac := reportSheet{name: "Actions", header: []string{"opened", "completed", "verified", "overdue"},
		rows: [][]string{{strconv.Itoa(rep.Actions.Opened), strconv.Itoa(rep.Actions.Completed), strconv.Itoa(rep.Actions.Verified), strconv.Itoa(rep.Actions.Overdue)}}}
	es := reportSheet{name: "Escalations", header: []string{"action", "finding", "level", "supplier", "customer", "responsible", "opened", "status"}}
	for _, a := range rep.Escalations {
		es.rows = append(es.rows, []string{a.ID, a.FindingID, string(a.Level), a.SupplierID, a.CustomerID, a.ResponsibleID, a.Opened.String(), string(a.Status)})
	}
	ri := reportSheet{name: "Risk", header: []string{"category", "sources_from", "sources_to", "max_score_from", "max_score_to"}}
	ri.rows = append(ri.rows, []string{"ALL", strconv.Itoa(rep.RiskFrom.Sources), strconv.Itoa(rep.RiskTo.Sources), "", ""})
	ri.rows = append(ri.rows, riskRows(rep)...)
	ri.rows = append(ri.rows, []string{"total_score", "", "", num(rep.RiskFrom.TotalScore), num(rep.RiskTo.TotalScore)})
	return []reportSheet{cov, cl, fi, ac, es, ri}
}

// riskRows lists per category (by name): sources at from and to, and the
// highest scores.
func riskRows(rep *analysis.DueDiligenceReport) [][]string {
	byCat := map[domain.RiskCategory][]string{}
	for i, list := range [][]analysis.CategoryExposure{rep.RiskFrom.ByCategory, rep.RiskTo.ByCategory} {
		for _, c := range list {
			row := byCat[c.Category]
			if row == nil {
				row = []string{string(c.Category), "0", "0", "", ""}
				byCat[c.Category] = row
			}
			row[1+i], row[3+i] = strconv.Itoa(c.Count), num(c.MaxScore)
		}
	}
	cats := make([]string, 0, len(byCat))
	for c := range byCat {
		cats = append(cats, string(c))
	}
	slices.Sort(cats)
	out := make([][]string, len(cats))
	for i, c := range cats {
		out[i] = byCat[domain.RiskCategory(c)]
	}
	return out
}

// WriteReportCSV writes the report as one CSV table (ReportColumns).
func WriteReportCSV(w io.Writer, rep *analysis.DueDiligenceReport) error {
	cw := csv.NewWriter(w)
	cw.Write(ReportColumns)
	row := func(section, tier, category, clause, measure, from, to, change, ids, detail string) {
		cw.Write([]string{section, tier, category, clause, measure, from, to, change, ids, detail})
	}
	for _, c := range rep.Coverage {
		t := strconv.Itoa(c.Tier)
		row("coverage", t, "", "", "companies", strconv.Itoa(c.CompaniesFrom), strconv.Itoa(c.CompaniesTo), strconv.Itoa(c.CompaniesTo-c.CompaniesFrom), "", "")
		row("coverage", t, "", "", "covered", strconv.Itoa(c.CoveredFrom), strconv.Itoa(c.CoveredTo), strconv.Itoa(c.CoveredTo-c.CoveredFrom), "", "")
		row("coverage", t, "", "", "coverage", num(c.CoverageFrom), num(c.CoverageTo), num(c.Change), "", "")
	}
	for _, c := range rep.Clauses {
		row("clauses", "", "", c.Clause.ID, "committed", strconv.Itoa(c.CommittedFrom), strconv.Itoa(c.CommittedTo),
			strconv.Itoa(c.CommittedTo-c.CommittedFrom), strings.Join(c.NewlyCommitted, " "), c.Clause.Title)
	}
	for _, f := range rep.Findings {
		t := strconv.Itoa(f.Tier)
		row("findings", t, string(f.Category), "", "opened", "", strconv.Itoa(len(f.Opened)), "", strings.Join(f.Opened, " "), "")
		row("findings", t, string(f.Category), "", "closed", "", strconv.Itoa(len(f.Closed)), "", strings.Join(f.Closed, " "), "")
	}
	for _, m := range []struct {
		name string
		n    int
	}{{"opened", rep.Actions.Opened}, {"completed", rep.Actions.Completed}, {"verified", rep.Actions.Verified}, {"overdue", rep.Actions.Overdue}} {
		row("actions", "", "", "", m.name, "", strconv.Itoa(m.n), "", "", "")
	}
	for _, a := range rep.Escalations {
		row("escalations", "", "", "", string(a.Level), "", a.Opened.String(), "", a.ID, fmt.Sprintf("finding %s: %s -> %s, responsible %s", a.FindingID, a.SupplierID, a.CustomerID, a.ResponsibleID))
	}
	row("risk", "", "", "", "sources", strconv.Itoa(rep.RiskFrom.Sources), strconv.Itoa(rep.RiskTo.Sources), strconv.Itoa(rep.RiskTo.Sources-rep.RiskFrom.Sources), "", "")
	row("risk", "", "", "", "total_score", num(rep.RiskFrom.TotalScore), num(rep.RiskTo.TotalScore), num(rep.RiskTo.TotalScore-rep.RiskFrom.TotalScore), "", "")
	for _, r := range riskRows(rep) {
		row("risk", "", r[0], "", "sources", r[1], r[2], "", "", "")
	}
	cw.Flush()
	return cw.Error()
}

// WriteReportXLSX writes the report as a workbook, a sheet per part.
func WriteReportXLSX(w io.Writer, rep *analysis.DueDiligenceReport) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range reportSheets(rep) {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(s.name)
		if err != nil {
			return err
		}
		for r, cells := range append([][]string{s.header}, s.rows...) {
			vals := make([]any, len(cells))
			for j, c := range cells {
				if n, err := strconv.ParseFloat(c, 64); err == nil && r > 0 && !strings.ContainsAny(c, "-()") {
					vals[j] = n
				} else {
					vals[j] = c
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := sw.SetRow(cell, vals); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	_, err := f.WriteTo(w)
	return err
}

// ReportArgs are the arguments of the period report.
type ReportArgs struct {
	Focal, Code string
	From, To    domain.Date
	MaxDepth    *int
	Attenuation *float64
	Format      string // csv (default) or xlsx
}

func reportArgs(q url.Values) (ReportArgs, error) {
	var a ReportArgs
	if err := checkParams(q, "focal", "code", "from", "to", "maxDepth", "attenuation", "format"); err != nil {
		return a, err
	}
	a.Focal, a.Code, a.Format = q.Get("focal"), q.Get("code"), q.Get("format")
	if a.Focal == "" || a.Code == "" || q.Get("from") == "" || q.Get("to") == "" {
		return a, domain.Errorf(domain.BadInput, "focal, code, from and to are required")
	}
	from, err := dateParam(q, "from")
	if err != nil {
		return a, err
	}
	to, err := dateParam(q, "to")
	if err != nil {
		return a, err
	}
	a.From, a.To = *from, *to
	if a.MaxDepth, err = intParam(q, "maxDepth"); err != nil {
		return a, err
	}
	if s := q.Get("attenuation"); s != "" {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return a, domain.Errorf(domain.BadInput, "attenuation: not a number: %q", s)
		}
		a.Attenuation = &x
	}
	if a.Format == "" {
		a.Format = "csv"
	}
	if a.Format != "csv" && a.Format != "xlsx" {
		return a, domain.Errorf(domain.BadInput, "format must be csv or xlsx, got %q", a.Format)
	}
	return a, nil
}

// WriteReport asks the service for the report and writes it in a.Format;
// nothing is written when the question fails.
func WriteReport(ctx context.Context, svc *explorer.Service, a ReportArgs, w io.Writer) error {
	rep, err := svc.DueDiligenceReport(ctx, a.Focal, a.Code, a.From, a.To, a.Attenuation, a.MaxDepth)
	if err != nil {
		return err
	}
	if a.Format == "xlsx" {
		return WriteReportXLSX(w, rep)
	}
	return WriteReportCSV(w, rep)
}

// ExportReportHandler serves GET /api/export/report?focal=&code=&from=&to=
// [&maxDepth=][&attenuation=][&format=csv|xlsx]: the period report
// (dueDiligenceReport) as one CSV table (ReportColumns) or as a workbook.
// The question is asked of the service as GraphQL asks it (the key's role
// and scope, the same defaults and errors), and the answer is written
// whole after it: an error is always an /api error.
func ExportReportHandler(svc *explorer.Service, timeout time.Duration) http.Handler {
	return getExport(timeout, func(ctx context.Context, w http.ResponseWriter, r *http.Request) {
		a, err := reportArgs(r.URL.Query())
		if err != nil {
			writeError(w, http.StatusBadRequest, err)
			return
		}
		var buf bytes.Buffer
		if err := WriteReport(ctx, svc, a, &buf); err != nil {
			writeError(w, statusOf(err), err)
			return
		}
		name := fmt.Sprintf("due-diligence-%s-%s-%s-%s.%s", a.Focal, a.Code, a.From, a.To, a.Format)
		if a.Format == "xlsx" {
			w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		} else {
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		}
		w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
		w.Write(buf.Bytes())
	})
}
