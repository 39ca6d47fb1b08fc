import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Motion, opaqueRGB, REST_MS } from "./motion";

describe("Motion", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("says moving once at the first move and rest REST_MS after the last", () => {
    const changes: boolean[] = [];
    const m = new Motion((moving) => changes.push(moving));
    m.moved();
    expect(changes).toEqual([true]);
    expect(m.moving).toBe(true);
    // moves closer together than REST_MS keep it moving, without telling again
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(REST_MS - 1);
      m.moved();
    }
    expect(changes).toEqual([true]);
    vi.advanceTimersByTime(REST_MS - 1);
    expect(m.moving).toBe(true);
    vi.advanceTimersByTime(1);
    expect(changes).toEqual([true, false]);
    expect(m.moving).toBe(false);
    // and again after a rest
    m.moved();
    vi.advanceTimersByTime(REST_MS);
    expect(changes).toEqual([true, false, true, false]);
  });

  it("tells nothing after stop", () => {
    const changes: boolean[] = [];
    const m = new Motion((moving) => changes.push(moving), 50);
    m.moved();
    m.stop();
    vi.advanceTimersByTime(1000);
    expect(changes).toEqual([true]);
  });
});

describe("opaqueRGB", () => {
  it("reads opaque computed colours", () => {
    expect(opaqueRGB("rgb(255, 255, 255)")).toEqual([1, 1, 1]);
    expect(opaqueRGB("rgb(250, 250, 250)")).toEqual([250 / 255, 250 / 255, 250 / 255]);
    expect(opaqueRGB(" rgba(0, 51, 255, 1) ")).toEqual([0, 0.2, 1]);
  });
  it("leaves anything else transparent", () => {
    for (const c of ["rgba(0, 0, 0, 0)", "rgba(255, 255, 255, 0.5)", "rgba(255, 255, 255, .99)", "transparent", "", "color(srgb 1 1 1)", "#fff", "rgb(255 255 255 / 50%)"]) {
      expect(opaqueRGB(c), c).toBeNull();
    }
  });
});
