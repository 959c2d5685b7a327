import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditPage } from '@protocol/audit';
import { CLI_ACTOR } from '../../../server/audit/audit-log';
import { verifyAuditChain } from '../../../server/audit/verify-chain';
import { createAccount } from '../../../server/identity/accounts';
import { databaseFile, openDatabase } from '../../../server/store/sqlite-database';
import { SqliteAuditStore } from '../../../server/audit/sqlite-audit-store';
import { startTestServer, TEST_ADMIN_PASSWORD, type RunningTestServer } from '../../support/test-server';

const ROOT = join(import.meta.dirname, '../../..');
let running: RunningTestServer | undefined;

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

function call(r: RunningTestServer, path: string, token: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${r.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) } });
}

async function login(r: RunningTestServer, username: string, password: string): Promise<Response> {
  return fetch(`${r.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
}

/** An account created from the shell, signed in; its token. */
async function accountToken(r: RunningTestServer, username: string, role: 'auditor' | 'security' | 'duty', scope = r.server.territory.territory.district.code): Promise<string> {
  const { password } = await createAccount({ identity: r.server.stores.identity, audit: r.server.audit }, CLI_ACTOR, { username, role, scope });
  const res = await login(r, username, password);
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

function verifyCli(dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'server/cli/audit-verify.ts'], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, STORE: 'sqlite' } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A server with a small trail (logins that work and fail), stopped, its SQLite file kept. */
async function stoppedServerWithTrail(): Promise<string> {
  const r = await startTestServer();
  for (const pw of ['wrong-1', TEST_ADMIN_PASSWORD, 'wrong-2', TEST_ADMIN_PASSWORD]) await login(r, 'admin', pw);
  await r.stop({ keepData: true });
  return r.dataDir;
}

/** Tampers with the file as someone holding it would: triggers dropped first, then raw SQL. */
function tamper(dataDir: string, sql: string): void {
  const db = openDatabase(databaseFile(dataDir));
  try {
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    db.exec(sql);
  } finally {
    db.close();
  }
}

async function verdictOf(dataDir: string): Promise<Awaited<ReturnType<typeof verifyAuditChain>>> {
  const db = openDatabase(databaseFile(dataDir));
  try {
    return await verifyAuditChain(new SqliteAuditStore(db).all());
  } finally {
    db.close();
  }
}

describe('the audit chain', () => {
  it('verifies an intact trail with npm run audit:verify (exit 0, count and head printed)', async () => {
    const dir = await stoppedServerWithTrail();
    const { code, stdout } = await verifyCli(dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/audit trail intact: \d+ entries, head [0-9a-f]{64}/);
  }, 60_000);

  it('finds an edited entry, and the CLI names it and exits non-zero', async () => {
    const dir = await stoppedServerWithTrail();
    tamper(dir, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 5");
    expect(await verdictOf(dir)).toMatchObject({ ok: false, firstBroken: { seq: 5, reason: expect.stringContaining('does not match its hash') } });
    const { code, stderr } = await verifyCli(dir);
    expect(code).toBe(1);
    expect(stderr).toContain('audit trail BROKEN at entry #5');
  }, 60_000);

  it('finds a deleted entry', async () => {
    const dir = await stoppedServerWithTrail();
    tamper(dir, 'DELETE FROM audit_log WHERE seq = 4');
    expect(await verdictOf(dir)).toMatchObject({ ok: false, firstBroken: { seq: 5, reason: expect.stringContaining('missing') } });
  }, 30_000);

  it('finds a deleted entry even when the later ones are renumbered to close the gap', async () => {
    const dir = await stoppedServerWithTrail();
    tamper(dir, 'DELETE FROM audit_log WHERE seq = 4; UPDATE audit_log SET seq = seq - 1 WHERE seq > 4;');
    expect(await verdictOf(dir)).toMatchObject({ ok: false, firstBroken: { seq: 4 } });
  }, 30_000);

  it('finds two entries swapped (reordered)', async () => {
    const dir = await stoppedServerWithTrail();
    tamper(dir, 'UPDATE audit_log SET seq = -1 WHERE seq = 4; UPDATE audit_log SET seq = 4 WHERE seq = 5; UPDATE audit_log SET seq = 5 WHERE seq = -1;');
    expect(await verdictOf(dir)).toMatchObject({ ok: false, firstBroken: { seq: 4, reason: expect.stringContaining('does not link') } });
  }, 30_000);

  it('finds a rewritten entry whose hash was recomputed (the next entry no longer links)', async () => {
    const dir = await stoppedServerWithTrail();
    const db = openDatabase(databaseFile(dir));
    const entries = [];
    for await (const e of new SqliteAuditStore(db).all()) entries.push(e);
    db.close();
    const { auditHash } = await import('../../../server/audit/audit-hash');
    const forged = { ...entries[3]!, actor: 'mallory' };
    tamper(dir, `UPDATE audit_log SET actor = 'mallory', hash = '${auditHash(forged.prevHash, forged)}' WHERE seq = 4`);
    expect(await verdictOf(dir)).toMatchObject({ ok: false, firstBroken: { seq: 5, reason: expect.stringContaining('does not link') } });
  }, 30_000);
});

describe('what the trail records', () => {
  it('records a geo import, refused or not, with its level and file', async () => {
    const dir = await stoppedServerWithTrail();
    const file = join(ROOT, 'tests/fixtures/geo-import/streets-bad.geojson');
    const code = await new Promise<number>((resolve) => {
      execFile('npx', ['tsx', 'server/cli/geo-import.ts', '--level', 'street', '--crs', 'wgs84', file], { cwd: ROOT, env: { ...process.env, DATA_DIR: dir, STORE: 'sqlite' } }, (err) =>
        resolve(err ? Number((err as { code?: number }).code ?? 1) : 0),
      );
    });
    expect(code).toBe(1);
    const db = openDatabase(databaseFile(dir));
    const entries = await new SqliteAuditStore(db).list({ action: 'geo.import', limit: 10, offset: 0 });
    db.close();
    expect(entries.map((e) => [e.actor, e.target, e.result, e.detail])).toEqual([['cli', 'street', 'failed', { file: 'streets-bad.geojson', crs: 'wgs84' }]]);
    expect((await verdictOf(dir)).ok).toBe(true);
  }, 60_000);
});

describe('the audit chain in PostgreSQL', () => {
  it('refuses changes by trigger; an owner who drops it and edits, deletes or reorders is found', async () => {
    const { freshPgSchema } = await import('../stores/backends');
    const { PgAuditStore } = await import('../../../server/store/postgres/pg-audit-store');
    const { entry } = await import('../stores/audit-store-contract');
    const db = await freshPgSchema();
    try {
      const store = new PgAuditStore(db.pool);
      for (let i = 0; i < 6; i++) await store.append(entry(i));
      expect(await verifyAuditChain(store.all())).toMatchObject({ ok: true, entries: 6 });
      await expect(db.pool.query("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")).rejects.toThrow(/append-only/);
      await db.pool.query('DROP TRIGGER audit_log_no_update_delete ON audit_log');
      await db.pool.query("UPDATE audit_log SET actor = 'mallory' WHERE seq = 5");
      expect(await verifyAuditChain(store.all())).toMatchObject({ ok: false, firstBroken: { seq: 5 } });
      await db.pool.query("UPDATE audit_log SET actor = 'alice' WHERE seq = 5");
      expect(await verifyAuditChain(store.all())).toMatchObject({ ok: true });
      await db.pool.query('UPDATE audit_log SET seq = 1000 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 1000;');
      expect(await verifyAuditChain(store.all())).toMatchObject({ ok: false, firstBroken: { seq: 2 } });
      await db.pool.query('DELETE FROM audit_log WHERE seq = 2');
      expect(await verifyAuditChain(store.all())).toMatchObject({ ok: false, firstBroken: { seq: 3, reason: expect.stringContaining('missing') } });
    } finally {
      await db.drop();
    }
  });
});

describe('the audit trail under an application role that is not a superuser', () => {
  it('the role lacks the grant: UPDATE, DELETE and TRUNCATE are refused as permission denied, before the trigger; INSERT and SELECT work', async () => {
    const { TEST_DATABASE_URL } = await import('../stores/backends');
    const { createPgPool } = await import('../../../server/store/postgres/pg-pool');
    const { migrate } = await import('../../../server/store/postgres/migrate');
    const { PgAuditStore } = await import('../../../server/store/postgres/pg-audit-store');
    const { entry } = await import('../stores/audit-store-contract');
    const suffix = randomBytes(5).toString('hex');
    const role = `cc_app_${suffix}`;
    const schema = `test_app_${suffix}`;
    const admin = createPgPool(TEST_DATABASE_URL);
    const database = new URL(TEST_DATABASE_URL).pathname.slice(1);
    await admin.pool.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER`);
    await admin.pool.query(`GRANT CREATE ON DATABASE "${database}" TO ${role}`);
    const url = new URL(TEST_DATABASE_URL);
    url.username = role;
    url.password = '';
    const app = createPgPool(url.toString(), { schema });
    try {
      // The role runs the migrations itself: it owns the schema and the table, and still may not change the trail.
      await migrate(app.pool, schema);
      const store = new PgAuditStore(app.pool);
      for (let i = 0; i < 3; i++) await store.append(entry(i));
      expect(await verifyAuditChain(store.all())).toMatchObject({ ok: true, entries: 3 });
      for (const sql of ["UPDATE audit_log SET actor = 'mallory' WHERE seq = 2", 'DELETE FROM audit_log WHERE seq = 2', 'TRUNCATE audit_log']) {
        await expect(app.pool.query(sql), sql).rejects.toThrow(/permission denied/);
      }
      expect(await verifyAuditChain(store.all())).toMatchObject({ ok: true, entries: 3 });
    } finally {
      await app.pool.end();
      await admin.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.pool.query(`REVOKE CREATE ON DATABASE "${database}" FROM ${role}`);
      await admin.pool.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.pool.end();
    }
  });
});

describe('GET /api/audit', () => {
  it('is for the auditor only: everyone else gets 403, and the refusal is recorded', async () => {
    const r = (running = await startTestServer());
    const security = await accountToken(r, 'sec1', 'security');
    const duty = await accountToken(r, 'duty1', 'duty');
    for (const token of [await r.adminToken(), security, duty, r.token]) {
      expect((await call(r, '/api/audit', token)).status).toBe(403);
      expect((await call(r, '/api/audit.csv', token)).status).toBe(403);
    }
    const auditor = await accountToken(r, 'aud1', 'auditor');
    const page = (await (await call(r, '/api/audit?action=audit.read&limit=10', auditor)).json()) as AuditPage;
    expect(page.items.filter((e) => e.result === 'denied').map((e) => e.actor).sort()).toEqual(['admin', 'display:test wall', 'duty1', 'sec1']);
  });

  it('filters by period, user and action, newest first, paged; bad parameters are 400 naming the field', async () => {
    const r = (running = await startTestServer());
    const auditor = await accountToken(r, 'aud1', 'auditor');
    for (const pw of ['bad-1', 'bad-2', TEST_ADMIN_PASSWORD]) await login(r, 'admin', pw);
    const page = async (q: string): Promise<AuditPage> => {
      const res = await call(r, `/api/audit?${q}`, auditor);
      expect(res.status).toBe(200);
      return (await res.json()) as AuditPage;
    };
    const logins = await page('action=auth.login&user=admin');
    expect(logins.total).toBe(3);
    expect(logins.items.map((e) => e.result)).toEqual(['ok', 'failed', 'failed']);
    expect(logins.items[0]).toMatchObject({ actor: 'admin', role: 'admin', action: 'auth.login', target: 'admin', source: expect.stringMatching(/127\.0\.0\.1/) });
    const second = await page('action=auth.login&user=admin&limit=1&offset=1');
    expect(second).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(second.items.map((e) => e.seq)).toEqual([logins.items[1]!.seq]);
    expect((await page('from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z')).total).toBe(0);
    expect((await page(`from=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`)).total).toBeGreaterThanOrEqual(3);

    const bad = await call(r, '/api/audit?from=yesterday&limit=0', auditor);
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: string; issues: { path: string }[] };
    expect(body.issues.map((i) => i.path).sort()).toEqual(['from', 'limit']);
  });

  it('is documented in the OpenAPI document with the other security endpoints', async () => {
    const r = (running = await startTestServer());
    const doc = (await (await fetch(`${r.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const [path, method] of [['/api/audit', 'get'], ['/api/audit.csv', 'get'], ['/api/auth/logout', 'post'], ['/api/users/{username}/rights/{right}', 'put'], ['/api/key-populations/{personId}/unmask', 'post']] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
  });

  it('exports the filtered trail as CSV and records the export with its parameters, row count and SHA-256', async () => {
    const r = (running = await startTestServer());
    const auditor = await accountToken(r, 'aud1', 'auditor');
    await login(r, 'admin', '=cmd|calc');
    const res = await call(r, '/api/audit.csv?action=auth.login', auditor);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await res.arrayBuffer());
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM, so spreadsheets read UTF-8
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('seq,at,actor,role,source,action,target,result,detail,prev_hash,hash');
    expect(lines).toHaveLength(3); // header, the auditor's login, admin's failed one
    const exports = (await (await call(r, '/api/audit?action=export.csv', auditor)).json()) as AuditPage;
    expect(exports.items).toHaveLength(1);
    expect(exports.items[0]).toMatchObject({ actor: 'aud1', role: 'auditor', result: 'ok', detail: { kind: 'audit-trail', rows: 2, sha256: sha, parameters: { action: 'auth.login' } } });
  });
});
