import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '../audit/audit-log';
import { ApiKeys } from '../auth/api-keys';
import { runWithStores } from './cli-context';

/**
 * `npm run keys -- create NAME` (prints the key once) and `npm run keys -- revoke NAME`: API keys
 * of upstream systems, in the identity store, audited with actor `cli`.
 */
const usage = 'usage: npm run keys -- create NAME | revoke NAME';

const { positionals } = parseArgs({ allowPositionals: true });
const [command, name] = positionals;
if ((command !== 'create' && command !== 'revoke') || !name || positionals.length > 2) {
  console.error(usage);
  process.exitCode = 2;
} else {
  process.exitCode = await runWithStores(async ({ stores, audit }) => {
    const keys = new ApiKeys(stores.identity, audit);
    if (command === 'create') {
      const key = await keys.create(name, CLI_ACTOR);
      console.log(`API key for ${name} (shown once, store it now):\n${key}`);
    } else {
      console.log(`revoked ${await keys.revokeAll(name, CLI_ACTOR)} key(s) of ${name}`);
    }
    return 0;
  });
}
