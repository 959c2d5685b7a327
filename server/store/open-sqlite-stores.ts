import type Database from 'better-sqlite3';
import { SqliteAuditStore } from '../audit/sqlite-audit-store';
import { SqliteIdentityStore } from '../identity/sqlite-identity-store';
import { SqliteSecurityStore } from '../identity/sqlite-security-store';
import type { OpenStores, Stores } from './open-stores';
import { SqliteEventStore } from './sqlite-event-store';

/** `STORE=sqlite`: every store in the embedded database, which its opener closes. */
export const openSqliteStores: OpenStores = (_config, db: Database.Database): Promise<Stores> => {
  const events = new SqliteEventStore(db);
  return Promise.resolve({
    kind: 'sqlite',
    events,
    identity: new SqliteIdentityStore(db),
    audit: new SqliteAuditStore(db),
    security: new SqliteSecurityStore(db),
    close: () => events.close(),
  });
};
