// The graph's renderer: sigma, moving its last drawn picture while the
// camera moves and drawing again when it rests, with fewer layers for the
// browser to composite.
//
// Sigma 3 draws on seven stacked canvases (edges, edge labels, nodes,
// labels, hovers, hover nodes, mouse) and draws them all again at every
// camera move. Where WebGL runs on the CPU (SwiftShader: no GPU, as in
// headless Chromium here), that drawing and compositing every changed
// canvas are most of a frame (docs/explorer.md, benchmark). So, as map
// libraries do (Leaflet's zoom animation, tile maps):
//   - while the camera moves (drag, wheel, keys, animations), sigma does
//     not draw: the edges and nodes canvases last drawn are moved by a CSS
//     transform (pan, zoom and rotation from the camera state they were
//     drawn at to the current one), which the browser only composites; the
//     labels, hovers and hover nodes layers are not shown (they cannot be
//     moved as one picture: labels are laid out per zoom);
//   - 150 ms after the last move (motion.ts) the transforms go and sigma
//     draws everything afresh, picking included; a press, a click (not
//     the one ending a drag) or a touch on the graph before then draws at
//     once first, so sigma's picking finds the node under the pointer;
//   - the edge labels layer is not shown (the page draws no edge labels);
//   - the bottom (edges) layer is opaque, painted with the container's
//     background colour, so the page under the graph need not be
//     composited at all. While a pan moves the picture, the strip it
//     uncovers at an edge shows the container's background until the rest.
// Drawing at a lower resolution while moving was measured too: it made
// frames slower, since the smaller canvases must then be scaled up.
//
// Only sigma's public surface is used: scheduleRender (what its camera
// listener calls) is held back while the picture is moved, the
// beforeRender/afterRender events say what was drawn, and the coordinate
// conversions use the camera's current state rather than the one last
// drawn (sigma's mouse handling and zoom on the pointer rely on them).
import Sigma from "sigma";
import type Graph from "graphology";
import type { Settings } from "sigma/settings";
import type { CameraState, CoordinateConversionOverride, Coordinates } from "sigma/types";
import { Motion, opaqueRGB, pictureTransform } from "./motion";

// HIDDEN_WHILE_MOVING: the layers left out while the camera moves.
export const HIDDEN_WHILE_MOVING = ["labels", "hovers", "hoverNodes"] as const;
// MOVED_WHILE_MOVING: the layers whose last picture moves with the camera.
export const MOVED_WHILE_MOVING = ["edges", "nodes"] as const;
// DRAW_BEFORE: pointer events on the graph that sigma answers with its
// picking, which must match what is shown. A click is one too unless it
// ends a drag (CLICK_PX from its press): sigma ignores those, and drawing
// there would cost a frame at every drag's end.
const DRAW_BEFORE = ["mousedown", "click", "dblclick", "contextmenu", "touchstart", "touchend"] as const;
const CLICK_PX = 4;

export class ExplorerRenderer extends Sigma {
  private motion: Motion;
  // drawn: the camera state sigma last drew at.
  private drawn: CameraState;
  private drawNow: (e: Event) => void;

  constructor(graph: Graph, container: HTMLElement, settings: Partial<Settings> = {}) {
    super(graph, container, settings);
    const layers = this.getCanvases();
    const camera = this.getCamera();
    this.drawn = camera.getState(); // sigma's constructor has drawn
    if (!this.getSetting("renderEdgeLabels")) layers.edgeLabels.style.display = "none";
    for (const id of MOVED_WHILE_MOVING) {
      layers[id].style.transformOrigin = "0 0";
      layers[id].style.willChange = "transform";
    }
    this.on("beforeRender", () => {
      this.drawn = camera.getState();
    });
    this.on("afterRender", () => {
      for (const id of MOVED_WHILE_MOVING) layers[id].style.transform = "";
    });
    this.motion = new Motion((moving) => {
      for (const id of HIDDEN_WHILE_MOVING) layers[id].style.display = moving ? "none" : "";
      // At rest, draw everything again (scheduleRender below holds back
      // while the picture is stale).
      if (!moving) super.scheduleRender();
    });
    camera.on("updated", () => {
      this.motion.moved();
      this.movePicture();
    });
    // refresh with an empty partial graph: draw now, reprocessing nothing.
    let press = { x: NaN, y: NaN };
    this.drawNow = (e: Event) => {
      if (e instanceof MouseEvent) {
        if (e.type === "mousedown") press = { x: e.clientX, y: e.clientY };
        else if (e.type === "click" && Math.hypot(e.clientX - press.x, e.clientY - press.y) > CLICK_PX) return;
      }
      if (this.stale()) this.refresh({ partialGraph: { nodes: [], edges: [] }, skipIndexation: true });
    };
    for (const type of DRAW_BEFORE) container.addEventListener(type, this.drawNow, { capture: true });
  }

  // stale: whether the camera has moved since sigma last drew.
  private stale(): boolean {
    return this.drawn !== undefined && !this.getCamera().hasState(this.drawn);
  }

  // movePicture shows the last drawn picture where the camera now puts it:
  // two viewport corners, placed in the graph by the current camera, are
  // where the picture drew them and where they must show.
  private movePicture() {
    const layers = this.getCanvases();
    let t = "";
    if (this.stale()) {
      const { width, height } = this.getDimensions();
      const now = { cameraState: this.getCamera().getState() }, then = { cameraState: this.drawn };
      const a = super.viewportToFramedGraph({ x: 0, y: 0 }, now), b = super.viewportToFramedGraph({ x: width, y: height }, now);
      t = pictureTransform(super.framedGraphToViewport(a, then), super.framedGraphToViewport(b, then), { x: 0, y: 0 }, { x: width, y: height });
    }
    for (const id of MOVED_WHILE_MOVING) layers[id].style.transform = t;
  }

  // scheduleRender: sigma's camera listener asks for a drawing at every
  // move; while the camera moves the picture is moved instead, and the
  // rest draws (anything else asked meanwhile is drawn then too).
  scheduleRender(): this {
    if (this.motion?.moving || this.stale()) return this;
    return super.scheduleRender();
  }

  // The conversions sigma's mouse captor, its zoom on the pointer and the
  // page use: without an override, sigma converts with the matrix it last
  // drew with, which is stale while the picture is moved.
  framedGraphToViewport(coordinates: Coordinates, override: CoordinateConversionOverride = {}): Coordinates {
    return super.framedGraphToViewport(coordinates, this.current(override));
  }

  viewportToFramedGraph(coordinates: Coordinates, override: CoordinateConversionOverride = {}): Coordinates {
    return super.viewportToFramedGraph(coordinates, this.current(override));
  }

  private current(override: CoordinateConversionOverride): CoordinateConversionOverride {
    if (Object.keys(override).length > 0 || !this.stale()) return override;
    return { cameraState: this.getCamera().getState() };
  }

  // The edges layer is the bottom one: opaque when the container's
  // background is an opaque colour. (Sigma passes these options on to
  // getContext; `alpha` is not in its declared type.)
  createWebGLContext(id: string, options: Parameters<Sigma["createWebGLContext"]>[1] = {}): WebGLRenderingContext {
    const rgb = id === "edges" ? opaqueRGB(getComputedStyle(this.getContainer()).backgroundColor) : null;
    if (!rgb) return super.createWebGLContext(id, options);
    const opaque: typeof options & { alpha?: boolean } = { ...options, alpha: false };
    const gl = super.createWebGLContext(id, opaque);
    gl.clearColor(rgb[0], rgb[1], rgb[2], 1);
    return gl;
  }

  // moving: whether the camera is moving (for the tests and the benchmark).
  isMoving(): boolean {
    return this.motion.moving;
  }

  kill() {
    this.motion.stop();
    for (const type of DRAW_BEFORE) this.getContainer().removeEventListener(type, this.drawNow, { capture: true });
    super.kill();
  }
}
