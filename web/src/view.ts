// Pure logic of the page: layout, graph attributes, highlights, tables.
// Kept free of the DOM and of WebGL so that vitest checks it in node.
import Graph from "graphology";
import type { ChainView, ViewNode } from "./api";
import { DIM_COLOR, HIGHLIGHT_COLOR, nodeColor, STATUSES, STATUS_COLOR, STATUS_LABEL } from "./palette";
import type { Shape } from "./shapes";

// The layout: tiers are vertical bands from the focal company (tier 0) at
// the left. A tier's items stack in columns of at most PER_COLUMN, ROW
// apart; columns are COLUMN apart and bands BAND apart.
export const BAND = 100;
export const ROW = 40;
export const COLUMN = 50;
export const PER_COLUMN = 40;

export interface Position {
  x: number;
  y: number;
}

// GROUPED_SPACING: a grouped drawing has few items per tier with long
// labels; wider bands and rows keep its groups and labels apart.
export const GROUPED_SPACING = { band: 260, row: 160 };

// layout places items, given in display order, tier by tier.
export function layout(items: { tier: number }[], spacing = { band: BAND, row: ROW }): Position[] {
  const { band, row } = spacing;
  const count = new Map<number, number>();
  for (const n of items) count.set(n.tier, (count.get(n.tier) ?? 0) + 1);
  const start = new Map<number, number>();
  let x = 0;
  for (const t of [...count.keys()].sort((a, b) => a - b)) {
    start.set(t, x);
    x += (Math.ceil(count.get(t)! / PER_COLUMN) - 1) * COLUMN + band;
  }
  const seen = new Map<number, number>();
  return items.map((n) => {
    const i = seen.get(n.tier) ?? 0;
    seen.set(n.tier, i + 1);
    const c = count.get(n.tier)!;
    const col = Math.floor(i / PER_COLUMN);
    const inCol = Math.min(PER_COLUMN, c - col * PER_COLUMN);
    return { x: start.get(n.tier)! + col * COLUMN, y: ((i % PER_COLUMN) - (inCol - 1) / 2) * row };
  });
}

// SHAPE_OF: the shape of each kind of company; groups are hexagons.
export const SHAPE_OF: Record<ViewNode["kind"], Shape> = { BUYER: "diamond", SUPPLIER: "circle", SMELTER: "square", MINE: "triangle" };
const KIND_SIZE: Record<ViewNode["kind"], number> = { BUYER: 10, SUPPLIER: 7, SMELTER: 8, MINE: 8 };

// label is what the graph writes beside a node: name, kind, and marks for
// an open end (?) and a company the code reached (✓).
export function label(n: ViewNode): string {
  let s = `${n.name} (${n.kind.toLowerCase()})`;
  if (n.reached) s += " ✓";
  if (n.open) s += " ?";
  return s;
}

// Grouping says how a large view is drawn. A view of more than limit
// companies is drawn in groups, one per tier and status (hexagons sized by
// their count), so that 80,000 companies draw as a few dozen shapes; the
// user expands a group by steps of EXPAND_STEP companies (the most exposed
// first) and pins companies (a searched one, a selected path) so that they
// are drawn on their own.
export interface Grouping {
  limit: number;
  shown: Map<string, number>; // group key -> members drawn on their own, from the top
  pinned: Set<number>; // node indices drawn on their own
}

export const EXPAND_STEP = 250;
// Groups this small are always drawn member by member.
export const GROUP_MIN = 2;

export function newGrouping(limit: number): Grouping {
  return { limit, shown: new Map(), pinned: new Set() };
}

export function groupKey(tier: number, status: string | null): string {
  return `group:${tier}:${status}`;
}

// Display is what is drawn: the graph (node keys are company ids or group
// keys), which drawn item holds each company, and the drawn items of each
// tier from top to bottom (keyboard navigation walks them).
export interface Display {
  graph: Graph;
  keyOf: string[];
  members: Map<string, number[]>; // group key -> the companies it holds
  tiers: Map<number, string[]>;
  grouped: boolean;
}

// buildDisplay turns a chain view into a graphology graph for sigma: edges
// go from supplier to customer, and the links between two drawn items are
// merged into one edge (its count is how many links it stands for).
export function buildDisplay(v: ChainView, grouping: Grouping = newGrouping(Infinity)): Display {
  const g = new Graph({ type: "directed", multi: false });
  const grouped = v.nodes.length > grouping.limit;
  const keyOf: string[] = v.nodes.map((n) => n.id);
  const members = new Map<string, number[]>();
  type Item = { key: string; tier: number; attrs: Record<string, unknown> };
  const items: Item[] = [];
  const single = (i: number): Item => {
    const n = v.nodes[i];
    return {
      key: n.id,
      tier: n.tier,
      attrs: {
        size: KIND_SIZE[n.kind] ?? 7,
        label: label(n),
        color: nodeColor(n.status),
        shape: SHAPE_OF[n.kind] ?? "circle",
        hollow: n.status !== null && !n.reached,
        status: n.status,
        kind: n.kind,
        tier: n.tier,
        index: i,
      },
    };
  };
  if (!grouped) {
    v.nodes.forEach((_, i) => items.push(single(i)));
  } else {
    const { order, byGroup } = groupsOf(v);
    items.push(single(0));
    for (const k of order) {
      const list = byGroup.get(k)!;
      const shown = list.length < GROUP_MIN ? list.length : Math.min(list.length, grouping.shown.get(k) ?? 0);
      const rest: number[] = [];
      list.forEach((i, j) => {
        if (j < shown || grouping.pinned.has(i)) items.push(single(i));
        else rest.push(i);
      });
      if (rest.length === 0) continue;
      const first = v.nodes[rest[0]];
      rest.forEach((i) => (keyOf[i] = k));
      members.set(k, rest);
      const status = first.status as (typeof STATUSES)[number];
      items.push({
        key: k,
        tier: first.tier,
        attrs: {
          size: Math.min(16, 7 + 0.7 * Math.log2(rest.length)),
          // Bands are about 90 px apart when a chain of ten tiers fits the
          // screen: a group's label is its count (its colour says the status).
          label: `${shown ? "+" : ""}${rest.length.toLocaleString("en")}`,
          title: `Tier ${first.tier}: ${rest.length.toLocaleString("en")} ${shown ? "more " : ""}${STATUS_LABEL[status]} (group)`,
          color: STATUS_COLOR[status],
          shape: "hexagon",
          hollow: false,
          status,
          tier: first.tier,
          group: true,
          count: rest.length,
        },
      });
    }
  }
  const pos = layout(items, grouped ? GROUPED_SPACING : undefined);
  const tiers = new Map<number, string[]>();
  items.forEach((it, i) => {
    g.addNode(it.key, { ...it.attrs, x: pos[i].x, y: -pos[i].y });
    if (!tiers.has(it.tier)) tiers.set(it.tier, []);
    tiers.get(it.tier)!.push(it.key);
  });
  for (let i = 0; i < v.sources.length; i++) {
    const s = keyOf[v.sources[i]];
    const t = keyOf[v.targets[i]];
    if (s === t) continue;
    const share = v.shares[i];
    const e = s + ">" + t;
    if (g.hasEdge(e)) {
      g.updateEdgeAttributes(e, (a) => {
        const count = (a.count as number) + 1;
        return { ...a, count, size: Math.min(8, 1 + Math.log2(count)) };
      });
    } else g.addDirectedEdgeWithKey(e, s, t, { size: edgeWidth(share), color: EDGE_COLOR, share, count: 1, from: s, to: t });
  }
  return { graph: g, keyOf, members, tiers, grouped };
}

export const EDGE_COLOR = "#9a9a9a";

// groupsOf: the view's groups per tier and status, in tier order and the
// statuses' order, each with its companies, the most exposed first; kept
// per view, since every expansion draws the view again.
const groupsCache = new WeakMap<ChainView, { order: string[]; byGroup: Map<string, number[]> }>();
function groupsOf(v: ChainView) {
  let g = groupsCache.get(v);
  if (g) return g;
  const byGroup = new Map<string, number[]>();
  const order: string[] = [];
  v.nodes.forEach((n, i) => {
    if (i === 0) return;
    const k = groupKey(n.tier, n.status);
    if (!byGroup.has(k)) {
      byGroup.set(k, []);
      order.push(k);
    }
    byGroup.get(k)!.push(i);
  });
  const rank = (k: string) => {
    const [, t, st] = k.split(":");
    return Number(t) * 10 + STATUSES.indexOf(st as (typeof STATUSES)[number]);
  };
  order.sort((a, b) => rank(a) - rank(b));
  for (const list of byGroup.values()) list.sort((a, b) => v.nodes[b].exposure - v.nodes[a].exposure || a - b);
  g = { order, byGroup };
  groupsCache.set(v, g);
  return g;
}

// buildGraph is buildDisplay's graph, every company on its own.
export function buildGraph(v: ChainView): Graph {
  return buildDisplay(v).graph;
}

// expand draws step more members of a group on their own.
export function expand(d: Display, grouping: Grouping, key: string, step = EXPAND_STEP) {
  const total = d.members.get(key)?.length ?? 0;
  if (!total) return;
  grouping.shown.set(key, (grouping.shown.get(key) ?? 0) + Math.min(step, total));
}

// displayHighlight maps a highlight of companies to what is drawn: a
// group is highlighted when it holds a highlighted company, an edge when
// it stands for a highlighted link.
export function displayHighlight(h: Highlight | null, d: Display, v: ChainView): Highlight | null {
  if (!h || !d.grouped) return h;
  const index = new Map(v.nodes.map((n, i) => [n.id, i]));
  const key = (id: string) => {
    const i = index.get(id);
    return i === undefined ? id : d.keyOf[i];
  };
  const nodes = new Set<string>();
  for (const id of h.nodes) nodes.add(key(id));
  const edges = new Set<string>();
  for (const e of h.edges) {
    const [s, t] = e.split(">");
    const ks = key(s);
    const kt = key(t);
    if (ks !== kt) edges.add(ks + ">" + kt);
  }
  return { nodes, edges };
}

// edgeWidth: width by share (1 to 5 px); links without a share are thin.
export function edgeWidth(share: number | null): number {
  return share === null ? 0.7 : 1 + 4 * Math.max(0, Math.min(1, share));
}

// Highlight is a set of nodes and edges to draw in the highlight colour,
// everything else dimmed; null draws the graph as it is.
export interface Highlight {
  nodes: Set<string>;
  edges: Set<string>; // "source>target"
}

// pathHighlight is the highlight of a path of node indices (a risk's best
// path: the source's company first, the focal company last).
export function pathHighlight(v: ChainView, path: number[]): Highlight {
  const nodes = new Set(path.map((i) => v.nodes[i].id));
  const edges = new Set<string>();
  for (let i = 0; i + 1 < path.length; i++) edges.add(v.nodes[path[i]].id + ">" + v.nodes[path[i + 1]].id);
  return { nodes, edges };
}

// idsHighlight is the highlight of companies given by id and of the paths between them.
export function idsHighlight(paths: string[][]): Highlight {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const p of paths) {
    p.forEach((id) => nodes.add(id));
    for (let i = 0; i + 1 < p.length; i++) edges.add(p[i] + ">" + p[i + 1]);
  }
  return { nodes, edges };
}

export function nodeDisplay(h: Highlight | null, id: string, color: string): { color: string; zIndex: number; highlighted: boolean } {
  if (!h) return { color, zIndex: 0, highlighted: false };
  if (h.nodes.has(id)) return { color: HIGHLIGHT_COLOR, zIndex: 1, highlighted: true };
  return { color: DIM_COLOR, zIndex: 0, highlighted: false };
}

export function edgeDisplay(h: Highlight | null, source: string, target: string, color: string): { color: string; zIndex: number } {
  if (!h) return { color, zIndex: 0 };
  if (h.edges.has(source + ">" + target)) return { color: HIGHLIGHT_COLOR, zIndex: 1 };
  return { color: "#eeeeee", zIndex: 0 };
}

// CoverageBar is one tier's stacked bar: segments in status order, as
// fractions of the tier's companies.
export interface CoverageBar {
  tier: number;
  companies: number;
  coverage: number;
  uncovered: boolean;
  openEnds: number;
  segments: { status: string; count: number; fraction: number; color: string }[];
}

export function coverageBars(v: ChainView): CoverageBar[] {
  return v.tiers.map((t) => {
    const counts = [t.covered, t.stale, t.pending, t.notRequested];
    return {
      tier: t.tier,
      companies: t.companies,
      coverage: t.coverage,
      uncovered: t.uncovered,
      openEnds: t.openEnds,
      segments: STATUSES.map((s, i) => ({
        status: s,
        count: counts[i],
        fraction: t.companies ? counts[i] / t.companies : 0,
        color: STATUS_COLOR[s],
      })),
    };
  });
}

// verdict is the sentence of uncoveredTiers' answer.
export function verdict(v: ChainView): string {
  const thr = `${Math.round(v.threshold * 100)}%`;
  let s =
    v.firstUncoveredTier === null
      ? `Every tier is covered at ${thr}.`
      : `Tier ${v.firstUncoveredTier} is the first uncovered tier at ${thr}.`;
  if (v.truncated) s += ` The chain goes on beyond tier ${v.maxDepth}.`;
  return s;
}

// csv writes rows as RFC 4180 CSV.
export function csv(rows: (string | number | boolean | null)[][]): string {
  return rows
    .map((r) =>
      r
        .map((c) => {
          const s = c === null ? "" : String(c);
          return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
        })
        .join(","),
    )
    .join("\r\n");
}

export function nodeRows(v: ChainView): (string | number | boolean | null)[][] {
  return [
    ["id", "name", "kind", "tier", "status", "reached", "open", "exposure"],
    ...v.nodes.map((n) => [n.id, n.name, n.kind, n.tier, n.status, n.reached, n.open, n.exposure]),
  ];
}

// riskRows is the risk list as a table: a source per row, its best path as
// ids from the source's company to the focal company.
export function riskRows(v: ChainView): (string | number | boolean | null)[][] {
  return [
    ["rank", "id", "category", "base", "weight", "score", "company", "partner", "path"],
    ...v.risks.map((r, i) => [i + 1, r.id, r.category, r.base, r.weight, r.score, v.nodes[r.node].id, v.nodes[r.partner].id, r.path.map((j) => v.nodes[j].id).join(" > ")]),
  ];
}

// shapeSVG is one node's shape as SVG markup, centred on (x, y) with radius
// r; a hollow one is a ring, as on the graph.
export function shapeSVG(shape: Shape, x: number, y: number, r: number, color: string, hollow: boolean): string {
  const paint = hollow ? `fill="#ffffff" stroke="${color}" stroke-width="${fmt(r * 0.45)}"` : `fill="${color}"`;
  if (hollow) r -= r * 0.225;
  const poly = (pts: [number, number][]) => `<polygon points="${pts.map(([a, b]) => `${fmt(x + a * r)},${fmt(y + b * r)}`).join(" ")}" ${paint}/>`;
  switch (shape) {
    case "square":
      return `<rect x="${fmt(x - 0.7 * r)}" y="${fmt(y - 0.7 * r)}" width="${fmt(1.4 * r)}" height="${fmt(1.4 * r)}" ${paint}/>`;
    case "triangle":
      return poly([[0, -1], [0.866, 0.5], [-0.866, 0.5]]);
    case "diamond":
      return poly([[0, -0.96], [0.96, 0], [0, 0.96], [-0.96, 0]]);
    case "hexagon":
      return poly([[0.98, 0], [0.49, -0.85], [-0.49, -0.85], [-0.98, 0], [-0.49, 0.85], [0.49, 0.85]]);
    default:
      return `<circle cx="${fmt(x)}" cy="${fmt(y)}" r="${fmt(r)}" ${paint}/>`;
  }
}

function fmt(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function xml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// toSVG writes what is drawn (the graph as displayed, with the highlight's
// colours) as a standalone SVG document, labels included.
export function toSVG(g: Graph, h: Highlight | null, title: string): string {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  g.forEachNode((_, a) => {
    minX = Math.min(minX, a.x);
    maxX = Math.max(maxX, a.x);
    minY = Math.min(minY, -a.y);
    maxY = Math.max(maxY, -a.y);
  });
  if (!g.order) minX = minY = maxX = maxY = 0;
  const pad = 40;
  const labelRoom = 220;
  const x0 = minX - pad, y0 = minY - pad;
  const w = maxX - minX + 2 * pad + labelRoom, hgt = maxY - minY + 2 * pad + 20;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${fmt(x0)} ${fmt(y0 - 20)} ${fmt(w)} ${fmt(hgt)}" width="${Math.ceil(w)}" height="${Math.ceil(hgt)}" font-family="sans-serif" font-size="11">`,
    `<title>${xml(title)}</title>`,
    `<rect x="${fmt(x0)}" y="${fmt(y0 - 20)}" width="${fmt(w)}" height="${fmt(hgt)}" fill="#ffffff"/>`,
    `<text x="${fmt(x0 + 8)}" y="${fmt(y0 - 4)}" font-size="13">${xml(title)}</text>`,
    `<g stroke-linecap="round">`,
  ];
  g.forEachEdge((_, a, s, t, sa, ta) => {
    const { color } = edgeDisplay(h, s, t, a.color as string);
    out.push(`<line x1="${fmt(sa.x)}" y1="${fmt(-sa.y)}" x2="${fmt(ta.x)}" y2="${fmt(-ta.y)}" stroke="${color}" stroke-width="${fmt(a.size as number)}"/>`);
  });
  out.push(`</g><g>`);
  g.forEachNode((key, a) => {
    const { color } = nodeDisplay(h, key, a.color as string);
    out.push(shapeSVG((a.shape as Shape) ?? "circle", a.x, -a.y, a.size as number, color, Boolean(a.hollow)));
    out.push(`<text x="${fmt(a.x + (a.size as number) + 3)}" y="${fmt(-a.y + 4)}">${xml(String(a.title ?? a.label ?? key))}</text>`);
  });
  out.push(`</g></svg>`);
  return out.join("\n");
}
