// The period report (dueDiligenceReport): what changed in the chain between
// two dates. The page shows it and downloads the server's CSV and workbook.

export const REPORT = `query Report($focal: ID!, $code: ID!, $from: Date!, $to: Date!, $maxDepth: Int) {
  dueDiligenceReport(focal: $focal, code: $code, from: $from, to: $to, maxDepth: $maxDepth) {
    coverage { tier companiesFrom coveredFrom coverageFrom companiesTo coveredTo coverageTo change }
    clauses { clause { id title } committedFrom committedTo newlyCommitted { id name } }
    findings { category tier opened closed }
    actions { opened completed verified overdue }
    escalations { id findingId level opened supplier { id name } customer { id name } }
    riskFrom { sources totalScore byCategory { category count maxScore } }
    riskTo { sources totalScore byCategory { category count maxScore } }
  }
}`;

export interface RiskSummary {
  sources: number;
  totalScore: number;
  byCategory: { category: string; count: number; maxScore: number }[];
}

export interface PeriodReport {
  coverage: { tier: number; companiesFrom: number; coveredFrom: number; coverageFrom: number; companiesTo: number; coveredTo: number; coverageTo: number; change: number }[];
  clauses: { clause: { id: string; title: string }; committedFrom: number; committedTo: number; newlyCommitted: { id: string; name: string }[] }[];
  findings: { category: string; tier: number; opened: string[]; closed: string[] }[];
  actions: { opened: number; completed: number; verified: number; overdue: number };
  escalations: { id: string; findingId: string; level: string | null; opened: string; supplier: { id: string; name: string } | null; customer: { id: string; name: string } | null }[];
  riskFrom: RiskSummary;
  riskTo: RiskSummary;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isDate(s: string): boolean {
  return DATE.test(s) && !Number.isNaN(Date.parse(s + "T00:00:00Z"));
}

// today is the current UTC date, as the server's default asOf.
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

// yearBefore is the same day a year earlier (29 February goes to 28 February).
export function yearBefore(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  const day = m === 2 && d === 29 ? 28 : d;
  return `${String(y - 1).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

// reportURL is the export of the report: CSV, or the workbook.
export function reportURL(a: { focal: string; code: string; from: string; to: string; maxDepth: number }, format: "csv" | "xlsx"): string {
  const q = new URLSearchParams({ focal: a.focal, code: a.code, from: a.from, to: a.to, maxDepth: String(a.maxDepth) });
  if (format === "xlsx") q.set("format", "xlsx");
  return "/api/export/report?" + q.toString();
}

// signed formats a change of coverage in percentage points.
export function signed(change: number): string {
  const p = Math.round(change * 1000) / 10;
  return (p > 0 ? "+" : p < 0 ? "−" : "±") + Math.abs(p).toFixed(1) + " pt";
}
