import { describe, expect, it } from "vitest";
import type { ChainView } from "./api";
import {
  buildDisplay,
  buildGraph,
  coverageBars,
  csv,
  displayHighlight,
  edgeWidth,
  expand,
  groupKey,
  layout,
  newGrouping,
  pathHighlight,
  riskRows,
  toSVG,
  verdict,
  BAND,
  COLUMN,
  GROUP_MIN,
  PER_COLUMN,
  nodeDisplay,
} from "./view";
import { fromColumns, type ViewNode } from "./api";
import { STATUS_COLOR, HIGHLIGHT_COLOR, DIM_COLOR } from "./palette";
import { formatState, parseState, DEFAULTS } from "./state";

const view: ChainView = {
  focal: "HIT",
  code: "HIT-SPG",
  asOf: "2026-06-01",
  maxDepth: 10,
  threshold: 0.5,
  nodes: [
    { id: "HIT", name: "Hitachi", kind: "BUYER", tier: 0, status: null, reached: false, open: false, exposure: 0 },
    { id: "A", name: "A, Inc", kind: "SUPPLIER", tier: 1, status: "COVERED", reached: true, open: false, exposure: 0 },
    { id: "B", name: "B", kind: "SUPPLIER", tier: 1, status: "STALE", reached: false, open: true, exposure: 2 },
    { id: "C", name: "C", kind: "SMELTER", tier: 2, status: "NOT_REQUESTED", reached: false, open: false, exposure: 12 },
  ],
  sources: [1, 2, 3],
  targets: [0, 0, 1],
  shares: [0.6, null, 1],
  tiers: [
    { tier: 1, companies: 2, covered: 1, stale: 1, pending: 0, notRequested: 0, reached: 1, coverage: 0.5, openEnds: 1, ackGap: false, visibilityGap: true, uncovered: true },
    { tier: 2, companies: 1, covered: 0, stale: 0, pending: 0, notRequested: 1, reached: 0, coverage: 0, openEnds: 0, ackGap: true, visibilityGap: false, uncovered: true },
  ],
  firstUncoveredTier: 1,
  truncated: false,
  risks: [{ id: "F-1", category: "HUMAN_RIGHTS", base: 12, weight: 1, score: 12, node: 3, partner: 1, path: [3, 1, 0] }],
  risksComplete: true,
  byCategory: [{ category: "HUMAN_RIGHTS", count: 1, maxScore: 12 }],
  byPartner: [{ partner: 1, count: 1, maxScore: 12 }],
};

describe("layout", () => {
  it("puts tiers in bands and centres each tier", () => {
    const p = layout(view.nodes);
    expect(p.map((q) => q.x)).toEqual([0, BAND, BAND, 2 * BAND]);
    expect(p[0].y).toBe(0);
    expect(p[1].y).toBe(-p[2].y);
    expect(p[1].y).not.toBe(p[2].y);
  });
});

describe("layout of a long tier", () => {
  it("wraps a tier into columns and moves the next tier past them", () => {
    const items = [{ tier: 0 }, ...Array.from({ length: PER_COLUMN + 1 }, () => ({ tier: 1 })), { tier: 2 }];
    const p = layout(items);
    expect(p[1].x).toBe(BAND);
    expect(p[PER_COLUMN + 1].x).toBe(BAND + COLUMN);
    expect(p[PER_COLUMN + 2].x).toBe(2 * BAND + COLUMN);
    expect(new Set(p.slice(1, PER_COLUMN + 1).map((q) => q.y)).size).toBe(PER_COLUMN);
  });
});

// big: a focal company and n suppliers at tier 1 (statuses alternating
// COVERED and PENDING), each supplied by one smelter at tier 2 (NOT_REQUESTED).
function big(n: number): ChainView {
  const nodes: ViewNode[] = [{ id: "F", name: "Focal", kind: "BUYER", tier: 0, status: null, reached: false, open: false, exposure: 0 }];
  const sources: number[] = [];
  const targets: number[] = [];
  for (let i = 0; i < n; i++) {
    nodes.push({ id: `S${i}`, name: `S${i}`, kind: "SUPPLIER", tier: 1, status: i % 2 ? "PENDING" : "COVERED", reached: i % 2 === 0, open: false, exposure: i === 7 ? 5 : 0 });
  }
  for (let i = 0; i < n; i++) {
    nodes.push({ id: `M${i}`, name: `M${i}`, kind: "SMELTER", tier: 2, status: "NOT_REQUESTED", reached: false, open: false, exposure: 0 });
    sources.push(1 + i, 1 + n + i);
    targets.push(0, 1 + i);
  }
  return { ...view, focal: "F", nodes, sources, targets, shares: sources.map(() => null), risks: [], byCategory: [], byPartner: [] };
}

describe("grouping", () => {
  it("draws a chain under the limit company by company", () => {
    const d = buildDisplay(big(10), newGrouping(100));
    expect(d.grouped).toBe(false);
    expect(d.graph.order).toBe(21);
    expect(d.graph.size).toBe(20);
  });
  it("draws a chain over the limit as one group per tier and status, links merged", () => {
    const v = big(100);
    const d = buildDisplay(v, newGrouping(50));
    expect(d.grouped).toBe(true);
    const cov = groupKey(1, "COVERED");
    const pen = groupKey(1, "PENDING");
    const smelters = groupKey(2, "NOT_REQUESTED");
    expect(d.graph.nodes().sort()).toEqual(["F", cov, pen, smelters].sort());
    expect(d.graph.getNodeAttribute(cov, "count")).toBe(50);
    expect(d.graph.getNodeAttribute(smelters, "count")).toBe(100);
    expect(d.graph.getEdgeAttribute(`${cov}>F`, "count")).toBe(50);
    expect(d.graph.getEdgeAttribute(`${smelters}>${pen}`, "count")).toBe(50);
    expect(d.graph.size).toBe(4);
    expect(d.tiers.get(1)).toEqual([cov, pen]);
  });
  it("expands a group by steps, the most exposed first, and pins companies", () => {
    const v = big(100);
    const g = newGrouping(50);
    let d = buildDisplay(v, g);
    const pen = groupKey(1, "PENDING");
    expand(d, g, pen, 10);
    d = buildDisplay(v, g);
    expect(d.graph.hasNode("S7")).toBe(true); // the exposed one first
    expect(d.graph.getNodeAttribute(pen, "count")).toBe(40);
    expect(d.members.get(pen)).toHaveLength(40);
    expect(d.graph.hasEdge(`S7>F`)).toBe(true);
    g.pinned.add(v.nodes.findIndex((n) => n.id === "M3"));
    d = buildDisplay(v, g);
    expect(d.graph.hasNode("M3")).toBe(true);
    expect(d.keyOf[v.nodes.findIndex((n) => n.id === "M3")]).toBe("M3");
    expect(d.graph.getNodeAttribute(groupKey(2, "NOT_REQUESTED"), "count")).toBe(99);
  });
  it("never groups fewer than GROUP_MIN companies", () => {
    const d = buildDisplay(big(2 * (GROUP_MIN - 1)), newGrouping(1));
    expect(d.graph.hasNode(groupKey(1, "COVERED"))).toBe(false);
    expect(d.graph.hasNode("S0")).toBe(true);
  });
  it("highlights the groups that hold highlighted companies", () => {
    const v = big(100);
    const d = buildDisplay(v, newGrouping(50));
    const h = displayHighlight({ nodes: new Set(["M4", "S4", "F"]), edges: new Set(["M4>S4", "S4>F"]) }, d, v)!;
    expect([...h.nodes].sort()).toEqual(["F", groupKey(1, "COVERED"), groupKey(2, "NOT_REQUESTED")].sort());
    expect([...h.edges].sort()).toEqual([`${groupKey(1, "COVERED")}>F`, `${groupKey(2, "NOT_REQUESTED")}>${groupKey(1, "COVERED")}`].sort());
  });
  it("draws shapes by kind and rings for companies not reached", () => {
    const g = buildGraph(view);
    expect(g.getNodeAttribute("HIT", "shape")).toBe("diamond");
    expect(g.getNodeAttribute("C", "shape")).toBe("square");
    expect(g.getNodeAttribute("A", "hollow")).toBe(false);
    expect(g.getNodeAttribute("B", "hollow")).toBe(true);
    expect(g.getNodeAttribute("HIT", "hollow")).toBe(false);
  });
});

describe("fromColumns", () => {
  it("turns chainView's columns into nodes", () => {
    const c = {
      ids: view.nodes.map((n) => n.id),
      names: view.nodes.map((n) => n.name),
      kinds: view.nodes.map((n) => n.kind),
      tiers: view.nodes.map((n) => n.tier),
      statuses: view.nodes.map((n) => n.status),
      reached: view.nodes.map((n) => n.reached),
      open: view.nodes.map((n) => n.open),
      exposure: view.nodes.map((n) => n.exposure),
    };
    const { nodes: _, ...rest } = view;
    expect(fromColumns({ ...rest, columns: c })).toEqual(view);
  });
});

describe("toSVG", () => {
  it("writes every drawn node and edge with the highlight's colours, labels escaped", () => {
    const g = buildGraph({ ...view, nodes: view.nodes.map((n) => (n.id === "A" ? { ...n, name: "A & <B>" } : n)) });
    const svg = toSVG(g, pathHighlight(view, view.risks[0].path), "HIT <test>");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("A &#38; &#60;B&#62;");
    expect(svg).toContain("HIT &#60;test&#62;");
    expect(svg.match(/<line /g)).toHaveLength(3);
    expect(svg.match(/<(circle|rect|polygon) /g)).toHaveLength(1 + 4); // the background and 4 nodes
    expect(svg.match(new RegExp(HIGHLIGHT_COLOR, "g"))!.length).toBe(3 + 2);
    expect(svg).not.toContain("<script");
  });
});

describe("buildGraph", () => {
  it("has every node coloured by status and every link", () => {
    const g = buildGraph(view);
    expect(g.order).toBe(4);
    expect(g.size).toBe(3);
    expect(g.getNodeAttribute("A", "color")).toBe(STATUS_COLOR.COVERED);
    expect(g.getNodeAttribute("B", "color")).toBe(STATUS_COLOR.STALE);
    expect(g.getNodeAttribute("C", "color")).toBe(STATUS_COLOR.NOT_REQUESTED);
    expect(g.hasEdge("C", "A")).toBe(true);
    expect(g.getNodeAttribute("A", "label")).toContain("✓");
    expect(g.getNodeAttribute("B", "label")).toContain("?");
  });
  it("widens edges by share", () => {
    expect(edgeWidth(null)).toBeLessThan(edgeWidth(0));
    expect(edgeWidth(1)).toBeGreaterThan(edgeWidth(0.5));
    expect(edgeWidth(7)).toBe(edgeWidth(1));
  });
});

describe("pathHighlight", () => {
  it("highlights exactly the path's nodes and links", () => {
    const h = pathHighlight(view, view.risks[0].path);
    expect([...h.nodes].sort()).toEqual(["A", "C", "HIT"]);
    expect([...h.edges].sort()).toEqual(["A>HIT", "C>A"]);
    expect(nodeDisplay(h, "A", "x").color).toBe(HIGHLIGHT_COLOR);
    expect(nodeDisplay(h, "B", "x").color).toBe(DIM_COLOR);
    expect(nodeDisplay(null, "B", "x").color).toBe("x");
  });
});

describe("coverage", () => {
  it("stacks the statuses of each tier", () => {
    const bars = coverageBars(view);
    expect(bars).toHaveLength(2);
    expect(bars[0].segments.map((s) => s.fraction)).toEqual([0.5, 0.5, 0, 0]);
    expect(bars[1].segments[3].count).toBe(1);
  });
  it("states the verdict", () => {
    expect(verdict(view)).toBe("Tier 1 is the first uncovered tier at 50%.");
    expect(verdict({ ...view, firstUncoveredTier: null, truncated: true })).toBe(
      "Every tier is covered at 50%. The chain goes on beyond tier 10.",
    );
  });
});

describe("riskRows", () => {
  it("writes each source with its company, partner and path as ids", () => {
    expect(riskRows(view)).toEqual([
      ["rank", "id", "category", "base", "weight", "score", "company", "partner", "path"],
      [1, "F-1", "HUMAN_RIGHTS", 12, 1, 12, "C", "A", "C > A > HIT"],
    ]);
  });
});

describe("csv", () => {
  it("quotes what needs quoting", () => {
    expect(csv([["a", 'b"c', "d,e", null, 1, true]])).toBe('a,"b""c","d,e",,1,true');
  });
});

describe("state", () => {
  it("round-trips through the URL", () => {
    const s = { ...DEFAULTS, focal: "HIT", code: "HIT-SPG", asOf: "2026-06-01", maxDepth: 4, threshold: 0.8, tab: "risk" as const };
    expect(parseState(formatState(s))).toEqual(s);
    const g = { ...DEFAULTS, focal: "HIT", group: 5 };
    expect(parseState(formatState(g))).toEqual(g);
    expect(parseState("?group=0").group).toBe(DEFAULTS.group);
    const r = { ...DEFAULTS, focal: "HIT", tab: "report" as const, from: "2025-06-01" };
    expect(parseState(formatState(r))).toEqual(r);
    expect(parseState("?from=last-year").from).toBe("");
  });
  it("leaves defaults out and ignores bad values", () => {
    expect(formatState(DEFAULTS)).toBe("");
    const s = parseState("?maxDepth=99&asOf=yesterday&threshold=2&tab=evil&key=sgk_x");
    expect(s).toEqual(DEFAULTS);
  });
  it("never carries a key", () => {
    expect(formatState({ ...DEFAULTS, focal: "HIT" })).not.toContain("key");
  });
});
