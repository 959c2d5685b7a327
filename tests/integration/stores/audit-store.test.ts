import { afterEach, describe, expect, it } from 'vitest';
import { SqliteAuditStore } from '../../../server/audit/sqlite-audit-store';
import { PgAuditStore } from '../../../server/store/postgres/pg-audit-store';
import { entry, describeAuditStoreContract } from './audit-store-contract';
import { freshPgSchema, tempSqliteFile, type PgTestSchema } from './backends';

describeAuditStoreContract('sqlite', () => {
  const file = tempSqliteFile();
  return Promise.resolve({
    store: new SqliteAuditStore(file.db),
    another: () => Promise.resolve(new SqliteAuditStore(file.openAnother())),
    // A statement that throws synchronously becomes a rejection, as the contract expects.
    exec: (sql: string) => Promise.resolve().then(() => file.db.prepare(sql).run()),
    close: () => Promise.resolve(file.remove()),
  });
});

describeAuditStoreContract('postgres', async () => {
  const db = await freshPgSchema();
  return {
    store: new PgAuditStore(db.pool),
    another: () => Promise.resolve(new PgAuditStore(db.openPool(3).pool)),
    exec: (sql: string) => db.pool.query(sql),
    close: () => db.drop(),
  };
});

describe('PgAuditStore table', () => {
  let db: PgTestSchema | undefined;
  afterEach(async () => {
    await db?.drop();
    db = undefined;
  });

  it('refuses TRUNCATE too', async () => {
    db = await freshPgSchema();
    const store = new PgAuditStore(db.pool);
    await store.append(entry(0));
    await expect(db.pool.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect((await store.list({ limit: 10, offset: 0 })).map((e) => e.seq)).toEqual([1]);
  });
});
