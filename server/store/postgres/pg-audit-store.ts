import type pg from 'pg';
import { auditHash, GENESIS_HASH } from '../../audit/audit-hash';
import { AUDIT_COLUMNS, auditEntryFromRow, auditRowValues, auditTerms, whereClause, type AuditRow, type AuditTerm } from '../../audit/audit-rows';
import type { AuditCondition, AuditEntry, AuditEntryInput, AuditFilter, AuditStore } from '../../audit/audit-store';
import { inTransaction, LOCK_KEYS, toNumber } from './pg-pool';

/** Entries per query when `all()` walks the trail. */
const PAGE = 1000;

/**
 * The audit trail in PostgreSQL, shared by every node (table `audit_log` of
 * migrations/001_initial.sql, whose trigger refuses UPDATE, DELETE and TRUNCATE).
 *
 * An append takes an advisory lock for the rest of its transaction (see `inTransaction`), then
 * reads the last entry and chains to it, so entries from every node form one chain without forks.
 */
export class PgAuditStore implements AuditStore {
  private readonly pool: pg.Pool;

  /** Uses the table created by `migrate`; the pool belongs to the caller. */
  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  append(entry: AuditEntryInput): Promise<AuditEntry> {
    return inTransaction(
      this.pool,
      async (client) => {
        const last = await client.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
        const seq = toNumber(last.rows[0]?.seq ?? 0) + 1;
        const prevHash = last.rows[0]?.hash ?? GENESIS_HASH;
        const hash = auditHash(prevHash, { ...entry, seq });
        await client.query(
          `INSERT INTO audit_log (seq, at, at_ts, actor, role, source, action, target, result, detail, prev_hash, hash)
           VALUES ($1, $2::text, $2::text::timestamptz, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          auditRowValues(entry, seq, prevHash, hash),
        );
        return { ...entry, seq, prevHash, hash };
      },
      { lock: LOCK_KEYS.auditAppend },
    );
  }

  /**
   * Oldest first; `at` in [`from`, `to`) (as the SQLite store), compared as instants rather than
   * as text; `actor` and `action` match exactly.
   */
  async list(filter: AuditFilter): Promise<AuditEntry[]> {
    const { where, params } = whereOf(filter);
    params.push(filter.limit, filter.offset);
    const r = await this.pool.query<AuditRow<string>>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log ${where} ORDER BY seq ${filter.newestFirst === true ? 'DESC' : ''} LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return r.rows.map(fromRow);
  }

  async count(filter: AuditCondition): Promise<number> {
    const { where, params } = whereOf(filter);
    const r = await this.pool.query<{ n: string }>(`SELECT COUNT(*) AS n FROM audit_log ${where}`, params);
    return toNumber(r.rows[0]?.n ?? 0);
  }

  /** Walks the trail by seq a page at a time, so a long trail is never held in memory whole. */
  async *all(): AsyncIterable<AuditEntry> {
    let after = 0;
    for (;;) {
      const r = await this.pool.query<AuditRow<string>>(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, PAGE]);
      for (const row of r.rows) yield fromRow(row);
      const lastRow = r.rows.at(-1);
      if (r.rows.length < PAGE || lastRow === undefined) return;
      after = toNumber(lastRow.seq);
    }
  }
}

/** Each condition in PostgreSQL's SQL, given its placeholder; bounds compare as instants (`at_ts`), not as text. */
const CONDITION: Readonly<Record<AuditTerm, (p: string) => string>> = {
  from: (p) => `at_ts >= ${p}::timestamptz`,
  to: (p) => `at_ts < ${p}::timestamptz`,
  actor: (p) => `actor = ${p}`,
  action: (p) => `action = ${p}`,
  result: (p) => `result = ${p}`,
};

function whereOf(filter: AuditCondition): { where: string; params: unknown[] } {
  const terms = auditTerms(filter);
  return { where: whereClause(terms.map(([term], i) => CONDITION[term](`$${i + 1}`))), params: terms.map(([, value]) => value) };
}

function fromRow(r: AuditRow<string>): AuditEntry {
  return auditEntryFromRow(r, toNumber(r.seq));
}
