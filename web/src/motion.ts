// What the renderer (renderer.ts) decides without a browser: when the camera
// is moving, how to move the last drawn picture meanwhile, and the colour
// its bottom layer is painted with.

// REST_MS: the camera is at rest this long after its last move. Longer than
// a frame even at a few frames per second, short enough that labels come
// back as soon as the hand stops.
export const REST_MS = 150;

// Motion tells onChange when the camera starts moving (its first move
// after a rest) and when it comes to rest (REST_MS after its last move).
//
// The rest is confirmed at the next animation frame, not when the timer
// fires: a frame drawn at rest can take longer than REST_MS on a slow
// machine (a few hundred links drawn by SwiftShader), and meanwhile the
// pointer's moves (and any animation's next step) wait; the timer's task
// may then run before them. The browser hands queued input and earlier
// animation callbacks their turn before a new animation frame callback, so
// a move that was waiting cancels the rest instead of each slow frame
// ending in another full draw.
export class Motion {
  moving = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private frame: number | undefined;

  constructor(
    private readonly onChange: (moving: boolean) => void,
    private readonly restMs = REST_MS,
    private readonly nextFrame: (f: () => void) => number = (f) => requestAnimationFrame(f),
    private readonly cancelFrame: (id: number) => void = (id) => cancelAnimationFrame(id),
  ) {}

  moved() {
    if (!this.moving) {
      this.moving = true;
      this.onChange(true);
    }
    this.stop();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.frame = this.nextFrame(() => {
        this.frame = undefined;
        this.moving = false;
        this.onChange(false);
      });
    }, this.restMs);
  }

  // stop forgets a pending rest (a move, or the renderer is killed).
  stop() {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.frame !== undefined) this.cancelFrame(this.frame);
    this.frame = undefined;
  }
}

// opaqueRGB reads a computed CSS colour (getComputedStyle's "rgb(r, g, b)"
// or "rgba(r, g, b, a)") as WebGL's 0-1 components when it is fully opaque;
// anything else (transparent, translucent, another notation) is null, and
// the layer stays transparent.
export function opaqueRGB(css: string): [number, number, number] | null {
  const m = /^rgba?\(\s*(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*(?:,\s*(\d*(?:\.\d+)?)\s*)?\)$/.exec(css.trim());
  if (!m) return null;
  if (m[4] !== undefined && Number(m[4]) < 1) return null;
  const c = [m[1], m[2], m[3]].map((x) => Math.min(255, Number(x)) / 255);
  return [c[0], c[1], c[2]];
}

export type Point = { x: number; y: number };

// pictureTransform is the CSS transform (about the picture's top left
// corner) that moves a picture on which two points were drawn at a0 and b0
// so that they show at a1 and b1: a camera's pan, zoom and rotation are a
// similarity, which two distinct points determine. Read as complex
// numbers, z -> k*z + t with k = (b1-a1)/(b0-a0) and t = a1 - k*a0.
// Identical points (no extent to compare) give the identity.
export function pictureTransform(a0: Point, b0: Point, a1: Point, b1: Point): string {
  const dx0 = b0.x - a0.x, dy0 = b0.y - a0.y, dx1 = b1.x - a1.x, dy1 = b1.y - a1.y;
  const n = dx0 * dx0 + dy0 * dy0;
  if (!(n > 0)) return "none";
  const kr = (dx1 * dx0 + dy1 * dy0) / n, ki = (dy1 * dx0 - dx1 * dy0) / n;
  const tx = a1.x - (kr * a0.x - ki * a0.y), ty = a1.y - (ki * a0.x + kr * a0.y);
  return `matrix(${[kr, ki, -ki, kr, tx, ty].join(", ")})`;
}
