import type Database from 'better-sqlite3';
import type { AuditStore } from '../audit/audit-store';
import type { Config } from '../config';
import type { IdentityStore } from '../identity/identity-store';
import type { EventStore } from './event-store';

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
  close(): Promise<void>;
}

/** Opens the backend `config.STORE` names; `sqliteDb` is the embedded database (always open: it holds the territory). */
export type OpenStores = (config: Config, sqliteDb: Database.Database) => Promise<Stores>;
