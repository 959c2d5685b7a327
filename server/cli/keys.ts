import { parseArgs } from 'node:util';
import { ApiKeys } from '../auth/api-keys';
import { ConfigError, loadConfig } from '../config';
import { databaseFile, openDatabase } from '../store/sqlite-database';

/** `npm run keys -- create NAME` (prints the key once) and `npm run keys -- revoke NAME`. */
const usage = 'usage: npm run keys -- create NAME | revoke NAME';

try {
  const { positionals } = parseArgs({ allowPositionals: true });
  const [command, name] = positionals;
  if ((command !== 'create' && command !== 'revoke') || !name) {
    console.error(usage);
    process.exit(2);
  }
  const config = loadConfig(process.env);
  const db = openDatabase(databaseFile(config.DATA_DIR));
  const keys = new ApiKeys(db);
  if (command === 'create') {
    const key = keys.create(name);
    console.log(`API key for ${name} (shown once, store it now):\n${key}`);
  } else {
    console.log(`revoked ${keys.revokeAll(name)} key(s) of ${name}`);
  }
  db.close();
} catch (err) {
  console.error(err instanceof ConfigError ? `configuration error: ${err.message}` : String(err));
  process.exit(1);
}
