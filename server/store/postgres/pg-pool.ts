import pg from 'pg';

/** A pool and the schema its connections work in (`undefined`: the server's default search_path). */
export interface PgPool {
  pool: pg.Pool;
  schema: string | undefined;
}

export interface PgPoolOptions {
  /** Overrides the URL's `?schema=`; tests isolate themselves in a schema of their own this way. */
  schema?: string;
  /** Most connections this process opens (pg's default: 10). */
  max?: number;
  /**
   * Called when an idle connection fails (server restart, network cut). pg's pool emits these as
   * `error` events, which would crash the process without a listener; the next query reconnects.
   */
  onIdleError?: (err: Error) => void;
}

/** Schema names are restricted to plain identifiers so they need no quoting anywhere. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates the pool for `DATABASE_URL`. A `?schema=NAME` query parameter (or `options.schema`)
 * puts every connection's `search_path` on that schema, set in the startup packet (`-c
 * search_path=...`) so it holds before the first query without an extra round trip. The other
 * query parameters are left to pg (e.g. `sslmode`).
 */
export function createPgPool(databaseUrl: string, options: PgPoolOptions = {}): PgPool {
  const url = new URL(databaseUrl);
  const schema = options.schema ?? (url.searchParams.get('schema') || undefined);
  url.searchParams.delete('schema');
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`schema ${JSON.stringify(schema)} is not accepted: expected lower-case letters, digits and _`);
  }
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max: options.max ?? 10,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  const onIdleError = options.onIdleError ?? ((err: Error) => process.emitWarning(`postgres: idle connection failed: ${err.message}`));
  pool.on('error', onIdleError);
  return { pool, schema };
}

/** pg returns BIGINT as a string (it may exceed 2^53); seq and counts stay far below that. */
export function toNumber(v: string | number): number {
  return typeof v === 'number' ? v : Number(v);
}

/** Keys of the advisory locks that serialise one kind of write each (see `inTransaction`). */
export const LOCK_KEYS = { migrate: 0x6363_0001, eventAppend: 0x6363_0002, auditAppend: 0x6363_0003 } as const;

/**
 * Runs `work` in one transaction on one connection: COMMIT when it resolves (ROLLBACK instead when
 * `commit(result)` says no), ROLLBACK when it throws.
 *
 * With `lock`, the transaction first takes a transaction-level advisory lock that serialises that
 * kind of write among every connection working in the same schema, across processes, until COMMIT
 * or ROLLBACK. Its second key is the schema the tables resolve to (the search_path's text while no
 * such schema exists, as before the first migration), so deployments or test runs in different
 * schemas of one database do not wait on each other. BEGIN and the lock go in one round trip; the
 * lock is a statement of its own because a statement's snapshot is taken when it starts, so a read
 * in the same statement could miss what the previous holder committed while this one waited.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  options: { lock?: number; commit?: (result: T) => boolean } = {},
): Promise<T> {
  const client = await pool.connect();
  let unusable: Error | undefined;
  try {
    const lock = options.lock === undefined ? '' : `; SELECT pg_advisory_xact_lock(${Math.trunc(options.lock)}, hashtext(coalesce(current_schema(), current_setting('search_path'))))`;
    await client.query(`BEGIN${lock}`);
    const result = await work(client);
    await client.query(options.commit === undefined || options.commit(result) ? 'COMMIT' : 'ROLLBACK');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
      // A connection that cannot even roll back is discarded rather than reused in an unknown state.
      unusable = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
    });
    throw err;
  } finally {
    client.release(unusable);
  }
}
