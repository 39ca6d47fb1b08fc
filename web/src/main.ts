// The explorer page: sign in, pick, and draw a focal company's chain.
import "./style.css";
import Sigma from "sigma";
import { downloadAsPNG } from "@sigma/export-image";
import type Graph from "graphology";
import { ApiError, CHAIN_VIEW, DETAILS, forgetKey, gql, IMPACT, ME, SEARCH, storedKey, storeKey } from "./api";
import type { ChainView } from "./api";
import { FOCAL_COLOR, HIGHLIGHT_COLOR, STATUSES, STATUS_COLOR, STATUS_LABEL } from "./palette";
import { formatState, parseState, TABS, type State, type Tab } from "./state";
import {
  buildGraph,
  coverageBars,
  csv,
  edgeDisplay,
  idsHighlight,
  nodeDisplay,
  nodeRows,
  pathHighlight,
  verdict,
  type Highlight,
} from "./view";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

let key = storedKey();
let state: State = parseState(location.search);
let view: ChainView | null = null;
let graph: Graph | null = null;
let renderer: Sigma | null = null;
let highlight: Highlight | null = null;
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
  message(`Loading ${state.focal} / ${state.code}…`);
  try {
    const d = await gql<{ chainView: ChainView }>(key, CHAIN_VIEW, {
      focal: state.focal,
      code: state.code,
      asOf: state.asOf || null,
      maxDepth: state.maxDepth,
      threshold: state.threshold,
    });
    if (seq !== loadSeq) return; // a later request superseded this one
    view = d.chainView;
    highlight = null;
    selectedRisk = -1;
    draw();
    message(`${view.nodes.length} companies, ${view.sources.length} links, as of ${view.asOf}. ${verdict(view)}`);
    if (state.tab === "impact" && state.impact) await showImpact(state.impact);
  } catch (e) {
    if (seq === loadSeq) fail(e);
  }
}

function draw() {
  if (!view) return;
  graph = buildGraph(view);
  renderer?.kill();
  renderer = null;
  try {
    renderer = new Sigma(graph, $("graph"), {
      renderEdgeLabels: false,
      labelRenderedSizeThreshold: 5,
      zIndex: true,
      // The Table view hides the graph: a hidden container is expected.
      allowInvalidContainer: true,
      nodeReducer: (node, data) => ({ ...data, ...nodeDisplay(highlight, node, data.color as string) }),
      edgeReducer: (edge, data) => {
        const [s, t] = graph!.extremities(edge);
        return { ...data, ...edgeDisplay(highlight, s, t, data.color as string) };
      },
    });
    renderer.on("clickNode", ({ node }) => showDetails(node));
  } catch (e) {
    message(`The graph cannot be drawn here (${e}); the Table view shows the same data.`, true);
  }
  drawLegend();
  drawCoverage();
  drawRisks();
  drawTable();
  showTab(state.tab);
  // For the browser tests and the benchmark (tools/benchexplorer).
  (window as unknown as { explorer: unknown }).explorer = { graph, view, renderer, highlight: () => highlight };
}

function setHighlight(h: Highlight | null) {
  highlight = h;
  renderer?.refresh();
  (window as unknown as { explorer: { highlight: () => Highlight | null } }).explorer.highlight = () => highlight;
}

function drawLegend() {
  const items = STATUSES.map((s) =>
    el("span", { class: "legend-item" }, el("span", { class: "swatch" }), STATUS_LABEL[s]),
  );
  items.forEach((it, i) => ((it.firstChild as HTMLElement).style.background = STATUS_COLOR[STATUSES[i]]));
  const focal = el("span", { class: "legend-item" }, el("span", { class: "swatch" }), "focal company");
  (focal.firstChild as HTMLElement).style.background = FOCAL_COLOR;
  const path = el("span", { class: "legend-item" }, el("span", { class: "swatch" }), "selected path");
  (path.firstChild as HTMLElement).style.background = HIGHLIGHT_COLOR;
  $("legend").replaceChildren(
    el("h2", {}, "Legend"),
    ...items,
    focal,
    path,
    el("p", {}, "✓ the code reached the company through the cascade; ? an open end (suppliers not fully disclosed). Bands are tiers, the focal company at the left; wider links carry a larger share."),
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
      setHighlight(selectedRisk < 0 ? null : pathHighlight(v, v.risks[i].path));
      $("risk-panel").querySelectorAll("button[data-risk]").forEach((x, j) => x.setAttribute("aria-pressed", String(j === selectedRisk)));
    });
    return el("li", {}, b);
  });
  const byCat = new Map<string, number>();
  for (const r of v.risks) byCat.set(r.category, Math.max(byCat.get(r.category) ?? 0, r.score));
  $("risk-panel").replaceChildren(
    el("h2", {}, "Risk sources"),
    el("p", {}, v.risks.length ? "Select a source to highlight its best path to the focal company." : "No active risk source in this chain."),
    el("ol", { class: "list", id: "risk-list" }, ...items),
    el("h3", {}, "Highest score by category"),
    el("ul", {}, ...[...byCat].map(([c, s]) => el("li", {}, `${c.toLowerCase().replace(/_/g, " ")}: ${s.toFixed(2)}`))),
    ...(v.risksComplete ? [] : [el("p", {}, "Only the 500 highest-scoring sources are listed.")]),
  );
}

function drawTable() {
  if (!view) return;
  const [head, ...rows] = nodeRows(view);
  const table = el(
    "table",
    { id: "nodes-table" },
    el("caption", {}, `Companies of ${view.focal}'s chain for ${view.code} as of ${view.asOf}`),
    el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, String(h))))),
    el(
      "tbody",
      {},
      ...rows.map((r) => {
        const tr = el("tr", { "data-id": String(r[0]), "data-status": String(r[4] ?? "") });
        r.forEach((c, i) => {
          if (i === 0) {
            const b = el("button", { type: "button" }, String(c));
            b.addEventListener("click", () => showDetails(String(c)));
            tr.append(el("td", {}, b));
          } else tr.append(el("td", {}, c === null ? "" : String(c)));
        });
        return tr;
      }),
    ),
  );
  $("table-view").replaceChildren(table);
}

function showTab(tab: Tab) {
  state.tab = tab;
  pushState();
  for (const t of TABS) $(`tab-${t}`).setAttribute("aria-selected", String(t === tab));
  document.querySelectorAll<HTMLElement>(".tabpanel").forEach((p) => (p.hidden = p.dataset.panel !== tab));
  $("graph").hidden = tab === "table";
  if (tab !== "risk" && tab !== "impact" && highlight) setHighlight(null);
  if (tab === "impact") drawImpactPicker();
}

// --- impact -----------------------------------------------------------------

function drawImpactPicker() {
  if (!view) return;
  const panel = $("impact-panel");
  if (panel.querySelector("#impact-source")) return;
  const sel = el("select", { id: "impact-source" }, el("option", { value: "" }, "— pick an upstream company —"),
    ...view.nodes.slice(1).map((n) => el("option", { value: n.id }, `${n.name} (${n.kind.toLowerCase()}, tier ${n.tier})`)));
  sel.addEventListener("change", () => showImpact((sel as HTMLSelectElement).value));
  panel.replaceChildren(el("h2", {}, "Impact"), el("label", {}, "Company ", sel), el("div", { id: "impact-result" }));
  if (state.impact) (sel as HTMLSelectElement).value = state.impact;
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
        affected: { company: { id: string; name: string }; distance: number; weight: number; path: { id: string }[] }[];
        buyers: { id: string; name: string }[];
      };
    }>(key, IMPACT, { source, asOf: state.asOf || null, maxDepth: state.maxDepth });
    const paths = d.impact.affected.map((a) => a.path.map((p) => p.id));
    setHighlight(idsHighlight(paths.length ? paths : [[source]]));
    out.replaceChildren(
      el("h3", {}, `Buyers reached (${d.impact.buyers.length})`),
      el("ul", { id: "impact-buyers" }, ...d.impact.buyers.map((b) => el("li", { "data-id": b.id }, `${b.name} (${b.id})`))),
      el("h3", {}, `Every company reached (${d.impact.affected.length})`),
      el("ol", { class: "list", id: "impact-affected" }, ...d.impact.affected.map((a) =>
        el("li", { "data-id": a.company.id }, `${a.company.name}: ${a.distance} links, weight ${a.weight.toFixed(2)}, via ${a.path.map((p) => p.id).join(" → ")}`))),
    );
  } catch (e) {
    fail(e);
  }
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
    );
  } catch (e) {
    fail(e);
  }
}

// --- wiring -----------------------------------------------------------------

function download(name: string, text: string) {
  const a = el("a", { download: name });
  a.setAttribute("href", URL.createObjectURL(new Blob([text], { type: "text/csv" })));
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
  $("export-csv").addEventListener("click", () => view && download(`${view.focal}-${view.code}-${view.asOf}.csv`, csv(nodeRows(view))));
  $("export-png").addEventListener("click", () => {
    if (view && renderer) downloadAsPNG(renderer, { fileName: `${view.focal}-${view.code}-${view.asOf}`, backgroundColor: "#ffffff" }).catch(fail);
  });
  setupSlider();
  if (key) signIn();
  else signOut();
}

main();
