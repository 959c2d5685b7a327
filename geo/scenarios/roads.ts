import { Delaunay } from 'd3-delaunay';
import { clipSegment } from '../clip';
import type { Random } from '../random';
import type { TownCentre } from './density';
import { chineseNumber } from './place-names';
import { xyBounds, type XYPolygons } from './voronoi-split';

/** A road piece in the local frame: a polyline with a class and a name. */
export interface RoadXY {
  kind: 'arterial' | 'local';
  name: string;
  points: [number, number][];
}

/**
 * Arterials between town centres: the minimum spanning tree of the centres' Delaunay graph plus
 * its short extra edges (so towns get a few loops), each gently curved, cut at the district edge.
 */
export function arterials(centres: readonly TownCentre[], region: XYPolygons, names: readonly string[], random: Random): RoadXY[] {
  if (centres.length < 2) return [];
  const pts = centres.map((c) => [c.x, c.y] as [number, number]);
  const edges = delaunayEdges(pts);
  const tree = spanningTree(pts.length, edges);
  const treeLengths = tree.map((e) => e.length).sort((a, b) => a - b);
  const median = treeLengths[Math.floor(treeLengths.length / 2)] ?? 0;
  const chosen = [...tree, ...edges.filter((e) => !tree.includes(e) && e.length < 1.25 * median)];
  const out: RoadXY[] = [];
  chosen.forEach((e, k) => {
    const a = pts[e.a]!;
    const b = pts[e.b]!;
    const curve = curved(a, b, random);
    const name = `${names[e.a % names.length]}${names[e.b % names.length]}公路`;
    for (const piece of clipPolyline(curve, region)) out.push({ kind: 'arterial', name: k < tree.length ? name : name.replace('公路', '快线'), points: piece });
  });
  return out;
}

/** Parameters of a community's street lattice. */
export interface Lattice {
  /** Direction of the "roads" family, radians; the "streets" family is perpendicular. */
  angle: number;
  /** Distance between parallel roads, metres. */
  spacing: number;
}

/**
 * Local streets of one community: two perpendicular families of parallel lines at the lattice's
 * spacing and angle, cut to the community's outline and at every crossing (one piece per block
 * side, so buildings can keep clear of junctions). Towns get a dense lattice, villages a sparse one.
 */
export function localStreets(community: XYPolygons, stem: string, lattice: Lattice): { front: RoadXY[]; cross: RoadXY[] } {
  const front: RoadXY[] = [];
  const cross: RoadXY[] = [];
  const [w, s, e, n] = xyBounds(community);
  const cx = (w + e) / 2;
  const cy = (s + n) / 2;
  const half = Math.hypot(e - w, n - s) / 2 + lattice.spacing;
  for (const [angle, suffix] of [
    [lattice.angle, '路'],
    [lattice.angle + Math.PI / 2, '街'],
  ] as const) {
    const ux = Math.cos(angle);
    const uy = Math.sin(angle);
    const count = Math.floor(half / lattice.spacing);
    let index = 0;
    for (let k = -count; k <= count; k++) {
      const off = k * lattice.spacing + lattice.spacing / 2;
      const ox = cx - uy * off;
      const oy = cy + ux * off;
      const p: [number, number] = [ox - ux * half, oy - uy * half];
      const q: [number, number] = [ox + ux * half, oy + uy * half];
      const pieces = clipSegment(p, q, community);
      if (pieces.length === 0) continue;
      index += 1;
      const name = `${stem}${chineseNumber(index)}${suffix}`;
      // Cut the line where the other family crosses it, so each piece is one block long.
      const crossings: number[] = [];
      for (let j = -count - 1; j <= count + 1; j++) crossings.push((j * lattice.spacing + lattice.spacing / 2 + half) / (2 * half));
      for (const [t0, t1] of pieces) {
        const cuts = [t0, ...crossings.filter((t) => t > t0 && t < t1), t1];
        for (let c = 1; c < cuts.length; c++) {
          (suffix === '路' ? front : cross).push({ kind: 'local', name, points: [lerp(p, q, cuts[c - 1]!), lerp(p, q, cuts[c]!)] });
        }
      }
    }
  }
  return { front, cross };
}

/** A lattice at `spacing` metres, turned a little from the street-wide angle. */
export function latticeFor(baseAngle: number, spacing: number, random: Random): Lattice {
  return { angle: baseAngle + (random() - 0.5) * 0.35, spacing: spacing * (0.9 + 0.2 * random()) };
}

interface Edge {
  a: number;
  b: number;
  length: number;
}

function delaunayEdges(pts: readonly [number, number][]): Edge[] {
  const seen = new Set<string>();
  const out: Edge[] = [];
  const add = (a: number, b: number): void => {
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ a: Math.min(a, b), b: Math.max(a, b), length: Math.hypot(pts[a]![0] - pts[b]![0], pts[a]![1] - pts[b]![1]) });
  };
  if (pts.length === 2) add(0, 1);
  else {
    const { triangles } = Delaunay.from(pts);
    for (let t = 0; t < triangles.length; t += 3) {
      add(triangles[t]!, triangles[t + 1]!);
      add(triangles[t + 1]!, triangles[t + 2]!);
      add(triangles[t + 2]!, triangles[t]!);
    }
  }
  return out.sort((x, y) => x.length - y.length || x.a - y.a || x.b - y.b);
}

/** Kruskal over edges sorted by length. */
function spanningTree(n: number, edges: readonly Edge[]): Edge[] {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const out: Edge[] = [];
  for (const e of edges) {
    const ra = find(e.a);
    const rb = find(e.b);
    if (ra !== rb) {
      parent[ra] = rb;
      out.push(e);
    }
  }
  return out;
}

/** A gently curved polyline from a to b (a sine bow with a little noise), 16 segments. */
function curved(a: readonly [number, number], b: readonly [number, number], random: Random): [number, number][] {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  const nx = -dy / len;
  const ny = dx / len;
  const bow = (random() - 0.5) * 0.12 * len;
  const pts: [number, number][] = [];
  for (let i = 0; i <= 16; i++) {
    const t = i / 16;
    const off = bow * Math.sin(Math.PI * t) + (i > 0 && i < 16 ? (random() - 0.5) * 0.008 * len : 0);
    pts.push([a[0] + dx * t + nx * off, a[1] + dy * t + ny * off]);
  }
  return pts;
}

/** The pieces of a polyline inside the region. */
function clipPolyline(points: readonly [number, number][], region: XYPolygons): [number, number][][] {
  const pieces: [number, number][][] = [];
  let current: [number, number][] = [];
  for (let i = 1; i < points.length; i++) {
    const p = points[i - 1]!;
    const q = points[i]!;
    const parts = clipSegment(p, q, region);
    if (parts.length === 0) {
      if (current.length) pieces.push(current);
      current = [];
      continue;
    }
    parts.forEach(([t0, t1], k) => {
      const a = lerp(p, q, t0);
      const b = lerp(p, q, t1);
      if (k > 0 || t0 > 1e-9 || current.length === 0) {
        if (current.length) pieces.push(current);
        current = [a];
      }
      current.push(b);
      if (t1 < 1 - 1e-9) {
        pieces.push(current);
        current = [];
      }
    });
  }
  if (current.length > 1) pieces.push(current);
  return pieces.filter((p) => p.length > 1);
}

function lerp(p: readonly [number, number], q: readonly [number, number], t: number): [number, number] {
  return [p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t];
}
