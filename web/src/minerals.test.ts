import { describe, expect, it } from "vitest";
import { CONTRADICTION, METALS, metalOf, mineralsURL } from "./minerals";

describe("minerals roll-up helpers", () => {
  it("reads the metal from the URL", () => {
    expect(metalOf("gold")).toBe("GOLD");
    expect(metalOf("COBALT")).toBe("COBALT");
    expect(metalOf("uranium")).toBe("TIN");
    expect(metalOf(null)).toBe("TIN");
  });
  it("builds the export URL", () => {
    expect(mineralsURL({ focal: "HIT", metal: "TIN", asOf: "2026-06-01", maxDepth: 10 })).toBe(
      "/api/export/minerals?focal=HIT&metal=TIN&maxDepth=10&asOf=2026-06-01");
    expect(mineralsURL({ focal: "A&B", metal: "GOLD", asOf: "", maxDepth: 3 })).toBe("/api/export/minerals?focal=A%26B&metal=GOLD&maxDepth=3");
  });
  it("explains every contradiction kind and lists ten metals", () => {
    expect(Object.keys(CONTRADICTION)).toEqual(["RESPONSE_RATE", "SMELTERS_IDENTIFIED", "SMELTER_MISSING"]);
    expect(METALS).toHaveLength(10);
  });
});
