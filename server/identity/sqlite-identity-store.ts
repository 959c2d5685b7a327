import type Database from 'better-sqlite3';
import {
  DuplicateAccountError,
  type Account,
  type ApiKey,
  type DisplayToken,
  type IdentityStore,
  type Role,
} from './identity-store';
import { accountFromRow, apiKeyFromRow, displayTokenFromRow, type AccountRow, type ApiKeyRow, type DisplayTokenRow } from './identity-rows';

/**
 * Accounts, display tokens, API keys and server-wide secrets in tables of the embedded database.
 * Rows are never deleted: disabling and revoking stamp a time, so the audit trail keeps its targets.
 */
export class SqliteIdentityStore implements IdentityStore {
  private readonly db: Database.Database;

  /** Uses (and creates if needed) its tables in an open database (see `openDatabase`). */
  constructor(db: Database.Database) {
    this.db = db;
    // `api_keys` keeps the name and columns of the table the first API keys were stored in, so
    // keys created before accounts existed stay valid.
    db.exec(`
      CREATE TABLE IF NOT EXISTS accounts (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        scope TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        disabled_at TEXT
      );
      CREATE TABLE IF NOT EXISTS display_tokens (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        scope TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE TABLE IF NOT EXISTS api_keys (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE TABLE IF NOT EXISTS server_secrets (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        created_at TEXT NOT NULL
      )`);
  }

  createAccount(a: { username: string; role: Role; scope: string; passwordHash: string }): Promise<Account> {
    const createdAt = now();
    try {
      const { lastInsertRowid } = this.db
        .prepare('INSERT INTO accounts (username, role, scope, password_hash, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(a.username, a.role, a.scope, a.passwordHash, createdAt);
      return Promise.resolve({ id: Number(lastInsertRowid), ...a, createdAt, disabledAt: undefined });
    } catch (err) {
      if ((err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        return Promise.reject(new DuplicateAccountError(`an account named ${a.username} exists`));
      }
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  findAccount(username: string): Promise<Account | undefined> {
    const row = this.db.prepare('SELECT * FROM accounts WHERE username = ?').get(username) as AccountRow<string> | undefined;
    return Promise.resolve(row && accountFromRow(row, text));
  }

  listAccounts(): Promise<Account[]> {
    const rows = this.db.prepare('SELECT * FROM accounts ORDER BY id').all() as AccountRow<string>[];
    return Promise.resolve(rows.map((r) => accountFromRow(r, text)));
  }

  setPasswordHash(username: string, passwordHash: string): Promise<void> {
    this.db.prepare('UPDATE accounts SET password_hash = ? WHERE username = ?').run(passwordHash, username);
    return Promise.resolve();
  }

  disableAccount(username: string): Promise<boolean> {
    const { changes } = this.db.prepare('UPDATE accounts SET disabled_at = ? WHERE username = ? AND disabled_at IS NULL').run(now(), username);
    return Promise.resolve(changes > 0);
  }

  createDisplayToken(t: { name: string; scope: string; tokenHash: string }): Promise<DisplayToken> {
    const createdAt = now();
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO display_tokens (name, scope, token_hash, created_at) VALUES (?, ?, ?, ?)')
      .run(t.name, t.scope, t.tokenHash, createdAt);
    return Promise.resolve({ id: Number(lastInsertRowid), ...t, createdAt, revokedAt: undefined });
  }

  findDisplayTokenByHash(tokenHash: string): Promise<DisplayToken | undefined> {
    const row = this.db.prepare('SELECT * FROM display_tokens WHERE token_hash = ?').get(tokenHash) as DisplayTokenRow<string> | undefined;
    return Promise.resolve(row && displayTokenFromRow(row, text));
  }

  getDisplayToken(id: number): Promise<DisplayToken | undefined> {
    const row = this.db.prepare('SELECT * FROM display_tokens WHERE id = ?').get(id) as DisplayTokenRow<string> | undefined;
    return Promise.resolve(row && displayTokenFromRow(row, text));
  }

  revokeDisplayToken(id: number): Promise<boolean> {
    const { changes } = this.db.prepare('UPDATE display_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now(), id);
    return Promise.resolve(changes > 0);
  }

  createApiKey(k: { name: string; keyHash: string }): Promise<ApiKey> {
    const createdAt = now();
    const { lastInsertRowid } = this.db.prepare('INSERT INTO api_keys (name, hash, created_at) VALUES (?, ?, ?)').run(k.name, k.keyHash, createdAt);
    return Promise.resolve({ id: Number(lastInsertRowid), ...k, createdAt, revokedAt: undefined });
  }

  findApiKeyByHash(keyHash: string): Promise<ApiKey | undefined> {
    const row = this.db
      .prepare('SELECT id, name, hash AS key_hash, created_at, revoked_at FROM api_keys WHERE hash = ? AND revoked_at IS NULL')
      .get(keyHash) as ApiKeyRow<string> | undefined;
    return Promise.resolve(row && apiKeyFromRow(row, text));
  }

  revokeApiKeys(name: string): Promise<number> {
    return Promise.resolve(this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL').run(now(), name).changes);
  }

  secret(name: string, create: () => string): Promise<string> {
    // Insert-if-absent, then read: when two processes race, both read the winner's value.
    const read = this.db.prepare('SELECT value FROM server_secrets WHERE name = ?');
    const existing = read.get(name) as { value: string } | undefined;
    if (existing) return Promise.resolve(existing.value);
    this.db.prepare('INSERT OR IGNORE INTO server_secrets (name, value, created_at) VALUES (?, ?, ?)').run(name, create(), now());
    return Promise.resolve((read.get(name) as { value: string }).value);
  }
}

/** SQLite keeps times as the ISO text they were written as. */
function text(t: string): string {
  return t;
}

function now(): string {
  return new Date().toISOString();
}
