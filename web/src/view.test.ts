import { describe, expect, it } from "vitest";
import type { ChainView } from "./api";
import { buildGraph, coverageBars, csv, edgeWidth, layout, pathHighlight, verdict, BAND, nodeDisplay } from "./view";
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

describe("csv", () => {
  it("quotes what needs quoting", () => {
    expect(csv([["a", 'b"c', "d,e", null, 1, true]])).toBe('a,"b""c","d,e",,1,true');
  });
});

describe("state", () => {
  it("round-trips through the URL", () => {
    const s = { ...DEFAULTS, focal: "HIT", code: "HIT-SPG", asOf: "2026-06-01", maxDepth: 4, threshold: 0.8, tab: "risk" as const };
    expect(parseState(formatState(s))).toEqual(s);
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
