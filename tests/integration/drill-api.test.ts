import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinyin } from 'pinyin-pro';
import type { BuildingAt, BuildingCard, GridCard, IncidentCard, SearchResponse } from '@protocol/drill';
import type { IngestEvent } from '@protocol/index';
import type { Building, Scope } from '@geo/territory';
import { httpIngestClient } from '../../mock/ingest-client';
import { sendRegisters } from '../../mock/register-loader';
import { storedRegisters, type ScenarioRegisters } from '../../server/territory/load-territory';
import { ingest } from '../support/kpi-fixture';
import { call, signedIn } from '../support/security-helpers';
import { startTestServer, type RunningTestServer } from '../support/test-server';

/**
 * The drill-down API against a real server on the tiny territory with the scenario's registers
 * (cameras, staff, key populations, rental buildings) sent through ingest, and incidents, orders,
 * patrols and cameras of our own. Expectations are computed here from what was sent (the
 * registers, the territory's buildings, our events), not by the server's code.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Patrols a rental building needs in 30 days, by level (domain.md). */
const REQUIRED: Record<string, number> = { 宽管: 1, 警示: 2, 严管: 4, 禁租: 4 };

let r: RunningTestServer;
let registers: ScenarioRegisters;
let scopes: Scope[];
let A: Scope; // the community the scoped leader reads
let B: Scope; // the other community
let G: Scope; // a grid of A with rental buildings
let gB: Scope; // a grid of B
let leaderAll: string;
let leaderA: string;
let now: number;
let gridBuildings: Building[];
let plain: Building; // a building of G that no register sends
let extraBuilding: { id: string; location: [number, number]; residents: number; households: number };
let overridden: { id: string; residents: number; households: number; before: Building };
let patrolledRental: Building;
let incidentPoint: [number, number];
let bIncidentId: string;
/** Where each incident of ours was reported. */
const sentIncidents: Record<string, [number, number]> = {};

const isoAgo = (ms: number) => new Date(now - ms).toISOString();
let n = 0;
const nextId = () => `drill-ev-${++n}`;

function centroid(b: Building): [number, number] {
  const ring = b.footprint;
  let x = 0;
  let y = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    x += ring[i]![0];
    y += ring[i]![1];
  }
  return [Math.round((x / (ring.length - 1)) * 1e7) / 1e7, Math.round((y / (ring.length - 1)) * 1e7) / 1e7];
}

/** Haversine, metres: independent of the server's local-plane distance. */
function haversineM(a: readonly [number, number], b: readonly [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

/** A point `east` and `north` metres from `p`. */
function offset(p: readonly [number, number], east: number, north: number): [number, number] {
  return [p[0] + east / (111_195 * Math.cos((p[1] * Math.PI) / 180)), p[1] + north / 111_195];
}

function incident(id: string, at: [number, number], ago: number, extra: Record<string, unknown> = {}): IngestEvent {
  sentIncidents[id] = at;
  return { id: nextId(), type: 'incident.reported', occurredAt: isoAgo(ago), data: { incidentId: id, category: 'garbage', source: 'grid', location: at, severity: 2, description: `描述 ${id}`, ...extra } } as IngestEvent;
}

function move(order: string, incidentId: string, to: string, ago: number, note?: string): IngestEvent {
  return {
    id: nextId(),
    type: 'workorder.transitioned',
    occurredAt: isoAgo(ago),
    data: { workOrderId: order, incidentId, to, department: '城管', level: 'street', actor: `actor-${to}`, ...(note ? { note } : {}) },
  } as IngestEvent;
}

function camera(id: string, at: [number, number], online: boolean): IngestEvent {
  return { id: nextId(), type: 'camera.upserted', occurredAt: isoAgo(HOUR), data: { cameraId: id, name: `摄像头${id}`, location: at, stream: { kind: online ? 'hls' : 'rtsp', url: online ? '/x.m3u8' : 'rtsp://10.0.0.1/x' }, online } } as IngestEvent;
}

async function get<T>(path: string, token = leaderAll): Promise<{ status: number; body: T; text: string }> {
  const res = await call(r, 'GET', path, token);
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as T, text };
}

beforeAll(async () => {
  r = await startTestServer();
  now = Date.now();
  const server = r.server;
  registers = storedRegisters(server.territoryStore)!;
  await sendRegisters({ ...registers, rentals: [...server.territoryStore.rentalBuildings()] }, httpIngestClient(r.url, r.apiKey));
  scopes = [...server.territory.territory.scopes];
  const communities = scopes.filter((s) => s.level === 2);
  expect(communities.length).toBeGreaterThanOrEqual(2);
  [A, B] = communities as [Scope, Scope];
  const all = [...server.territoryStore.buildings()];
  const gridsOfA = scopes.filter((s) => s.level === 3 && s.parent === A.code);
  const rentalsIn = (g: Scope) => all.filter((b) => b.gridCode === g.code && b.rental).length;
  G = gridsOfA.sort((x, y) => rentalsIn(y) - rentalsIn(x))[0]!;
  gB = scopes.find((s) => s.level === 3 && s.parent === B.code)!;
  gridBuildings = all.filter((b) => b.gridCode === G.code);
  const rentals = gridBuildings.filter((b) => b.rental);
  expect(rentals.length).toBeGreaterThan(0);
  plain = gridBuildings.find((b) => !b.rental && server.territory.locator.locate(centroid(b), 3)?.code === G.code)!;
  patrolledRental = rentals[0]!;
  const other = gridBuildings.filter((b) => !b.rental && b.id !== plain.id)[0]!;
  overridden = { id: other.id, residents: 999, households: 333, before: other };
  // A building only a register knows, in G (half a metre from a plain building's point).
  extraBuilding = { id: 'REG-EXTRA-1', location: offset(centroid(plain), 0, 0.5), residents: 77, households: 21 };
  incidentPoint = centroid(plain);
  const bPoint = centroid(all.find((b) => b.gridCode === gB.code)!);
  bIncidentId = 'I-DRILL-B';

  const events: IngestEvent[] = [
    // Registers: one building overridden, one the territory lacks.
    {
      id: nextId(),
      type: 'building.upserted',
      occurredAt: isoAgo(DAY),
      data: { buildingId: overridden.id, address: `${other.address}（更正）`, location: centroid(other), floors: other.floors, households: overridden.households, residents: overridden.residents },
    },
    {
      id: nextId(),
      type: 'building.upserted',
      occurredAt: isoAgo(DAY),
      data: { buildingId: extraBuilding.id, address: '登记路1号', location: extraBuilding.location, floors: 3, households: extraBuilding.households, residents: extraBuilding.residents },
    },
    // Patrols: enough for one rental building in the last 30 days, and one too old to count.
    ...Array.from({ length: REQUIRED[patrolledRental.rental!]! }, (_, i) => ({
      id: nextId(),
      type: 'patrol.recorded',
      occurredAt: isoAgo((i + 1) * DAY),
      data: { patrolId: `PT-${i}`, staffId: 'S-x', buildingId: patrolledRental.id },
    })),
    { id: nextId(), type: 'patrol.recorded', occurredAt: isoAgo(40 * DAY), data: { patrolId: 'PT-old', staffId: 'S-x', buildingId: rentals[1]?.id ?? patrolledRental.id } },
    // Open incidents of G: on time, at risk, overdue (acceptance: 12 h from dispatch), and one not dispatched yet.
    incident('I-DRILL-1', incidentPoint, 2 * HOUR + 60_000),
    move('WO-DRILL-1', 'I-DRILL-1', 'dispatched', 2 * HOUR),
    incident('I-DRILL-2', offset(incidentPoint, 5, 5), 11 * HOUR + 60_000),
    move('WO-DRILL-2', 'I-DRILL-2', 'dispatched', 11 * HOUR),
    incident('I-DRILL-3', offset(incidentPoint, -8, 3), 13 * HOUR + 60_000),
    move('WO-DRILL-3', 'I-DRILL-3', 'dispatched', 13 * HOUR, '派往城管'),
    move('WO-DRILL-3', 'I-DRILL-3', 'returned', 12.5 * HOUR, '非本部门'),
    move('WO-DRILL-3', 'I-DRILL-3', 'dispatched', 12.9 * HOUR, '重新派遣'), // older than the return: history order decides
    incident('I-DRILL-4', offset(incidentPoint, 10, -10), HOUR),
    // Closed: not open; 10 days old at the building (listed on its card).
    incident('I-DRILL-5', offset(incidentPoint, 3, 0), 10 * DAY),
    move('WO-DRILL-5', 'I-DRILL-5', 'dispatched', 10 * DAY - HOUR),
    move('WO-DRILL-5', 'I-DRILL-5', 'accepted', 10 * DAY - 2 * HOUR),
    move('WO-DRILL-5', 'I-DRILL-5', 'handling', 10 * DAY - 3 * HOUR),
    move('WO-DRILL-5', 'I-DRILL-5', 'resolved', 10 * DAY - 4 * HOUR),
    move('WO-DRILL-5', 'I-DRILL-5', 'verified', 10 * DAY - 5 * HOUR),
    move('WO-DRILL-5', 'I-DRILL-5', 'closed', 10 * DAY - 6 * HOUR),
    // Near the building but too old, and recent but too far (200 m).
    incident('I-DRILL-OLD', incidentPoint, 100 * DAY),
    incident('I-DRILL-FAR', offset(incidentPoint, 200, 0), 2 * DAY),
    // Cameras around incident 3: online 300 m, offline 40 m, online 120 m, online 800 m.
    camera('CAM-D-ON-300', offset(incidentPoint, 300, 0), true),
    camera('CAM-D-OFF-40', offset(incidentPoint, 0, 40), false),
    camera('CAM-D-ON-120', offset(incidentPoint, -120, 0), true),
    camera('CAM-D-ON-800', offset(incidentPoint, 0, -800), true),
    // Of community B.
    incident(bIncidentId, bPoint, HOUR),
    move('WO-DRILL-B', bIncidentId, 'dispatched', HOUR - 60_000),
  ] as IngestEvent[];
  await ingest(r, events);
  leaderAll = await signedIn(r, 'leader-all', 'leader');
  leaderA = await signedIn(r, 'leader-a', 'leader', A.code);
}, 120_000);

afterAll(async () => {
  await r?.stop();
});

describe('GET /api/grids/{code}/card', () => {
  it('answers what the registers and events hold for the grid', async () => {
    const { status, body, text } = await get<GridCard>(`/api/grids/${G.code}/card`);
    expect(status).toBe(200);
    expect(body.code).toBe(G.code);
    expect(body.name).toBe(G.name);
    expect(body.path.map((p) => p.code)).toEqual([G.code.slice(0, 6), G.code.slice(0, 9), G.code.slice(0, 12), G.code]);
    expect(body.path.map((p) => p.level)).toEqual([0, 1, 2, 3]);

    // Staff of the grid (and its micro-grids), masked; nothing clear in the answer.
    const staff = registers.staff.filter((s) => s.gridCode.startsWith(G.code));
    expect(staff.length).toBeGreaterThan(0);
    expect(body.staff.map((s) => s.staffId).sort()).toEqual(staff.map((s) => s.staffId).sort());
    expect(body.staff[0]!.role).toBe(staff.some((s) => s.role === 'chief') ? 'chief' : 'worker');
    for (const s of body.staff) {
      const sent = staff.find((x) => x.staffId === s.staffId)!;
      expect(s.masked).toBe(true);
      expect(s.role).toBe(sent.role);
      const chars = Array.from(sent.name);
      expect(Array.from(s.name)[0]).toBe(chars[0]);
      expect(s.name).toContain('*');
      expect(s.phone).toMatch(/^\d{3}\*+\d{4}$/);
      expect(s.phone.slice(0, 3)).toBe(sent.phone.slice(0, 3));
      expect(text).not.toContain(sent.phone);
      if (chars.length > 1) expect(text).not.toContain(`"${sent.name}"`);
    }

    // Buildings: the territory's of G, one overridden by a register, plus one only a register knows.
    const residents = gridBuildings.reduce((a, b) => a + b.residents, 0) - overridden.before.residents + overridden.residents + extraBuilding.residents;
    const households = gridBuildings.reduce((a, b) => a + b.households, 0) - overridden.before.households + overridden.households + extraBuilding.households;
    expect(body.counts).toEqual({ buildings: gridBuildings.length + 1, residents, households });

    // Rental buildings by level; one patrolled as often as its level asks.
    for (const row of body.rentals) {
      const ofLevel = gridBuildings.filter((b) => b.rental === row.level);
      expect(row.buildings, row.level).toBe(ofLevel.length);
      expect(row.required).toBe(REQUIRED[row.level]);
      const patrolled = row.level === patrolledRental.rental ? 1 : 0;
      expect(row.patrolled, row.level).toBe(patrolled);
      expect(row.patrolCompletion).toBe(ofLevel.length === 0 ? null : patrolled / ofLevel.length);
    }

    // Key populations: the registers' persons living in G's buildings.
    const gridIds = new Set(gridBuildings.map((b) => b.id));
    const expected: Record<string, number> = {};
    for (const p of registers.keyPersons) if (p.buildingId && gridIds.has(p.buildingId)) for (const c of p.categories) expected[c] = (expected[c] ?? 0) + 1;
    for (const [c, count] of Object.entries(body.keyPopulations)) expect(count, c).toBe(expected[c] ?? 0);
    expect(Object.keys(body.keyPopulations).length).toBe(10);
    expect(body.rentals.reduce((a, x) => a + x.buildings, 0)).toBe(gridBuildings.filter((b) => b.rental).length);

    // Open incidents with their orders' deadline status now.
    const byId = new Map(body.incidents.items.map((i) => [i.incidentId, i]));
    // Every incident of ours placed in G (the territory's locator says where each point lies) but the closed one.
    const inG = (p: [number, number]) => r.server.territory.locator.locate(p, 3)?.code === G.code;
    const openOfOurs = Object.entries(sentIncidents)
      .filter(([id, p]) => id !== 'I-DRILL-5' && inG(p))
      .map(([id]) => id);
    expect(openOfOurs).toContain('I-DRILL-1');
    expect([...byId.keys()].sort()).toEqual(openOfOurs.sort());
    expect(byId.get('I-DRILL-1')).toMatchObject({ workOrderId: 'WO-DRILL-1', workOrderState: 'dispatched', deadlineStatus: 'on-time', applicableDeadline: { kind: 'acceptance', deadline: new Date(Date.parse(isoAgo(2 * HOUR)) + 12 * HOUR).toISOString() } });
    expect(byId.get('I-DRILL-2')).toMatchObject({ workOrderState: 'dispatched', deadlineStatus: 'at-risk' });
    // Re-dispatched at -12.9 h (before the return at -12.5 h in history order the return came last): returned, the resolution deadline applies.
    expect(byId.get('I-DRILL-3')).toMatchObject({ workOrderState: 'returned' });
    expect(byId.get('I-DRILL-4')).toMatchObject({ workOrderId: null, workOrderState: null, deadlineStatus: 'not-open', applicableDeadline: null });
    expect(body.incidents.total).toBeGreaterThanOrEqual(body.incidents.items.length);
    const times = body.incidents.items.map((i) => Date.parse(i.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    // Open work orders.
    const orders = new Map(body.workOrders.items.map((o) => [o.workOrderId, o]));
    expect(orders.get('WO-DRILL-1')).toMatchObject({ state: 'dispatched', deadlineStatus: 'on-time' });
    expect(orders.get('WO-DRILL-2')).toMatchObject({ state: 'dispatched', deadlineStatus: 'at-risk' });
    expect(orders.has('WO-DRILL-5')).toBe(false);
    expect(body.workOrders.total).toBe(body.workOrders.items.length);

    // Cameras of the grid: the registers' with grid codes in G, and ours placed in it by location.
    const ids = body.cameras.items.map((c) => c.cameraId);
    for (const c of registers.cameras.filter((x) => x.gridCode.startsWith(G.code))) expect(ids).toContain(c.cameraId);
    for (const c of registers.cameras.filter((x) => !x.gridCode.startsWith(G.code))) expect(ids).not.toContain(c.cameraId);
    expect(body.cameras.total).toBe(ids.length);
    expect(body.cameras.online).toBe(body.cameras.items.filter((c) => c.online).length);
  });

  it('404 for a scope above a grid, an unknown code, and (to a leader of A) a grid of B, all alike', async () => {
    expect((await get(`/api/grids/${A.code}/card`)).status).toBe(404);
    const b = await get<unknown>(`/api/grids/${gB.code}/card`, leaderA);
    const unknown = await get<unknown>(`/api/grids/${G.code.slice(0, 12)}999/card`, leaderA);
    expect(b.status).toBe(404);
    expect(b.text.split(gB.code).join('<x>')).toBe(unknown.text.split(`${G.code.slice(0, 12)}999`).join('<x>'));
    expect((await get(`/api/grids/${G.code}/card`, leaderA)).status).toBe(200);
  });
});

describe('buildings', () => {
  it('GET /api/buildings/at finds the building under a point and the nearest within 30 m', async () => {
    const c = centroid(overridden.before);
    const hit = await get<BuildingAt>(`/api/buildings/at?lng=${c[0]}&lat=${c[1]}`);
    expect(hit.status).toBe(200);
    expect(hit.body).toMatchObject({ buildingId: overridden.id, distanceM: 0, address: `${overridden.before.address}（更正）` });
    // Far outside the district: nothing.
    expect((await get(`/api/buildings/at?lng=120.5&lat=31.5`)).status).toBe(404);
  });

  it('GET /api/buildings/at refuses bad coordinates with the parameter named', async () => {
    for (const [query, path] of [
      ['lng=abc&lat=32', 'lng'],
      ['lng=200&lat=32', 'lng'],
      ['lng=121', 'lat'],
      ['lng=121&lat=', 'lat'],
    ] as const) {
      const res = await get<{ issues: { path: string }[] }>(`/api/buildings/at?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.issues.map((i) => i.path), query).toContain(path);
    }
  });

  it('GET /api/buildings/{id}/card answers the territory building with key populations and the incidents at its address', async () => {
    const { status, body } = await get<BuildingCard>(`/api/buildings/${plain.id}/card`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ buildingId: plain.id, address: plain.address, gridCode: G.code, gridName: G.name, floors: plain.floors, households: plain.households, residents: plain.residents, rentalLevel: null, registered: false });
    expect(body.scope.startsWith(G.code)).toBe(true);
    const expected: Record<string, number> = {};
    for (const p of registers.keyPersons) if (p.buildingId === plain.id) for (const c of p.categories) expected[c] = (expected[c] ?? 0) + 1;
    for (const [c, count] of Object.entries(body.keyPopulations)) expect(count, c).toBe(expected[c] ?? 0);
    // Within 30 m in the last 90 days: 1 (at it), 2 (7 m), 3 (8.5 m), 4 (14 m), 5 (3 m, closed); not the old one nor the far one.
    const ids = body.incidents.items.map((i) => i.incidentId);
    expect(ids.filter((id) => id.startsWith('I-DRILL')).sort()).toEqual(['I-DRILL-1', 'I-DRILL-2', 'I-DRILL-3', 'I-DRILL-4', 'I-DRILL-5']);
    expect(ids[0]).toBe('I-DRILL-4'); // newest first
    expect(body.incidents.radiusM).toBe(30);
  });

  it('a register overrides the territory, and a building only a register knows has a card', async () => {
    const o = await get<BuildingCard>(`/api/buildings/${overridden.id}/card`);
    expect(o.body).toMatchObject({ residents: 999, households: 333, registered: true });
    const e = await get<BuildingCard>(`/api/buildings/${extraBuilding.id}/card`);
    expect(e.status).toBe(200);
    expect(e.body).toMatchObject({ address: '登记路1号', residents: extraBuilding.residents, registered: true, location: extraBuilding.location });
  });

  it('a building of B answers a leader of A like a random id', async () => {
    const ofB = [...r.server.territoryStore.buildingsOfGrid(gB.code)][0]!;
    const b = await get<unknown>(`/api/buildings/${ofB.id}/card`, leaderA);
    const none = await get<unknown>(`/api/buildings/NOPE-${ofB.id.slice(5)}/card`, leaderA);
    expect(b.status).toBe(404);
    expect(b.text.split(ofB.id).join('<x>')).toBe(none.text.split(`NOPE-${ofB.id.slice(5)}`).join('<x>'));
    const c = centroid(ofB);
    const at = await get<unknown>(`/api/buildings/at?lng=${c[0]}&lat=${c[1]}`, leaderA);
    const nowhere = await get<unknown>(`/api/buildings/at?lng=120.5&lat=31.5`, leaderA);
    expect(at.status).toBe(404);
    expect(at.text).toBe(nowhere.text);
  });
});

describe('GET /api/incidents/{id}', () => {
  it("answers the incident, its order, the order's whole timeline and the nearest cameras online first", async () => {
    const { status, body } = await get<IncidentCard>('/api/incidents/I-DRILL-3');
    expect(status).toBe(200);
    expect(body.incident).toMatchObject({ incidentId: 'I-DRILL-3', category: 'garbage', severity: 2, workOrderId: 'WO-DRILL-3', description: '描述 I-DRILL-3' });
    expect(body.workOrder).toMatchObject({ workOrderId: 'WO-DRILL-3', department: '城管' });
    // History order by occurredAt: dispatched -13 h, re-dispatched -12.9 h (illegal: already dispatched), returned -12.5 h.
    expect(body.timeline.map((s) => [s.to, s.note, s.actor])).toEqual([
      ['dispatched', '派往城管', 'actor-dispatched'],
      ['dispatched', '重新派遣', 'actor-dispatched'],
      ['returned', '非本部门', 'actor-returned'],
    ]);
    expect(body.timeline.map((s) => s.legal)).toEqual([true, false, true]);
    expect(body.timeline[0]!.at).toBe(new Date(Date.parse(isoAgo(13 * HOUR))).toISOString());
    expect(body.workOrder!.state).toBe('returned');

    // Cameras within 500 m: every camera sent (registers and ours), by haversine, online first then nearest.
    const at = body.incident.location;
    const sent = [
      ...registers.cameras.map((c) => ({ cameraId: c.cameraId, location: c.location, online: c.online })),
      { cameraId: 'CAM-D-ON-300', location: offset(incidentPoint, 300, 0), online: true },
      { cameraId: 'CAM-D-OFF-40', location: offset(incidentPoint, 0, 40), online: false },
      { cameraId: 'CAM-D-ON-120', location: offset(incidentPoint, -120, 0), online: true },
      { cameraId: 'CAM-D-ON-800', location: offset(incidentPoint, 0, -800), online: true },
    ];
    const expected = sent
      .map((c) => ({ ...c, d: haversineM(at, c.location) }))
      .filter((c) => c.d <= 500)
      .sort((a, b) => Number(b.online) - Number(a.online) || a.d - b.d)
      .slice(0, 8);
    expect(body.nearestCameras.radiusM).toBe(500);
    expect(body.nearestCameras.items.map((c) => c.cameraId)).toEqual(expected.map((c) => c.cameraId));
    body.nearestCameras.items.forEach((c, i) => expect(Math.abs(c.distanceM - expected[i]!.d)).toBeLessThan(1));
    expect(body.nearestCameras.items.map((c) => c.cameraId)).not.toContain('CAM-D-ON-800');
    const onlineFlags = body.nearestCameras.items.map((c) => c.online);
    expect(onlineFlags).toEqual([...onlineFlags].sort((a, b) => Number(b) - Number(a)));

    const wide = await get<IncidentCard>('/api/incidents/I-DRILL-3?radius=1000');
    expect(wide.body.nearestCameras.items.length).toBeGreaterThanOrEqual(Math.min(8, expected.length));
    expect(sent.filter((c) => haversineM(at, c.location) <= 1000).length).toBeGreaterThanOrEqual(wide.body.nearestCameras.items.length);
  });

  it('an incident without an order has an empty timeline', async () => {
    const { body } = await get<IncidentCard>('/api/incidents/I-DRILL-4');
    expect(body.workOrder).toBeNull();
    expect(body.timeline).toEqual([]);
  });

  it('radius must be 1-5000 metres', async () => {
    for (const radius of ['0', '5001', 'x', '']) {
      const res = await get<{ issues: { path: string }[] }>(`/api/incidents/I-DRILL-1?radius=${radius}`);
      expect(res.status, radius).toBe(400);
      expect(res.body.issues[0]!.path).toBe('radius');
    }
  });

  it('an incident of B answers a leader of A like a random id', async () => {
    const b = await get<unknown>(`/api/incidents/${bIncidentId}`, leaderA);
    const none = await get<unknown>('/api/incidents/I-NOTHING-HERE', leaderA);
    expect(b.status).toBe(404);
    expect(b.text.split(bIncidentId).join('<x>')).toBe(none.text.split('I-NOTHING-HERE').join('<x>'));
    expect((await get('/api/incidents/I-DRILL-1', leaderA)).status).toBe(200);
  });
});

describe('GET /api/search', () => {
  it('ranks the exact code first, then its prefixes', async () => {
    const { body } = await get<SearchResponse>(`/api/search?q=${G.code}`);
    expect(body.items[0]).toMatchObject({ kind: 'scope', id: G.code, scope: G.code, level: 3, label: G.name });
    const micro = scopes.filter((s) => s.parent === G.code);
    for (const m of micro) expect(body.items.map((i) => i.id)).toContain(m.code);
  });

  it('finds a scope by its Chinese name and by the pinyin initials of its name', async () => {
    const byName = await get<SearchResponse>(`/api/search?q=${encodeURIComponent(A.name)}`);
    expect(byName.body.items[0]).toMatchObject({ kind: 'scope', id: A.code });
    const initials = pinyin(A.name, { pattern: 'first', toneType: 'none', type: 'array' }).join('');
    const part = initials.slice(0, 3);
    const byInitials = await get<SearchResponse>(`/api/search?q=${part}&limit=50`);
    expect(byInitials.body.items.map((i) => i.id)).toContain(A.code);
    const upper = await get<SearchResponse>(`/api/search?q=${initials.toUpperCase()}&limit=50`);
    expect(upper.body.items.map((i) => i.id)).toContain(A.code);
  });

  it('finds buildings by address, orders and incidents by id', async () => {
    const address = await get<SearchResponse>(`/api/search?q=${encodeURIComponent(plain.address)}`);
    expect(address.body.items[0]).toMatchObject({ kind: 'building', id: plain.id, label: plain.address });
    expect(address.body.items[0]!.scope.startsWith(G.code)).toBe(true);
    const street = scopes.find((s) => s.code === A.parent)!;
    expect(plain.address.startsWith(`${street.name}${A.name}`)).toBe(true);
    const road = plain.address.slice(street.name.length + A.name.length); // the road and number: a substring
    const sub = await get<SearchResponse>(`/api/search?q=${encodeURIComponent(road)}&limit=50`);
    expect(sub.body.items.map((i) => i.id)).toContain(plain.id);
    const order = await get<SearchResponse>('/api/search?q=wo-drill-1');
    expect(order.body.items[0]).toMatchObject({ kind: 'workorder', id: 'WO-DRILL-1' });
    expect(order.body.items[0]!.scope.startsWith(G.code)).toBe(true);
    const inc = await get<SearchResponse>('/api/search?q=I-DRILL');
    expect(inc.body.items.filter((i) => i.kind === 'incident').map((i) => i.id)).toEqual(expect.arrayContaining(['I-DRILL-1', 'I-DRILL-2', 'I-DRILL-3', 'I-DRILL-4', bIncidentId]));
  });

  it('shows nothing outside the caller scope', async () => {
    const name = await get<SearchResponse>(`/api/search?q=${encodeURIComponent(B.name)}&limit=50`, leaderA);
    expect(name.body.items.every((i) => i.scope.startsWith(A.code))).toBe(true);
    expect(name.text).not.toContain(B.code);
    const inc = await get<SearchResponse>(`/api/search?q=I-DRILL&limit=50`, leaderA);
    expect(inc.body.items.map((i) => i.id)).not.toContain(bIncidentId);
    expect(inc.body.items.map((i) => i.id)).toContain('I-DRILL-1');
    const code = await get<SearchResponse>(`/api/search?q=${gB.code}`, leaderA);
    expect(code.body.items).toEqual([]);
  });

  it('q is required, 1-64 characters; limit 1-50', async () => {
    for (const [query, path] of [
      ['', 'q'],
      ['q=', 'q'],
      ['q=%20%20', 'q'],
      [`q=${'x'.repeat(65)}`, 'q'],
      ['q=a&limit=0', 'limit'],
      ['q=a&limit=51', 'limit'],
    ] as const) {
      const res = await get<{ issues: { path: string }[] }>(`/api/search?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.issues[0]!.path, query).toBe(path);
    }
  });
});
