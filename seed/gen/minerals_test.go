package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/cmrt"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
)

type companyMap map[string]domain.Company

func (m companyMap) Company(id string) (domain.Company, bool) { c, ok := m[id]; return c, ok }

// TestDemoMinerals: the demo's workbooks read back without a single issue
// (as `supplygraph cmrt --dir` reads them), name their declarer and demo
// smelters of their metals, and tell the story seed/README.md tells; the
// RMAP file is valid and names demo smelters only.
func TestDemoMinerals(t *testing.T) {
	src, err := dataset.Dir(demoDir)
	if err != nil {
		t.Fatal(err)
	}
	d, err := dataset.ReadAll(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	companies := companyMap(d.CompanyByID())
	g := analysis.ActiveGraph(d.SupplyLinks, ref)
	disclosed := map[[2]string]bool{}
	for _, l := range d.SupplyLinks {
		if (l.Since == nil || *l.Since <= ref) && (l.Until == nil || *l.Until > ref) {
			disclosed[[2]string{l.SupplierID, l.CustomerID}] = true
		}
	}

	decls := map[string][]domain.Declaration{}
	var all []domain.Declaration
	dirs, err := os.ReadDir(filepath.Join(demoDir, MineralsDir, "cmrt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range dirs {
		company, ok := companies[e.Name()]
		if !ok || company.Kind != domain.KindSupplier {
			t.Errorf("cmrt/%s: not a demo supplier", e.Name())
			continue
		}
		files, _ := filepath.Glob(filepath.Join(demoDir, MineralsDir, "cmrt", e.Name(), "*.xlsx"))
		for _, p := range files {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			wb, err := cmrt.Read(bytes.NewReader(b), filepath.Base(p))
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			for _, is := range wb.Issues {
				t.Errorf("%s: %s", p, is)
			}
			if wb.CompanyName != company.Name {
				t.Errorf("%s: company name %q, want %q", p, wb.CompanyName, company.Name)
			}
			if wb.EffectiveDate == nil || !strings.HasSuffix(p, "-"+string(wb.Template)+"-"+wb.EffectiveDate.String()+".xlsx") {
				t.Errorf("%s: %s effective %v does not match the file name", p, wb.Template, wb.EffectiveDate)
				continue
			}
			decl := domain.Declaration{ID: domain.DeclarationID(company.ID, wb.Template, *wb.EffectiveDate), DeclarerID: company.ID,
				Template: wb.Template, Version: wb.Version, Scope: wb.Scope, Effective: *wb.EffectiveDate, CompanyName: wb.CompanyName,
				Answers: wb.Answers}
			for _, s := range wb.Smelters {
				if c, ok := companies[s.SmelterID]; !ok || c.Kind != domain.KindSmelter || c.Metal != s.Metal || c.Country != s.Country {
					t.Errorf("%s: smelter %s (%s, %s) is not a demo smelter of that metal and country", p, s.SmelterID, s.Metal, s.Country)
				}
				decl.Smelters = append(decl.Smelters, domain.NamedSmelter{Metal: s.Metal, SmelterID: s.SmelterID})
			}
			decls[company.ID] = append(decls[company.ID], decl)
			all = append(all, decl)
		}
	}

	// the story: current, stale and superseded CMRTs, an EMRT for cobalt
	story := map[string]int{}
	for id, ds := range decls {
		if n := len(ds); n > 1 && ds[0].Template == ds[1].Template {
			story["superseded"]++
		}
		for _, tpl := range []domain.Template{domain.TemplateCMRT, domain.TemplateEMRT} {
			x := domain.InForce(ds, tpl, ref)
			switch {
			case x == nil:
			case ref < x.Effective.AddDays(analysis.DefaultValidDays):
				story[string(tpl)+" current"]++
			default:
				story[string(tpl)+" stale"]++
			}
			if x != nil && tpl == domain.TemplateEMRT && !x.Covers("COBALT") {
				t.Errorf("%s: EMRT %s does not cover cobalt", id, x.Version)
			}
		}
	}
	// declared edges: a smelter named by a declaration in force, not a
	// disclosed supplier of its declarer
	for _, l := range analysis.DeclaredLinks(all, ref) {
		if !disclosed[[2]string{l.SupplierID, l.CustomerID}] {
			story["declared edge"]++
		}
	}
	for _, want := range []string{"superseded", "CMRT current", "CMRT stale", "EMRT current", "declared edge"} {
		if story[want] == 0 {
			t.Errorf("no %s declaration in the demo (%v)", want, story)
		}
	}

	// what mineralsReport finds for Hitachi's tin
	rep, err := analysis.MineralsReportOf(context.Background(), analysis.MineralsInput{Focal: "HIT", Metal: "TIN", AsOf: ref,
		MaxDepth: 10, ValidDays: analysis.DefaultValidDays, Graph: g, Companies: companies,
		Declarations: func(id string) []domain.Declaration { return decls[id] }})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Tiers) == 0 {
		t.Fatal("no tier in HIT's TIN report")
	}
	if t1 := rep.Tiers[0]; t1.Current == 0 || t1.Stale == 0 || t1.None == 0 {
		t.Errorf("tier 1 of HIT's TIN report: %+v, want current, stale and none", t1)
	}
	kinds := map[string]int{}
	for _, c := range rep.Contradictions {
		kinds[c.Kind]++
	}
	for _, k := range []string{analysis.ContradictionResponseRate, analysis.ContradictionSmeltersIdentified, analysis.ContradictionSmelterMissing} {
		if kinds[k] == 0 {
			t.Errorf("no %s contradiction in HIT's TIN report (%v)", k, kinds)
		}
	}

	// the dated RMAP statuses: valid, demo smelters only; one smelter
	// becomes CONFORMANT and one stops being so in 2026 by the reference
	// date, and one publication comes after it
	f, err := os.Open(filepath.Join(demoDir, MineralsDir, RMAPHistoryFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ups, err := cmrt.ReadRMAPStatuses(f, RMAPHistoryFile, nil)
	if err != nil {
		t.Fatal(err)
	}
	byRMI := map[string]domain.Company{}
	for _, c := range d.Companies {
		if c.Kind == domain.KindSmelter {
			byRMI[c.RMIID] = c
		}
	}
	status := map[string]domain.RMAPStatus{} // as published so far, in date order
	for _, u := range ups {
		c, ok := byRMI[u.RMIID]
		if !ok {
			t.Errorf("%s line %d: no demo smelter has RMI id %s", RMAPHistoryFile, u.Line, u.RMIID)
			continue
		}
		prev, ok := status[u.RMIID]
		if !ok {
			prev = c.RMAPStatus
		}
		status[u.RMIID] = u.Status
		switch {
		case u.Published > ref:
			story["published after"]++
		case u.Published.String() < "2026":
		case prev != domain.RMAPConformant && u.Status == domain.RMAPConformant:
			story["became conformant"]++
		case prev == domain.RMAPConformant && u.Status != domain.RMAPConformant:
			story["lost conformance"]++
		}
	}
	for _, want := range []string{"published after", "became conformant", "lost conformance"} {
		if story[want] == 0 {
			t.Errorf("no RMAP status %s in %s", want, RMAPHistoryFile)
		}
	}
}
