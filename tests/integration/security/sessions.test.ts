import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../server/clock';
import { connectClient, type TestSocket } from '../../support/socket-client';
import { call, login, newAccount, trail } from '../../support/security-helpers';
import { startTestServer, TEST_ADMIN_PASSWORD, type RunningTestServer } from '../../support/test-server';

let running: RunningTestServer | undefined;
const sockets: TestSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await running?.stop();
  running = undefined;
});

const MIN = 60_000;

async function tokenOf(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

function disconnected(socket: TestSocket): Promise<number> {
  const t0 = Date.now();
  return new Promise((resolve) => socket.once('disconnect', () => resolve(Date.now() - t0)));
}

describe('lockout after failed sign-ins (injected clock)', () => {
  it('locks a username for 15 minutes after 5 failures in a row; the right password is refused until then', async () => {
    const clock = new ManualClock(Date.parse('2026-11-23T02:00:00Z'));
    const r = (running = await startTestServer({ clock }));
    const password = await newAccount(r, 'duty1', 'duty');
    for (let i = 0; i < 4; i++) {
      expect((await login(r, 'duty1', `wrong-${i}`)).status).toBe(401);
      clock.advance(MIN);
    }
    const fifth = await login(r, 'duty1', 'wrong-4');
    expect(fifth.status).toBe(429);
    expect(fifth.headers.get('retry-after')).toBe(String(15 * 60));
    expect(await fifth.json()).toMatchObject({ error: 'account-locked' });

    clock.advance(15 * MIN - 1000);
    const still = await login(r, 'duty1', password);
    expect(still.status).toBe(429);
    expect(still.headers.get('retry-after')).toBe('1');
    clock.advance(1000);
    await tokenOf(await login(r, 'duty1', password));

    const entries = (await trail(r)).filter((e) => e.action === 'auth.login' && e.target === 'duty1').map((e) => e.result);
    expect(entries).toEqual(['failed', 'failed', 'failed', 'failed', 'denied', 'denied', 'ok']);
  }, 30_000);

  it('counts only failures in a row: a success, or 15 quiet minutes, start the count again', async () => {
    const clock = new ManualClock(Date.parse('2026-11-23T02:00:00Z'));
    const r = (running = await startTestServer({ clock }));
    const password = await newAccount(r, 'duty1', 'duty');
    for (let i = 0; i < 4; i++) expect((await login(r, 'duty1', 'wrong')).status).toBe(401);
    await tokenOf(await login(r, 'duty1', password));
    for (let i = 0; i < 4; i++) expect((await login(r, 'duty1', 'wrong')).status).toBe(401);
    clock.advance(15 * MIN + 1);
    for (let i = 0; i < 4; i++) expect((await login(r, 'duty1', 'wrong')).status).toBe(401);
    await tokenOf(await login(r, 'duty1', password));
  }, 30_000);

  it('answers an unknown username exactly like a known one, lock included (no account enumeration)', async () => {
    const clock = new ManualClock(Date.parse('2026-11-23T02:00:00Z'));
    const r = (running = await startTestServer({ clock }));
    await newAccount(r, 'duty1', 'duty');
    const answers = async (username: string): Promise<unknown[]> => {
      const out: unknown[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await login(r, username, 'wrong');
        out.push([res.status, res.headers.get('retry-after'), await res.json()]);
      }
      return out;
    };
    expect(await answers('nobody')).toEqual(await answers('duty1'));
  }, 30_000);
});

describe('logout and idle sessions', () => {
  it('logout ends the session: the token is refused, its socket dropped, and the logout audited', async () => {
    const r = (running = await startTestServer());
    const token = await tokenOf(await login(r, 'admin', TEST_ADMIN_PASSWORD));
    const other = await tokenOf(await login(r, 'admin', TEST_ADMIN_PASSWORD));
    const socket = await connectClient(r, { token });
    sockets.push(socket);
    const dropped = disconnected(socket);
    expect((await call(r, 'POST', '/api/auth/logout', token)).status).toBe(204);
    await dropped;
    const after = await call(r, 'GET', '/api/auth/me', token);
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ error: 'unauthorized', message: expect.stringContaining('session ended') });
    await expect(connectClient(r, { token })).rejects.toMatchObject({ data: { reason: 'revoked' } });
    // The other session of the same account goes on.
    expect((await call(r, 'GET', '/api/auth/me', other)).status).toBe(200);
    expect((await call(r, 'POST', '/api/auth/logout', r.token)).status).toBe(400);
    const logouts = (await trail(r)).filter((e) => e.action === 'auth.logout');
    expect(logouts.map((e) => [e.actor, e.role, e.result, e.detail])).toEqual([['admin', 'admin', 'ok', { reason: 'logout' }]]);
    expect(logouts[0]!.source).toMatch(/127\.0\.0\.1/);
  });

  it('an idle session ends after SESSION_IDLE_MINUTES: requests are refused, its sockets dropped within 5 s, the end audited; activity keeps it alive', async () => {
    const clock = new ManualClock(Date.now());
    const r = (running = await startTestServer({ clock, config: { SESSION_IDLE_MINUTES: 10 } }));
    const token = await tokenOf(await login(r, 'admin', TEST_ADMIN_PASSWORD));
    for (let i = 0; i < 3; i++) {
      clock.advance(9 * MIN);
      expect((await call(r, 'GET', '/api/auth/me', token)).status).toBe(200);
    }
    const socket = await connectClient(r, { token });
    sockets.push(socket);
    const dropped = disconnected(socket);
    clock.advance(10 * MIN + 1000);
    // No request now: the socket's recheck alone finds the session idle.
    expect(await dropped).toBeLessThan(5000);
    const res = await call(r, 'GET', '/api/auth/me', token);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ message: expect.stringContaining('without activity') });
    const ends = (await trail(r)).filter((e) => e.action === 'auth.logout');
    expect(ends.map((e) => [e.actor, e.detail])).toEqual([['admin', { reason: 'idle' }]]);
  }, 20_000);
});
