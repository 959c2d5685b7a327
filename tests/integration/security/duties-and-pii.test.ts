import { afterEach, describe, expect, it } from 'vitest';
import type { IngestEvent } from '@protocol/index';
import type { KeyPersonPage, UnmaskResponse } from '@protocol/people';
import { ManualClock } from '../../../server/clock';
import { ingest } from '../../support/kpi-fixture';
import { connectClient, type TestSocket } from '../../support/socket-client';
import { call, newAccount, signedIn, trail } from '../../support/security-helpers';
import { startTestServer, type RunningTestServer } from '../../support/test-server';

let running: RunningTestServer | undefined;
const sockets: TestSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await running?.stop();
  running = undefined;
});

const DISTRICT = '320612';
const LOC = [121.05, 32.06];
const PEOPLE = [
  { personId: 'P1', name: '王秀英', idNumber: '32061219450307002X', phone: '13912345678' },
  { personId: 'P2', name: '李强', idNumber: '320612198001010012', phone: '13800000002' },
  { personId: 'P3', name: '欧阳志强', idNumber: '320612201203040021', phone: '15012345678' },
];

function populationEvents(): IngestEvent[] {
  return PEOPLE.map(
    (p, i) =>
      ({
        id: `pop-${i}`,
        type: 'population.upserted',
        occurredAt: '2026-11-23T08:00:00+08:00',
        data: { ...p, categories: ['elderly-alone'], location: LOC },
      }) as IngestEvent,
  );
}

async function json<T>(res: Response, status = 200): Promise<T> {
  expect(res.status, await res.clone().text()).toBe(status);
  return (await res.json()) as T;
}

describe('separation of duties (三员分立)', () => {
  it('only the security officer grants the unmask right, only to operational accounts, never to themselves; all audited', async () => {
    const r = (running = await startTestServer());
    const security = await signedIn(r, 'sec1', 'security');
    await newAccount(r, 'sec2', 'security');
    await newAccount(r, 'aud1', 'auditor');
    await newAccount(r, 'duty1', 'duty');
    const admin = await r.adminToken();

    expect((await call(r, 'PUT', '/api/users/sec1/rights/unmask', security)).status).toBe(403); // themselves
    for (const other of ['sec2', 'aud1', 'admin']) expect((await call(r, 'PUT', `/api/users/${other}/rights/unmask`, security)).status).toBe(403); // three duties
    expect((await call(r, 'PUT', '/api/users/duty1/rights/unmask', admin)).status).toBe(403); // admin does not grant
    expect((await call(r, 'PUT', '/api/users/duty1/rights/everything', security)).status).toBe(400);
    expect((await call(r, 'PUT', '/api/users/nobody/rights/unmask', security)).status).toBe(404);

    expect(await json(await call(r, 'PUT', '/api/users/duty1/rights/unmask', security), 201)).toEqual({ username: 'duty1', role: 'duty', rights: ['unmask'] });
    expect(await json(await call(r, 'GET', '/api/users/duty1/rights', security))).toEqual({ username: 'duty1', role: 'duty', rights: ['unmask'] });
    expect((await call(r, 'DELETE', '/api/users/duty1/rights/unmask', security)).status).toBe(204);
    expect((await call(r, 'DELETE', '/api/users/duty1/rights/unmask', security)).status).toBe(404);

    const rights = (await trail(r)).filter((e) => e.action.startsWith('right.')).map((e) => [e.actor, e.action, e.target, e.result]);
    expect(rights).toEqual([
      ['sec1', 'right.grant', 'sec1', 'denied'],
      ['sec1', 'right.grant', 'sec2', 'denied'],
      ['sec1', 'right.grant', 'aud1', 'denied'],
      ['sec1', 'right.grant', 'admin', 'denied'],
      ['admin', 'right.grant', 'duty1', 'denied'],
      ['sec1', 'right.grant', 'nobody', 'failed'],
      ['sec1', 'right.grant', 'duty1', 'ok'],
      ['sec1', 'right.withdraw', 'duty1', 'ok'],
      ['sec1', 'right.withdraw', 'duty1', 'failed'],
    ]);
  });

  it('admins create operators and security officers the three duties, never across; a role is one per account', async () => {
    const r = (running = await startTestServer());
    const security = await signedIn(r, 'sec1', 'security');
    const admin = await r.adminToken();
    for (const role of ['admin', 'security', 'auditor']) expect((await call(r, 'POST', '/api/users', admin, { username: `x-${role}`, role, scope: DISTRICT })).status).toBe(403);
    for (const role of ['duty', 'leader', 'analyst']) expect((await call(r, 'POST', '/api/users', security, { username: `y-${role}`, role, scope: DISTRICT })).status).toBe(403);
    expect((await call(r, 'POST', '/api/users', security, { username: 'aud1', role: 'auditor', scope: DISTRICT })).status).toBe(201);
    // The same person cannot get a second role: usernames are unique, and the role is the account's one column.
    expect((await call(r, 'POST', '/api/users', security, { username: 'aud1', role: 'admin', scope: DISTRICT })).status).toBe(409);
  });

  it('disabling an account ends its sessions and drops its sockets; nobody disables themselves or another duty', async () => {
    const r = (running = await startTestServer());
    const duty = await signedIn(r, 'duty1', 'duty');
    const security = await signedIn(r, 'sec1', 'security');
    const admin = await r.adminToken();
    const socket = await connectClient(r, { token: duty });
    sockets.push(socket);
    const dropped = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));

    expect((await call(r, 'POST', '/api/users/admin/disable', admin)).status).toBe(403);
    expect((await call(r, 'POST', '/api/users/sec1/disable', admin)).status).toBe(403);
    expect((await call(r, 'POST', '/api/users/duty1/disable', security)).status).toBe(403);
    expect((await call(r, 'POST', '/api/users/duty1/disable', duty)).status).toBe(403);
    expect((await call(r, 'POST', '/api/users/duty1/disable', admin)).status).toBe(204);
    await dropped;
    expect((await call(r, 'GET', '/api/auth/me', duty)).status).toBe(401);
    expect((await call(r, 'GET', '/api/auth/me', security)).status).toBe(200);
    const entry = (await trail(r)).find((e) => e.action === 'account.disable' && e.result === 'ok');
    expect(entry).toMatchObject({ actor: 'admin', role: 'admin', target: 'duty1', detail: { sessionsEnded: 1 } });
  });
});

describe('personal data: masked everywhere, unmasked one record at a time', () => {
  it('lists key populations masked for every reader, whatever their rights', async () => {
    const r = (running = await startTestServer());
    await ingest(r, populationEvents());
    const security = await signedIn(r, 'sec1', 'security');
    const duty = await signedIn(r, 'duty1', 'duty');
    expect((await call(r, 'PUT', '/api/users/duty1/rights/unmask', security)).status).toBe(201);
    const page = await json<KeyPersonPage>(await call(r, 'GET', `/api/key-populations?scope=${DISTRICT}`, duty));
    expect(page.total).toBe(3);
    expect(page.items.map((p) => [p.personId, p.name, p.idNumber, p.phone])).toEqual([
      ['P1', '王*英', '320612********002X', '139****5678'],
      ['P2', '李*', '320612********0012', '138****0002'],
      ['P3', '欧**强', '320612********0021', '150****5678'],
    ]);
    const text = JSON.stringify(page);
    for (const p of PEOPLE) for (const v of [p.name, p.idNumber, p.phone]) expect(text).not.toContain(v);
  });

  it('refuses lists to walls and to the three duties, and answers out-of-scope like unknown', async () => {
    const r = (running = await startTestServer());
    await ingest(r, populationEvents());
    const street = r.server.territory.territory.scopes.find((s) => s.level === 1 && !s.code.startsWith('999'))!.code;
    const duty = await signedIn(r, 'duty1', 'duty', street);
    const auditor = await signedIn(r, 'aud1', 'auditor');
    for (const token of [r.token, await r.adminToken(), auditor]) expect((await call(r, 'GET', `/api/key-populations?scope=${DISTRICT}`, token)).status).toBe(404);
    const outside = await call(r, 'GET', `/api/key-populations?scope=${DISTRICT}`, duty);
    const unknown = await call(r, 'GET', '/api/key-populations?scope=999999', duty);
    expect(outside.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(Object.keys((await outside.json()) as object)).toEqual(Object.keys((await unknown.json()) as object));
  });

  it('unmasks one record with a reason, for holders of the right, limited per hour, each audited without the values', async () => {
    const clock = new ManualClock(Date.parse('2026-11-23T02:00:00Z'));
    const r = (running = await startTestServer({ clock, config: { UNMASK_PER_HOUR: 2, SESSION_IDLE_MINUTES: 120 } }));
    await ingest(r, populationEvents());
    const security = await signedIn(r, 'sec1', 'security');
    const duty = await signedIn(r, 'duty1', 'duty');
    const leader = await signedIn(r, 'lead1', 'leader');
    const unmask = (token: string, id: string, reason?: string): Promise<Response> => call(r, 'POST', `/api/key-populations/${id}/unmask`, token, reason === undefined ? {} : { reason });

    expect((await unmask(duty, 'P1', '上门走访核实')).status).toBe(403); // no right yet
    expect((await call(r, 'PUT', '/api/users/duty1/rights/unmask', security)).status).toBe(201);
    const noReason = await unmask(duty, 'P1');
    expect(noReason.status).toBe(400);
    expect(((await noReason.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe('reason');
    expect((await unmask(duty, 'P404', '上门走访核实')).status).toBe(404);

    expect(await json<UnmaskResponse>(await unmask(duty, 'P1', '上门走访核实'))).toEqual({ personId: 'P1', ...PEOPLE[0], remainingThisHour: 1 });
    expect((await json<UnmaskResponse>(await unmask(duty, 'P3', '电话回访'))).name).toBe('欧阳志强');
    const limited = await unmask(duty, 'P2', '第三次核实');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
    expect((await unmask(leader, 'P2', '领导查看')).status).toBe(403); // the right is per account
    clock.advance(60 * 60_000 + 1000);
    expect((await unmask(duty, 'P2', '一小时后')).status).toBe(200);

    const entries = (await trail(r)).filter((e) => e.action === 'pii.unmask');
    expect(entries.map((e) => [e.actor, e.target, e.result])).toEqual([
      ['duty1', 'P1', 'denied'],
      ['duty1', 'P404', 'failed'],
      ['duty1', 'P1', 'ok'],
      ['duty1', 'P3', 'ok'],
      ['duty1', 'P2', 'denied'],
      ['lead1', 'P2', 'denied'],
      ['duty1', 'P2', 'ok'],
    ]);
    expect(entries[2]!.detail).toMatchObject({ reason: '上门走访核实' });
    const trailText = JSON.stringify(await trail(r));
    for (const p of PEOPLE) for (const v of [p.name, p.idNumber, p.phone]) expect(trailText).not.toContain(v);
  });
});
