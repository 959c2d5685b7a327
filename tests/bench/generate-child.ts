import { writeFileSync } from 'node:fs';
import { generateScenario } from '../../geo/scenarios/generate';
import { loadOutline } from '../../geo/outlines';
import { CITY_SPEC, DISTRICT_SPEC } from '../../geo/scenarios/specs';
import { BuildingTiles } from '../../server/tiles/building-tiles';

/**
 * Generates one scenario in its own process (so its peak memory is its own) and reports time,
 * peak RSS and heap as JSON on stdout. With a second argument, also writes the building
 * centroids and grids for the locate bench.
 */
const which = process.argv[2] === 'city' ? CITY_SPEC : DISTRICT_SPEC;
const t0 = performance.now();
const s = generateScenario(which, loadOutline(which.districtCode as '320612' | '441900').polygons);
const ms = performance.now() - t0;
const heap = process.memoryUsage().heapUsed;
const out = process.argv[3];
if (out) {
  writeFileSync(`${out}.grids.json`, JSON.stringify(s.grids));
  writeFileSync(`${out}.centroids.f64`, Buffer.from(new Float64Array(centroids(s.buildings)).buffer));
}
const peakRssBytes = process.resourceUsage().maxRSS * 1024;
// The densest building tile at z14 (the zoom buildings appear at): the tile-size target's worst case.
const tiles = new BuildingTiles(s.buildings, Int32Array.from({ length: s.buildings.count }, (_, i) => i + 1));
const [w, so, e, n] = s.territory.district.bounds;
const xy = (lng: number, lat: number): [number, number] => {
  const k = 2 ** 14;
  const sin = Math.sin((lat * Math.PI) / 180);
  return [Math.floor(((lng + 180) / 360) * k), Math.floor((0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * k)];
};
const [x0, y1] = xy(w, so);
const [x1, y0] = xy(e, n);
let maxTileZ14 = 0;
for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) maxTileZ14 = Math.max(maxTileZ14, tiles.tile(14, x, y)?.byteLength ?? 0);
console.log(JSON.stringify({ name: which.name, ms, peakRssBytes, heapBytes: heap, buildings: s.buildings.count, scopes: s.territory.scopes.length, roads: s.roads.length, maxTileZ14 }));

function centroids(b: typeof s.buildings): number[] {
  const out: number[] = [];
  for (let i = 0; i < b.count; i++) {
    let x = 0;
    let y = 0;
    const st = b.ringStart[i]!;
    const en = b.ringStart[i + 1]! - 1;
    for (let k = st; k < en; k++) {
      x += b.coords[k * 2]!;
      y += b.coords[k * 2 + 1]!;
    }
    out.push(x / (en - st), y / (en - st));
  }
  return out;
}
