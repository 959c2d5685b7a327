import Flatbush from 'flatbush';
import { fromGeojsonVt, type VtFeature } from 'vt-pbf';
import type { BuildingColumns } from '@geo/buildings';
import { EXTENT, tileBounds, tileProjector } from './mercator';

/** Buildings are drawn from this zoom (≈ 2.4 km tiles); below it the tiles are empty. */
export const BUILDING_MIN_ZOOM = 14;
/** Tiles are cut up to this zoom; the map over-zooms beyond it. */
export const BUILDING_MAX_ZOOM = 16;

/**
 * Vector tiles of building footprints (layer `buildings`), cut on request from an index of
 * building centroids. Each building goes to the one tile holding its centroid (its footprint may
 * reach a few metres past the edge), so no building is drawn twice. Properties: `floors`,
 * `height` (metres, 3 m a floor), `rental` (0 none, 1-4 宽管…禁租); the feature id is the
 * building's rowid in the store.
 */
export class BuildingTiles {
  private readonly index: Flatbush;
  private readonly cx: Float64Array;
  private readonly cy: Float64Array;

  constructor(
    private readonly b: BuildingColumns,
    private readonly rowids: Int32Array,
  ) {
    this.cx = new Float64Array(b.count);
    this.cy = new Float64Array(b.count);
    this.index = new Flatbush(Math.max(1, b.count));
    for (let i = 0; i < b.count; i++) {
      let x = 0;
      let y = 0;
      const s = b.ringStart[i]!;
      const e = b.ringStart[i + 1]! - 1;
      for (let k = s; k < e; k++) {
        x += b.coords[k * 2]!;
        y += b.coords[k * 2 + 1]!;
      }
      this.cx[i] = x / (e - s);
      this.cy[i] = y / (e - s);
      this.index.add(this.cx[i]!, this.cy[i]!);
    }
    if (b.count === 0) this.index.add(0, 0);
    this.index.finish();
  }

  /** The encoded tile, or `undefined` when it holds no building. */
  tile(z: number, x: number, y: number): Uint8Array | undefined {
    if (z < BUILDING_MIN_ZOOM || this.b.count === 0) return undefined;
    const [w, s, e, n] = tileBounds(z, x, y);
    const hits = this.index.search(w, s, e, n, (i) => this.cx[i]! >= w && this.cx[i]! < e && this.cy[i]! > s && this.cy[i]! <= n);
    if (hits.length === 0) return undefined;
    hits.sort((p, q) => p - q);
    const project = tileProjector(z, x, y);
    const features: VtFeature[] = hits.map((i) => {
      const ring: [number, number][] = [];
      for (let k = this.b.ringStart[i]!; k < this.b.ringStart[i + 1]!; k++) ring.push(project(this.b.coords[k * 2]!, this.b.coords[k * 2 + 1]!));
      const floors = this.b.floors[i]!;
      return { id: this.rowids[i]!, type: 3, geometry: [ring], tags: { floors, height: floors * 3, rental: this.b.rental[i]! } };
    });
    return fromGeojsonVt({ buildings: { features } }, { version: 2, extent: EXTENT });
  }
}
