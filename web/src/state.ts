// The page's state lives in the URL query, so that a view can be shared
// and reloaded. The API key never does: it is kept in sessionStorage.
import { METALS } from "./minerals";

export type Tab = "chain" | "risk" | "impact" | "table" | "report" | "minerals";
export const TABS: Tab[] = ["chain", "risk", "impact", "table", "report", "minerals"];

export interface State {
  focal: string;
  code: string;
  asOf: string; // YYYY-MM-DD, "" for today
  maxDepth: number;
  threshold: number;
  tab: Tab;
  impact: string; // company whose impact is shown
  group: number; // chains of more companies are drawn in groups (view.ts, Grouping)
  from: string; // start of the period report ("": a year before asOf)
  metal: string; // of the minerals roll-up
}

export const DEFAULTS: State = { focal: "", code: "", asOf: "", maxDepth: 10, threshold: 1, tab: "chain", impact: "", group: 2000, from: "", metal: "TIN" };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

// parseState reads a URL query; values that are not valid fall back to the defaults.
export function parseState(search: string): State {
  const q = new URLSearchParams(search);
  const s: State = { ...DEFAULTS };
  s.focal = (q.get("focal") ?? "").trim();
  s.code = (q.get("code") ?? "").trim();
  s.impact = (q.get("impact") ?? "").trim();
  const asOf = q.get("asOf") ?? "";
  if (DATE.test(asOf)) s.asOf = asOf;
  const from = q.get("from") ?? "";
  const metal = (q.get("metal") ?? "").toUpperCase();
  if (METALS.includes(metal)) s.metal = metal;
  if (DATE.test(from)) s.from = from;
  const d = Number(q.get("maxDepth"));
  if (Number.isInteger(d) && d >= 1 && d <= 20) s.maxDepth = d;
  const tq = q.get("threshold");
  const t = Number(tq);
  if (tq !== null && tq !== "" && Number.isFinite(t) && t >= 0 && t <= 1) s.threshold = t;
  const g = Number(q.get("group"));
  if (q.get("group") && Number.isInteger(g) && g >= 1 && g <= 100000) s.group = g;
  const tab = q.get("tab") as Tab;
  if (TABS.includes(tab)) s.tab = tab;
  return s;
}

// formatState writes the query of a state, leaving defaults out.
export function formatState(s: State): string {
  const q = new URLSearchParams();
  if (s.focal) q.set("focal", s.focal);
  if (s.code) q.set("code", s.code);
  if (s.asOf) q.set("asOf", s.asOf);
  if (s.maxDepth !== DEFAULTS.maxDepth) q.set("maxDepth", String(s.maxDepth));
  if (s.threshold !== DEFAULTS.threshold) q.set("threshold", String(s.threshold));
  if (s.tab !== DEFAULTS.tab) q.set("tab", s.tab);
  if (s.impact) q.set("impact", s.impact);
  if (s.group !== DEFAULTS.group) q.set("group", String(s.group));
  if (s.from) q.set("from", s.from);
  if (s.metal !== DEFAULTS.metal) q.set("metal", s.metal);
  const out = q.toString();
  return out ? "?" + out : "";
}
