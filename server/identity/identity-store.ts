/**
 * Who may do what: accounts of people, display tokens of wall screens, API keys of upstream
 * systems. Secrets are never stored: passwords as a memory-hard hash, tokens and keys as SHA-256.
 *
 * - role: one of `ROLES`; `admin`, `security` and `auditor` are the three separated duties (三员分立).
 * - scope: the scope code an identity may read (its subtree, see the access function).
 * - disabled / revoked: kept for the audit trail, never deleted.
 */
export { ROLES, type Role } from '@protocol/auth';
import type { Role } from '@protocol/auth';

export interface Account {
  id: number;
  username: string;
  role: Role;
  scope: string;
  passwordHash: string;
  createdAt: string;
  disabledAt: string | undefined;
}

export interface DisplayToken {
  id: number;
  name: string;
  scope: string;
  tokenHash: string;
  createdAt: string;
  revokedAt: string | undefined;
}

export interface ApiKey {
  id: number;
  name: string;
  keyHash: string;
  createdAt: string;
  revokedAt: string | undefined;
}

/** Thrown by `createAccount` for a username that exists. */
export class DuplicateAccountError extends Error {}

export interface IdentityStore {
  createAccount(a: { username: string; role: Role; scope: string; passwordHash: string }): Promise<Account>;
  findAccount(username: string): Promise<Account | undefined>;
  listAccounts(): Promise<Account[]>;
  setPasswordHash(username: string, passwordHash: string): Promise<void>;
  disableAccount(username: string): Promise<boolean>;

  createDisplayToken(t: { name: string; scope: string; tokenHash: string }): Promise<DisplayToken>;
  /**
   * The token with that hash, revoked or not: a revoked one comes back with `revokedAt` set, so the
   * caller can tell a revoked screen from an unknown token (and say which in the audit trail).
   */
  findDisplayTokenByHash(tokenHash: string): Promise<DisplayToken | undefined>;
  getDisplayToken(id: number): Promise<DisplayToken | undefined>;
  /** Revokes; false if unknown or already revoked. */
  revokeDisplayToken(id: number): Promise<boolean>;

  createApiKey(k: { name: string; keyHash: string }): Promise<ApiKey>;
  /** A key that is not revoked, by hash. */
  findApiKeyByHash(keyHash: string): Promise<ApiKey | undefined>;
  /** Revokes every key of `name`; returns how many. */
  revokeApiKeys(name: string): Promise<number>;

  /** A server-wide secret (e.g. the token signing key), created with `create` when absent; the same for every node. */
  secret(name: string, create: () => string): Promise<string>;
}
