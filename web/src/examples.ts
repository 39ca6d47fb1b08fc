// The example queries GraphiQL opens with, one tab each (docs/api.md).
export const EXAMPLES = [
  `# A company and its direct suppliers
query Company { company(id: "HIT") { name kind suppliers { totalCount edges { node { id name } links { material share } } } } }`,
  `# How far a code of conduct has cascaded, tier by tier
query Cascade { cascade(focal: "HIT", code: "HIT-SPG") { tiers { tier companies covered stale pending notRequested reached coverage } } }`,
  `# Where the chain is not covered or not disclosed
query UncoveredTiers { uncoveredTiers(focal: "HIT", code: "HIT-SPG", threshold: 0.8) { firstUncoveredTier truncated tiers { tier coverage openEnds uncovered } } }`,
  `# Risks upstream and their best paths to the buyer
query RiskExposure { riskExposure(focal: "HIT", limit: 10) { sources { source { id category base } path { id } score partner { id } } byCategory { category count maxScore } } }`,
  `# Everything a smelter reaches downstream
query Impact { impact(source: "VOGTLAND-DE") { affected { company { id } distance weight } buyers { id name } } }`,
];
