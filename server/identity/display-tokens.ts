import type { AuditActor, AuditLog } from '../audit/audit-log';
import type { IdentityStore } from './identity-store';
import { newSecret, tokenHash } from './token-hash';

/** Display tokens start with this, so a token is told from a login token (a JWT) at a glance. */
export const DISPLAY_TOKEN_PREFIX = 'gcd_';

/** A display token as shown once to whoever created it. */
export interface NewDisplayToken {
  id: number;
  name: string;
  scope: string;
  /** The secret itself: shown once, only its hash is stored. */
  token: string;
}

/**
 * Creates a wall display's token for `scope` (already validated and checked by the caller) and
 * records it in the audit trail.
 */
export async function createDisplayToken(
  deps: { identity: IdentityStore; audit: AuditLog },
  by: AuditActor,
  t: { name: string; scope: string },
): Promise<NewDisplayToken> {
  const token = newSecret(DISPLAY_TOKEN_PREFIX);
  const stored = await deps.identity.createDisplayToken({ name: t.name, scope: t.scope, tokenHash: tokenHash(token) });
  await deps.audit.record(by, 'display-token.create', String(stored.id), 'ok', { name: t.name, scope: t.scope });
  return { id: stored.id, name: stored.name, scope: stored.scope, token };
}

/** Revokes a display token; false (and a `failed` entry) when unknown or already revoked. */
export async function revokeDisplayToken(deps: { identity: IdentityStore; audit: AuditLog }, by: AuditActor, id: number): Promise<boolean> {
  const revoked = await deps.identity.revokeDisplayToken(id);
  await deps.audit.record(by, 'display-token.revoke', String(id), revoked ? 'ok' : 'failed', revoked ? undefined : { reason: 'unknown or already revoked' });
  return revoked;
}
