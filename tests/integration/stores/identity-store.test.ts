import { PgIdentityStore } from '../../../server/store/postgres/pg-identity-store';
import { SqliteIdentityStore } from '../../../server/identity/sqlite-identity-store';
import { freshPgSchema, tempSqliteFile } from './backends';
import { describeIdentityStoreContract } from './identity-store-contract';

describeIdentityStoreContract('sqlite', () => {
  const file = tempSqliteFile();
  return Promise.resolve({
    store: new SqliteIdentityStore(file.db),
    another: () => Promise.resolve(new SqliteIdentityStore(file.openAnother())),
    close: () => Promise.resolve(file.remove()),
  });
});

describeIdentityStoreContract('postgres', async () => {
  const db = await freshPgSchema();
  return {
    store: new PgIdentityStore(db.pool),
    another: () => Promise.resolve(new PgIdentityStore(db.openPool(2).pool)),
    close: () => db.drop(),
  };
});
