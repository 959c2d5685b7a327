import type pg from 'pg';
import { accountFromRow, apiKeyFromRow, displayTokenFromRow, type AccountRow, type ApiKeyRow, type DisplayTokenRow } from '../../identity/identity-rows';
import { DuplicateAccountError, type Account, type ApiKey, type DisplayToken, type IdentityStore, type Role } from '../../identity/identity-store';

/** PostgreSQL's code for a unique constraint violation. */
const UNIQUE_VIOLATION = '23505';

/**
 * Accounts, display tokens, API keys and server-wide secrets in PostgreSQL, shared by every node
 * (tables of migrations/001_initial.sql). Nothing is deleted: disabling and revoking set a time.
 */
export class PgIdentityStore implements IdentityStore {
  private readonly pool: pg.Pool;

  /** Uses the tables created by `migrate`; the pool belongs to the caller. */
  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  async createAccount(a: { username: string; role: Role; scope: string; passwordHash: string }): Promise<Account> {
    try {
      const r = await this.pool.query<AccountRow<Date>>(
        `INSERT INTO accounts (username, role, scope, password_hash, created_at) VALUES ($1, $2, $3, $4, now())
         RETURNING ${ACCOUNT}`,
        [a.username, a.role, a.scope, a.passwordHash],
      );
      return accountFromRow(first(r.rows), iso);
    } catch (err) {
      if (isUniqueViolation(err)) throw new DuplicateAccountError(`account ${a.username} exists`);
      throw err;
    }
  }

  async findAccount(username: string): Promise<Account | undefined> {
    const r = await this.pool.query<AccountRow<Date>>(`SELECT ${ACCOUNT} FROM accounts WHERE username = $1`, [username]);
    return r.rows[0] && accountFromRow(r.rows[0], iso);
  }

  async listAccounts(): Promise<Account[]> {
    const r = await this.pool.query<AccountRow<Date>>(`SELECT ${ACCOUNT} FROM accounts ORDER BY id`);
    return r.rows.map((row) => accountFromRow(row, iso));
  }

  async setPasswordHash(username: string, passwordHash: string): Promise<void> {
    await this.pool.query('UPDATE accounts SET password_hash = $2 WHERE username = $1', [username, passwordHash]);
  }

  async disableAccount(username: string): Promise<boolean> {
    const r = await this.pool.query('UPDATE accounts SET disabled_at = now() WHERE username = $1 AND disabled_at IS NULL', [username]);
    return (r.rowCount ?? 0) > 0;
  }

  async createDisplayToken(t: { name: string; scope: string; tokenHash: string }): Promise<DisplayToken> {
    const r = await this.pool.query<DisplayTokenRow<Date>>(
      `INSERT INTO display_tokens (name, scope, token_hash, created_at) VALUES ($1, $2, $3, now()) RETURNING ${TOKEN}`,
      [t.name, t.scope, t.tokenHash],
    );
    return displayTokenFromRow(first(r.rows), iso);
  }

  async findDisplayTokenByHash(tokenHash: string): Promise<DisplayToken | undefined> {
    const r = await this.pool.query<DisplayTokenRow<Date>>(`SELECT ${TOKEN} FROM display_tokens WHERE token_hash = $1`, [tokenHash]);
    return r.rows[0] && displayTokenFromRow(r.rows[0], iso);
  }

  async getDisplayToken(id: number): Promise<DisplayToken | undefined> {
    const r = await this.pool.query<DisplayTokenRow<Date>>(`SELECT ${TOKEN} FROM display_tokens WHERE id = $1`, [id]);
    return r.rows[0] && displayTokenFromRow(r.rows[0], iso);
  }

  async revokeDisplayToken(id: number): Promise<boolean> {
    const r = await this.pool.query('UPDATE display_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
    return (r.rowCount ?? 0) > 0;
  }

  async createApiKey(k: { name: string; keyHash: string }): Promise<ApiKey> {
    const r = await this.pool.query<ApiKeyRow<Date>>(
      `INSERT INTO api_keys (name, key_hash, created_at) VALUES ($1, $2, now()) RETURNING ${KEY}`,
      [k.name, k.keyHash],
    );
    return apiKeyFromRow(first(r.rows), iso);
  }

  async findApiKeyByHash(keyHash: string): Promise<ApiKey | undefined> {
    const r = await this.pool.query<ApiKeyRow<Date>>(`SELECT ${KEY} FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`, [keyHash]);
    return r.rows[0] && apiKeyFromRow(r.rows[0], iso);
  }

  async revokeApiKeys(name: string): Promise<number> {
    const r = await this.pool.query('UPDATE api_keys SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL', [name]);
    return r.rowCount ?? 0;
  }

  /**
   * Nodes starting at once may each call `create`; the first INSERT wins (the others do nothing)
   * and every node reads back the winner, so they all sign with the same key.
   */
  async secret(name: string, create: () => string): Promise<string> {
    const known = await this.pool.query<{ value: string }>('SELECT value FROM secrets WHERE name = $1', [name]);
    if (known.rows[0]) return known.rows[0].value;
    await this.pool.query('INSERT INTO secrets (name, value, created_at) VALUES ($1, $2, now()) ON CONFLICT (name) DO NOTHING', [name, create()]);
    const stored = await this.pool.query<{ value: string }>('SELECT value FROM secrets WHERE name = $1', [name]);
    return first(stored.rows).value;
  }
}

const ACCOUNT = 'id, username, role, scope, password_hash, created_at, disabled_at';
const TOKEN = 'id, name, scope, token_hash, created_at, revoked_at';
const KEY = 'id, name, key_hash, created_at, revoked_at';

/** PostgreSQL returns a `timestamptz` as a `Date`. */
function iso(t: Date): string {
  return t.toISOString();
}

/** The row a RETURNING or a read-after-write produced; its absence is a bug, not a case. */
function first<T>(rows: T[]): T {
  const row = rows[0];
  if (row === undefined) throw new Error('expected a row');
  return row;
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === UNIQUE_VIOLATION;
}
