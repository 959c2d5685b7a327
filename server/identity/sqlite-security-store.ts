import type Database from 'better-sqlite3';
import { nextFailureState, type LockoutPolicy, type Right, type RightGrant, type SecurityStore, type Session } from './security-store';

/** Sessions, login failures and rights in tables of the embedded database (see security-store.ts). */
export class SqliteSecurityStore implements SecurityStore {
  private readonly db: Database.Database;
  private readonly failureTx: (username: string, at: number, policy: LockoutPolicy) => number | undefined;

  constructor(db: Database.Database) {
    this.db = db;
    db.exec(`
      CREATE TABLE IF NOT EXISTS sessions (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_active_at INTEGER NOT NULL,
        ended_at INTEGER,
        end_reason TEXT
      );
      CREATE INDEX IF NOT EXISTS sessions_username ON sessions (username) WHERE ended_at IS NULL;
      CREATE TABLE IF NOT EXISTS login_failures (
        username TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        last_failure_at INTEGER NOT NULL,
        locked_until INTEGER
      );
      CREATE TABLE IF NOT EXISTS account_rights (
        username TEXT NOT NULL,
        right_name TEXT NOT NULL,
        granted_by TEXT NOT NULL,
        granted_at INTEGER NOT NULL,
        PRIMARY KEY (username, right_name)
      )`);
    const read = db.prepare('SELECT failures, last_failure_at, locked_until FROM login_failures WHERE username = ?');
    const write = db.prepare(
      `INSERT INTO login_failures (username, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
       ON CONFLICT (username) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
    );
    const tx = db.transaction((username: string, at: number, policy: LockoutPolicy) => {
      const row = read.get(username) as FailureRow | undefined;
      const next = nextFailureState(row && { failures: row.failures, lastFailureAt: row.last_failure_at, lockedUntil: row.locked_until ?? undefined }, at, policy);
      write.run(username, next.failures, next.lastFailureAt, next.lockedUntil ?? null);
      return next.lockedUntil !== undefined && next.lockedUntil > at ? next.lockedUntil : undefined;
    });
    this.failureTx = (u, at, p) => tx.immediate(u, at, p);
  }

  createSession(s: { id: string; username: string; at: number }): Promise<void> {
    return run(() => {
      this.db.prepare('INSERT INTO sessions (id, username, created_at, last_active_at) VALUES (?, ?, ?, ?)').run(s.id, s.username, s.at, s.at);
    });
  }

  findSession(id: string): Promise<Session | undefined> {
    return run(() => {
      const r = this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined;
      return r && { id: r.id, username: r.username, createdAt: r.created_at, lastActiveAt: r.last_active_at, endedAt: r.ended_at ?? undefined, endReason: r.end_reason ?? undefined };
    });
  }

  touchSession(id: string, at: number): Promise<void> {
    return run(() => {
      this.db.prepare('UPDATE sessions SET last_active_at = ? WHERE id = ? AND last_active_at < ? AND ended_at IS NULL').run(at, id, at);
    });
  }

  endSession(id: string, at: number, reason: string): Promise<boolean> {
    return run(() => this.db.prepare('UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL').run(at, reason, id).changes > 0);
  }

  endSessionsOf(username: string, at: number, reason: string): Promise<number> {
    return run(() => this.db.prepare('UPDATE sessions SET ended_at = ?, end_reason = ? WHERE username = ? AND ended_at IS NULL').run(at, reason, username).changes);
  }

  noteLoginFailure(username: string, at: number, policy: LockoutPolicy): Promise<number | undefined> {
    return run(() => this.failureTx(username, at, policy));
  }

  lockedUntil(username: string, at: number): Promise<number | undefined> {
    return run(() => {
      const r = this.db.prepare('SELECT locked_until FROM login_failures WHERE username = ? AND locked_until > ?').get(username, at) as { locked_until: number } | undefined;
      return r?.locked_until;
    });
  }

  clearLoginFailures(username: string): Promise<void> {
    return run(() => {
      this.db.prepare('DELETE FROM login_failures WHERE username = ?').run(username);
    });
  }

  grantRight(g: RightGrant): Promise<boolean> {
    return run(
      () =>
        this.db
          .prepare('INSERT OR IGNORE INTO account_rights (username, right_name, granted_by, granted_at) VALUES (?, ?, ?, ?)')
          .run(g.username, g.right, g.grantedBy, g.grantedAt).changes > 0,
    );
  }

  withdrawRight(username: string, right: Right): Promise<boolean> {
    return run(() => this.db.prepare('DELETE FROM account_rights WHERE username = ? AND right_name = ?').run(username, right).changes > 0);
  }

  rightsOf(username: string): Promise<Right[]> {
    return run(() => (this.db.prepare('SELECT right_name FROM account_rights WHERE username = ? ORDER BY right_name').all(username) as { right_name: Right }[]).map((r) => r.right_name));
  }

  listGrants(): Promise<RightGrant[]> {
    return run(() =>
      (this.db.prepare('SELECT * FROM account_rights ORDER BY username, right_name').all() as GrantRow[]).map((r) => ({
        username: r.username,
        right: r.right_name,
        grantedBy: r.granted_by,
        grantedAt: r.granted_at,
      })),
    );
  }
}

/** Runs synchronous SQLite work as a promise (a throw becomes a rejection). */
function run<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

interface SessionRow {
  id: string;
  username: string;
  created_at: number;
  last_active_at: number;
  ended_at: number | null;
  end_reason: string | null;
}

interface FailureRow {
  failures: number;
  last_failure_at: number;
  locked_until: number | null;
}

interface GrantRow {
  username: string;
  right_name: Right;
  granted_by: string;
  granted_at: number;
}
