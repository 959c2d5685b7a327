import { afterEach, describe, expect, it } from 'vitest';
import type { Building } from '../../geo/territory';
import type { IngestEvent } from '../../server/protocol/index';
import { createPlacer } from '../../server/projections/place';
import { Projector } from '../../server/projections/projector';
import { ReadDb } from '../../server/projections/read-db';
import { ensureProjectionSchema } from '../../server/projections/schema';
import { buildingGridLookup } from '../../server/territory/building-grid-lookup';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { at, ingest } from '../support/kpi-fixture';

let running: RunningTestServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

let n = 0;
const ev = (type: string, time: string, data: Record<string, unknown>): IngestEvent => ({ id: `rp-${++n}`, type, occurredAt: at(time), data }) as IngestEvent;

/** A point of the building's footprint's middle (the mean of its corners). */
function middle(b: Building): [number, number] {
  const ring = b.footprint.slice(0, -1);
  return [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];
}

function registered(id: string, location: [number, number]): IngestEvent {
  return ev('building.upserted', '2026-11-01T08:00:00+08:00', { buildingId: id, address: `addr ${id}`, location, floors: 3, households: 4, residents: 9, rental: { level: '严管' } });
}

/** Two territory buildings in different grids. */
function twoBuildings(r: RunningTestServer): [Building, Building] {
  const rentals = [...r.server.territoryStore.rentalBuildings()];
  const a = rentals[0]!;
  const b = rentals.find((x) => x.gridCode !== a.gridCode);
  if (!b) throw new Error('the test territory has rental buildings in one grid only');
  return [a, b];
}

/** The deepest scope of the territory holding a point (a grid, or a part of one where grids are divided). */
const deepest = (r: RunningTestServer, p: [number, number]) => r.server.territory.locator.locateDeepest(p)!.code;
const scopeOf = (r: RunningTestServer, table: string, key: string, id: string) => r.server.readDb.get<{ scope: string }>(`SELECT scope FROM ${table} WHERE ${key} = ?`, [id])?.scope;
const camera = (r: RunningTestServer, id: string) => r.server.readDb.get<{ scope: string; online: number; status_at: number }>('SELECT scope, online, status_at FROM p_cameras WHERE camera_id = ?', [id]);

describe('registered buildings and cameras, as the fold places what refers to them', () => {
  it("places a patrol in its building's registered scope, else in its grid of the territory, through a re-registration and a restart", async () => {
    running = await startTestServer();
    const [a, b] = twoBuildings(running);
    // A registered where B stands: its registered scope is not its grid in the territory.
    await ingest(running, [registered(a.id, middle(b)), ev('patrol.recorded', '09:00', { patrolId: 'P1', staffId: 'S', buildingId: a.id })]);
    const registeredScope = scopeOf(running, 'p_buildings', 'building_id', a.id)!;
    expect(registeredScope).toBe(deepest(running, middle(b)));
    expect(registeredScope.startsWith(a.gridCode)).toBe(false);
    expect(scopeOf(running, 'p_patrols', 'patrol_id', 'P1')).toBe(registeredScope);
    // A building of the territory never registered: its grid there.
    await ingest(running, [ev('patrol.recorded', '09:05', { patrolId: 'P2', staffId: 'S', buildingId: b.id })]);
    expect(scopeOf(running, 'p_patrols', 'patrol_id', 'P2')).toBe(b.gridCode);
    // A building the territory does not know, registered: where it was registered.
    await ingest(running, [registered('NEW-1', middle(a)), ev('patrol.recorded', '09:10', { patrolId: 'P3', staffId: 'S', buildingId: 'NEW-1' })]);
    expect(scopeOf(running, 'p_patrols', 'patrol_id', 'P3')).toBe(scopeOf(running, 'p_buildings', 'building_id', 'NEW-1'));

    // A new process reads the registered scopes from the read models.
    const { dataDir } = running;
    await running.stop({ keepData: true });
    running = await startTestServer({ dataDir });
    await ingest(running, [ev('patrol.recorded', '10:00', { patrolId: 'P4', staffId: 'S', buildingId: a.id })]);
    expect(scopeOf(running, 'p_patrols', 'patrol_id', 'P4')).toBe(registeredScope);

    // Registered again where it stands in the territory: its patrols follow it back.
    await ingest(running, [registered(a.id, middle(a)), ev('patrol.recorded', '11:00', { patrolId: 'P5', staffId: 'S', buildingId: a.id })]);
    expect(scopeOf(running, 'p_buildings', 'building_id', a.id)).toBe(deepest(running, middle(a)));
    expect(deepest(running, middle(a)).startsWith(a.gridCode)).toBe(true);
    expect(scopeOf(running, 'p_patrols', 'patrol_id', 'P5')).toBe(deepest(running, middle(a)));
  });

  it("updates a camera's row with its statuses in time order, after it moves and after a restart", async () => {
    running = await startTestServer();
    const [a, b] = twoBuildings(running);
    const cam = (time: string, location: [number, number]) =>
      ev('camera.upserted', time, { cameraId: 'CAM1', name: 'cam', location, stream: { kind: 'hls', url: '/cam1.m3u8' }, online: true });
    const status = (time: string, online: boolean) => ev('camera.status', time, { cameraId: 'CAM1', online });

    await ingest(running, [cam('08:00', middle(a)), status('09:00', false)]);
    expect(camera(running, 'CAM1')).toEqual({ scope: deepest(running, middle(a)), online: 0, status_at: Date.parse(at('09:00')) });
    // Moved to B's grid: the same row takes the later statuses; a status older than the row's is kept out.
    await ingest(running, [cam('09:30', middle(b)), status('10:00', false), status('09:45', true)]);
    expect(camera(running, 'CAM1')).toEqual({ scope: deepest(running, middle(b)), online: 0, status_at: Date.parse(at('10:00')) });

    const { dataDir } = running;
    await running.stop({ keepData: true });
    running = await startTestServer({ dataDir });
    await ingest(running, [status('11:00', true)]);
    expect(camera(running, 'CAM1')).toEqual({ scope: deepest(running, middle(b)), online: 1, status_at: Date.parse(at('11:00')) });
    // A status of a camera never registered is kept in its history and changes no camera.
    await ingest(running, [ev('camera.status', '11:05', { cameraId: 'CAM-UNKNOWN', online: false })]);
    expect(camera(running, 'CAM-UNKNOWN')).toBeUndefined();
    expect(running.server.readDb.get<{ n: number }>("SELECT count(*) AS n FROM p_camera_status WHERE camera_id = 'CAM-UNKNOWN'")?.n).toBe(1);
  });

  it('forgets the registrations of a page that failed: its patrols are placed as if it never came', async () => {
    running = await startTestServer();
    const [a, b] = twoBuildings(running);
    const server = running.server;
    const db = new ReadDb(':memory:');
    try {
      ensureProjectionSchema(db, 'test');
      const placer = createPlacer({
        locator: server.territory.locator,
        districtCode: server.territory.territory.district.code,
        territoryBuildingGrid: buildingGridLookup(server.territoryStore),
      });
      const projector = new Projector(db, placer, 'Asia/Shanghai');
      let seq = 0;
      const page = (...events: IngestEvent[]) => events.map((e) => ({ seq: ++seq, type: e.type, occurredAt: e.occurredAt, data: e.data }));
      // The registration folds; the camera after it cannot (no location): the whole page rolls back.
      const broken = { type: 'camera.upserted', occurredAt: at('08:00'), data: { cameraId: 'CAM2', name: 'x' } } as unknown as IngestEvent;
      expect(() => projector.apply(page(registered(a.id, middle(b)), broken))).toThrow();
      expect(db.get('SELECT 1 AS x FROM p_buildings WHERE building_id = ?', [a.id])).toBeUndefined();
      seq = 0;
      projector.apply(page(ev('patrol.recorded', '09:00', { patrolId: 'P9', staffId: 'S', buildingId: a.id })));
      expect(db.get<{ scope: string }>("SELECT scope FROM p_patrols WHERE patrol_id = 'P9'")?.scope).toBe(a.gridCode);

      // A camera's status marks its scope changed for the live layer: where it was last registered.
      const cam = (location: [number, number]) =>
        ev('camera.upserted', '08:00', { cameraId: 'CAM3', name: 'c', location, stream: { kind: 'hls', url: '/c3.m3u8' }, online: true });
      projector.apply(page(cam(middle(a))));
      expect([...projector.apply(page(ev('camera.status', '09:00', { cameraId: 'CAM3', online: false }))).scopes]).toEqual([deepest(running, middle(a))]);
      projector.apply(page(cam(middle(b))));
      expect([...projector.apply(page(ev('camera.status', '10:00', { cameraId: 'CAM3', online: true }))).scopes]).toEqual([deepest(running, middle(b))]);
    } finally {
      db.close();
    }
  });
});
