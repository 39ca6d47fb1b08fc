// A sigma node program that draws each node as one of a few shapes, filled
// or as a ring, in one draw call: sigma's stock programs draw one shape
// each, and one program per kind would multiply draw calls on large views.
// The shape is a node attribute (SHAPE below); a ring (hollow) marks a
// company the code has not reached.
import { NodeProgram } from "sigma/rendering";
import type { ProgramInfo } from "sigma/rendering";
import type { NodeDisplayData, RenderParams } from "sigma/types";
import { floatColor } from "sigma/utils";

// SHAPE numbers the shapes the fragment shader knows.
export const SHAPE = { circle: 0, square: 1, triangle: 2, diamond: 3, hexagon: 4 } as const;
export type Shape = keyof typeof SHAPE;

// Each shape is the intersection of half-planes (a circle: a disc); its
// "distance" is the largest overshoot over them, in node radii, which is
// enough for antialiasing and for the ring's hole. Every shape fits in the
// unit disc, which the vertex shader's triangle holds.
const FRAGMENT = /*glsl*/ `
precision highp float;

varying vec4 v_color;
varying vec2 v_diffVector;
varying float v_radius;
varying float v_shape;
varying float v_hollow;

uniform float u_correctionRatio;

const vec4 transparent = vec4(0.0, 0.0, 0.0, 0.0);

float polygon(vec2 p, float shape) {
  if (shape < 0.5) return length(p) - 1.0;
  if (shape < 1.5) return max(abs(p.x), abs(p.y)) - 0.7;
  if (shape < 2.5) {
    // An equilateral triangle pointing up, its centre on the node.
    float a = -p.y - 0.5;
    float b = dot(p, vec2(0.866, 0.5)) - 0.5;
    float c = dot(p, vec2(-0.866, 0.5)) - 0.5;
    return max(a, max(b, c));
  }
  if (shape < 3.5) return (abs(p.x) + abs(p.y)) * 0.7071 - 0.68;
  // A hexagon, flat top and bottom.
  float h1 = abs(p.y);
  float h2 = abs(dot(p, vec2(0.866, 0.5)));
  float h3 = abs(dot(p, vec2(0.866, -0.5)));
  return max(h1, max(h2, h3)) - 0.85;
}

void main(void) {
  vec2 p = v_diffVector / v_radius;
  float d = polygon(p, v_shape) * v_radius;
  float border = u_correctionRatio * 2.0;

  #ifdef PICKING_MODE
  gl_FragColor = d > 0.0 ? transparent : v_color;
  #else
  float t = 0.0;
  if (d > 0.0) t = 1.0;
  else if (d > -border) t = (d + border) / border;
  // A ring: the inside, from 45% of the radius in, is left out.
  if (v_hollow > 0.5) {
    float inner = -(d + 0.45 * v_radius);
    if (inner > 0.0) t = max(t, inner > border ? 1.0 : inner / border);
  }
  gl_FragColor = mix(v_color, transparent, t);
  #endif
}
`;

// The vertex shader is sigma's circle program's: one triangle around the
// node, large enough to hold any of the shapes.
const VERTEX = /*glsl*/ `
attribute vec4 a_id;
attribute vec4 a_color;
attribute vec2 a_position;
attribute float a_size;
attribute float a_shape;
attribute float a_hollow;
attribute float a_angle;

uniform mat3 u_matrix;
uniform float u_sizeRatio;
uniform float u_correctionRatio;

varying vec4 v_color;
varying vec2 v_diffVector;
varying float v_radius;
varying float v_shape;
varying float v_hollow;

const float bias = 255.0 / 254.0;

void main() {
  float size = a_size * u_correctionRatio / u_sizeRatio * 4.0;
  vec2 diffVector = size * vec2(cos(a_angle), sin(a_angle));
  vec2 position = a_position + diffVector;
  gl_Position = vec4((u_matrix * vec3(position, 1)).xy, 0, 1);

  v_diffVector = diffVector;
  v_radius = size / 2.0;
  v_shape = a_shape;
  v_hollow = a_hollow;

  #ifdef PICKING_MODE
  v_color = a_id;
  #else
  v_color = a_color;
  #endif

  v_color.a *= bias;
}
`;

const { UNSIGNED_BYTE, FLOAT } = WebGLRenderingContext;
const UNIFORMS = ["u_sizeRatio", "u_correctionRatio", "u_matrix"] as const;

export interface ShapeAttributes {
  shape?: Shape;
  hollow?: boolean;
}

export class NodeShapeProgram extends NodeProgram<(typeof UNIFORMS)[number]> {
  getDefinition() {
    return {
      VERTICES: 3,
      VERTEX_SHADER_SOURCE: VERTEX,
      FRAGMENT_SHADER_SOURCE: FRAGMENT,
      METHOD: WebGLRenderingContext.TRIANGLES,
      UNIFORMS,
      ATTRIBUTES: [
        { name: "a_position", size: 2, type: FLOAT },
        { name: "a_size", size: 1, type: FLOAT },
        { name: "a_shape", size: 1, type: FLOAT },
        { name: "a_hollow", size: 1, type: FLOAT },
        { name: "a_color", size: 4, type: UNSIGNED_BYTE, normalized: true },
        { name: "a_id", size: 4, type: UNSIGNED_BYTE, normalized: true },
      ],
      CONSTANT_ATTRIBUTES: [{ name: "a_angle", size: 1, type: FLOAT }],
      CONSTANT_DATA: [[0], [(2 * Math.PI) / 3], [(4 * Math.PI) / 3]],
    };
  }

  processVisibleItem(nodeIndex: number, startIndex: number, data: NodeDisplayData & ShapeAttributes) {
    const array = this.array;
    array[startIndex++] = data.x;
    array[startIndex++] = data.y;
    array[startIndex++] = data.size;
    array[startIndex++] = SHAPE[data.shape ?? "circle"];
    array[startIndex++] = data.hollow ? 1 : 0;
    array[startIndex++] = floatColor(data.color);
    array[startIndex++] = nodeIndex;
  }

  setUniforms(params: RenderParams, { gl, uniformLocations }: ProgramInfo) {
    gl.uniform1f(uniformLocations.u_correctionRatio, params.correctionRatio);
    gl.uniform1f(uniformLocations.u_sizeRatio, params.sizeRatio);
    gl.uniformMatrix3fv(uniformLocations.u_matrix, false, params.matrix);
  }
}
