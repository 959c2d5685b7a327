import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centroidOf } from '../../geo/buildings';
import { startTestServer, type RunningTestServer } from '../support/test-server';

let running: RunningTestServer;
beforeAll(async () => {
  running = await startTestServer();
});
afterAll(async () => {
  await running.stop();
});

interface Manifest {
  hash: string;
  counts: Record<string, number>;
  boundaries: Record<string, string>;
  tiles: Record<string, { url: string; minzoom: number }>;
}

async function manifest(): Promise<Manifest> {
  return (await (await fetch(`${running.url}/api/geo/manifest`, { headers: running.authHeaders() })).json()) as Manifest;
}

/** The z/x/y of the tile holding a point. */
function tileOf(lng: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const s = Math.sin((lat * Math.PI) / 180);
  return [z, Math.floor(((lng + 180) / 360) * n), Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n)];
}

describe('static geometry', () => {
  it('describes itself in a manifest whose counts match the territory', async () => {
    const m = await manifest();
    expect(m.counts).toMatchObject({ district: 1, street: 1, community: 2, grid: 6, 'micro-grid': 12, building: 400 });
    expect(m.boundaries.grid).toContain(`v=${m.hash}`);
  });

  it('serves boundaries as RFC 7946 GeoJSON with label points; versioned URLs are immutable', async () => {
    const m = await manifest();
    const res = await fetch(running.url + m.boundaries.grid, { headers: running.authHeaders() });
    expect(res.headers.get('cache-control')).toContain('immutable');
    const fc = (await res.json()) as { features: { properties: { code: string; level: string; parent: string; label: number[] } }[] };
    expect(fc.features).toHaveLength(6);
    for (const f of fc.features) {
      expect(f.properties.level).toBe('grid');
      expect(f.properties.code.startsWith(f.properties.parent)).toBe(true);
      expect(f.properties.label).toHaveLength(2);
    }
    const unversioned = await fetch(`${running.url}/api/geo/scopes.geojson?level=grid`, { headers: running.authHeaders() });
    expect(unversioned.headers.get('cache-control')).toBe('no-cache');
    expect(unversioned.headers.get('etag')).toBeTruthy();
  });

  it('serves each building once, in the tile holding its centroid, with height and rental level', async () => {
    const m = await manifest();
    const b = running.server.territory.buildings;
    const seen = new Set<number>();
    const tiles = new Set<string>();
    for (let i = 0; i < b.count; i++) tiles.add(tileOf(...centroidOf(b, i), 15).join('/'));
    for (const t of tiles) {
      const res = await fetch(`${running.url}${m.tiles.buildings!.url.replace('{z}/{x}/{y}', t)}`, { headers: running.authHeaders() });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/vnd.mapbox-vector-tile');
      const layer = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer()))).layers.buildings!;
      for (let k = 0; k < layer.length; k++) {
        const f = layer.feature(k);
        expect(seen.has(f.id!)).toBe(false);
        seen.add(f.id!);
        expect(f.type).toBe(3);
        expect(Number(f.properties.height)).toBe(Number(f.properties.floors) * 3);
        expect(Number(f.properties.rental)).toBeGreaterThanOrEqual(0);
      }
    }
    expect(seen.size).toBe(b.count);
  });

  it('answers empty tiles with 204, bad tiles with 400 and unknown layers with 404', async () => {
    const [z, x, y] = tileOf(121.05, 32.06, 12);
    expect((await fetch(`${running.url}/api/tiles/buildings/${z}/${x}/${y}.pbf`, { headers: running.authHeaders() })).status).toBe(204); // below the buildings' min zoom
    expect((await fetch(`${running.url}/api/tiles/buildings/15/1/1.pbf`, { headers: running.authHeaders() })).status).toBe(204); // far away
    expect((await fetch(`${running.url}/api/tiles/buildings/3/9/1.pbf`, { headers: running.authHeaders() })).status).toBe(400);
    expect((await fetch(`${running.url}/api/tiles/rivers/3/1/1.pbf`, { headers: running.authHeaders() })).status).toBe(404);
  });

  it('serves roads clipped to the tile, arterials and local streets by zoom', async () => {
    const m = await manifest();
    const road = running.server.territory.roads.find((r) => r.kind === 'local')!;
    const t = tileOf(road.points[0]![0], road.points[0]![1], 16).join('/');
    const res = await fetch(`${running.url}${m.tiles.roads!.url.replace('{z}/{x}/{y}', t)}`, { headers: running.authHeaders() });
    expect(res.status).toBe(200);
    const layer = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer()))).layers.roads!;
    expect(layer.length).toBeGreaterThan(0);
    for (let k = 0; k < layer.length; k++) {
      for (const line of layer.feature(k).loadGeometry()) {
        for (const p of line) {
          expect(p.x).toBeGreaterThanOrEqual(-64);
          expect(p.x).toBeLessThanOrEqual(4096 + 64);
        }
      }
    }
  });
});
