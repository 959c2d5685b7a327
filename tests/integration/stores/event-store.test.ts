import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../server/config';
import { migrate } from '../../../server/store/postgres/migrate';
import { openPostgresStores } from '../../../server/store/postgres/open-postgres-stores';
import { PgEventStore } from '../../../server/store/postgres/pg-event-store';
import { createPgPool } from '../../../server/store/postgres/pg-pool';
import { openDatabase } from '../../../server/store/sqlite-database';
import { SqliteEventStore } from '../../../server/store/sqlite-event-store';
import { SqliteLogReader } from '../../../server/store/sqlite-log-reader';
import type { StoredEvent } from '../../../server/store/event-store';
import { freshPgSchema, tempSqliteFile, TEST_DATABASE_URL, type PgTestSchema } from './backends';
import { describeEventStoreContract, newEvent } from './event-store-contract';

describeEventStoreContract('sqlite', () => {
  const file = tempSqliteFile();
  return Promise.resolve({ store: new SqliteEventStore(file.db), close: () => Promise.resolve(file.remove()) });
});

// An in-memory database cannot be opened by a second connection: it is appended to in this
// thread instead of the writer thread, and keeps the same contract.
describeEventStoreContract('sqlite in memory', () => {
  const db = openDatabase(':memory:');
  return Promise.resolve({
    store: new SqliteEventStore(db),
    close: () => {
      db.close();
      return Promise.resolve();
    },
  });
});

describe('SqliteEventStore writer thread', () => {
  it('commits through its own connection: another connection sees an append as soon as it resolves', async () => {
    const file = tempSqliteFile();
    const store = new SqliteEventStore(file.db);
    try {
      const r = await store.append([newEvent('seen-1'), newEvent('seen-2')]);
      expect(r.ok && r.lastSeq).toBe(2);
      const other = file.openAnother();
      expect(other.prepare('SELECT id FROM events ORDER BY seq').all()).toEqual([{ id: 'seen-1' }, { id: 'seen-2' }]);
    } finally {
      await store.close();
      file.remove();
    }
  });

  it('close() lets the appends already handed in commit, then ends the thread; a later append fails clearly', async () => {
    const file = tempSqliteFile();
    const store = new SqliteEventStore(file.db);
    try {
      const pending = Array.from({ length: 5 }, (_, b) => store.append(Array.from({ length: 20 }, (_, i) => newEvent(`c${b}-${i}`))));
      await store.close();
      const results = await Promise.all(pending);
      expect(results.every((r) => r.ok)).toBe(true);
      expect(await store.lastSeq()).toBe(100);
      await expect(store.append([newEvent('after-close')])).rejects.toThrow(/writer thread/);
      expect(await store.findById('after-close')).toBeUndefined();
    } finally {
      file.remove();
    }
  });

  it('hands a range of committed positions to a reader on another connection (the projector thread), whole or not at all, with what the fold reads of each', async () => {
    const file = tempSqliteFile();
    const store = new SqliteEventStore(file.db);
    try {
      const r = await store.append([newEvent('r-1'), newEvent('r-2'), newEvent('r-3')]);
      if (!r.ok) throw new Error('append refused');
      const reader = new SqliteLogReader(file.openAnother());
      // What the fold reads of each: position, type, time, data.
      expect([...reader.range(2, 3)]).toEqual(r.accepted.slice(1).map(({ seq, type, occurredAt, data }) => ({ seq, type, occurredAt, data })));
      expect(() => [...reader.range(3, 4)]).toThrow(/holds 1 of the events 3 to 4/);
    } finally {
      await store.close();
      file.remove();
    }
  });
});

describeEventStoreContract('postgres', async () => {
  const db = await freshPgSchema();
  return { store: new PgEventStore(db.pool), close: () => db.drop() };
});

describe('PgEventStore across nodes', () => {
  let db: PgTestSchema | undefined;
  afterEach(async () => {
    await db?.drop();
    db = undefined;
  });

  it('keeps seq gap-free when two pools (two nodes) append at once', async () => {
    db = await freshPgSchema();
    const nodes = [new PgEventStore(db.openPool(5).pool), new PgEventStore(db.openPool(5).pool)];
    const batches = Array.from({ length: 20 }, (_, b) => Array.from({ length: 50 }, (_, i) => newEvent(`n${b}-${i}`, { b, i })));
    const results = await Promise.all(batches.map((batch, b) => nodes[b % 2]!.append(batch)));
    expect(results.every((r) => r.ok)).toBe(true);
    const all: StoredEvent[] = await nodes[0]!.readAfter(0, 10_000);
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(new Set(all.map((e) => e.id)).size).toBe(1000);
    expect(await nodes[1]!.lastSeq()).toBe(1000);
  });

  it('accepts an id sent to two nodes at once exactly once', async () => {
    db = await freshPgSchema();
    const nodes = [new PgEventStore(db.openPool(2).pool), new PgEventStore(db.openPool(2).pool)];
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => nodes[i % 2]!.append([newEvent('same'), newEvent(`own-${i}`)])));
    const ok = results.flatMap((r) => (r.ok ? [r] : []));
    expect(ok).toHaveLength(10);
    expect(ok.reduce((n, r) => n + r.duplicates, 0)).toBe(9);
    expect(await nodes[0]!.lastSeq()).toBe(11);
  });
});

describe('postgres migrations', () => {
  let db: PgTestSchema | undefined;
  afterEach(async () => {
    await db?.drop();
    db = undefined;
  });

  it('records what it applied and applies nothing on a second start', async () => {
    db = await freshPgSchema();
    const recorded = await db.pool.query<{ name: string; applied_at: Date }>('SELECT name, applied_at FROM schema_migrations ORDER BY name');
    expect(recorded.rows.map((r) => r.name)).toContain('001_initial');
    expect(recorded.rows.every((r) => r.applied_at instanceof Date)).toBe(true);
    expect(await migrate(db.pool, db.schema)).toEqual([]);
  });

  it('lets only one of two nodes starting at once apply a migration', async () => {
    // A schema of its own, not created yet: both nodes race to create it and apply every migration.
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const a = createPgPool(`${TEST_DATABASE_URL}?schema=${schema}`, { max: 1 });
    const b = createPgPool(TEST_DATABASE_URL, { schema, max: 1 });
    try {
      expect(a.schema).toBe(schema);
      const [ra, rb] = await Promise.all([migrate(a.pool, a.schema), migrate(b.pool, b.schema)]);
      expect([ra.length, rb.length].sort()).toEqual([0, Math.max(ra.length, rb.length)]);
      expect([...ra, ...rb]).toContain('001_initial');
      const count = await a.pool.query<{ n: string }>('SELECT count(*) AS n FROM schema_migrations');
      expect(Number(count.rows[0]?.n)).toBe(ra.length + rb.length);
      const where = await b.pool.query<{ s: string }>("SELECT table_schema AS s FROM information_schema.tables WHERE table_name = 'events'");
      expect(where.rows.map((r) => r.s)).toContain(schema);
    } finally {
      await a.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await Promise.all([a.pool.end(), b.pool.end()]);
    }
  });
});

describe('openPostgresStores', () => {
  it('migrates the schema of DATABASE_URL and opens the three stores on one pool', async () => {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const config = defaultConfig({ STORE: 'postgres', DATABASE_URL: `${TEST_DATABASE_URL}?schema=${schema}` });
    const embedded = openDatabase(':memory:');
    const stores = await openPostgresStores(config, embedded);
    try {
      expect(stores.kind).toBe('postgres');
      expect(stores.events.kind).toBe('postgres');
      const r = await stores.events.append([newEvent('one')]);
      expect(r.ok && r.lastSeq).toBe(1);
      expect((await stores.audit.append({ at: new Date().toISOString(), actor: 'cli', role: undefined, source: 'cli', action: 'store.open', target: schema, result: 'ok', detail: undefined })).seq).toBe(1);
      expect(await stores.identity.secret('s', () => 'v')).toBe('v');
      // A second node on the same URL applies nothing and sees the same log.
      const again = await openPostgresStores(config, embedded);
      expect(await again.events.lastSeq()).toBe(1);
      await again.close();
    } finally {
      const admin = createPgPool(TEST_DATABASE_URL);
      await admin.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.pool.end();
      await stores.close();
      await stores.close();
      embedded.close();
    }
  });
});
