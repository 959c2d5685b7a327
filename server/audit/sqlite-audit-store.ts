import type Database from 'better-sqlite3';
import { auditHash, GENESIS_HASH } from './audit-hash';
import { AUDIT_COLUMNS, auditEntryFromRow, auditRowValues, auditTerms, whereClause, type AuditRow, type AuditTerm } from './audit-rows';
import type { AuditCondition, AuditEntry, AuditEntryInput, AuditFilter, AuditStore } from './audit-store';

/** Entries read per query while iterating the whole trail. */
const PAGE = 1000;

/**
 * The audit trail in a table of the embedded database. Triggers refuse UPDATE and DELETE, so
 * even a bug (or a careless SQL session) cannot rewrite history through SQLite; an edit of the
 * file itself still breaks the hash chain, which `npm run audit:verify` finds.
 */
export class SqliteAuditStore implements AuditStore {
  private readonly db: Database.Database;
  private readonly appendTx: (entry: AuditEntryInput) => AuditEntry;

  /** Uses (and creates if needed) the `audit_log` table and its triggers in an open database. */
  constructor(db: Database.Database) {
    this.db = db;
    db.exec(`
      CREATE TABLE IF NOT EXISTS audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        role TEXT,
        source TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        result TEXT NOT NULL,
        detail TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at);
      CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: UPDATE refused'); END;
      CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: DELETE refused'); END;
    `);
    const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const insert = db.prepare(`INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const tx = db.transaction((e: AuditEntryInput): AuditEntry => {
      const prev = last.get() as { seq: number; hash: string } | undefined;
      const seq = (prev?.seq ?? 0) + 1;
      const prevHash = prev?.hash ?? GENESIS_HASH;
      const hash = auditHash(prevHash, { ...e, seq });
      insert.run(...auditRowValues(e, seq, prevHash, hash));
      return { ...e, seq, prevHash, hash };
    });
    // IMMEDIATE takes the write lock before reading the last entry, so a CLI appending to the
    // same file at the same moment cannot fork the chain.
    this.appendTx = (e) => tx.immediate(e);
  }

  append(entry: AuditEntryInput): Promise<AuditEntry> {
    try {
      return Promise.resolve(this.appendTx(entry));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Oldest first; `at` in [`from`, `to`); `actor` and `action` match exactly. */
  list(filter: AuditFilter): Promise<AuditEntry[]> {
    const { where, params } = whereOf(filter);
    const rows = this.db.prepare(`SELECT * FROM audit_log ${where} ORDER BY seq ${filter.newestFirst === true ? 'DESC' : ''} LIMIT ? OFFSET ?`).all(...params, filter.limit, filter.offset) as AuditRow<number>[];
    return Promise.resolve(rows.map(fromRow));
  }

  count(filter: AuditCondition): Promise<number> {
    const { where, params } = whereOf(filter);
    return Promise.resolve((this.db.prepare(`SELECT COUNT(*) AS n FROM audit_log ${where}`).get(...params) as { n: number }).n);
  }

  async *all(): AsyncIterable<AuditEntry> {
    const page = this.db.prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?');
    let after = 0;
    for (;;) {
      const rows = page.all(after, PAGE) as AuditRow<number>[];
      for (const r of rows) yield fromRow(r);
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1]!.seq;
    }
  }
}

/** Each condition in SQLite's SQL; bounds compare as instants, not text (a bound may carry an offset, `+08:00`). */
const CONDITION: Readonly<Record<AuditTerm, string>> = {
  from: 'julianday(at) >= julianday(?)',
  to: 'julianday(at) < julianday(?)',
  actor: 'actor = ?',
  action: 'action = ?',
  result: 'result = ?',
};

function whereOf(filter: AuditCondition): { where: string; params: string[] } {
  const terms = auditTerms(filter);
  return { where: whereClause(terms.map(([term]) => CONDITION[term])), params: terms.map(([, value]) => value) };
}

function fromRow(r: AuditRow<number>): AuditEntry {
  return auditEntryFromRow(r, r.seq);
}
