import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../../server/store/postgres/migrate';
import { createPgPool, type PgPool } from '../../../server/store/postgres/pg-pool';
import { openDatabase } from '../../../server/store/sqlite-database';

/** The database the postgres half of the suites works in (a schema of its own per store). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh schema `test_<random>`: pools on it, migrated on first open, dropped by `drop()`. */
export interface PgTestSchema {
  schema: string;
  /** The pool that ran the migrations. */
  pool: PgPool['pool'];
  /** Another pool on the schema, as a separate node would have. */
  openPool(max?: number): PgPool;
  /** Ends every pool opened here and drops the schema. */
  drop(): Promise<void>;
}

/** Creates and migrates a schema for one test; nothing is shared with other tests or runs. */
export async function freshPgSchema(): Promise<PgTestSchema> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const pools: PgPool[] = [];
  const openPool = (max?: number): PgPool => {
    const p = createPgPool(TEST_DATABASE_URL, { schema, ...(max === undefined ? {} : { max }) });
    pools.push(p);
    return p;
  };
  const first = openPool();
  try {
    await migrate(first.pool, schema);
  } catch (err) {
    await first.pool.end();
    throw new Error(`PostgreSQL at ${TEST_DATABASE_URL} is needed for these tests (set TEST_DATABASE_URL): ${String(err)}`);
  }
  return {
    schema,
    pool: first.pool,
    openPool,
    async drop() {
      await Promise.all(pools.map((p) => p.pool.end()));
      const admin = createPgPool(TEST_DATABASE_URL);
      try {
        await admin.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await admin.pool.end();
      }
    },
  };
}

/** A SQLite file in a temp directory, and a way to open more connections to it. */
export interface SqliteTestFile {
  db: Database.Database;
  /** Another connection to the same file (as another process would have). */
  openAnother(): Database.Database;
  /** Closes every connection and removes the directory. */
  remove(): void;
}

/** Opens a new SQLite database through `openDatabase`, as the server does. */
export function tempSqliteFile(): SqliteTestFile {
  const dir = mkdtempSync(join(tmpdir(), 'stores-'));
  const file = join(dir, 'command-center.sqlite');
  const connections: Database.Database[] = [];
  const open = (): Database.Database => {
    const db = openDatabase(file);
    connections.push(db);
    return db;
  };
  return {
    db: open(),
    openAnother: open,
    remove() {
      for (const c of connections) c.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
