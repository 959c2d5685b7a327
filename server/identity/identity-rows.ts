import type { Account, ApiKey, DisplayToken, Role } from './identity-store';

/**
 * The rows of the SQL identity stores (SQLite, PostgreSQL) and their mapping to the store's
 * records. The stores differ only in how a driver returns a time (`Time`: ISO text from SQLite,
 * a `Date` from PostgreSQL), so each passes its own `iso`.
 */

export interface AccountRow<Time> {
  id: number;
  username: string;
  role: Role;
  scope: string;
  password_hash: string;
  created_at: Time;
  disabled_at: Time | null;
}

export interface DisplayTokenRow<Time> {
  id: number;
  name: string;
  scope: string;
  token_hash: string;
  created_at: Time;
  revoked_at: Time | null;
}

/** An API key; SQLite names the column `hash` in its table and reads it as `key_hash`. */
export interface ApiKeyRow<Time> {
  id: number;
  name: string;
  key_hash: string;
  created_at: Time;
  revoked_at: Time | null;
}

export function accountFromRow<Time>(r: AccountRow<Time>, iso: (t: Time) => string): Account {
  return {
    id: r.id,
    username: r.username,
    role: r.role,
    scope: r.scope,
    passwordHash: r.password_hash,
    createdAt: iso(r.created_at),
    disabledAt: optionalIso(r.disabled_at, iso),
  };
}

export function displayTokenFromRow<Time>(r: DisplayTokenRow<Time>, iso: (t: Time) => string): DisplayToken {
  return { id: r.id, name: r.name, scope: r.scope, tokenHash: r.token_hash, createdAt: iso(r.created_at), revokedAt: optionalIso(r.revoked_at, iso) };
}

export function apiKeyFromRow<Time>(r: ApiKeyRow<Time>, iso: (t: Time) => string): ApiKey {
  return { id: r.id, name: r.name, keyHash: r.key_hash, createdAt: iso(r.created_at), revokedAt: optionalIso(r.revoked_at, iso) };
}

/** A time that is not set (NULL) is `undefined` in a record. */
function optionalIso<Time>(t: Time | null, iso: (t: Time) => string): string | undefined {
  return t === null ? undefined : iso(t);
}
