import { describe, expect, it } from "vitest";
import { isDate, reportURL, signed, today, yearBefore } from "./report";

describe("period report helpers", () => {
  it("goes back a year, 29 February included", () => {
    expect(yearBefore("2026-06-01")).toBe("2025-06-01");
    expect(yearBefore("2024-02-29")).toBe("2023-02-28");
    expect(yearBefore("2026-01-01")).toBe("2025-01-01");
  });
  it("checks dates", () => {
    expect(isDate("2026-06-01")).toBe(true);
    expect(isDate("2026-6-1")).toBe(false);
    expect(isDate("2026-13-01")).toBe(false);
    expect(isDate("")).toBe(false);
  });
  it("takes today in UTC", () => {
    expect(today(new Date("2026-12-06T23:30:00Z"))).toBe("2026-12-06");
  });
  it("builds the export URL with escaped values", () => {
    const a = { focal: "HIT", code: "HIT SPG&x", from: "2025-06-01", to: "2026-06-01", maxDepth: 10 };
    expect(reportURL(a, "csv")).toBe("/api/export/report?focal=HIT&code=HIT+SPG%26x&from=2025-06-01&to=2026-06-01&maxDepth=10");
    expect(reportURL(a, "xlsx")).toContain("&format=xlsx");
  });
  it("formats coverage changes in points", () => {
    expect(signed(0.3333)).toBe("+33.3 pt");
    expect(signed(-0.25)).toBe("−25.0 pt");
    expect(signed(0)).toBe("±0.0 pt");
  });
});
