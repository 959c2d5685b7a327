import type pg from 'pg';
import { nextFailureState, type LockoutPolicy, type Right, type RightGrant, type SecurityStore, type Session } from '../../identity/security-store';
import { inTransaction, toNumber } from './pg-pool';

/** Sessions, login failures and rights in PostgreSQL (migrations/002_security.sql), shared by every node. */
export class PgSecurityStore implements SecurityStore {
  constructor(private readonly pool: pg.Pool) {}

  async createSession(s: { id: string; username: string; at: number }): Promise<void> {
    await this.pool.query('INSERT INTO sessions (id, username, created_at, last_active_at) VALUES ($1, $2, $3, $3)', [s.id, s.username, s.at]);
  }

  async findSession(id: string): Promise<Session | undefined> {
    const r = await this.pool.query<SessionRow>('SELECT * FROM sessions WHERE id = $1', [id]);
    const row = r.rows[0];
    return (
      row && {
        id: row.id,
        username: row.username,
        createdAt: toNumber(row.created_at),
        lastActiveAt: toNumber(row.last_active_at),
        endedAt: row.ended_at === null ? undefined : toNumber(row.ended_at),
        endReason: row.end_reason ?? undefined,
      }
    );
  }

  async touchSession(id: string, at: number): Promise<void> {
    await this.pool.query('UPDATE sessions SET last_active_at = $2 WHERE id = $1 AND last_active_at < $2 AND ended_at IS NULL', [id, at]);
  }

  async endSession(id: string, at: number, reason: string): Promise<boolean> {
    const r = await this.pool.query('UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE id = $1 AND ended_at IS NULL', [id, at, reason]);
    return (r.rowCount ?? 0) > 0;
  }

  async endSessionsOf(username: string, at: number, reason: string): Promise<number> {
    const r = await this.pool.query('UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE username = $1 AND ended_at IS NULL', [username, at, reason]);
    return r.rowCount ?? 0;
  }

  noteLoginFailure(username: string, at: number, policy: LockoutPolicy): Promise<number | undefined> {
    return inTransaction(this.pool, async (client) => {
      // The row exists before it is locked, so two nodes counting the same username queue on it.
      await client.query('INSERT INTO login_failures (username, failures, last_failure_at) VALUES ($1, 0, 0) ON CONFLICT (username) DO NOTHING', [username]);
      const r = await client.query<FailureRow>('SELECT failures, last_failure_at, locked_until FROM login_failures WHERE username = $1 FOR UPDATE', [username]);
      const row = r.rows[0]!;
      const prior = { failures: row.failures, lastFailureAt: toNumber(row.last_failure_at), lockedUntil: row.locked_until === null ? undefined : toNumber(row.locked_until) };
      const next = nextFailureState(prior.lastFailureAt === 0 ? undefined : prior, at, policy);
      await client.query('UPDATE login_failures SET failures = $2, last_failure_at = $3, locked_until = $4 WHERE username = $1', [username, next.failures, next.lastFailureAt, next.lockedUntil ?? null]);
      return next.lockedUntil !== undefined && next.lockedUntil > at ? next.lockedUntil : undefined;
    });
  }

  async lockedUntil(username: string, at: number): Promise<number | undefined> {
    const r = await this.pool.query<{ locked_until: string }>('SELECT locked_until FROM login_failures WHERE username = $1 AND locked_until > $2', [username, at]);
    return r.rows[0] && toNumber(r.rows[0].locked_until);
  }

  async clearLoginFailures(username: string): Promise<void> {
    await this.pool.query('DELETE FROM login_failures WHERE username = $1', [username]);
  }

  async grantRight(g: RightGrant): Promise<boolean> {
    const r = await this.pool.query(
      'INSERT INTO account_rights (username, right_name, granted_by, granted_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [g.username, g.right, g.grantedBy, g.grantedAt],
    );
    return (r.rowCount ?? 0) > 0;
  }

  async withdrawRight(username: string, right: Right): Promise<boolean> {
    const r = await this.pool.query('DELETE FROM account_rights WHERE username = $1 AND right_name = $2', [username, right]);
    return (r.rowCount ?? 0) > 0;
  }

  async rightsOf(username: string): Promise<Right[]> {
    const r = await this.pool.query<{ right_name: Right }>('SELECT right_name FROM account_rights WHERE username = $1 ORDER BY right_name', [username]);
    return r.rows.map((row) => row.right_name);
  }

  async listGrants(): Promise<RightGrant[]> {
    const r = await this.pool.query<{ username: string; right_name: Right; granted_by: string; granted_at: string }>('SELECT * FROM account_rights ORDER BY username, right_name');
    return r.rows.map((row) => ({ username: row.username, right: row.right_name, grantedBy: row.granted_by, grantedAt: toNumber(row.granted_at) }));
  }
}

interface SessionRow {
  id: string;
  username: string;
  created_at: string;
  last_active_at: string;
  ended_at: string | null;
  end_reason: string | null;
}

interface FailureRow {
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
}
