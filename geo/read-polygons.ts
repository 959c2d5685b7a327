import { findEdgeMeetings } from './segments-intersect';

/** China's extent in degrees; every supported coordinate system agrees on it within a kilometre. */
export const CHINA_EXTENT = { west: 73, south: 3, east: 136, north: 54 } as const;

/** Polygons as plain arrays, `[lng, lat]` in the file's own coordinate system. */
export type RawPolygons = [number, number][][][];

/** What `readPolygons` found: the polygons when their structure could be read, and the problems. */
export interface PolygonsReading {
  polygons: RawPolygons | undefined;
  fatal: string[];
  warnings: string[];
}

/** At most this many crossings are looked for per polygon: one is enough to refuse it. */
const CROSSING_LIMIT = 20;

/**
 * Reads a GeoJSON `Polygon` or `MultiPolygon` geometry as found in an import file and lists
 * every problem that makes it unusable as a boundary: not a polygon, a position that is not a
 * pair of finite numbers, a ring with fewer than 4 positions, an unclosed ring, a ring of zero
 * area, coordinates outside China (with a hint when they look swapped or projected), and edges
 * that cross or overlap (see `findEdgeMeetings`). A ring pinched at one point is only a warning.
 *
 * Nothing is repaired: an unclosed ring is refused rather than closed, since a missing last
 * position is as likely a truncated file as a sloppy export.
 */
export function readPolygons(geometry: unknown): PolygonsReading {
  const fatal: string[] = [];
  const warnings: string[] = [];
  const structure = polygonArrays(geometry);
  if (typeof structure === 'string') return { polygons: undefined, fatal: [structure], warnings };
  const multi = structure.length > 1;
  const polygons: RawPolygons = [];
  let extentChecked = false;

  structure.forEach((rings, p) => {
    const rawRings: [number, number][][] = [];
    let ringsUsable = true;
    rings.forEach((ring, r) => {
      const where = ringName(multi, p, r);
      const positions = ringPositions(ring);
      if (typeof positions === 'string') {
        fatal.push(`${where}: ${positions}`);
        ringsUsable = false;
        return;
      }
      rawRings.push(positions);
      if (positions.length < 4) {
        fatal.push(`${where} has ${positions.length} positions (a ring needs at least 4, the last repeating the first)`);
        ringsUsable = false;
        return;
      }
      const first = positions[0]!;
      const last = positions[positions.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) {
        fatal.push(`${where} is not closed: it starts at ${pair(first)} and ends at ${pair(last)}`);
        ringsUsable = false;
        return;
      }
      if (zeroArea(positions)) {
        fatal.push(`${where} has zero area (its positions lie on a line or on one point)`);
        ringsUsable = false;
      }
    });
    polygons.push(rawRings);
    if (!extentChecked) {
      const extent = extentProblem(rawRings);
      if (extent) {
        fatal.push(extent);
        extentChecked = true;
      }
    }
    if (ringsUsable) crossings(rawRings, multi, p, fatal, warnings);
  });
  return { polygons, fatal, warnings };
}

/** The polygons' rings as arrays, or why the geometry is not a polygon. */
function polygonArrays(geometry: unknown): unknown[][] | string {
  if (geometry === null || typeof geometry !== 'object') return 'no geometry';
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  if (type === 'Polygon') {
    if (!Array.isArray(coordinates) || coordinates.length === 0) return 'a Polygon without rings';
    return [coordinates as unknown[]];
  }
  if (type === 'MultiPolygon') {
    if (!Array.isArray(coordinates) || coordinates.length === 0) return 'a MultiPolygon without polygons';
    const out: unknown[][] = [];
    for (const [p, rings] of coordinates.entries()) {
      if (!Array.isArray(rings) || rings.length === 0) return `polygon ${p} has no rings`;
      out.push(rings as unknown[]);
    }
    return out;
  }
  return `geometry is ${typeof type === 'string' ? `a ${type}` : 'of no known type'}, not a Polygon or MultiPolygon`;
}

/** A ring's positions (a third coordinate, height, is dropped), or what is wrong with one. */
function ringPositions(ring: unknown): [number, number][] | string {
  if (!Array.isArray(ring)) return 'not an array of positions';
  const out: [number, number][] = [];
  for (const [i, pos] of ring.entries()) {
    if (!Array.isArray(pos) || pos.length < 2 || !Number.isFinite(pos[0]) || !Number.isFinite(pos[1])) {
      return `position ${i} is ${JSON.stringify(pos) ?? String(pos)}, not a pair of finite numbers (NaN?)`;
    }
    out.push([pos[0] as number, pos[1] as number]);
  }
  return out;
}

/**
 * Zero area: every position on one line (or one point). This is tested as collinearity, not as
 * a signed area of zero, because a bow-tie's two lobes cancel to zero area too and that one must
 * be reported as the self-intersection it is. A width below 1e-7 of the length counts as none.
 */
function zeroArea(ring: readonly (readonly [number, number])[]): boolean {
  const [x0, y0] = ring[0]!;
  let far = ring[0]!;
  let farD2 = 0;
  for (const p of ring) {
    const d2 = (p[0] - x0) ** 2 + (p[1] - y0) ** 2;
    if (d2 > farD2) [far, farD2] = [p, d2];
  }
  if (farD2 === 0) return true;
  const length = Math.sqrt(farD2);
  let width = 0;
  for (const [x, y] of ring) {
    width = Math.max(width, Math.abs((far[0] - x0) * (y - y0) - (far[1] - y0) * (x - x0)) / length);
  }
  return width < length * 1e-7;
}

/** One problem for the first position outside China, or `undefined` when all are inside. */
function extentProblem(rings: readonly (readonly [number, number])[][]): string | undefined {
  const { west, south, east, north } = CHINA_EXTENT;
  const inside = (x: number, y: number): boolean => x >= west && x <= east && y >= south && y <= north;
  for (const ring of rings) {
    for (const [x, y] of ring) {
      if (inside(x, y)) continue;
      const at = pair([x, y]);
      if (inside(y, x)) return `coordinates outside China (lng ${west}..${east}, lat ${south}..${north}), e.g. ${at}: swapped lat/lng?`;
      if (Math.abs(x) > 180 || Math.abs(y) > 90) {
        return `coordinates such as ${at} are not degrees: projected coordinates? (convert to longitude/latitude, or zip the shapefile with its .prj)`;
      }
      return `coordinates outside China (lng ${west}..${east}, lat ${south}..${north}), e.g. ${at}`;
    }
  }
  return undefined;
}

/** Adds crossings and overlaps of the polygon's edges (fatal) and pinches (warnings). */
function crossings(rings: readonly (readonly [number, number])[][], multi: boolean, p: number, fatal: string[], warnings: string[]): void {
  const meetings = findEdgeMeetings(rings, CROSSING_LIMIT);
  const bad = meetings.filter((m) => m.kind !== 'touch');
  const first = bad[0];
  if (first) {
    const a = ringName(multi, p, first.a.ring);
    const what =
      first.a.ring === first.b.ring
        ? `${a} intersects itself (edges ${first.a.edge} and ${first.b.edge} ${first.kind === 'cross' ? 'cross' : 'overlap'})`
        : `${a} and ${ringName(multi, p, first.b.ring)} ${first.kind === 'cross' ? 'cross' : 'overlap'} (edges ${first.a.edge} and ${first.b.edge})`;
    const more = bad.length > 1 ? `; ${bad.length - 1}${meetings.length >= CROSSING_LIMIT ? ' or more' : ''} other crossings` : '';
    fatal.push(`self-intersection: ${what} at ${pair(first.at)}${more}`);
  }
  // A hole touching its outer ring at one point is valid; a ring touching itself is suspicious.
  const pinch = meetings.find((m) => m.kind === 'touch' && m.a.ring === m.b.ring);
  if (pinch) warnings.push(`${ringName(multi, p, pinch.a.ring)} touches itself at ${pair(pinch.at)}`);
}

function ringName(multi: boolean, p: number, r: number): string {
  return `${multi ? `polygon ${p} ` : ''}ring ${r}${r === 0 ? ' (outer)' : ' (hole)'}`;
}

/** A position for a message, to 7 decimals (1 cm) so computed points do not show rounding noise. */
function pair([x, y]: readonly [number, number]): string {
  return `[${Number(x.toFixed(7))}, ${Number(y.toFixed(7))}]`;
}
