// Pure logic of the page: layout, graph attributes, highlights, tables.
// Kept free of the DOM and of WebGL so that vitest checks it in node.
import Graph from "graphology";
import type { ChainView, ViewNode } from "./api";
import { DIM_COLOR, HIGHLIGHT_COLOR, nodeColor, STATUSES, STATUS_COLOR } from "./palette";

// BAND is the distance between two tiers; nodes of a tier share a vertical band.
export const BAND = 100;
// ROW is the vertical distance between nodes of a tier.
export const ROW = 40;

export interface Position {
  x: number;
  y: number;
}

// layout places tier t at x = t * BAND (the focal company at the left edge)
// and spreads each tier's nodes vertically, centred, in the view's order.
export function layout(nodes: Pick<ViewNode, "tier">[]): Position[] {
  const count = new Map<number, number>();
  for (const n of nodes) count.set(n.tier, (count.get(n.tier) ?? 0) + 1);
  const seen = new Map<number, number>();
  return nodes.map((n) => {
    const i = seen.get(n.tier) ?? 0;
    seen.set(n.tier, i + 1);
    const c = count.get(n.tier)!;
    return { x: n.tier * BAND, y: (i - (c - 1) / 2) * ROW };
  });
}

const KIND_SIZE: Record<ViewNode["kind"], number> = { BUYER: 9, SUPPLIER: 6, SMELTER: 7, MINE: 7 };

// label is what the graph writes beside a node: name, kind, and marks for
// an open end (?) and a company the code reached (✓).
export function label(n: ViewNode): string {
  let s = `${n.name} (${n.kind.toLowerCase()})`;
  if (n.reached) s += " ✓";
  if (n.open) s += " ?";
  return s;
}

// buildGraph turns a chain view into a graphology graph for sigma: node
// keys are company ids, edges go from supplier to customer.
export function buildGraph(v: ChainView): Graph {
  const g = new Graph({ type: "directed", multi: false });
  const pos = layout(v.nodes);
  v.nodes.forEach((n, i) => {
    g.addNode(n.id, {
      x: pos[i].x,
      y: -pos[i].y,
      size: KIND_SIZE[n.kind] ?? 6,
      label: label(n),
      color: nodeColor(n.status),
      status: n.status,
      kind: n.kind,
      tier: n.tier,
    });
  });
  for (let i = 0; i < v.sources.length; i++) {
    const s = v.nodes[v.sources[i]].id;
    const t = v.nodes[v.targets[i]].id;
    const share = v.shares[i];
    g.addEdge(s, t, { size: edgeWidth(share), color: "#9a9a9a", share });
  }
  return g;
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
