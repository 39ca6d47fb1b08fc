package gen

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"

	"github.com/supplygraph/supplygraph/internal/cmrt"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// MineralsDir is the subdirectory of a generated dataset holding its
// declarations and dated RMAP statuses (a load of the dataset ignores it).
const MineralsDir = "minerals"

// MaxDeclarers bounds how many suppliers get declarations (each is a
// workbook or two to write and read).
const MaxDeclarers = 3000

// MineralsStats counts what GenerateMinerals wrote.
type MineralsStats struct {
	Declarers, Declarations, RMAPStatuses int
}

type genSmelter struct{ id, name, country string }

// GenerateMinerals writes, for the dataset Generate wrote into dir (it
// reads its companies.csv), CMRT and EMRT declarations and dated RMAP
// statuses into dir/minerals, drawn from cfg.Seed on a stream of their own
// (the dataset's files do not change):
//
//   - cmrt/<supplier id>/<supplier id>-<template>-<date>.xlsx, for a
//     twentieth of the suppliers (at most MaxDeclarers), most of them in
//     the lower tiers: a CMRT effective within 500 days before RefDate
//     (so some are stale at RefDate), 40% of them with an older one a year
//     before (superseded), 15% also an EMRT for cobalt; each names 1 to 12
//     smelters of its metals and answers questions 1, 5 and 6 per metal.
//     supplygraph cmrt --dir loads them.
//   - rmap_history.csv (rmi_id,rmap_status,published): one or two dated
//     statuses for 30% of the smelters, around RefDate. supplygraph rmap
//     loads it.
func GenerateMinerals(cfg Config, dir string) (MineralsStats, error) {
	var st MineralsStats
	suppliers, smelters, rmiOf, err := readCompanies(filepath.Join(dir, dataset.CompaniesFile))
	if err != nil {
		return st, err
	}
	out := filepath.Join(dir, MineralsDir)
	if err := os.RemoveAll(out); err != nil {
		return st, err
	}
	if err := os.MkdirAll(filepath.Join(out, "cmrt"), 0o755); err != nil {
		return st, err
	}
	r := rand.New(rand.NewPCG(cfg.Seed, 0x6d696e6572616c73))
	ref := domain.Date(day(RefDate))

	// declarers, biased to the first (lowest-tier) suppliers, without repeats
	n := min(len(suppliers)/20, MaxDeclarers)
	picked := map[int]bool{}
	var declarers []int
	for len(declarers) < n {
		u := r.Float64()
		i := int(u * u * float64(len(suppliers)))
		if !picked[i] {
			picked[i] = true
			declarers = append(declarers, i)
		}
	}
	slices.Sort(declarers)
	cmrtMetals := []string{"TIN", "TANTALUM", "TUNGSTEN", "GOLD"}
	rates := []string{"100%", "Greater than 90%", "Greater than 75%", "Greater than 50%", "50% or less", "None"}
	write := func(company string, t domain.Template, version string, eff domain.Date, metals []string) error {
		f := cmrt.Filing{Template: t, Version: version, CompanyName: company, Effective: eff}
		for _, m := range metals {
			f.Answers = append(f.Answers,
				domain.Answer{Metal: m, Number: "1", Value: "Yes"},
				domain.Answer{Metal: m, Number: "5", Value: rates[r.IntN(len(rates))]},
				domain.Answer{Metal: m, Number: "6", Value: []string{"Yes", "No"}[r.IntN(2)]})
		}
		seen := map[string]bool{}
		for k := 1 + r.IntN(12); k > 0; k-- {
			m := metals[r.IntN(len(metals))]
			if len(smelters[m]) == 0 {
				continue
			}
			s := smelters[m][r.IntN(len(smelters[m]))]
			if seen[s.id] {
				continue
			}
			seen[s.id] = true
			f.Smelters = append(f.Smelters, cmrt.Smelter{Metal: m, Name: s.name, Country: s.country, SmelterID: s.id, Source: "RMI"})
		}
		var b bytes.Buffer
		if err := cmrt.WriteFiling(&b, f); err != nil {
			return err
		}
		d := filepath.Join(out, "cmrt", company)
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		st.Declarations++
		return os.WriteFile(filepath.Join(d, fmt.Sprintf("%s-%s-%s.xlsx", company, t, eff)), b.Bytes(), 0o644)
	}
	for _, i := range declarers {
		company := suppliers[i]
		eff := ref.AddDays(-r.IntN(500))
		if err := write(company, domain.TemplateCMRT, []string{"6.4", "6.5"}[r.IntN(2)], eff, cmrtMetals); err != nil {
			return st, err
		}
		if r.Float64() < 0.4 {
			if err := write(company, domain.TemplateCMRT, "6.31", eff.AddDays(-365), cmrtMetals); err != nil {
				return st, err
			}
		}
		if r.Float64() < 0.15 {
			if err := write(company, domain.TemplateEMRT, "2.0", ref.AddDays(-r.IntN(400)), []string{"COBALT"}); err != nil {
				return st, err
			}
		}
		st.Declarers++
	}

	// dated RMAP statuses
	f, err := os.Create(filepath.Join(out, "rmap_history.csv"))
	if err != nil {
		return st, err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "rmi_id,rmap_status,published")
	for _, rmi := range rmiOf {
		if r.Float64() >= 0.3 {
			continue
		}
		first := ref.AddDays(-r.IntN(300))
		fmt.Fprintf(w, "%s,%s,%s\n", rmi, rmapStatuses[weightedRMAP(r.Float64())], first)
		st.RMAPStatuses++
		if r.Float64() < 0.5 {
			fmt.Fprintf(w, "%s,%s,%s\n", rmi, rmapStatuses[weightedRMAP(r.Float64())], first.AddDays(1+r.IntN(360)))
			st.RMAPStatuses++
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return st, err
	}
	return st, f.Close()
}

// readCompanies reads the suppliers' ids, the smelters by metal and the
// smelters' RMI ids (in file order) of a generated companies.csv.
func readCompanies(path string) (suppliers []string, smelters map[string][]genSmelter, rmis []string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, nil, err
	}
	defer f.Close()
	cr := csv.NewReader(bufio.NewReader(f))
	header, err := cr.Read()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	smelters = map[string][]genSmelter{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		switch rec[col["kind"]] {
		case "SUPPLIER":
			suppliers = append(suppliers, rec[col["id"]])
		case "SMELTER":
			m := rec[col["metal"]]
			smelters[m] = append(smelters[m], genSmelter{rec[col["id"]], rec[col["name"]], rec[col["country"]]})
			rmis = append(rmis, rec[col["rmi_id"]])
		}
	}
	return suppliers, smelters, rmis, nil
}
