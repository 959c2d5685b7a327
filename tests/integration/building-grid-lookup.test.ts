import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/store/sqlite-database';
import { loadTerritory } from '../../server/territory/load-territory';
import { TerritoryStore } from '../../server/territory/territory-store';
import { buildingGridLookup } from '../../server/territory/building-grid-lookup';

describe('the in-memory grid of a territory building', () => {
  it('answers as the store does for every building, and nothing for an id the territory lacks', () => {
    const db = openDatabase(':memory:');
    const store = new TerritoryStore(db);
    loadTerritory(store, 'tiny', pino({ level: 'silent' }));
    const lookup = buildingGridLookup(store);
    let n = 0;
    for (const [id, grid] of store.buildingGrids()) {
      expect(lookup(id)).toBe(grid);
      expect(store.buildingGrid(id)).toBe(grid);
      n++;
    }
    expect(n).toBe(store.buildingCount());
    expect(n).toBeGreaterThan(100);
    expect(lookup('no-such-building')).toBeUndefined();
    db.close();
  });
});
