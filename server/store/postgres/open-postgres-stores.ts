import type { OpenStores, Stores } from '../open-stores';
import { migrate } from './migrate';
import { PgAuditStore } from './pg-audit-store';
import { PgEventStore } from './pg-event-store';
import { PgIdentityStore } from './pg-identity-store';
import { PgSecurityStore } from './pg-security-store';
import { createPgPool } from './pg-pool';

/**
 * `STORE=postgres`: one pool on `DATABASE_URL` (schema from its `?schema=`), the migrations
 * applied, and the three stores on that pool. `close()` ends the pool. The embedded database is
 * not used here (it keeps only the node's territory).
 */
export const openPostgresStores: OpenStores = async (config) => {
  if (config.DATABASE_URL === undefined) throw new Error('STORE=postgres needs DATABASE_URL');
  const { pool, schema } = createPgPool(config.DATABASE_URL);
  try {
    await migrate(pool, schema);
  } catch (err) {
    await pool.end();
    throw err;
  }
  let closing: Promise<void> | undefined;
  const stores: Stores = {
    kind: 'postgres',
    events: new PgEventStore(pool),
    identity: new PgIdentityStore(pool),
    audit: new PgAuditStore(pool),
    security: new PgSecurityStore(pool),
    // pg refuses a second end(); closing twice returns the first one's promise.
    close: () => (closing ??= pool.end()),
  };
  return stores;
};
