package main

import (
	"sort"
	"strings"
)

// Clauses of the three codes, from the seed documents: the Procurement
// Partner Code of Conduct of the Hitachi Group Sustainable Procurement
// Guidelines, 7th edition (chapters A to G and their items), and the NEC
// Group Supply-Chain CSR Guideline's action items (Table 4-1, I-1 to VII-7).
// The 7th edition's revision history names its new items: 2-A Land Rights,
// 2-C.(2) Greenhouse Gas Emissions Management and Reduction and 2-C.(3)
// Contribution to the Circular Economy (introducedIn 7). The documents do
// not date the other items: they are recorded as introduced in the 3rd
// edition (2017), which first inserted the CSR Procurement Guideline, based
// on the EICC Code of Conduct 5.1. A few clauses of the RBA Code of Conduct
// 8.0 (not in the seed documents) stand for the industry code.

type clauseDef struct {
	code, id, chapter, title, topics string
	introduced                       int
}

var hitChapters = map[string]string{
	"A": "A. Labor", "B": "B. Health and Safety", "C": "C. Environment", "D": "D. Business Ethics",
	"E": "E. Product Quality and Safety", "F": "F. Prevention of Personal and Confidential Information Leakage",
	"G": "G. Management Systems",
}

// hitItems: id, title, topics (the items new in the 7th edition are marked by
// hitNew).
var hitItems = [][3]string{
	{"A-(1)", "Prohibition of Forced Labor", "forced-labour;migrant-workers"},
	{"A-(2)", "Prohibition of Employment of Young Workers and Child Labor", "child-labour"},
	{"A-(3)", "Working Hours", "working-hours"},
	{"A-(4)", "Wages and Benefits", "wages"},
	{"A-(5)", "Non-Discrimination / Non-Harassment / Humane Treatment", "discrimination;harassment"},
	{"A-(6)", "Freedom of Association and Collective Bargaining", "freedom-of-association"},
	{"A-(7)", "Land Rights", "land-rights"},
	{"B-(1)", "Occupational Health and Safety", "occupational-safety"},
	{"B-(2)", "Emergency Preparedness", "emergency-preparedness"},
	{"B-(3)", "Occupational injury and illness", "occupational-safety"},
	{"B-(4)", "Industrial Hygiene", "occupational-health"},
	{"B-(5)", "Physically Demanding Work", "occupational-health"},
	{"B-(6)", "Equipment Safeguarding", "occupational-safety"},
	{"B-(7)", "Sanitation, Food and Housing", "housing;occupational-health"},
	{"C-(1)", "Environmental Permits and Reporting", "environmental-management"},
	{"C-(2)", "Greenhouse Gas Emissions Management and Reduction", "climate"},
	{"C-(3)", "Contribution to Circular Economy", "circular-economy"},
	{"C-(4)", "Pollution Prevention and Resource Conservation", "pollution"},
	{"C-(5)", "Hazardous Substances", "hazardous-substances"},
	{"C-(6)", "Air Emissions", "pollution"},
	{"C-(7)", "Materials Restrictions", "hazardous-substances"},
	{"C-(8)", "Water Management", "water"},
	{"C-(9)", "Conservation of Biodiversity and Ecosystems", "biodiversity"},
	{"D-(1)", "Prevent Bribery and Corruption", "corruption"},
	{"D-(2)", "Give and Receive Gifts and Entertainment Responsibly", "corruption"},
	{"D-(3)", "Conduct Business Transactions", "fair-business"},
	{"D-(4)", "Security Trade Control", "export-control"},
	{"D-(5)", "Compete Fairly", "fair-competition"},
	{"D-(6)", "Prevent Money Laundering", "money-laundering"},
	{"D-(7)", "Identify and Manage Conflicts of Interest", "conflicts-of-interest"},
	{"D-(8)", "Disclose Information", "disclosure"},
	{"D-(9)", "Respect intellectual Property", "intellectual-property"},
	{"D-(10)", "Protect Identity and Non-Retaliation", "whistle-blowing"},
	{"D-(11)", "Responsible Sourcing of Minerals", "responsible-minerals"},
	{"E-(1)", "Product Safety", "product-safety"},
	{"E-(2)", "Promotion of Quality Assurance Activities", "quality"},
	{"F-(1)", "Protection against Threats to Computer Networks Including Cyberattacks", "cybersecurity"},
	{"F-(2)", "Privacy Protection", "privacy"},
	{"F-(3)", "Measures to Prevent Personal Information Leakage", "privacy"},
	{"F-(4)", "Measures to Prevent Leakage of Customer and Third-party Confidential Information", "confidentiality"},
	{"G-(1)", "Company Commitment", "management-system"},
	{"G-(2)", "Management Accountability and Responsibility", "management-system"},
	{"G-(3)", "Legal and Customer Requirements", "management-system"},
	{"G-(4)", "Risk Assessment and Risk Management", "risk-management"},
	{"G-(5)", "Improvement Objectives", "management-system"},
	{"G-(6)", "Training", "training"},
	{"G-(7)", "Communication", "management-system"},
	{"G-(8)", "Worker/Stakeholder Engagement and Access to Remedy", "grievance-mechanism"},
	{"G-(9)", "Audits and Assessments", "audits"},
	{"G-(10)", "Corrective Action Process", "corrective-action"},
	{"G-(11)", "Documentation and Records", "management-system"},
	{"G-(12)", "Due Diligence for Suppliers Upstream in the Supply Chain", "due-diligence"},
}

var hitNew = map[string]bool{"A-(7)": true, "C-(2)": true, "C-(3)": true}

var necChapters = map[string]string{
	"I": "I CSR General Requirement", "II": "II Human Rights and Labor", "III": "III Occupational Health and Safety",
	"IV": "IV Product Quality and Safety", "V": "V Information Security", "VI": "VI The Environment and Biodiversity",
	"VII": "VII Fair Trading",
}

var necItems = [][3]string{
	{"I-1", "Promote positive CSR activities", "management-system"},
	{"I-2", "Establish effective whistle-blowing system", "whistle-blowing;grievance-mechanism"},
	{"I-3", "Contribute to society and community", "community"},
	{"II-1", "Prohibit forced labor and any enabler of coercive labor", "forced-labour"},
	{"II-2", "Prohibit inhumane treatment and infringements of human rights", "harassment"},
	{"II-3", "Prohibit child labor", "child-labour"},
	{"II-4", "Prohibit discrimination", "discrimination"},
	{"II-5", "Pay appropriate wages", "wages"},
	{"II-6", "Regulate working hours", "working-hours"},
	{"II-7", "Respect the rights to freedom of association", "freedom-of-association"},
	{"II-8", "Consider minorities", "discrimination"},
	{"II-9", "Protect foreign employees", "migrant-workers"},
	{"III-1", "Apply safety measures for equipment and instruments", "occupational-safety"},
	{"III-2", "Promote safe activities in the workplace", "occupational-safety"},
	{"III-3", "Promote hygiene in the workplace", "occupational-health"},
	{"III-4", "Apply appropriate measures for occupational injuries and illnesses", "occupational-safety"},
	{"III-5", "Properly manage disasters and accidents", "emergency-preparedness"},
	{"III-6", "Be careful about physically demanding work", "occupational-health"},
	{"III-7", "Promote safety and hygiene in all company facilities", "housing;occupational-health"},
	{"III-8", "Promote health maintenance programs for employees", "occupational-health"},
	{"IV-1", "Ensure product safety", "product-safety"},
	{"IV-2", "Establish and apply a quality management system", "quality"},
	{"V-1", "Secure computer networks against threats", "cybersecurity"},
	{"V-2", "Prevent the leakage of personal information", "privacy"},
	{"V-3", "Prevent the leakage of customer and third-party confidential information", "confidentiality"},
	{"VI-1", "Create the environmental management system", "environmental-management"},
	{"VI-2", "Control environmental pollutants used in manufacturing process", "pollution;hazardous-substances"},
	{"VI-3", "Implement the product environmental assessment", "environmental-management"},
	{"VI-4", "Take actions for climate change", "climate"},
	{"VI-5", "Commit to global environmental conservation", "environmental-management"},
	{"VI-6", "Implement green purchasing", "environmental-management"},
	{"VI-7", "Disclose the environmental information publicly", "disclosure"},
	{"VI-8", "Consider bio-diversity conservation", "biodiversity"},
	{"VI-9", "Control environmental pollutants contained in products appropriately", "hazardous-substances"},
	{"VI-10", "Promote designing for resource and energy conservation", "circular-economy"},
	{"VI-11", "Promote designing for long lifetime", "circular-economy"},
	{"VI-12", "Promote designing to use recycled parts and materials as much as possible", "circular-economy"},
	{"VI-13", "Promote designing to use recyclable materials as much as possible", "circular-economy"},
	{"VI-14", "Promote appropriate labeling plastic type", "circular-economy"},
	{"VII-1", "Prohibit corruption and bribery", "corruption"},
	{"VII-2", "Prohibit abuse of a superior position", "fair-business"},
	{"VII-3", "Prohibit the offering and receiving of inappropriate profit and advantage", "corruption"},
	{"VII-4", "Prohibit impediment to free competition", "fair-competition"},
	{"VII-5", "Provide accurate information on products and services", "disclosure"},
	{"VII-6", "Respect intellectual property", "intellectual-property"},
	{"VII-7", "Use appropriate export procedures", "export-control"},
}

// rbaItems: a few clauses of the RBA Code of Conduct 8.0, and the Hitachi
// items they correspond to.
var rbaItems = []struct{ id, chapter, title, topics, hit string }{
	{"A1", "A. Labor", "Freely Chosen Employment", "forced-labour;migrant-workers", "A-(1)"},
	{"A2", "A. Labor", "Young Workers", "child-labour", "A-(2)"},
	{"A3", "A. Labor", "Working Hours", "working-hours", "A-(3)"},
	{"A4", "A. Labor", "Wages and Benefits", "wages", "A-(4)"},
	{"D1", "D. Ethics", "Business Integrity", "corruption", "D-(1)"},
}

// clauseID is the clause id a template reference starts with ("A-(1)
// Prohibition of Forced Labor" -> "A-(1)"), or "" for a Part-2 policy.
func clauseID(ref string) string {
	id, _, _ := strings.Cut(ref, " ")
	if strings.Contains(id, "-") {
		return id
	}
	return ""
}

// addClauses writes the clauses and the crosswalk: the Hitachi item and
// the NEC action item that each finding template names together, and the
// RBA clauses' Hitachi items.
func (g *gen) addClauses() {
	ds := g.ds
	for _, it := range hitItems {
		ch := hitChapters[it[0][:1]]
		ed := 3
		if hitNew[it[0]] {
			ed = 7
		}
		ds.clauses = append(ds.clauses, clauseDef{"HIT-SPG", it[0], ch, it[1], it[2], ed})
	}
	for _, it := range necItems {
		roman, _, _ := strings.Cut(it[0], "-")
		ds.clauses = append(ds.clauses, clauseDef{"NEC-SCG", it[0], necChapters[roman], it[1], it[2], 1})
	}
	for _, it := range rbaItems {
		ds.clauses = append(ds.clauses, clauseDef{"RBA-COC", it.id, it.chapter, it.title, it.topics, 1})
		ds.crosswalk = append(ds.crosswalk, [4]string{"HIT-SPG", it.hit, "RBA-COC", it.id})
	}
	seen := map[[4]string]bool{}
	for _, t := range findingTemplates {
		h, n := clauseID(t.hit), clauseID(t.nec)
		if h == "" || n == "" {
			continue
		}
		k := [4]string{"HIT-SPG", h, "NEC-SCG", n}
		if !seen[k] {
			seen[k] = true
			ds.crosswalk = append(ds.crosswalk, k)
		}
	}
	sort.Slice(ds.crosswalk, func(i, j int) bool {
		a, b := ds.crosswalk[i], ds.crosswalk[j]
		for c := range 4 {
			if a[c] != b[c] {
				return a[c] < b[c]
			}
		}
		return false
	})
}
