// The explorer page: sign in, pick, and draw a focal company's chain.
import "./style.css";
import { downloadAsPNG } from "@sigma/export-image";
import type Graph from "graphology";
import { ApiError, CHAIN_VIEW, DETAILS, forgetKey, fromColumns, gql, IMPACT, IMPACT_PAGE, ME, RISK_PATHS, SEARCH, storedKey, storeKey } from "./api";
import type { ChainView } from "./api";
import { FOCAL_COLOR, HIGHLIGHT_COLOR, STATUSES, STATUS_COLOR, STATUS_LABEL } from "./palette";
import { NodeShapeProgram } from "./shapes";
import { ExplorerRenderer } from "./renderer";
import { formatState, parseState, TABS, type State, type Tab } from "./state";
import { isDate, type PeriodReport, REPORT, reportURL, signed, today, yearBefore } from "./report";
import { CONTRADICTION, METALS, MINERALS, type MineralsReport, mineralsURL } from "./minerals";
import {
  buildDisplay,
  coverageBars,
  csv,
  displayHighlight,
  edgeDisplay,
  expand,
  idsHighlight,
  newGrouping,
  nodeDisplay,
  nodeRows,
  pathHighlight,
  riskRows,
  shapeSVG,
  SHAPE_OF,
  toSVG,
  verdict,
  type Display,
  type Grouping,
  type Highlight,
} from "./view";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

let key = storedKey();
let state: State = parseState(location.search);
let view: ChainView | null = null;
let graph: Graph | null = null;
let display: Display | null = null;
let grouping: Grouping = newGrouping(state.group);
let renderer: ExplorerRenderer | null = null;
// highlight is in companies; shown is the same mapped to what is drawn.
let highlight: Highlight | null = null;
let shown: Highlight | null = null;
let cursor = ""; // the drawn item the keyboard is on
let selected: string[] = []; // the last two companies selected, for riskPaths
let nodeIndex = new Map<string, number>();
let selectedRisk = -1;
let loadSeq = 0;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

function message(text: string, error = false) {
  const m = $("message");
  m.textContent = text;
  m.className = error ? "error" : "";
}

function fail(e: unknown) {
  if (e instanceof ApiError && e.code === "UNAUTHENTICATED") {
    signOut("That key is not valid (unknown or revoked).");
    return;
  }
  message(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e), true);
}

function pushState() {
  history.replaceState(null, "", location.pathname + formatState(state));
}

// --- sign in ---------------------------------------------------------------

function signOut(why = "") {
  forgetKey();
  key = "";
  $("app").hidden = true;
  $("pick").hidden = true;
  $("who").textContent = "";
  $("signin").hidden = false;
  message(why, why !== "");
}

async function signIn() {
  try {
    const d = await gql<{
      me: { keyId: string | null; role: string; company: { id: string; name: string } | null };
      codesOfConduct: { id: string; title: string }[];
    }>(key, ME);
    $("signin").hidden = true;
    $("pick").hidden = false;
    $("app").hidden = false;
    const who = $("who");
    who.textContent = `${d.me.role.toLowerCase()} key ${d.me.keyId ?? ""}` + (d.me.company ? `, scoped to ${d.me.company.id}` : "") + " ";
    const out = el("button", { type: "button", id: "signout" }, "Sign out");
    out.addEventListener("click", () => signOut());
    who.append(out);
    const code = $<HTMLSelectElement>("code");
    code.replaceChildren(...d.codesOfConduct.map((c) => el("option", { value: c.id }, `${c.id} — ${c.title}`)));
    if (!state.focal && d.me.company) state.focal = d.me.company.id;
    if (!state.code && d.codesOfConduct.length) state.code = d.codesOfConduct[0].id;
    fillForm();
    message(state.focal ? "" : "Pick a focal company (type a name or an id) and a code.");
    if (state.focal && state.code) await load();
  } catch (e) {
    fail(e);
  }
}

// --- picking ---------------------------------------------------------------

function fillForm() {
  $<HTMLInputElement>("focal").value = state.focal;
  $<HTMLSelectElement>("code").value = state.code;
  $<HTMLInputElement>("asOf").value = state.asOf;
  $<HTMLInputElement>("maxDepth").value = String(state.maxDepth);
  $<HTMLInputElement>("threshold").value = String(state.threshold);
  $<HTMLInputElement>("group").value = String(state.group);
}

let searchTimer = 0;
async function search(text: string) {
  try {
    const d = await gql<{ companies: { edges: { node: { id: string; name: string; kind: string } }[] } }>(key, SEARCH, { s: text });
    $("focal-list").replaceChildren(...d.companies.edges.map((e) => el("option", { value: e.node.id }, `${e.node.name} (${e.node.kind.toLowerCase()})`)));
  } catch (e) {
    fail(e);
  }
}

// months of the replay slider: the first of each month from 2015 to today.
const sliderStart = new Date(Date.UTC(2015, 0, 1));
function sliderDate(i: number): string {
  const d = new Date(sliderStart);
  d.setUTCMonth(d.getUTCMonth() + i);
  return d.toISOString().slice(0, 10);
}
function setupSlider() {
  const s = $<HTMLInputElement>("slider");
  const now = new Date();
  const months = (now.getUTCFullYear() - 2015) * 12 + now.getUTCMonth();
  s.max = String(months);
  const cur = state.asOf ? new Date(state.asOf + "T00:00:00Z") : now;
  s.value = String((cur.getUTCFullYear() - 2015) * 12 + cur.getUTCMonth());
  $("slider-date").textContent = state.asOf || "today";
}

// --- loading and drawing ---------------------------------------------------

async function load() {
  const seq = ++loadSeq;
  performance.mark("chainview-asked");
  message(`Loading ${state.focal} / ${state.code}…`);
  try {
    const d = await gql<{ chainView: Parameters<typeof fromColumns>[0] }>(key, CHAIN_VIEW, {
      focal: state.focal,
      code: state.code,
      asOf: state.asOf || null,
      maxDepth: state.maxDepth,
      threshold: state.threshold,
    });
    if (seq !== loadSeq) return; // a later request superseded this one
    performance.mark("chainview-answered");
    const next = fromColumns(d.chainView);
    const same = !!view && view.focal === next.focal && view.code === next.code && view.maxDepth === next.maxDepth;
    view = next;
    nodeIndex = new Map(view.nodes.map((n, i) => [n.id, i]));
    // The replay slider keeps what the user expanded and where the camera is.
    if (!same || grouping.limit !== state.group) grouping = newGrouping(state.group);
    highlight = null;
    selectedRisk = -1;
    if (!same) tablePage = 0;
    draw(same);
    performance.mark("chainview-drawn");
    message(
      `${view.nodes.length.toLocaleString("en")} companies, ${view.sources.length.toLocaleString("en")} links, as of ${view.asOf}. ${verdict(view)}` +
        (display?.grouped
          ? ` More than ${state.group.toLocaleString("en")} companies: drawn in groups per tier and status; select a group (click, or Enter) to draw its companies, or find one.`
          : ""),
    );
    if (state.tab === "impact" && state.impact) await showImpact(state.impact);
    if (state.tab === "report") await showReport();
    if (state.tab === "minerals") await showMinerals();
  } catch (e) {
    if (seq === loadSeq) fail(e);
  }
}

// draw draws the view: the graph and the panels beside it.
function draw(keepCamera = false) {
  if (!view) return;
  drawGraph(keepCamera);
  drawLegend();
  drawCoverage();
  drawRisks();
  drawTable();
  showTab(state.tab);
  expose();
}

// drawGraph (re)draws the graph from the view and the grouping, in the
// same renderer once there is one (a new WebGL context per expanded group
// would cost more than the drawing); keepCamera keeps the camera where it is.
function drawGraph(keepCamera = false) {
  if (!view) return;
  display = buildDisplay(view, grouping);
  graph = display.graph;
  shown = displayHighlight(highlight, display, view);
  if (cursor && !graph.hasNode(cursor)) cursor = "";
  // While the camera moves the renderer moves the last drawn picture, links
  // included, whatever the drawing's size (renderer.ts).
  if (renderer) {
    renderer.setGraph(graph);
    if (!keepCamera) renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
    expose();
    return;
  }
  try {
    renderer = new ExplorerRenderer(graph, $("graph"), {
      renderEdgeLabels: false,
      labelRenderedSizeThreshold: 6,
      zIndex: true,
      defaultNodeType: "shape",
      nodeProgramClasses: { shape: NodeShapeProgram },
      // The Table view hides the graph: a hidden container is expected.
      allowInvalidContainer: true,
      nodeReducer: (node, data) => {
        const d = { ...data, ...nodeDisplay(shown, node, data.color as string) };
        if (node === cursor) return { ...d, highlighted: true, forceLabel: true, zIndex: 2 };
        return d;
      },
      // The ends are attributes: the reducer may run for the graph being replaced.
      edgeReducer: (_, data) => ({ ...data, ...edgeDisplay(shown, data.from as string, data.to as string, data.color as string) }),
    });
    renderer.on("clickNode", ({ node }) => activate(node));
  } catch (e) {
    message(`The graph cannot be drawn here (${e}); the Table view shows the same data.`, true);
  }
  expose();
}

// expose: for the browser tests and the benchmark (tools/benchexplorer).
function expose() {
  (window as unknown as { explorer: unknown }).explorer = {
    graph,
    view,
    renderer,
    display,
    highlight: () => highlight,
    cursor: () => cursor,
    expand: (key: string) => activate(key),
    focus: (id: string) => focusCompany(id),
  };
}

// activate is a click on a drawn item, or Enter on it: a group draws more
// of its companies; a company shows its details and is selected.
function activate(key: string) {
  if (!graph?.hasNode(key)) return;
  cursor = key;
  if (graph.getNodeAttribute(key, "group")) {
    // The cursor moves to the first company drawn out of the group.
    const first = display!.members.get(key)?.[0];
    expand(display!, grouping, key);
    drawGraph(true);
    if (first !== undefined && graph.hasNode(view!.nodes[first].id)) cursor = view!.nodes[first].id;
    renderer?.refresh();
    announce();
    return;
  }
  selected = [...selected.filter((x) => x !== key), key].slice(-2);
  drawPathPicker();
  renderer?.refresh();
  announce();
  showDetails(key);
}

// focusCompany draws a company on its own (pinned out of its group),
// moves the keyboard cursor and the camera to it and shows its details.
function focusCompany(id: string) {
  const i = nodeIndex.get(id);
  if (i === undefined || !view) {
    message(`${id} is not in this chain.`, true);
    return;
  }
  if (display?.keyOf[i] !== id) {
    grouping.pinned.add(i);
    drawGraph(true);
  }
  cursor = id;
  const d = renderer?.getNodeDisplayData(id);
  if (d) renderer!.getCamera().animate({ x: d.x, y: d.y, ratio: Math.min(renderer!.getCamera().ratio, 0.3) }, { duration: 300 });
  activate(id);
}

// pin draws companies on their own (a selected path) before highlighting.
function pin(ids: string[]) {
  if (!display?.grouped) return;
  let changed = false;
  for (const id of ids) {
    const i = nodeIndex.get(id);
    if (i !== undefined && display.keyOf[i] !== id) {
      grouping.pinned.add(i);
      changed = true;
    }
  }
  if (changed) drawGraph(true);
}

function setHighlight(h: Highlight | null) {
  highlight = h;
  shown = display && view ? displayHighlight(h, display, view) : h;
  renderer?.refresh();
  expose();
}

// --- keyboard ----------------------------------------------------------------

// describe says in words what a drawn item is (for the status line that
// screen readers announce).
function describe(key: string): string {
  if (!graph?.hasNode(key)) return "";
  const a = graph.getNodeAttributes(key);
  if (a.group) return `${a.title}. Enter draws ${Math.min(a.count as number, 250)} more of them.`;
  const n = view!.nodes[a.index as number];
  const status = n.status ? STATUS_LABEL[n.status] : "focal company";
  return `Tier ${n.tier}: ${n.name} (${n.id}), ${n.kind.toLowerCase()}, ${status}${n.reached ? ", reached" : ""}${n.open ? ", open end" : ""}${n.exposure ? `, exposure ${n.exposure.toFixed(2)}` : ""}.`;
}

function announce() {
  $("graph-status").textContent = describe(cursor);
}

// moveCursor walks the drawn items: up and down within a tier, left and
// right to the nearest item of the next tier.
function moveCursor(dx: number, dy: number) {
  if (!display || !graph) return;
  if (!cursor || !graph.hasNode(cursor)) cursor = view!.nodes[0].id;
  else {
    const tier = graph.getNodeAttribute(cursor, "tier") as number;
    const list = display.tiers.get(tier) ?? [];
    if (dy) {
      const i = list.indexOf(cursor) + dy;
      if (i >= 0 && i < list.length) cursor = list[i];
    } else {
      const next = display.tiers.get(tier + dx);
      if (next?.length) {
        const y = graph.getNodeAttribute(cursor, "y") as number;
        cursor = next.reduce((best, k) =>
          Math.abs((graph!.getNodeAttribute(k, "y") as number) - y) < Math.abs((graph!.getNodeAttribute(best, "y") as number) - y) ? k : best,
        );
      }
    }
  }
  renderer?.refresh();
  const d = renderer?.getNodeDisplayData(cursor);
  if (d && renderer) {
    const v = renderer.framedGraphToViewport(d);
    const { width, height } = renderer.getDimensions();
    if (v.x < 0 || v.y < 0 || v.x > width || v.y > height) renderer.getCamera().animate({ x: d.x, y: d.y }, { duration: 200 });
  }
  announce();
}

function onGraphKey(e: KeyboardEvent) {
  const cam = renderer?.getCamera();
  const keys: Record<string, () => void> = {
    ArrowUp: () => moveCursor(0, -1),
    ArrowDown: () => moveCursor(0, 1),
    ArrowLeft: () => moveCursor(-1, 0),
    ArrowRight: () => moveCursor(1, 0),
    Enter: () => (cursor ? activate(cursor) : moveCursor(0, 0)),
    " ": () => (cursor ? activate(cursor) : moveCursor(0, 0)),
    "+": () => cam?.animatedZoom(1.5),
    "=": () => cam?.animatedZoom(1.5),
    "-": () => cam?.animatedUnzoom(1.5),
    "0": () => cam?.animatedReset(),
    Escape: () => {
      setHighlight(null);
      cursor = "";
      renderer?.refresh();
      announce();
    },
  };
  const f = keys[e.key];
  if (f) {
    e.preventDefault();
    f();
  }
}

function swatch(shape: Parameters<typeof shapeSVG>[0], color: string, hollow = false): HTMLElement {
  const span = el("span", { class: "shape", "aria-hidden": "true" });
  span.innerHTML = `<svg viewBox="-10 -10 20 20" width="16" height="16">${shapeSVG(shape, 0, 0, 8, color, hollow)}</svg>`;
  return span;
}

function drawLegend() {
  const items = STATUSES.map((s) => el("span", { class: "legend-item" }, swatch("circle", STATUS_COLOR[s]), STATUS_LABEL[s]));
  const kinds = (["BUYER", "SUPPLIER", "SMELTER", "MINE"] as const).map((k) =>
    el("span", { class: "legend-item" }, swatch(SHAPE_OF[k], "#555555"), k.toLowerCase()),
  );
  $("legend").replaceChildren(
    el("h2", {}, "Legend"),
    el("div", {}, ...items),
    el("div", {}, el("span", { class: "legend-item" }, swatch("diamond", FOCAL_COLOR), "focal company"),
      el("span", { class: "legend-item" }, swatch("circle", HIGHLIGHT_COLOR), "selected path")),
    el("div", {}, ...kinds, el("span", { class: "legend-item" }, swatch("hexagon", "#555555"), "group")),
    el("div", {}, el("span", { class: "legend-item" }, swatch("circle", "#555555"), "reached by the code"),
      el("span", { class: "legend-item" }, swatch("circle", "#555555", true), "not reached")),
    el("p", {}, "✓ reached; ? an open end (suppliers not fully disclosed). Bands are tiers, the focal company at the left; wider links carry a larger share. Keys on the graph: arrows move, Enter selects or expands, + and − zoom, 0 resets, Esc clears."),
  );
}

function drawCoverage() {
  if (!view) return;
  const rows = coverageBars(view).map((b) => {
    const bar = el("div", { class: "bar", role: "img", "aria-label": b.segments.map((s) => `${s.count} ${STATUS_LABEL[s.status as keyof typeof STATUS_LABEL]}`).join(", ") });
    for (const s of b.segments) {
      const seg = el("span", { title: `${s.count} ${s.status}` });
      seg.style.width = `${s.fraction * 100}%`;
      seg.style.background = s.color;
      bar.append(seg);
    }
    return el(
      "div",
      { class: "tier-row" + (b.uncovered ? " uncovered" : ""), "data-tier": String(b.tier), "data-companies": String(b.companies) },
      el("div", { class: "tier-title" }, `Tier ${b.tier}: ${b.companies} companies, ${Math.round(b.coverage * 100)}% covered` + (b.openEnds ? `, ${b.openEnds} open ends` : "") + (b.uncovered ? " — uncovered" : "")),
      bar,
    );
  });
  $("coverage").replaceChildren(el("h2", {}, "Coverage per tier"), el("p", { id: "verdict" }, verdict(view)), ...rows);
}

// barChart draws labelled horizontal bars (count, with the highest score in the label).
function barChart(id: string, caption: string, rows: { label: string; count: number; maxScore: number }[]): HTMLElement {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return el(
    "figure",
    { id, class: "chart" },
    el("figcaption", {}, caption),
    ...rows.map((r) => {
      const bar = el("span", { class: "chart-bar" });
      bar.style.width = `${(r.count / max) * 100}%`;
      return el("div", { class: "chart-row" }, el("span", { class: "chart-label" }, r.label), el("span", { class: "chart-track" }, bar),
        el("span", { class: "chart-value" }, `${r.count} · max ${r.maxScore.toFixed(2)}`));
    }),
  );
}

function drawRisks() {
  if (!view) return;
  const v = view;
  const items = v.risks.map((r, i) => {
    const b = el(
      "button",
      { type: "button", "aria-pressed": "false", "data-risk": r.id },
      `${r.score.toFixed(2)} · ${r.category.toLowerCase().replace(/_/g, " ")} · ${r.id} at ${v.nodes[r.node].name} via ${v.nodes[r.partner].name}`,
    );
    b.addEventListener("click", () => {
      selectedRisk = selectedRisk === i ? -1 : i;
      if (selectedRisk >= 0) pin(v.risks[i].path.map((j) => v.nodes[j].id));
      setHighlight(selectedRisk < 0 ? null : pathHighlight(v, v.risks[i].path));
      $("risk-panel").querySelectorAll("button[data-risk]").forEach((x, j) => x.setAttribute("aria-pressed", String(j === selectedRisk)));
    });
    return el("li", {}, b);
  });
  const cat = (c: string) => c.toLowerCase().replace(/_/g, " ");
  $("risk-panel").replaceChildren(
    el("h2", {}, "Risk sources"),
    el("p", {}, v.risks.length ? "Select a source to highlight its best path to the focal company." : "No active risk source in this chain."),
    el("ol", { class: "list", id: "risk-list" }, ...items),
    ...(v.risksComplete ? [] : [el("p", {}, `Only the ${v.risks.length} highest-scoring sources are listed; the charts count them all.`)]),
    barChart("chart-category", "Sources per category (highest score)", v.byCategory.map((c) => ({ label: cat(c.category), count: c.count, maxScore: c.maxScore }))),
    barChart("chart-partner", "Sources per tier-1 partner (highest score)", v.byPartner.map((p) => ({ label: `${v.nodes[p.partner].name} (${v.nodes[p.partner].id})`, count: p.count, maxScore: p.maxScore }))),
    el("div", { id: "paths" }),
  );
  drawPathPicker();
}

// drawPathPicker: riskPaths between two companies of the chain, by default
// the last two selected on the graph.
function drawPathPicker() {
  const box = document.getElementById("paths");
  if (!box || !view) return;
  const from = el("input", { id: "paths-from", list: "chain-list", size: "12", value: selected[0] ?? "" }) as HTMLInputElement;
  const to = el("input", { id: "paths-to", list: "chain-list", size: "12", value: selected[1] ?? view.focal }) as HTMLInputElement;
  const go = el("button", { type: "button", id: "paths-go" }, "All paths");
  go.addEventListener("click", () => showPaths(from.value.trim(), to.value.trim()));
  box.replaceChildren(
    el("h3", {}, "All paths between two companies"),
    el("p", {}, "Select two companies on the graph, or type their ids; supplier first."),
    el("label", {}, "From ", from),
    el("label", {}, " to ", to),
    go,
    el("ol", { class: "list", id: "paths-list" }),
  );
}

async function showPaths(from: string, to: string) {
  if (!from || !to) return;
  try {
    const d = await gql<{ riskPaths: { nodes: { id: string }[]; hops: number; weight: number }[] }>(key, RISK_PATHS, {
      from,
      to,
      asOf: state.asOf || null,
      maxDepth: state.maxDepth,
    });
    const paths = d.riskPaths.map((p) => p.nodes.map((n) => n.id));
    const list = document.getElementById("paths-list");
    if (!list) return;
    list.replaceChildren(
      ...(paths.length ? [] : [el("li", {}, `No active path from ${from} to ${to}.`)]),
      ...d.riskPaths.map((p, i) => {
        const b = el("button", { type: "button", "data-path": String(i) }, `weight ${p.weight.toFixed(3)}, ${p.hops} links: ${paths[i].join(" → ")}`);
        b.addEventListener("click", () => {
          pin(paths[i]);
          setHighlight(idsHighlight([paths[i]]));
        });
        return el("li", {}, b);
      }),
    );
    if (paths.length) {
      pin(paths.flat());
      setHighlight(idsHighlight(paths));
    }
  } catch (e) {
    fail(e);
  }
}

// The table shows TABLE_PAGE rows at a time: a chain of 90,000 companies
// as one table would take the page seconds to build. Export CSV has them all.
const TABLE_PAGE = 250;
let tablePage = 0;

function drawTable() {
  if (!view) return;
  const [head, ...all] = nodeRows(view);
  const pages = Math.max(1, Math.ceil(all.length / TABLE_PAGE));
  tablePage = Math.min(tablePage, pages - 1);
  const from = tablePage * TABLE_PAGE;
  const rows = all.slice(from, from + TABLE_PAGE);
  const body = el("tbody", {});
  for (const r of rows) {
    const tr = el("tr", { "data-id": String(r[0]), "data-status": String(r[4] ?? "") });
    r.forEach((c, i) => {
      if (i === 0) {
        const b = el("button", { type: "button" }, String(c));
        b.addEventListener("click", () => showDetails(String(c)));
        tr.append(el("td", {}, b));
      } else tr.append(el("td", {}, c === null ? "" : String(c)));
    });
    body.append(tr);
  }
  const table = el(
    "table",
    { id: "nodes-table" },
    el("caption", {}, `Companies of ${view.focal}'s chain for ${view.code} as of ${view.asOf}: rows ${from + 1} to ${from + rows.length} of ${all.length.toLocaleString("en")}`),
    el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, String(h))))),
    body,
  );
  const nav = el("div", { class: "pager" });
  if (pages > 1) {
    const prev = el("button", { type: "button", id: "table-prev" }, "Previous rows") as HTMLButtonElement;
    const next = el("button", { type: "button", id: "table-next" }, "Next rows") as HTMLButtonElement;
    prev.disabled = tablePage === 0;
    next.disabled = tablePage === pages - 1;
    prev.addEventListener("click", () => ((tablePage -= 1), drawTable()));
    next.addEventListener("click", () => ((tablePage += 1), drawTable()));
    nav.append(prev, ` page ${tablePage + 1} of ${pages} `, next);
  }
  $("table-view").replaceChildren(nav, table);
}

function showTab(tab: Tab) {
  state.tab = tab;
  pushState();
  for (const t of TABS) $(`tab-${t}`).setAttribute("aria-selected", String(t === tab));
  document.querySelectorAll<HTMLElement>(".tabpanel").forEach((p) => (p.hidden = p.dataset.panel !== tab));
  ($("graph").parentElement as HTMLElement).hidden = tab === "table" || tab === "report" || tab === "minerals";
  if (tab !== "risk" && tab !== "impact" && highlight) setHighlight(null);
  if (tab === "impact") drawImpactPicker();
  if (tab === "report") showReport().catch(fail);
  if (tab === "minerals") showMinerals().catch(fail);
}

// --- period report ------------------------------------------------------------

// The report's period: from state.from (default a year before its end) to
// the view's asOf.
function reportPeriod(): { from: string; to: string } {
  const to = view?.asOf || state.asOf || today();
  return { from: state.from || yearBefore(to), to };
}

let reportSeq = 0;

async function showReport() {
  if (!view) return;
  const panel = $("report-view");
  const { from, to } = reportPeriod();
  const args = { focal: view.focal, code: view.code, from, to, maxDepth: view.maxDepth };
  const fromInput = el("input", { id: "report-from", type: "date", value: from, max: to }) as HTMLInputElement;
  const form = el("form", { id: "report-form" },
    el("label", {}, "From ", fromInput), ` to ${to} (the view's date) `,
    el("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!isDate(fromInput.value) || fromInput.value >= to) {
      message(`The report's start must be a date before ${to}.`, true);
      return;
    }
    state.from = fromInput.value === yearBefore(to) ? "" : fromInput.value;
    pushState();
    showReport().catch(fail);
  });
  const downloads = el("p", {},
    el("button", { type: "button", id: "report-csv" }, "Download CSV"), " ",
    el("button", { type: "button", id: "report-xlsx" }, "Download workbook"));
  const result = el("div", { id: "report-result" }, "Asking…");
  panel.replaceChildren(el("h2", {}, `Period report: ${view.focal}, ${view.code}, ${from} to ${to}`), form, downloads, result);
  for (const [id, format] of [["report-csv", "csv"], ["report-xlsx", "xlsx"]] as const) {
    $(id).addEventListener("click", () =>
      downloadExport(reportURL(args, format), `${args.focal}-${args.code}-${args.from}-${args.to}-report.${format}`).catch(fail));
  }
  const seq = ++reportSeq;
  const d = await gql<{ dueDiligenceReport: PeriodReport | null }>(key, REPORT, args);
  if (seq !== reportSeq) return;
  const r = d.dueDiligenceReport;
  if (!r) {
    result.replaceChildren(el("p", {}, "No report: the company is unknown or outside this key's view."));
    return;
  }
  result.replaceChildren(...reportSections(r, from, to));
}

// downloadExport fetches one of the server's exports with the key and saves it.
async function downloadExport(url: string, name: string) {
  const r = await fetch(url, { headers: { Authorization: "Bearer " + key } });
  if (!r.ok) {
    let text = `the server answered ${r.status}`;
    try {
      const body = await r.json();
      text = `${body.errors?.[0]?.extensions?.code ?? r.status}: ${body.errors?.[0]?.message ?? text}`;
    } catch {
      // not JSON: keep the status
    }
    message(text, true);
    return;
  }
  download(name, await r.blob());
}

function table(id: string, caption: string, head: string[], rows: (string | number)[][]) {
  return el("table", { id },
    el("caption", {}, caption),
    el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c) => el("td", {}, String(c)))))));
}

function pct(x: number) {
  return (x * 100).toFixed(1) + "%";
}

function reportSections(r: PeriodReport, from: string, to: string): Node[] {
  const risk = (s: PeriodReport["riskFrom"]) => `${s.sources} sources, total score ${s.totalScore.toFixed(2)}`;
  return [
    table("report-coverage", "Coverage per tier", ["tier", `covered on ${from}`, `covered on ${to}`, "change"],
      r.coverage.map((c) => [c.tier, `${c.coveredFrom} of ${c.companiesFrom} (${pct(c.coverageFrom)})`, `${c.coveredTo} of ${c.companiesTo} (${pct(c.coverageTo)})`, signed(c.change)])),
    table("report-clauses", "Clauses: companies of the chain committed", ["clause", "title", from, to, "newly committed"],
      r.clauses.map((c) => [c.clause.id, c.clause.title, c.committedFrom, c.committedTo,
        c.newlyCommitted.length ? c.newlyCommitted.map((x) => `${x.name} (${x.id})`).join(", ") : "—"])),
    table("report-findings", "Findings opened and closed in the period", ["category", "tier", "opened", "closed"],
      r.findings.map((f) => [f.category, f.tier, f.opened.join(", ") || "—", f.closed.join(", ") || "—"])),
    el("p", { id: "report-actions" },
      `Corrective actions of these findings: ${r.actions.opened} opened, ${r.actions.completed} completed, ${r.actions.verified} verified in the period; ${r.actions.overdue} overdue on ${to}.`),
    table("report-escalations", "Escalations opened in the period", ["action", "finding", "level", "opened", "relationship"],
      r.escalations.map((a) => [a.id, a.findingId, a.level ?? "—", a.opened,
        a.supplier && a.customer ? `${a.supplier.name} → ${a.customer.name}` : "—"])),
    el("p", { id: "report-risk" }, `Risk exposure: on ${from} ${risk(r.riskFrom)}; on ${to} ${risk(r.riskTo)}.`),
  ];
}

// --- minerals roll-up ----------------------------------------------------------

let mineralsSeq = 0;

async function showMinerals() {
  if (!view) return;
  const panel = $("minerals-view");
  const args = { focal: view.focal, metal: state.metal, asOf: view.asOf, maxDepth: view.maxDepth };
  const select = el("select", { id: "minerals-metal" }, ...METALS.map((m) => el("option", m === state.metal ? { value: m, selected: "" } : { value: m }, m))) as HTMLSelectElement;
  select.addEventListener("change", () => {
    state.metal = select.value;
    pushState();
    showMinerals().catch(fail);
  });
  const xlsx = el("button", { type: "button", id: "minerals-xlsx" }, "Download workbook");
  xlsx.addEventListener("click", () =>
    downloadExport(mineralsURL(args), `${args.focal}-${args.metal}-${args.asOf}-${METALS.indexOf(args.metal) < 4 ? "CMRT" : "EMRT"}.xlsx`).catch(fail));
  const result = el("div", { id: "minerals-result" }, "Asking…");
  panel.replaceChildren(el("h2", {}, `Minerals roll-up: ${view.focal}, as of ${view.asOf}`),
    el("p", {}, el("label", {}, "Metal ", select), " ", xlsx), result);
  const seq = ++mineralsSeq;
  const d = await gql<{ mineralsReport: MineralsReport | null }>(key, MINERALS, args);
  if (seq !== mineralsSeq) return;
  const r = d.mineralsReport;
  if (!r) {
    result.replaceChildren(el("p", {}, "No roll-up: the company is unknown or outside this key's view."));
    return;
  }
  const share = r.conformantShare === null ? "no smelter" : pct(r.conformantShare) + " of them RMAP conformant";
  result.replaceChildren(
    el("p", { id: "minerals-summary" },
      `Response rate to answer: ${r.responseRateText}. All smelters identified: ${r.allSmeltersIdentified ? "Yes" : "No"}. ` +
        `${r.smelters.length} smelters, ${share}. A declaration is current for ${r.validDays} days.`),
    table("minerals-tiers", "Declarations per tier (buyers and suppliers)", ["tier", "companies", "current", "stale", "none", "rate"],
      r.tiers.map((t) => [t.tier, t.companies, t.current, t.stale, t.none, pct(t.rate)])),
    table("minerals-smelters", `Smelters of ${args.metal}`, ["smelter", "country", `RMAP status on ${r.asOf}`, "in the disclosed chain", "named by"],
      r.smelters.map((m) => [`${m.company.name} (${m.company.id})`, m.company.country ?? "", m.rmapStatus,
        m.disclosed ? `yes, tier ${m.tier}` : "no (declared only)", m.namedBy.map((x) => x.id).join(", ") || "—"])),
    table("minerals-contradictions", "Contradictions between declarations and the graph", ["declarer", "supplier", "smelter", "why"],
      r.contradictions.map((c) => [`${c.declarer.name} (${c.declarer.id})`, `${c.supplier.name} (${c.supplier.id})`,
        c.smelter ? `${c.smelter.name} (${c.smelter.id})` : "—", CONTRADICTION[c.kind] ?? c.kind])),
  );
}

// --- impact -----------------------------------------------------------------

function drawImpactPicker() {
  if (!view) return;
  const panel = $("impact-panel");
  if (panel.querySelector("#impact-source")) return;
  const input = el("input", { id: "impact-source", list: "chain-list", size: "16", placeholder: "id or name" }) as HTMLInputElement;
  input.addEventListener("change", () => showImpact(resolveId(input.value)));
  panel.replaceChildren(
    el("h2", {}, "Impact"),
    el("p", {}, "Pick an upstream company (a smelter, a mine, a flooded supplier): every company downstream of it and the buyers it reaches."),
    el("label", {}, "Company ", input),
    el("div", { id: "impact-result" }),
  );
  if (state.impact) input.value = state.impact;
}

async function showImpact(source: string) {
  state.impact = source;
  pushState();
  drawImpactPicker();
  const out = document.getElementById("impact-result");
  if (!source || !out) return;
  try {
    const d = await gql<{
      impact: {
        affectedConnection: {
          totalCount: number;
          edges: { node: { company: { id: string; name: string }; distance: number; weight: number; path: { id: string }[] } }[];
        };
        buyers: { id: string; name: string }[];
      };
    }>(key, IMPACT, { source, asOf: state.asOf || null, maxDepth: state.maxDepth, first: IMPACT_PAGE });
    const affected = d.impact.affectedConnection.edges.map((e) => e.node);
    const total = d.impact.affectedConnection.totalCount;
    const paths = affected.map((a) => a.path.map((p) => p.id));
    pin([source]);
    setHighlight(idsHighlight(paths.length ? paths : [[source]]));
    out.replaceChildren(
      el("h3", {}, `Buyers reached (${d.impact.buyers.length})`),
      el("ul", { id: "impact-buyers" }, ...d.impact.buyers.map((b) => el("li", { "data-id": b.id }, `${b.name} (${b.id})`))),
      el("h3", {}, `Every company reached (${total})`),
      ...(total > affected.length ? [el("p", {}, `The ${affected.length} nearest are listed and highlighted.`)] : []),
      el("ol", { class: "list", id: "impact-affected" }, ...affected.map((a) =>
        el("li", { "data-id": a.company.id }, `${a.company.name}: ${a.distance} links, weight ${a.weight.toFixed(2)}, via ${a.path.map((p) => p.id).join(" → ")}`))),
    );
  } catch (e) {
    fail(e);
  }
}

// resolveId: an id of the chain as typed, or the id of the company of that exact name.
function resolveId(text: string): string {
  const t = text.trim();
  if (!view || nodeIndex.has(t)) return t;
  const n = view.nodes.find((x) => x.name.toLowerCase() === t.toLowerCase());
  return n ? n.id : t;
}

// fillChainList offers the chain's companies matching what is typed (at
// most 50: a list of 80,000 options would stall the page).
function fillChainList(text: string) {
  if (!view) return;
  const t = text.trim().toLowerCase();
  const out: HTMLElement[] = [];
  if (t.length >= 1) {
    for (const n of view.nodes) {
      if (n.id.toLowerCase().includes(t) || n.name.toLowerCase().includes(t)) {
        out.push(el("option", { value: n.id }, `${n.name} (tier ${n.tier})`));
        if (out.length >= 50) break;
      }
    }
  }
  $("chain-list").replaceChildren(...out);
}

// --- details ----------------------------------------------------------------

async function showDetails(id: string) {
  try {
    const d = await gql<{ company: Record<string, unknown> | null }>(key, DETAILS, { id, asOf: state.asOf || null });
    const c = d.company as null | {
      id: string; name: string; kind: string; country: string | null; disclosure: string; metal: string | null; rmiId: string | null; rmapStatus: string | null;
      acknowledgments: { code: { id: string }; edition: number; date: string; current: boolean }[];
      requests: { requester: { id: string }; code: { id: string }; date: string }[];
      made: { supplier: { id: string }; code: { id: string }; date: string }[];
      findings: { id: string; category: string; severity: number; likelihood: number; status: string; detected: string }[];
      facilities: { id: string; name: string; type: string | null; country: string | null }[];
      declarations: { id: string; template: string; version: string | null; effective: string; scope: string | null; smelters: { metal: string; smelterId: string }[] }[];
    };
    if (!c) {
      $("details").replaceChildren(el("p", {}, `${id}: not visible to this key.`));
      return;
    }
    const n = view?.nodes.find((x) => x.id === id);
    const dl = el("dl", {});
    const add = (k: string, v: string | null | undefined) => v && dl.append(el("dt", {}, k), el("dd", {}, v));
    add("id", c.id);
    add("kind", c.kind.toLowerCase());
    add("country", c.country);
    add("disclosure", c.disclosure.toLowerCase());
    add("metal", c.metal);
    add("RMI id", c.rmiId);
    add("RMAP", c.rmapStatus);
    if (n) {
      add("tier", String(n.tier));
      add("status", n.status ? STATUS_LABEL[n.status] : "focal company");
      add("reached", n.reached ? "yes" : "no");
      add("exposure", n.exposure.toFixed(2));
    }
    const list = (title: string, items: string[]) => [el("h3", {}, `${title} (${items.length})`), el("ul", {}, ...items.map((i) => el("li", {}, i)))];
    $("details").replaceChildren(
      el("h2", { id: "details-title" }, c.name),
      dl,
      ...list("Acknowledgments", c.acknowledgments.map((a) => `${a.code.id} edition ${a.edition}, ${a.date}${a.current ? " (current)" : ""}`)),
      ...list("Requests received", c.requests.map((r) => `${r.code.id} from ${r.requester.id}, ${r.date}`)),
      ...list("Requests made", c.made.map((r) => `${r.code.id} to ${r.supplier.id}, ${r.date}`)),
      ...list("Findings", c.findings.map((f) => `${f.id} ${f.category.toLowerCase()} ${f.severity}×${f.likelihood} ${f.status.toLowerCase()} since ${f.detected}`)),
      ...list("Facilities", c.facilities.map((f) => `${f.id} ${f.name}${f.type ? ` (${f.type})` : ""}`)),
      // CMRT and EMRT declarations, latest first; the smelters they name are not supply links
      ...list("Declarations", c.declarations.slice().reverse().map((d) => `${d.template}${d.version ? ` ${d.version}` : ""} effective ${d.effective}` +
        `${d.scope ? `, ${d.scope.toLowerCase().replace("_", " ")} scope` : ""}: ${d.smelters.length} smelters` +
        (d.smelters.length ? ` (${d.smelters.slice(0, 8).map((s) => `${s.smelterId} ${s.metal.toLowerCase()}`).join(", ")}${d.smelters.length > 8 ? ", …" : ""})` : ""))),
    );
  } catch (e) {
    fail(e);
  }
}

// --- wiring -----------------------------------------------------------------

function download(name: string, data: string | Blob, type = "text/csv") {
  const a = el("a", { download: name });
  a.setAttribute("href", URL.createObjectURL(typeof data === "string" ? new Blob([data], { type }) : data));
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.getAttribute("href")!), 1000);
}

function main() {
  $("signin-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const input = $<HTMLInputElement>("key");
    key = input.value.trim();
    input.value = "";
    storeKey(key);
    signIn();
  });
  $("pick").addEventListener("submit", (e) => {
    e.preventDefault();
    state.focal = $<HTMLInputElement>("focal").value.trim();
    state.code = $<HTMLSelectElement>("code").value;
    state.asOf = $<HTMLInputElement>("asOf").value;
    state.maxDepth = Number($<HTMLInputElement>("maxDepth").value) || 10;
    const t = Number($<HTMLInputElement>("threshold").value);
    state.threshold = Number.isFinite(t) ? t : 1;
    const g = Number($<HTMLInputElement>("group").value);
    state.group = Number.isInteger(g) && g >= 1 ? g : 2000;
    state.impact = "";
    $("impact-panel").replaceChildren();
    pushState();
    setupSlider();
    load();
  });
  $("focal").addEventListener("input", (e) => {
    clearTimeout(searchTimer);
    const text = (e.target as HTMLInputElement).value;
    searchTimer = window.setTimeout(() => search(text), 200);
  });
  for (const t of TABS) $(`tab-${t}`).addEventListener("click", () => showTab(t));
  $("slider").addEventListener("input", (e) => {
    state.asOf = sliderDate(Number((e.target as HTMLInputElement).value));
    $("slider-date").textContent = state.asOf;
    $<HTMLInputElement>("asOf").value = state.asOf;
    pushState();
    clearTimeout(searchTimer);
    searchTimer = window.setTimeout(load, 150);
  });
  // The Risk view exports its sources; the others the chain's companies.
  $("export-csv").addEventListener("click", () => {
    if (!view) return;
    const name = `${view.focal}-${view.code}-${view.asOf}`;
    if (state.tab === "risk") download(`${name}-risks.csv`, csv(riskRows(view)));
    else download(`${name}.csv`, csv(nodeRows(view)));
  });
  $("export-svg").addEventListener("click", () => {
    if (!view || !graph) return;
    const title = `${view.focal} · ${view.code} · as of ${view.asOf}`;
    download(`${view.focal}-${view.code}-${view.asOf}.svg`, toSVG(graph, shown, title), "image/svg+xml");
  });
  $("graph").addEventListener("keydown", onGraphKey);
  $("graph").addEventListener("focus", () => {
    if (!cursor) moveCursor(0, 0);
  });
  const find = $<HTMLInputElement>("find");
  find.addEventListener("input", () => fillChainList(find.value));
  $("find-form").addEventListener("submit", (e) => {
    e.preventDefault();
    focusCompany(resolveId(find.value));
  });
  document.addEventListener("input", (e) => {
    const t = e.target as HTMLElement;
    if (t.id === "impact-source" || t.id === "paths-from" || t.id === "paths-to") fillChainList((t as HTMLInputElement).value);
  });
  $("export-png").addEventListener("click", () => {
    if (view && renderer) downloadAsPNG(renderer, { fileName: `${view.focal}-${view.code}-${view.asOf}`, backgroundColor: "#ffffff" }).catch(fail);
  });
  setupSlider();
  if (key) signIn();
  else signOut();
}

main();
