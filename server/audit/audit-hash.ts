import { createHash } from 'node:crypto';
import { canonicalJson } from '../store/content-hash';
import type { AuditEntryInput } from './audit-store';

/** The previous hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 over the previous hash and the entry's canonical content (keys sorted). */
export function auditHash(prevHash: string, e: AuditEntryInput & { seq: number }): string {
  const content = canonicalJson({
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    role: e.role ?? null,
    source: e.source,
    action: e.action,
    target: e.target,
    result: e.result,
    detail: e.detail ?? null,
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}
