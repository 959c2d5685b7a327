import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestEvent } from '@protocol/index';
import type { Role } from '../../../server/identity/identity-store';
import { createDisplayToken } from '../../../server/identity/display-tokens';
import { CLI_ACTOR } from '../../../server/audit/audit-log';
import { ingest } from '../../support/kpi-fixture';
import { connectClient, subscribe, type TestSocket } from '../../support/socket-client';
import { call, newAccount, signedIn } from '../../support/security-helpers';
import { startTestServer, type RunningTestServer } from '../../support/test-server';

/**
 * Every role (and a wall's display token) against every endpoint and socket command, with a
 * scope and records of its own street (A), of another street (B), unknown codes and random ids.
 * Nothing of B may leak, and an answer about B must be the answer about something that does not
 * exist (same status, same error, same words but for the code), so existence is not revealed.
 */
const ROLES: Role[] = ['admin', 'security', 'auditor', 'duty', 'leader', 'analyst'];
const SCOPE_READERS = new Set(['admin', 'security', 'duty', 'leader', 'analyst', 'display']);
const PERSON_READERS = new Set(['duty', 'leader', 'analyst']);

let r: RunningTestServer;
let A: string;
let B: string;
const tokens = new Map<string, string>();
const sockets: TestSocket[] = [];
const secret = `B-${randomBytes(3).toString('hex')}`; // a marker in every record of B
let bDisplayTokenId = 0;
let pointA: [number, number];
let pointB: [number, number];

/**
 * A point in each scope of the highest level that has at least two (streets; in the tiny
 * territory, communities), found by sampling the district's box.
 */
function pointsBySibling(): [string, [number, number]][] {
  const { district } = r.server.territory.territory;
  const [minX, minY, maxX, maxY] = district.bounds;
  for (const level of [1, 2, 3] as const) {
    const found = new Map<string, [number, number]>();
    for (let i = 1; i < 40; i++) {
      for (let j = 1; j < 40; j++) {
        const p: [number, number] = [minX + ((maxX - minX) * i) / 40, minY + ((maxY - minY) * j) / 40];
        const scope = r.server.territory.locator.locate(p, level);
        if (scope && !found.has(scope.code)) found.set(scope.code, p);
      }
    }
    if (found.size >= 2) return [...found];
  }
  return [];
}

function events(tag: string, at: [number, number]): IngestEvent[] {
  const now = new Date().toISOString();
  return [
    { id: `e-inc-${tag}`, type: 'incident.reported', occurredAt: now, data: { incidentId: `I-${tag}`, category: 'garbage', source: 'grid', location: at, severity: 4, description: `d-${tag}` } },
    { id: `e-wo-${tag}`, type: 'workorder.transitioned', occurredAt: now, data: { workOrderId: `WO-${tag}`, incidentId: `I-${tag}`, to: 'dispatched', department: '城管', level: 'street', actor: 'x', note: `n-${tag}` } },
    { id: `e-wo2-${tag}`, type: 'workorder.transitioned', occurredAt: now, data: { workOrderId: `WO-${tag}`, incidentId: `I-${tag}`, to: 'closed', department: '城管', level: 'street', actor: 'x' } }, // illegal: an anomaly
    { id: `e-pop-${tag}`, type: 'population.upserted', occurredAt: now, data: { personId: `P-${tag}`, categories: ['disabled'], location: at, name: `名${tag}`, idNumber: '32061219450307002X', phone: '13912345678' } },
    { id: `e-cam-${tag}`, type: 'camera.upserted', occurredAt: now, data: { cameraId: `C-${tag}`, name: `cam-${tag}`, location: at, stream: { kind: 'hls', url: '/x.m3u8' }, online: true } },
  ] as IngestEvent[];
}

beforeAll(async () => {
  r = await startTestServer({ config: { DELTA_WINDOW_MS: 100 } });
  const siblings = pointsBySibling();
  expect(siblings.length).toBeGreaterThanOrEqual(2);
  const [[codeA, pA], [codeB, pB]] = siblings as [[string, [number, number]], [string, [number, number]]];
  A = codeA;
  B = codeB;
  pointA = pA;
  pointB = pB;
  await ingest(r, [...events('A', pA), ...events(secret, pB)]);
  for (const role of ROLES) tokens.set(role, await signedIn(r, `${role}-a`, role, A));
  const wall = await createDisplayToken({ identity: r.server.stores.identity, audit: r.server.audit }, CLI_ACTOR, { name: 'wall A', scope: A });
  tokens.set('display', wall.token);
  bDisplayTokenId = (await createDisplayToken({ identity: r.server.stores.identity, audit: r.server.audit }, CLI_ACTOR, { name: 'wall B', scope: B })).id;
  await newAccount(r, 'duty-b', 'duty', B);
  await newAccount(r, 'sec-b', 'security', B);
  // duty-a may unmask (granted by the security officer of A).
  expect((await call(r, 'PUT', '/api/users/duty-a/rights/unmask', tokens.get('security'))).status).toBe(201);
}, 120_000);

afterAll(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await r?.stop();
});

interface Answer {
  status: number;
  body: string;
}

async function answer(method: string, path: string, token: string, body?: unknown): Promise<Answer> {
  const res = await call(r, method, path, token, body);
  return { status: res.status, body: await res.text() };
}

/** An answer with the probed code or id replaced, so answers about B and about nothing compare equal. */
function normalised(a: Answer, probe: string): Answer {
  return { status: a.status, body: a.body.split(probe).join('<probe>') };
}

/** Probes of one identity: [name, path builder taking a code or id, method, body]. */
const PROBES: [string, (x: string) => string, string, unknown?][] = [
  ['summary', (c) => `/api/scopes/${c}/summary`, 'GET'],
  ['workorders', (c) => `/api/workorders?scope=${c}`, 'GET'],
  ['incidents', (c) => `/api/incidents?scope=${c}`, 'GET'],
  ['anomalies', (c) => `/api/anomalies?scope=${c}`, 'GET'],
  ['key-populations', (c) => `/api/key-populations?scope=${c}`, 'GET'],
];
const ID_PROBES: [string, (x: string) => string, string, unknown?][] = [
  ['workorder', (id) => `/api/workorders/${id}`, 'GET'],
  ['unmask', (id) => `/api/key-populations/${id}/unmask`, 'POST', { reason: '矩阵测试核对' }],
  ['disable', (id) => `/api/users/${id}/disable`, 'POST'],
  ['rights', (id) => `/api/users/${id}/rights`, 'GET'],
  ['revoke display', (id) => `/api/display-tokens/${id}`, 'DELETE'],
  ['camera stream', (id) => `/api/cameras/${id}/stream`, 'GET'],
];

describe('the access matrix', () => {
  const who = [...ROLES, 'display'];

  it.each(who)('%s: scoped reads answer B exactly like an unknown scope, and A only to those whose duty it is', async (role) => {
    const token = tokens.get(role)!;
    const unknown = '999999999';
    for (const [name, path, method, body] of PROBES) {
      const inScope = await answer(method, path(A), token, body);
      const outScope = normalised(await answer(method, path(B), token, body), B);
      const none = normalised(await answer(method, path(unknown), token, body), unknown);
      expect(outScope, `${role} ${name} B vs unknown`).toEqual(none);
      expect(outScope.status, `${role} ${name} B`).toBe(404);
      expect(outScope.body).not.toContain(secret);
      const allowed = name === 'key-populations' ? PERSON_READERS.has(role) : SCOPE_READERS.has(role);
      expect(inScope.status, `${role} ${name} A`).toBe(allowed ? 200 : 404);
      expect(inScope.body).not.toContain(secret);
    }
  });

  it.each(who)('%s: records of B answer like random ids', async (role) => {
    const token = tokens.get(role)!;
    const random = `zz${randomBytes(4).toString('hex')}`;
    const ofB: Record<string, string> = { workorder: `WO-${secret}`, unmask: `P-${secret}`, disable: 'duty-b', rights: 'sec-b', 'revoke display': String(bDisplayTokenId), 'camera stream': `C-${secret}` };
    const randomIds: Record<string, string> = { workorder: random, unmask: random, disable: random, rights: random, 'revoke display': '987654', 'camera stream': random };
    for (const [name, path, method, body] of ID_PROBES) {
      const b = normalised(await answer(method, path(ofB[name]!), token, body), ofB[name]!);
      const none = normalised(await answer(method, path(randomIds[name]!), token, body), randomIds[name]!);
      expect(b, `${role} ${name}`).toEqual(none);
      expect(b.body).not.toContain(secret);
    }
    // Nothing of B was changed by any of it.
    expect((await r.server.stores.identity.findAccount('duty-b'))?.disabledAt).toBeUndefined();
    expect((await r.server.stores.identity.getDisplayToken(bDisplayTokenId))?.revokedAt).toBeUndefined();
  });

  it.each(who)('%s: records of A only to those whose duty it is; role-level refusals are 403 whatever the target', async (role) => {
    const token = tokens.get(role)!;
    const order = await answer('GET', '/api/workorders/WO-A', token);
    expect(order.status, 'workorder A').toBe(SCOPE_READERS.has(role) ? 200 : 404);
    const camera = await answer('GET', '/api/cameras/C-A/stream', token);
    expect(camera.status, 'camera stream A').toBe(SCOPE_READERS.has(role) ? 200 : 404);
    const unmask = await answer('POST', '/api/key-populations/P-A/unmask', token, { reason: '矩阵测试核对' });
    expect(unmask.status, 'unmask A').toBe(role === 'duty' ? 200 : PERSON_READERS.has(role) ? 403 : 404);
    const audit = await answer('GET', '/api/audit', token);
    expect(audit.status, 'audit').toBe(role === 'auditor' ? 200 : 403);
    const metrics = await answer('GET', '/api/metrics', token);
    expect(metrics.status, 'metrics').toBe(role === 'admin' ? 200 : 403);
    // The trail itself is the auditor's whole duty: it names every probe of B made here, by design.
    for (const a of [order, camera, unmask, metrics, ...(role === 'auditor' ? [] : [audit])]) expect(a.body).not.toContain(secret);
  });

  it.each(who)('%s: drill-down cards and search of B answer like unknown ones; of A to those who read the scope', async (role) => {
    const token = tokens.get(role)!;
    const reads = SCOPE_READERS.has(role);
    const gridOf = (p: [number, number]) => r.server.territory.locator.locate(p, 3)!.code;
    const [gridA, gridB] = [gridOf(pointA), gridOf(pointB)];
    const unknownGrid = `${A}999`;
    const grid = normalised(await answer('GET', `/api/grids/${gridB}/card`, token), gridB);
    expect(grid, `${role} grid card B`).toEqual(normalised(await answer('GET', `/api/grids/${unknownGrid}/card`, token), unknownGrid));
    expect(grid.status).toBe(404);
    expect((await answer('GET', `/api/grids/${gridA}/card`, token)).status, `${role} grid card A`).toBe(reads ? 200 : 404);

    const random = `zz${randomBytes(4).toString('hex')}`;
    const incident = normalised(await answer('GET', `/api/incidents/I-${secret}`, token), `I-${secret}`);
    expect(incident, `${role} incident B`).toEqual(normalised(await answer('GET', `/api/incidents/${random}`, token), random));
    expect(incident.status).toBe(404);
    expect((await answer('GET', '/api/incidents/I-A', token)).status, `${role} incident A`).toBe(reads ? 200 : 404);

    const buildingOf = (grid: string) => r.server.territoryStore.buildingsOfGrid(grid)[0]!;
    const [bA, bB] = [buildingOf(gridA), buildingOf(gridB)];
    const card = normalised(await answer('GET', `/api/buildings/${bB.id}/card`, token), bB.id);
    expect(card, `${role} building B`).toEqual(normalised(await answer('GET', `/api/buildings/${random}/card`, token), random));
    expect(card.status).toBe(404);
    expect((await answer('GET', `/api/buildings/${bA.id}/card`, token)).status, `${role} building A`).toBe(reads ? 200 : 404);
    const at = await answer('GET', `/api/buildings/at?lng=${bB.footprint[0]![0]}&lat=${bB.footprint[0]![1]}`, token);
    expect(at, `${role} building at B`).toEqual(await answer('GET', '/api/buildings/at?lng=100&lat=20', token));

    // Search: B's records do not show, not even as a count.
    for (const q of [secret, `I-${secret}`, `WO-${secret}`, B]) {
      const found = await answer('GET', `/api/search?q=${encodeURIComponent(q)}`, token);
      expect(found.status).toBe(200);
      // The answer repeats q; what was found must hold nothing of B.
      const items = JSON.stringify((JSON.parse(found.body) as { items: unknown[] }).items);
      expect(items, `${role} search ${q}`).not.toContain(secret);
      expect(items, `${role} search ${q}`).not.toContain(`"${B}`);
    }
    const own = await answer('GET', '/api/search?q=I-A', token);
    expect((JSON.parse(own.body) as { items: { id: string }[] }).items.some((i) => i.id === 'I-A'), `${role} search A`).toBe(reads);
  });

  it.each(who)('%s: socket subscriptions and alarm acknowledgements of B answer like unknown ones and leak nothing', async (role) => {
    const socket = await connectClient(r, { token: tokens.get(role)! });
    sockets.push(socket);
    const seen: string[] = [];
    socket.onAny((event: string, ...args: unknown[]) => seen.push(`${event} ${JSON.stringify(args)}`));
    const a = await subscribe(socket, A);
    expect(a.ok, `subscribe A`).toBe(SCOPE_READERS.has(role));
    const b = await subscribe(socket, B);
    const none = await subscribe(socket, '999999999');
    expect(JSON.stringify(b).split(B).join('<probe>')).toBe(JSON.stringify(none).split('999999999').join('<probe>'));
    expect(b.ok).toBe(false);
    const ackB = await socket.timeout(5000).emitWithAck('alarm:acknowledge', { incidentId: `I-${secret}` });
    const ackNone = await socket.timeout(5000).emitWithAck('alarm:acknowledge', { incidentId: 'I-nothing' });
    expect(JSON.stringify(ackB).split(`I-${secret}`).join('<probe>')).toBe(JSON.stringify(ackNone).split('I-nothing').join('<probe>'));
    await new Promise((resolve) => setTimeout(resolve, 600)); // a delta or two of A
    expect(JSON.stringify(a)).not.toContain(secret);
    expect(seen.join('\n')).not.toContain(secret);
    socket.disconnect();
  });
});
