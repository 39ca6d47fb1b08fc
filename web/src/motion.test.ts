import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Motion, opaqueRGB, pictureTransform, REST_MS } from "./motion";

describe("Motion", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  // FRAME: animation frames as timers of a frame's length.
  const FRAME = 16;
  const timerFrames = [(f: () => void) => setTimeout(f, FRAME) as unknown as number, (id: number) => clearTimeout(id)] as const;

  it("says moving once at the first move and rest at the first frame REST_MS after the last", () => {
    const changes: boolean[] = [];
    const m = new Motion((moving) => changes.push(moving), REST_MS, ...timerFrames);
    m.moved();
    expect(changes).toEqual([true]);
    expect(m.moving).toBe(true);
    // moves closer together than REST_MS keep it moving, without telling again
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(REST_MS - 1);
      m.moved();
    }
    expect(changes).toEqual([true]);
    vi.advanceTimersByTime(REST_MS);
    expect(m.moving).toBe(true); // until the next frame
    vi.advanceTimersByTime(FRAME);
    expect(changes).toEqual([true, false]);
    expect(m.moving).toBe(false);
    // and again after a rest
    m.moved();
    vi.advanceTimersByTime(REST_MS + FRAME);
    expect(changes).toEqual([true, false, true, false]);
  });

  it("waits for the next animation frame to rest: a move that waited behind a slow frame keeps it moving", () => {
    const changes: boolean[] = [];
    const held: (() => void)[] = [];
    const m = new Motion((moving) => changes.push(moving), REST_MS, (f) => held.push(f), () => held.splice(0));
    m.moved();
    vi.advanceTimersByTime(REST_MS); // the timer fires during a long frame
    expect(m.moving).toBe(true);
    expect(held).toHaveLength(1);
    m.moved(); // the move that waited comes first in the next frame
    expect(held).toHaveLength(0);
    vi.advanceTimersByTime(REST_MS);
    held.splice(0).forEach((f) => f()); // no move this time: rest
    expect(changes).toEqual([true, false]);
    expect(m.moving).toBe(false);
  });

  it("tells nothing after stop", () => {
    const changes: boolean[] = [];
    const m = new Motion((moving) => changes.push(moving), 50, ...timerFrames);
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

describe("pictureTransform", () => {
  // apply: what CSS's matrix(a, b, c, d, e, f) does to a point.
  const apply = (m: string, p: { x: number; y: number }) => {
    const [a, b, c, d, e, f] = /^matrix\((.*)\)$/.exec(m)![1].split(",").map(Number);
    return { x: a * p.x + c * p.y + e, y: b * p.x + d * p.y + f };
  };
  const close = (p: { x: number; y: number }, q: { x: number; y: number }) => {
    expect(p.x).toBeCloseTo(q.x, 4);
    expect(p.y).toBeCloseTo(q.y, 4);
  };

  it("is a translation for a pan", () => {
    const m = pictureTransform({ x: 10, y: 20 }, { x: 110, y: 70 }, { x: 4, y: 27 }, { x: 104, y: 77 });
    expect(m).toBe("matrix(1, 0, 0, 1, -6, 7)");
  });
  it("scales about the right point for a zoom", () => {
    // zooming in 2x about (50, 40): that point stays, others move away from it
    const z = (p: { x: number; y: number }) => ({ x: 50 + 2 * (p.x - 50), y: 40 + 2 * (p.y - 40) });
    const a = { x: 0, y: 0 }, b = { x: 968, y: 530 };
    const m = pictureTransform(a, b, z(a), z(b));
    close(apply(m, { x: 50, y: 40 }), { x: 50, y: 40 });
    close(apply(m, { x: 300, y: 200 }), z({ x: 300, y: 200 }));
    expect(m.startsWith("matrix(2, 0, 0, 2,")).toBe(true);
  });
  it("maps any point of a pan, zoom and rotation", () => {
    const s = 0.7, th = 0.3, t = { x: -12, y: 33 };
    const f = (p: { x: number; y: number }) => ({ x: s * (Math.cos(th) * p.x - Math.sin(th) * p.y) + t.x, y: s * (Math.sin(th) * p.x + Math.cos(th) * p.y) + t.y });
    const a = { x: 3, y: 5 }, b = { x: 400, y: -20 };
    const m = pictureTransform(a, b, f(a), f(b));
    for (const p of [{ x: 0, y: 0 }, { x: 968, y: 530 }, { x: -50, y: 700 }]) close(apply(m, p), f(p));
  });
  it("is the identity without an extent", () => {
    expect(pictureTransform({ x: 1, y: 1 }, { x: 1, y: 1 }, { x: 2, y: 2 }, { x: 5, y: 5 })).toBe("none");
  });
});
