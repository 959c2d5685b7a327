import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { LevelLocator } from '../../geo/locate';
import { seededRandom } from '../../geo/random';
import { generateScenario } from '../../geo/scenarios/generate';
import { loadOutline } from '../../geo/outlines';
import { DISTRICT_SPEC } from '../../geo/scenarios/specs';
import type { Scope } from '../../geo/territory';
import { BuildingTiles } from '../../server/tiles/building-tiles';
import { kib, median, type Bench } from './bench-kit';

const here = import.meta.dirname;

/** Scenario generation, locate throughput, and building delivery (GeoJSON vs vector tiles). */
export const geoBench: Bench = {
  name: 'territory',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'cc-geo-bench-'));
    try {
      const lines: string[] = [];
      lines.push(...generation(dir));
      lines.push('', ...locate(dir));
      lines.push('', ...buildingDelivery());
      return lines.join('\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function generation(dir: string): string[] {
  const rows: string[] = ['### Scenario generation (one process each, first start only; cached in `DATA_DIR` after)', '', '| scenario | scopes | buildings | roads | time | peak RSS | heap after | largest z14 building tile |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'];
  for (const name of ['district', 'city']) {
    const args = ['--import', 'tsx', '--max-old-space-size=8000', join(here, 'generate-child.ts'), name, ...(name === 'city' ? [join(dir, 'city')] : [])];
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`generating ${name} failed: ${r.stderr}`);
    const m = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; peakRssBytes: number; heapBytes: number; buildings: number; scopes: number; roads: number; maxTileZ14: number };
    rows.push(`| ${name} | ${m.scopes.toLocaleString('en')} | ${m.buildings.toLocaleString('en')} | ${m.roads.toLocaleString('en')} | ${(m.ms / 1000).toFixed(1)} s | ${(m.peakRssBytes / 2 ** 20).toFixed(0)} MiB | ${(m.heapBytes / 2 ** 20).toFixed(0)} MiB | ${kib(m.maxTileZ14)} |`);
  }
  return rows;
}

function locate(dir: string): string[] {
  const grids = JSON.parse(readFileSync(join(dir, 'city.grids.json'), 'utf8')) as Scope[];
  const buf = readFileSync(join(dir, 'city.centroids.f64'));
  const centroids = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
  const t0 = performance.now();
  const locator = new LevelLocator(grids);
  const buildMs = performance.now() - t0;

  const random = seededRandom(1);
  const [w, s, e, n] = grids.reduce(
    (b, g) => [Math.min(b[0], g.bounds[0]), Math.min(b[1], g.bounds[1]), Math.max(b[2], g.bounds[2]), Math.max(b[3], g.bounds[3])],
    [Infinity, Infinity, -Infinity, -Infinity],
  );
  const N = 1_000_000;
  const pts = new Float64Array(N * 2);
  for (let i = 0; i < N; i++) {
    pts[i * 2] = w + (e - w) * random();
    pts[i * 2 + 1] = s + (n - s) * random();
  }
  const ours: number[] = [];
  let found = 0;
  for (let run = 0; run < 5; run++) {
    const t = performance.now();
    found = 0;
    for (let i = 0; i < N; i++) if (locator.locateIndex(pts[i * 2]!, pts[i * 2 + 1]!) >= 0) found++;
    ours.push(performance.now() - t);
  }
  // The naive peer: test every grid with turf until one holds the point.
  const features = grids.map((g) => ({ type: 'Feature' as const, properties: {}, geometry: g.polygons.length === 1 ? { type: 'Polygon' as const, coordinates: g.polygons[0] as unknown as number[][][] } : { type: 'MultiPolygon' as const, coordinates: g.polygons as unknown as number[][][][] } }));
  const M = 2000;
  const naive: number[] = [];
  let agree = 0;
  for (let run = 0; run < 3; run++) {
    const t = performance.now();
    agree = 0;
    for (let i = 0; i < M; i++) {
      const p: [number, number] = [pts[i * 2]!, pts[i * 2 + 1]!];
      const k = features.findIndex((f) => booleanPointInPolygon(p, f));
      if (k === locator.locateIndex(p[0], p[1])) agree++;
    }
    naive.push(performance.now() - t);
  }
  const assign: number[] = [];
  const B = centroids.length / 2;
  let missed = 0;
  for (let run = 0; run < 3; run++) {
    const t = performance.now();
    missed = 0;
    for (let i = 0; i < B; i++) if (locator.locateIndex(centroids[i * 2]!, centroids[i * 2 + 1]!) < 0) missed++;
    assign.push(performance.now() - t);
  }
  const oursRate = N / (median(ours) / 1000);
  const naiveRate = M / (median(naive) / 1000);
  return [
    `### locate over the city's ${grids.length.toLocaleString('en')} grids (one core)`,
    '',
    '| method | points/s (median) | note |',
    '| --- | ---: | --- |',
    `| \`LevelLocator\` (raster of pure cells + candidate lists) | **${Math.round(oursRate).toLocaleString('en')}** | 1 M random points in the city's bounds, 5 runs; index built in ${buildMs.toFixed(0)} ms; ${((found / N) * 100).toFixed(1)} % inside a grid |`,
    `| naive scan with \`@turf/boolean-point-in-polygon\` | ${Math.round(naiveRate).toLocaleString('en')} | 2,000 of the same points, 3 runs; answers agree on ${agree} of ${M} |`,
    '',
    `Assigning the city's ${B.toLocaleString('en')} building centroids to grids: **${(median(assign) / 1000).toFixed(2)} s** (median of 3; ${missed} outside every grid). Speed-up over the naive scan: ${Math.round(oursRate / naiveRate).toLocaleString('en')}×.`,
  ];
}

function buildingDelivery(): string[] {
  const s = generateScenario(DISTRICT_SPEC, loadOutline('320612').polygons);
  const b = s.buildings;
  // The GeoJSON a naive server would send: every footprint with its attributes.
  const features = [];
  for (let i = 0; i < b.count; i++) {
    const ring: number[][] = [];
    for (let k = b.ringStart[i]!; k < b.ringStart[i + 1]!; k++) ring.push([b.coords[k * 2]!, b.coords[k * 2 + 1]!]);
    features.push({ type: 'Feature', id: i + 1, properties: { floors: b.floors[i], height: b.floors[i]! * 3, rental: b.rental[i] }, geometry: { type: 'Polygon', coordinates: [ring] } });
  }
  const geojson = JSON.stringify({ type: 'FeatureCollection', features });
  const gjBytes = Buffer.byteLength(geojson);
  const gjGz = gzipSync(geojson).length;
  // Main-thread work to get from the GeoJSON text to deck.gl's binary polygon attributes.
  const prep: number[] = [];
  for (let run = 0; run < 5; run++) {
    const t = performance.now();
    const fc = JSON.parse(geojson) as { features: { geometry: { coordinates: number[][][] }; properties: { height: number } }[] };
    let vertices = 0;
    for (const f of fc.features) vertices += f.geometry.coordinates[0]!.length;
    const positions = new Float64Array(vertices * 2);
    const starts = new Uint32Array(fc.features.length + 1);
    const heights = new Float32Array(fc.features.length);
    let v = 0;
    fc.features.forEach((f, i) => {
      starts[i] = v;
      heights[i] = f.properties.height;
      for (const [x, y] of f.geometry.coordinates[0]!) {
        positions[v * 2] = x!;
        positions[v * 2 + 1] = y!;
        v++;
      }
    });
    starts[fc.features.length] = v;
    prep.push(performance.now() - t);
  }

  const rowids = Int32Array.from({ length: b.count }, (_, i) => i + 1);
  const tiles = new BuildingTiles(b, rowids);
  const [w, so, e, n] = s.territory.district.bounds;
  const rows: string[] = [];
  let z14Total = 0;
  let z14Gz = 0;
  let decodeMs = 0;
  for (const z of [14, 15, 16]) {
    const [x0, y1] = tileXY(w, so, z);
    const [x1, y0] = tileXY(e, n, z);
    let count = 0;
    let total = 0;
    let max = 0;
    const t = performance.now();
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const tile = tiles.tile(z, x, y);
        if (!tile) continue;
        count++;
        total += tile.byteLength;
        max = Math.max(max, tile.byteLength);
        if (z === 14) {
          z14Gz += gzipSync(tile).length;
          const d = performance.now();
          const layer = new VectorTile(new PbfReader(tile)).layers.buildings!;
          for (let k = 0; k < layer.length; k++) layer.feature(k).loadGeometry();
          decodeMs += performance.now() - d;
        }
      }
    }
    const cutMs = performance.now() - t;
    if (z === 14) z14Total = total;
    rows.push(`| z${z} | ${count} | ${kib(total)} | ${kib(max)} | ${(cutMs / Math.max(1, count)).toFixed(1)} ms |`);
  }
  return [
    `### Buildings of the district (${b.count.toLocaleString('en')}): GeoJSON vs our vector tiles`,
    '',
    '| what the browser gets | bytes | gzip | main-thread work to draw it |',
    '| --- | ---: | ---: | --- |',
    `| one GeoJSON of every footprint | ${kib(gjBytes)} | ${kib(gjGz)} | ${median(prep).toFixed(0)} ms (median of 5: \`JSON.parse\` + flattening into deck.gl's binary polygon attributes, in Node's V8 as a proxy for the browser's) |`,
    `| vector tiles, all z14 tiles of the district | ${kib(z14Total)} | ${kib(z14Gz)} | none: maplibre decodes tiles in its web workers (decoding all of them here took ${decodeMs.toFixed(0)} ms in total, off the main thread in the browser); only the tiles in view are fetched |`,
    '',
    '| zoom | tiles with buildings | total | largest tile | mean time to cut a tile |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    'Target: no tile over 500 KB. The screen fetches building tiles only from z14, so at most the tiles in view (about 12 at 1920×1080) are loaded.',
  ];
}

function tileXY(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const s = Math.sin((lat * Math.PI) / 180);
  return [Math.floor(((lng + 180) / 360) * n), Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n)];
}
