package main

import (
	"fmt"
	"slices"
	"time"
)

// Corrective actions: Hitachi's guideline asks for timely correction of
// deficiencies (G-(10) Corrective Action Process) and both guidelines name
// suspending or terminating the relationship as the last step; the actions
// below follow that ladder.

var correctText = map[string][2]string{
	"HUMAN_RIGHTS":         {"Return identity documents to the workers and give each a locker under their own control", "Add document custody and recruitment fees to the labour agent's contract, and audit the agent"},
	"HEALTH_SAFETY":        {"Install the missing guards and interlocks and retrain the operators", "Add the finding to the monthly safety inspection checklist"},
	"ENVIRONMENT":          {"Renew the permit and report the exceedance to the authority", "Install continuous monitoring with a monthly management review"},
	"ETHICS":               {"Investigate the case and take disciplinary measures", "Train purchasing and sales staff on gifts, entertainment and anti-bribery rules"},
	"QUALITY_SAFETY":       {"Contain and replace the affected lots", "Revise the control plan and the inspection frequency"},
	"INFORMATION_SECURITY": {"Patch the exposed systems and rotate the credentials", "Write and test an incident response plan"},
	"RESPONSIBLE_MINERALS": {"Obtain an updated CMRT with the complete smelter list", "Require RMAP-conformant smelters in the purchasing specification"},
	"BUSINESS_CONTINUITY":  {"Qualify a second source for the affected parts", "Write a business continuity plan and test it"},
}

var escalationText = map[string]string{
	"ENGAGE":        "Meeting with the supplier's management on the finding and its correction",
	"ENHANCED_PLAN": "Enhanced corrective action plan with monthly progress reports",
	"SUSPEND":       "New orders suspended until the corrective actions are verified",
}

func (g *gen) addActions() {
	ds := g.ds
	ref := day("2026-05-31")
	customers := map[string][]string{}
	for _, l := range ds.links {
		if !slices.Contains(customers[l.Sup], l.Cus) {
			customers[l.Sup] = append(customers[l.Sup], l.Cus)
		}
	}
	for _, cs := range customers {
		slices.Sort(cs)
	}
	n := 0
	add := func(a *action) {
		n++
		a.ID = fmt.Sprintf("ACT-%04d", n)
		ds.actions = append(ds.actions, a)
	}
	for _, f := range ds.findings {
		det := day(f.Detected)
		if det.After(ref) || !g.chance(0.75) {
			continue
		}
		verifier := "NEC supply-chain CSR team"
		for _, c := range f.Cites {
			if c[0] == "HIT-SPG" {
				verifier = "Hitachi procurement audit team"
			}
		}
		var closed time.Time
		if f.Closed != "" {
			closed = day(f.Closed)
		}
		texts := correctText[f.Category]
		// the correction, and often a preventive action
		for i, kind := range []string{"CORRECT", "PREVENT"} {
			if i == 1 && !g.chance(0.5) {
				continue
			}
			opened := g.after(det, 2+10*i, 20+10*i)
			if opened.After(ref) {
				continue
			}
			a := &action{Finding: f.ID, Kind: kind, Descr: texts[i], Responsible: f.Company, Opened: fd(opened),
				Due: fd(g.after(opened, 30, 120)), Status: "OPEN"}
			var done time.Time
			switch {
			case !closed.IsZero():
				done = g.between(opened, maxT(opened, closed))
			case g.chance(0.45):
				done = g.after(opened, 10, 90)
			}
			if !done.IsZero() && !done.After(ref) {
				a.Status, a.Done = "DONE", fd(done)
				ver := g.after(done, 3, 30)
				if !closed.IsZero() && kind == "CORRECT" {
					ver = maxT(done, closed)
				}
				if (!closed.IsZero() || g.chance(0.5)) && !ver.After(ref) {
					a.Status, a.Verified, a.VerifiedBy = "VERIFIED", fd(ver), verifier
				}
			}
			add(a)
		}
		// serious open findings are escalated along the relationship with a customer
		cs := customers[f.Company]
		if f.Closed != "" || f.Sev < 4 || len(cs) == 0 || !g.chance(0.6) {
			continue
		}
		cus := pick(g, cs)
		opened := g.after(det, 20, 45)
		levels := []string{"ENGAGE"}
		if g.chance(0.5) {
			levels = append(levels, "ENHANCED_PLAN")
			if f.Sev == 5 && g.chance(0.4) {
				levels = append(levels, "SUSPEND")
			}
		}
		for _, level := range levels {
			if opened.After(ref) {
				break
			}
			a := &action{Finding: f.ID, Kind: "ESCALATE", Descr: escalationText[level], Responsible: cus, Opened: fd(opened),
				Due: fd(g.after(opened, 14, 90)), Status: "OPEN", Level: level, Sup: f.Company, Cus: cus}
			if done := g.after(opened, 5, 20); level != levels[len(levels)-1] && !done.After(ref) {
				a.Status, a.Done = "DONE", fd(done)
			}
			add(a)
			opened = g.after(opened, 40, 120)
		}
	}
}
