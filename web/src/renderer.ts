// The graph's renderer: sigma, with fewer layers for the browser to
// composite while the camera moves.
//
// Sigma 3 draws on seven stacked canvases (edges, edge labels, nodes,
// labels, hovers, hover nodes, mouse), and every canvas that changes in a
// frame is composited again over the whole graph area. Where WebGL runs on
// the CPU (SwiftShader: no GPU, as in headless Chromium here), that
// compositing, not the drawing, is most of a frame (docs/explorer.md,
// benchmark). So:
//   - the edge labels layer is not shown (the page draws no edge labels);
//   - the labels, hovers and hover nodes layers are not shown while the
//     camera moves (as sigma's hideLabelsOnMove, for every move: drag,
//     wheel, keys, animations), and come back drawn afresh when it rests;
//   - the bottom (edges) layer is opaque, painted with the container's
//     background colour, so the page under the graph need not be
//     composited at all.
// Drawing at a lower resolution while moving was measured too: it made
// frames slower, since the smaller canvases must then be scaled up.
import Sigma from "sigma";
import type Graph from "graphology";
import type { Settings } from "sigma/settings";
import { Motion, opaqueRGB } from "./motion";

// HIDDEN_WHILE_MOVING: the layers left out while the camera moves.
export const HIDDEN_WHILE_MOVING = ["labels", "hovers", "hoverNodes"] as const;

export class ExplorerRenderer extends Sigma {
  private motion: Motion;

  constructor(graph: Graph, container: HTMLElement, settings: Partial<Settings> = {}) {
    super(graph, container, settings);
    const layers = this.getCanvases();
    if (!this.getSetting("renderEdgeLabels")) layers.edgeLabels.style.display = "none";
    this.motion = new Motion((moving) => {
      for (const id of HIDDEN_WHILE_MOVING) layers[id].style.display = moving ? "none" : "";
      // At rest, draw the hidden layers again now that they are shown.
      if (!moving) this.scheduleRender();
    });
    this.getCamera().on("updated", () => this.motion.moved());
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
    super.kill();
  }
}
