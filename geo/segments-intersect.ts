import Flatbush from 'flatbush';
import type { PolygonRings } from './polygon';

/**
 * How two edges of a polygon meet, other than at the vertex two consecutive edges share:
 * - cross: their interiors cross (a bow-tie, or a hole crossing the outer ring);
 * - overlap: they run along each other (collinear for a stretch, e.g. a spike that doubles back);
 * - touch: they meet at a single point without crossing (a ring pinched at a vertex).
 */
export type EdgeMeetingKind = 'cross' | 'overlap' | 'touch';

/** Two edges that meet; edge `i` of a ring runs from its position `i` to position `i + 1`. */
export interface EdgeMeeting {
  kind: EdgeMeetingKind;
  a: { ring: number; edge: number };
  b: { ring: number; edge: number };
  /** Where they meet (the first common point of an overlap). */
  at: [number, number];
}

type Pt = readonly [number, number];

/**
 * Every place where edges of the polygon's rings meet beyond sharing a vertex, up to `limit`.
 * Rings must be closed (first position equal to last); consecutive duplicate positions are
 * ignored (they make a zero-length edge, which is not a crossing).
 *
 * Cost: the edges go into a Flatbush index (packed Hilbert R-tree) and each edge asks only for
 * the edges whose boxes touch its own, so a ring of n vertices costs O(n log n) plus the pairs
 * whose boxes overlap (a few per edge in real boundaries), not the O(n²) of testing every pair.
 */
export function findEdgeMeetings(rings: PolygonRings, limit = Infinity): EdgeMeeting[] {
  // Edges as flat arrays: ring, original edge index, position in the deduplicated ring, its length.
  const ringOf: number[] = [];
  const edgeOf: number[] = [];
  const seqOf: number[] = [];
  const ringEdges: number[] = [];
  const from: Pt[] = [];
  const to: Pt[] = [];
  rings.forEach((ring, r) => {
    let count = 0;
    for (let i = 0; i + 1 < ring.length; i++) {
      const p = ring[i]!;
      const q = ring[i + 1]!;
      if (p[0] === q[0] && p[1] === q[1]) continue;
      ringOf.push(r);
      edgeOf.push(i);
      seqOf.push(count++);
      from.push(p);
      to.push(q);
    }
    ringEdges[r] = count;
  });
  const n = from.length;
  const out: EdgeMeeting[] = [];
  if (n === 0) return out;

  const index = new Flatbush(n);
  for (let k = 0; k < n; k++) {
    const p = from[k]!;
    const q = to[k]!;
    index.add(Math.min(p[0], q[0]), Math.min(p[1], q[1]), Math.max(p[0], q[0]), Math.max(p[1], q[1]));
  }
  index.finish();

  for (let k = 0; k < n && out.length < limit; k++) {
    const p = from[k]!;
    const q = to[k]!;
    const candidates = index.search(Math.min(p[0], q[0]), Math.min(p[1], q[1]), Math.max(p[0], q[0]), Math.max(p[1], q[1]));
    candidates.sort((x, y) => x - y);
    for (const j of candidates) {
      if (j <= k) continue;
      const sameRing = ringOf[j] === ringOf[k];
      const m = ringEdges[ringOf[k]!]!;
      const adjacent = sameRing && (seqOf[j]! - seqOf[k]! === 1 || (seqOf[k] === 0 && seqOf[j] === m - 1));
      const meeting = adjacent ? foldBack(k, j, seqOf[j]! - seqOf[k]! === 1) : meet(p, q, from[j]!, to[j]!);
      if (!meeting) continue;
      out.push({ kind: meeting.kind, a: { ring: ringOf[k]!, edge: edgeOf[k]! }, b: { ring: ringOf[j]!, edge: edgeOf[j]! }, at: meeting.at });
      if (out.length >= limit) break;
    }
  }
  return out;

  /**
   * Consecutive edges share a vertex by construction; they are a problem only when the second
   * turns straight back along the first (a zero-width spike).
   */
  function foldBack(k: number, j: number, kFirst: boolean): { kind: EdgeMeetingKind; at: [number, number] } | undefined {
    // u → v → w with v the shared vertex.
    const [e1, e2] = kFirst ? [k, j] : [j, k];
    const u = from[e1]!;
    const v = to[e1]!;
    const w = to[e2]!;
    const cross = (u[0] - v[0]) * (w[1] - v[1]) - (u[1] - v[1]) * (w[0] - v[0]);
    const dot = (u[0] - v[0]) * (w[0] - v[0]) + (u[1] - v[1]) * (w[1] - v[1]);
    return cross === 0 && dot > 0 ? { kind: 'overlap', at: [v[0], v[1]] } : undefined;
  }
}

/** Twice the signed area of the triangle a, b, c: > 0 when c lies left of a→b. */
function orient(a: Pt, b: Pt, c: Pt): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/** Whether c, known to be collinear with a→b, lies within the segment's box. */
function onSegment(a: Pt, b: Pt, c: Pt): boolean {
  return Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);
}

/** How segments p1→p2 and q1→q2 meet, if they do. */
export function meet(p1: Pt, p2: Pt, q1: Pt, q2: Pt): { kind: EdgeMeetingKind; at: [number, number] } | undefined {
  const d1 = orient(q1, q2, p1);
  const d2 = orient(q1, q2, p2);
  const d3 = orient(p1, p2, q1);
  const d4 = orient(p1, p2, q2);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    const t = d1 / (d1 - d2);
    return { kind: 'cross', at: [p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1])] };
  }
  if (d1 === 0 && d2 === 0 && d3 === 0 && d4 === 0) return collinear(p1, p2, q1, q2);
  if (d1 === 0 && onSegment(q1, q2, p1)) return { kind: 'touch', at: [p1[0], p1[1]] };
  if (d2 === 0 && onSegment(q1, q2, p2)) return { kind: 'touch', at: [p2[0], p2[1]] };
  if (d3 === 0 && onSegment(p1, p2, q1)) return { kind: 'touch', at: [q1[0], q1[1]] };
  if (d4 === 0 && onSegment(p1, p2, q2)) return { kind: 'touch', at: [q2[0], q2[1]] };
  return undefined;
}

/** Collinear segments: an overlap if they share a stretch, a touch if they share one point. */
function collinear(p1: Pt, p2: Pt, q1: Pt, q2: Pt): { kind: EdgeMeetingKind; at: [number, number] } | undefined {
  // Project on the axis along which p varies most, so a vertical segment is handled too.
  const axis = Math.abs(p2[0] - p1[0]) >= Math.abs(p2[1] - p1[1]) ? 0 : 1;
  const [pLo, pHi] = p1[axis] <= p2[axis] ? [p1, p2] : [p2, p1];
  const [qLo, qHi] = q1[axis] <= q2[axis] ? [q1, q2] : [q2, q1];
  const lo = pLo[axis] >= qLo[axis] ? pLo : qLo;
  const hi = pHi[axis] <= qHi[axis] ? pHi : qHi;
  if (lo[axis] > hi[axis]) return undefined;
  return { kind: lo[axis] === hi[axis] ? 'touch' : 'overlap', at: [lo[0], lo[1]] };
}
