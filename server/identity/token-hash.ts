import { createHash, randomBytes } from 'node:crypto';

/**
 * Display tokens and API keys are 256 random bits shown once; only their SHA-256 is stored. A
 * fast hash is enough for secrets that long (nothing to guess), and looking up by hash keeps the
 * comparison independent of the secret's bytes.
 */
export function tokenHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A fresh secret with a readable prefix (`gcd_` display token, `gck_` API key). */
export function newSecret(prefix: 'gcd_' | 'gck_'): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}
