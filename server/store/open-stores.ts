import type Database from 'better-sqlite3';
import type { AuditStore } from '../audit/audit-store';
import type { Config } from '../config';
import type { IdentityStore } from '../identity/identity-store';
import type { SecurityStore } from '../identity/security-store';
import type { EventStore } from './event-store';
import { openSqliteStores } from './open-sqlite-stores';

/**
 * The durable stores, all on one backend: the event log, identities and the audit trail.
 * `STORE=sqlite` keeps them in one file in `DATA_DIR`; `STORE=postgres` in the database at
 * `DATABASE_URL`, shared by every node. (The territory stays in each node's `DATA_DIR`.)
 */
export interface Stores {
  kind: 'sqlite' | 'postgres';
  events: EventStore;
  identity: IdentityStore;
  audit: AuditStore;
  /** Sessions, login failures and granted rights. */
  security: SecurityStore;
  close(): Promise<void>;
}

/** Opens the backend `config.STORE` names; `sqliteDb` is the embedded database (always open: it holds the territory). */
export type OpenStores = (config: Config, sqliteDb: Database.Database) => Promise<Stores>;

/**
 * Opens the stores of the backend `config.STORE` names. The PostgreSQL module is loaded only when
 * asked for, so a SQLite deployment never loads the `pg` driver.
 */
export const openStores: OpenStores = async (config, sqliteDb) => {
  // postgres: see open-postgres-stores.ts
  if (config.STORE === 'postgres') return (await loadPostgres()).openPostgresStores(config, sqliteDb);
  return openSqliteStores(config, sqliteDb);
};

/** The PostgreSQL backend's module, or a clear error while it is not part of this build. */
async function loadPostgres(): Promise<{ openPostgresStores: OpenStores }> {
  // A specifier in a variable: this file must typecheck before `postgres/` exists.
  const specifier = './postgres/open-postgres-stores.js';
  try {
    return (await import(specifier)) as { openPostgresStores: OpenStores };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error('STORE=postgres is not available in this build yet (server/store/postgres/open-postgres-stores.ts is missing); use STORE=sqlite', { cause: err });
    }
    throw err;
  }
}
