import { verifyAuditChain } from '../audit/verify-chain';
import { runWithStores } from './cli-context';

/**
 * `npm run audit:verify`: walks the audit trail of the store `STORE` names and checks its hash
 * chain. Prints the count and head hash of an intact trail (keep them elsewhere: a later run
 * showing fewer entries or another head for the same count means the end was cut off), or the
 * first broken entry and why. Exit codes: 0 intact, 1 broken (or the store could not be read).
 */
process.exitCode = await runWithStores(async ({ stores }) => {
  const verdict = await verifyAuditChain(stores.audit.all());
  if (verdict.ok) {
    console.log(`audit trail intact: ${verdict.entries} entries, head ${verdict.headHash}`);
    return 0;
  }
  console.error(`audit trail BROKEN at entry #${verdict.firstBroken.seq}: ${verdict.firstBroken.reason} (${verdict.entries} entries before it verified)`);
  return 1;
});
