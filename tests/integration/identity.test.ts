import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditHash, GENESIS_HASH } from '../../server/audit/audit-hash';
import type { AuditEntry } from '../../server/audit/audit-store';
import { ManualClock } from '../../server/clock';
import { hashPassword, SCRYPT_PARAMS, verifyPassword } from '../../server/identity/password-hash';
import { databaseFile, openDatabase } from '../../server/store/sqlite-database';
import { connectClient, subscribe, type TestSocket } from '../support/socket-client';
import { startTestServer, TEST_ADMIN_PASSWORD, type RunningTestServer } from '../support/test-server';

const DISTRICT = '320612';
const ROOT = join(import.meta.dirname, '../..');
let running: RunningTestServer | undefined;
const sockets: TestSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await running?.stop();
  running = undefined;
});

async function start(options: Parameters<typeof startTestServer>[0] = {}): Promise<RunningTestServer> {
  running = await startTestServer(options);
  return running;
}

async function client(r: RunningTestServer, token?: string): Promise<TestSocket> {
  const s = await connectClient(r, token === undefined ? {} : { token });
  sockets.push(s);
  return s;
}

/** The `connect_error` of a handshake the server refuses. */
async function refused(r: RunningTestServer, token: string | undefined): Promise<Error & { data?: { error: string; reason: string } }> {
  const err = await connectClient(r, { token }).then(
    (s) => {
      sockets.push(s);
      throw new Error('the handshake was accepted');
    },
    (e: unknown) => e as Error & { data?: { error: string; reason: string } },
  );
  return err;
}

function login(r: RunningTestServer, username: string, password: string): Promise<Response> {
  return fetch(`${r.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

function call(r: RunningTestServer, method: string, path: string, token: string | undefined, body?: unknown): Promise<Response> {
  return fetch(`${r.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function trail(r: RunningTestServer): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of r.server.stores.audit.all()) out.push(e);
  return out;
}

/** A street of the tiny territory (inside the district). */
function aStreet(r: RunningTestServer): string {
  return r.server.territory.territory.scopes.find((s) => s.level === 1)!.code;
}

describe('signing in', () => {
  it('gives a token and the user for a right password, 401 for a wrong one; both audited with the source address', async () => {
    const r = await start();
    const ok = await login(r, 'admin', TEST_ADMIN_PASSWORD);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { token: string; user: unknown };
    expect(body.user).toEqual({ username: 'admin', role: 'admin', scope: DISTRICT });
    expect(body.token.split('.')).toHaveLength(3); // a JWT

    const bad = await login(r, 'admin', 'not-the-password');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: 'unauthorized', message: 'wrong username or password' });
    // An unknown user gets the same answer.
    expect(await (await login(r, 'nobody', 'whatever')).json()).toEqual({ error: 'unauthorized', message: 'wrong username or password' });

    const logins = (await trail(r)).filter((e) => e.action === 'auth.login');
    expect(logins.map((e) => [e.actor, e.role, e.target, e.result])).toEqual([
      ['admin', 'admin', 'admin', 'ok'],
      ['admin', undefined, 'admin', 'failed'],
      ['nobody', undefined, 'nobody', 'failed'],
    ]);
    for (const e of logins) expect(e.source).toMatch(/127\.0\.0\.1/);
  });

  it('tells who the token is', async () => {
    const r = await start();
    const me = await call(r, 'GET', '/api/auth/me', r.token);
    expect(await me.json()).toEqual({ kind: 'display', name: 'test wall', role: 'display', scope: DISTRICT });
    expect(await (await call(r, 'GET', '/api/auth/me', await r.adminToken())).json()).toEqual({ kind: 'user', name: 'admin', role: 'admin', scope: DISTRICT });
  });

  it('refuses a login token once it has expired, on REST and on the socket', async () => {
    const clock = new ManualClock(Date.now());
    const r = await start({ clock, config: { SESSION_HOURS: 12 } });
    const token = await r.adminToken();
    expect((await call(r, 'GET', '/api/geo/manifest', token)).status).toBe(200);
    await client(r, token);

    clock.advance(12 * 3_600_000 + 1000);
    const res = await call(r, 'GET', '/api/geo/manifest', token);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'unauthorized', message: expect.stringContaining('expired') });
    const err = await refused(r, token);
    expect(err.message).toContain('expired');
    expect(err.data).toEqual({ error: 'unauthorized', reason: 'expired' });
  });

  it('slows down guessing: five failures for one username lock it (429 with Retry-After), even for the right password', async () => {
    const r = await start();
    for (let i = 0; i < 5; i++) expect((await login(r, 'admin', `guess-${i}`)).status).toBe(i < 4 ? 401 : 429);
    const blocked = await login(r, 'admin', TEST_ADMIN_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(((await blocked.json()) as { error: string }).error).toBe('account-locked');
  }, 20_000);
});

describe('what needs a token', () => {
  it('answers 401 JSON without a token or with a bad one on geometry and tiles; health and the web app stay open', async () => {
    const r = await start();
    for (const path of ['/api/geo/manifest', '/api/geo/scopes.geojson?level=district', '/api/tiles/buildings/15/1/1.pbf', '/api/tiles/roads/15/1/1.pbf']) {
      for (const token of [undefined, 'nope', 'gcd_unknown', 'eyJhbGciOiJIUzI1NiJ9.e30.AAAA']) {
        const res = await call(r, 'GET', path, token);
        expect(res.status, `${path} with ${token}`).toBe(401);
        expect(await res.json()).toMatchObject({ error: 'unauthorized', message: expect.any(String) });
      }
      expect((await call(r, 'GET', path, r.token)).status).not.toBe(401);
    }
    expect((await call(r, 'GET', '/api/health', undefined)).status).toBe(200);
    expect((await call(r, 'GET', '/login', undefined)).status).not.toBe(401);
  });

  it('refuses a socket handshake without a token or with a bad one, saying why', async () => {
    const r = await start();
    const missing = await refused(r, undefined);
    expect(missing.message).toContain('sign in');
    expect(missing.data).toEqual({ error: 'unauthorized', reason: 'missing' });
    const bad = await refused(r, 'gcd_not-a-token');
    expect(bad.data).toEqual({ error: 'unauthorized', reason: 'invalid' });
    const forged = await refused(r, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.AAAA');
    expect(forged.data?.reason).toBe('invalid');
  });

  it('refuses to subscribe outside the identity scope with the same answer as for an unknown scope', async () => {
    const r = await start();
    const street = aStreet(r);
    const created = await call(r, 'POST', '/api/display-tokens', await r.adminToken(), { name: '街道屏', scope: street });
    const { token } = (await created.json()) as { token: string };
    const socket = await client(r, token);
    expect((await subscribe(socket, street)).ok).toBe(true);
    const outside = await subscribe(socket, DISTRICT);
    const unknown = await subscribe(socket, '999999');
    expect(outside).toEqual({ ok: false, error: `unknown scope ${DISTRICT}` });
    expect(unknown).toEqual({ ok: false, error: 'unknown scope 999999' });
  });
});

describe('display tokens', () => {
  it('are created by an admin, read their scope, and once revoked get 401 and lose the socket', async () => {
    const r = await start();
    const admin = await r.adminToken();
    const res = await call(r, 'POST', '/api/display-tokens', admin, { name: '指挥大厅主屏', scope: DISTRICT });
    expect(res.status).toBe(201);
    const t = (await res.json()) as { id: number; name: string; scope: string; token: string };
    expect(t).toMatchObject({ name: '指挥大厅主屏', scope: DISTRICT, token: expect.stringMatching(/^gcd_/) });

    expect((await call(r, 'GET', '/api/geo/manifest', t.token)).status).toBe(200);
    const socket = await client(r, t.token);
    expect((await subscribe(socket, DISTRICT)).ok).toBe(true);
    // A display token manages nothing.
    expect((await call(r, 'POST', '/api/display-tokens', t.token, { name: 'x', scope: DISTRICT })).status).toBe(403);

    const dropped = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    expect((await call(r, 'DELETE', `/api/display-tokens/${t.id}`, admin)).status).toBe(204);
    await dropped;
    expect((await call(r, 'GET', '/api/geo/manifest', t.token)).status).toBe(401);
    expect((await refused(r, t.token)).data).toEqual({ error: 'unauthorized', reason: 'revoked' });
    expect((await call(r, 'DELETE', `/api/display-tokens/${t.id}`, admin)).status).toBe(404);

    const actions = (await trail(r)).filter((e) => e.action.startsWith('display-token.')).map((e) => [e.actor, e.action, e.result]);
    expect(actions).toContainEqual(['admin', 'display-token.create', 'ok']);
    expect(actions).toContainEqual(['admin', 'display-token.revoke', 'ok']);
    expect(actions).toContainEqual(['display:指挥大厅主屏', 'display-token.create', 'denied']);
  });
});

describe('accounts', () => {
  it('are created by an admin with a generated password shown once; a non-admin gets 403', async () => {
    const r = await start();
    const admin = await r.adminToken();
    const created = await call(r, 'POST', '/api/users', admin, { username: 'zhangsan', role: 'duty', scope: aStreet(r) });
    expect(created.status).toBe(201);
    const { password, ...user } = (await created.json()) as { password: string };
    expect(user).toEqual({ username: 'zhangsan', role: 'duty', scope: aStreet(r) });
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect((await call(r, 'POST', '/api/users', admin, { username: 'zhangsan', role: 'duty', scope: DISTRICT })).status).toBe(409);
    expect((await call(r, 'POST', '/api/users', admin, { username: 'wangwu', role: 'duty', scope: '320612999' })).status).toBe(400);
    // 三员分立: the admin does not create the auditor.
    expect((await call(r, 'POST', '/api/users', admin, { username: 'shenji', role: 'auditor', scope: DISTRICT })).status).toBe(403);

    const duty = ((await (await login(r, 'zhangsan', password)).json()) as { token: string }).token;
    const refusedCreate = await call(r, 'POST', '/api/users', duty, { username: 'lisi', role: 'duty', scope: aStreet(r) });
    expect(refusedCreate.status).toBe(403);
    expect(await refusedCreate.json()).toMatchObject({ error: 'forbidden', message: expect.any(String) });
    expect((await call(r, 'POST', '/api/users', r.token, { username: 'lisi', role: 'duty', scope: DISTRICT })).status).toBe(403);

    const creations = (await trail(r)).filter((e) => e.action === 'account.create').map((e) => [e.actor, e.target, e.result]);
    expect(creations).toEqual([
      ['system', 'admin', 'ok'],
      ['admin', 'zhangsan', 'ok'],
      ['admin', 'zhangsan', 'failed'],
      ['admin', 'shenji', 'denied'],
      ['zhangsan', 'lisi', 'denied'],
      ['display:test wall', 'lisi', 'denied'],
    ]);
  });

  it('are created by `npm run users -- create`, which prints the password once and audits as cli', async () => {
    const first = await start();
    const dataDir = first.dataDir;
    await first.stop({ keepData: true });
    running = undefined;

    const out = await runCli(['run', '--silent', 'users', '--', 'create', 'lisi', '--role', 'leader', '--scope', DISTRICT], dataDir);
    expect(out.code).toBe(0);
    const password = /password \(shown once[^:]*\): (\S+)/.exec(out.stdout)?.[1];
    expect(password, out.stdout + out.stderr).toBeDefined();
    expect((await runCli(['run', '--silent', 'users', '--', 'create', 'lisi', '--role', 'leader', '--scope', DISTRICT], dataDir)).code).toBe(1);
    expect((await runCli(['run', '--silent', 'users', '--', 'create', 'x', '--role', 'king', '--scope', DISTRICT], dataDir)).code).toBe(2);

    const r = await start({ dataDir });
    const res = await login(r, 'lisi', password!);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: unknown }).user).toEqual({ username: 'lisi', role: 'leader', scope: DISTRICT });
    expect((await trail(r)).filter((e) => e.action === 'account.create').map((e) => [e.actor, e.source, e.target, e.result])).toEqual([
      ['system', 'local', 'admin', 'ok'],
      ['cli', 'cli', 'lisi', 'ok'],
      ['cli', 'cli', 'lisi', 'failed'],
    ]);
  }, 60_000);
});

describe('the audit trail', () => {
  it('chains every entry to the one before, and SQLite refuses to change or delete one', async () => {
    const r = await start();
    await login(r, 'admin', 'wrong password');
    await r.adminToken();
    const entries = await trail(r);
    expect(entries.length).toBeGreaterThanOrEqual(4);
    let prev = GENESIS_HASH;
    for (const e of entries) {
      expect(e.prevHash).toBe(prev);
      expect(e.hash).toBe(auditHash(prev, e));
      prev = e.hash;
    }
    const db = openDatabase(databaseFile(r.dataDir));
    try {
      expect(() => db.prepare("UPDATE audit_log SET result = 'ok' WHERE seq = 1").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});

describe('password hashes', () => {
  it('are scrypt with their parameters and a random salt, and verify only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(new RegExp(`^scrypt\\$ln=${SCRYPT_PARAMS.ln},r=${SCRYPT_PARAMS.r},p=${SCRYPT_PARAMS.p}\\$`));
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse battery', b)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'scrypt$ln=99,r=8,p=1$AAAA$AAAA')).toBe(false);
    // Cheaper parameters stored with a hash are honoured.
    expect(await verifyPassword('x', await hashPassword('x', { ln: 12, r: 8, p: 1 }))).toBe(true);
  });
});

function runCli(args: string[], dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, STORE: 'sqlite' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
