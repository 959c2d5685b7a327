import { IdFingerprintMap } from '@geo/id-fingerprint-map';
import type { TerritoryStore } from './territory-store';

/**
 * The grid of a territory building by id, from memory: folding a patrol or a key person asks it,
 * and the database's answer (an index seek and a row in a table of footprints, mostly outside
 * the page cache at a city's 1.7 M buildings) cost 20-40 µs a lookup. Read once from the store
 * (about 1.5 s and 21 MB for the city scenario); the territory is read at start, so after
 * `npm run geo:import` a restart brings both up to date. The rare ids the fingerprints cannot
 * tell apart are asked of the store.
 */
export function buildingGridLookup(store: TerritoryStore): (id: string) => string | undefined {
  const grids: string[] = [];
  const gridIndex = new Map<string, number>();
  const map = new IdFingerprintMap(store.buildingCount());
  let last = '';
  let lastIndex = -1;
  for (const [id, grid] of store.buildingGrids()) {
    // Rows come mostly grouped by grid (stored grid by grid): skip the map for a run of one grid.
    if (grid !== last) {
      let k = gridIndex.get(grid);
      if (k === undefined) {
        k = grids.length;
        grids.push(grid);
        gridIndex.set(grid, k);
      }
      last = grid;
      lastIndex = k;
    }
    map.set(id, lastIndex);
  }
  return (id) => {
    const k = map.get(id);
    if (k === undefined) return undefined;
    return k === IdFingerprintMap.AMBIGUOUS ? store.buildingGrid(id) : grids[k];
  };
}
