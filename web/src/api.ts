// The GraphQL client: same origin only, the key in the Authorization header.
import type { AckStatus } from "./palette";

export class ApiError extends Error {
  constructor(message: string, public code: string) {
    super(message);
  }
}

const KEY = "supplygraph.key";

export function storedKey(): string {
  return sessionStorage.getItem(KEY) ?? "";
}
export function storeKey(key: string) {
  sessionStorage.setItem(KEY, key);
}
export function forgetKey() {
  sessionStorage.removeItem(KEY);
}

export async function gql<T>(key: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await fetch("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: "Bearer " + key },
    body: JSON.stringify({ query, variables }),
  });
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await r.json();
  } catch {
    throw new ApiError(`the server answered ${r.status}`, "INTERNAL");
  }
  if (body.errors?.length) {
    const e = body.errors[0];
    throw new ApiError(e.message, e.extensions?.code ?? "INTERNAL");
  }
  return body.data as T;
}

export interface ViewNode {
  id: string;
  name: string;
  kind: "BUYER" | "SUPPLIER" | "SMELTER" | "MINE";
  tier: number;
  status: AckStatus | null;
  reached: boolean;
  open: boolean;
  exposure: number;
}
export interface ViewTier {
  tier: number;
  companies: number;
  covered: number;
  stale: number;
  pending: number;
  notRequested: number;
  reached: number;
  coverage: number;
  openEnds: number;
  ackGap: boolean;
  visibilityGap: boolean;
  uncovered: boolean;
}
export interface ViewRisk {
  id: string;
  category: string;
  base: number;
  weight: number;
  score: number;
  node: number;
  partner: number;
  path: number[];
}
export interface ChainView {
  focal: string;
  code: string;
  asOf: string;
  maxDepth: number;
  threshold: number;
  nodes: ViewNode[];
  sources: number[];
  targets: number[];
  shares: (number | null)[];
  tiers: ViewTier[];
  firstUncoveredTier: number | null;
  truncated: boolean;
  risks: ViewRisk[];
  risksComplete: boolean;
  byCategory: { category: string; count: number; maxScore: number }[];
  byPartner: { partner: number; count: number; maxScore: number }[];
}

export const CHAIN_VIEW = `query ChainView($focal: ID!, $code: ID!, $asOf: Date, $maxDepth: Int, $threshold: Float) {
  chainView(focal: $focal, code: $code, asOf: $asOf, maxDepth: $maxDepth, threshold: $threshold) {
    focal code asOf maxDepth threshold
    columns { ids names kinds tiers statuses reached open exposure }
    sources targets shares
    tiers { tier companies covered stale pending notRequested reached coverage openEnds ackGap visibilityGap uncovered }
    firstUncoveredTier truncated
    risks { id category base weight score node partner path }
    risksComplete
    byCategory { category count maxScore }
    byPartner { partner count maxScore }
  }
}`;

// The page asks for chainView's nodes as columns (a large chain answers
// several times faster) and turns them into objects here.
export interface ViewColumns {
  ids: string[];
  names: string[];
  kinds: ViewNode["kind"][];
  tiers: number[];
  statuses: (AckStatus | null)[];
  reached: boolean[];
  open: boolean[];
  exposure: number[];
}

export function fromColumns(v: Omit<ChainView, "nodes"> & { columns: ViewColumns }): ChainView {
  const c = v.columns;
  const nodes: ViewNode[] = new Array(c.ids.length);
  for (let i = 0; i < c.ids.length; i++) {
    nodes[i] = { id: c.ids[i], name: c.names[i], kind: c.kinds[i], tier: c.tiers[i], status: c.statuses[i], reached: c.reached[i], open: c.open[i], exposure: c.exposure[i] };
  }
  const { columns: _, ...rest } = v;
  return { ...rest, nodes };
}

export const ME = `query Me { me { keyId role company { id name } } codesOfConduct { id title } }`;

export const SEARCH = `query Search($s: String) { companies(search: $s, first: 20) { edges { node { id name kind } } } }`;

// IMPACT_PAGE: the impact list shows (and highlights) at most this many companies.
export const IMPACT_PAGE = 1000;
export const IMPACT = `query Impact($source: ID!, $asOf: Date, $maxDepth: Int, $first: Int) {
  impact(source: $source, asOf: $asOf, maxDepth: $maxDepth) {
    affectedConnection(first: $first) { totalCount edges { node { company { id name kind } distance weight path { id } } } }
    buyers { id name }
  }
}`;

export const RISK_PATHS = `query RiskPaths($from: ID!, $to: ID!, $asOf: Date, $maxDepth: Int) {
  riskPaths(from: $from, to: $to, asOf: $asOf, maxDepth: $maxDepth, limit: 20) { nodes { id } hops weight }
}`;

export const DETAILS = `query Details($id: ID!, $asOf: Date) {
  company(id: $id) {
    id name kind country disclosure metal rmiId rmapStatus(asOf: $asOf)
    acknowledgments(asOf: $asOf) { code { id } edition date current }
    declarations { id template version effective scope smelters { metal smelterId } }
    requests { requester { id } code { id } date }
    made: requests(direction: MADE) { supplier { id } code { id } date }
    findings { id category severity likelihood status detected }
    facilities { id name type country }
  }
}`;
