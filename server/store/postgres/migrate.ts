import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { inTransaction, LOCK_KEYS } from './pg-pool';

/** The migrations kept in the repository, applied in the order of their names (`NNN_what.sql`). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

const MIGRATION_FILE = /^\d{3}_[a-z0-9_]+\.sql$/;

/**
 * Brings the database up to date at start: every migration of `dir` not yet recorded in
 * `schema_migrations` is applied, in order, all in one transaction (a failing one leaves the
 * database as it was), and recorded with the time. A second start applies nothing. Nodes starting
 * at once queue on an advisory lock and the later ones find the work done, so no migration runs
 * twice. With `schema`, the schema is created first when missing. Returns the names applied.
 */
export async function migrate(pool: pg.Pool, schema: string | undefined, dir: string = MIGRATIONS_DIR): Promise<string[]> {
  const files = readdirSync(dir).filter((f) => MIGRATION_FILE.test(f)).sort();
  return inTransaction(
    pool,
    async (client) => {
      if (schema !== undefined) {
        // Checked before creating: CREATE SCHEMA IF NOT EXISTS still needs the right to create one.
        const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
        if (found.rowCount === 0) await client.query(`CREATE SCHEMA "${schema.replace(/"/g, '""')}"`);
      }
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        name text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const done = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
      const applied: string[] = [];
      for (const file of files) {
        const name = file.replace(/\.sql$/, '');
        if (done.has(name)) continue;
        // Simple-query protocol (no parameters), so a file may hold many statements.
        await client.query(readFileSync(`${dir}/${file}`, 'utf8'));
        await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
        applied.push(name);
      }
      return applied;
    },
    { lock: LOCK_KEYS.migrate },
  );
}
