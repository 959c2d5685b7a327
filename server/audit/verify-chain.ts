import { auditHash, GENESIS_HASH } from './audit-hash';
import type { AuditEntry } from './audit-store';

/** What `verifyAuditChain` found: an intact chain, or the first entry from which it is broken. */
export type ChainVerdict =
  | { ok: true; entries: number; headHash: string }
  | { ok: false; entries: number; firstBroken: { seq: number; reason: string } };

/**
 * Walks the trail in `seq` order and checks, for every entry, that its position follows the one
 * before (a deleted entry leaves a gap), that it names the previous entry's hash (a removed or
 * moved entry breaks the link) and that its own hash still matches its content (an edited or
 * reordered entry no longer does: `seq` is part of what is hashed). Stops at the first break,
 * because every later entry hangs from it.
 *
 * A chain cannot show that entries were cut off its end: compare `entries` and `headHash` with
 * a copy kept elsewhere (the CLI prints both for that purpose).
 */
export async function verifyAuditChain(trail: AsyncIterable<AuditEntry>): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for await (const e of trail) {
    const broken = (reason: string): ChainVerdict => ({ ok: false, entries: count, firstBroken: { seq: e.seq, reason } });
    if (e.seq !== expectedSeq) {
      return broken(e.seq > expectedSeq ? `entries ${expectedSeq}..${e.seq - 1} are missing (expected #${expectedSeq} next)` : `out of order after #${expectedSeq - 1}`);
    }
    if (e.prevHash !== prevHash) return broken(`it does not link to entry #${e.seq - 1} (previous hash differs)`);
    if (auditHash(e.prevHash, e) !== e.hash) return broken('its content does not match its hash (edited or moved)');
    prevHash = e.hash;
    expectedSeq += 1;
    count += 1;
  }
  return { ok: true, entries: count, headHash: prevHash };
}
