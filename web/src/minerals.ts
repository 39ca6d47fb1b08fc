// The minerals roll-up (mineralsReport): the smelters of one metal in the
// chain and who declares them, for the focal company's own CMRT or EMRT.

// METALS are the CMRT's, then the EMRT's.
export const METALS = ["TIN", "TANTALUM", "TUNGSTEN", "GOLD", "COBALT", "MICA", "COPPER", "GRAPHITE", "LITHIUM", "NICKEL"];

export const MINERALS = `query Minerals($focal: ID!, $metal: String!, $asOf: Date, $maxDepth: Int) {
  mineralsReport(focal: $focal, metal: $metal, asOf: $asOf, maxDepth: $maxDepth) {
    asOf validDays
    tiers { tier companies current stale none rate }
    responseRateText allSmeltersIdentified conformantShare
    smelters { company { id name country } rmapStatus disclosed tier namedBy { id } }
    contradictions { kind declarer { id name } supplier { id name } smelter { id name } }
  }
}`;

type Named = { id: string; name: string };

export interface MineralsReport {
  asOf: string;
  validDays: number;
  tiers: { tier: number; companies: number; current: number; stale: number; none: number; rate: number }[];
  responseRateText: string;
  allSmeltersIdentified: boolean;
  conformantShare: number | null;
  smelters: { company: Named & { country: string | null }; rmapStatus: string; disclosed: boolean; tier: number | null; namedBy: { id: string }[] }[];
  contradictions: { kind: string; declarer: Named; supplier: Named; smelter: Named | null }[];
}

// metalOf returns the metal of a URL value, TIN when it is not one.
export function metalOf(s: string | null): string {
  const m = (s ?? "").toUpperCase();
  return METALS.includes(m) ? m : "TIN";
}

// mineralsURL is the workbook export of the roll-up.
export function mineralsURL(a: { focal: string; metal: string; asOf: string; maxDepth: number }): string {
  const q = new URLSearchParams({ focal: a.focal, metal: a.metal, maxDepth: String(a.maxDepth) });
  if (a.asOf) q.set("asOf", a.asOf);
  return "/api/export/minerals?" + q.toString();
}

// CONTRADICTION says in words what each kind means.
export const CONTRADICTION: Record<string, string> = {
  RESPONSE_RATE: "answered 100% to the response-rate question, but this direct supplier has no current declaration",
  SMELTERS_IDENTIFIED: "answered that all smelters are identified, but this direct supplier has no current declaration or does not disclose completely",
  SMELTER_MISSING: "does not name a smelter that this direct supplier's declaration names",
};
