import type { AuditCondition, AuditEntry, AuditEntryInput } from './audit-store';

/**
 * What the SQL audit stores (SQLite, PostgreSQL) have in common: the `audit_log` row and its
 * mapping to and from an entry, and the terms of a filter. Each store keeps only its dialect
 * (placeholders, how an instant is compared) and its driver's types.
 */

/** The columns of `audit_log` an entry is read from and written to, in this order. */
export const AUDIT_COLUMNS = 'seq, at, actor, role, source, action, target, result, detail, prev_hash, hash';

/** A row of `audit_log` as read; `Seq` is how the driver returns the sequence number. */
export interface AuditRow<Seq> {
  seq: Seq;
  at: string;
  actor: string;
  role: string | null;
  source: string;
  action: string;
  target: string;
  result: AuditEntry['result'];
  detail: string | null;
  prev_hash: string;
  hash: string;
}

/** The entry a row holds, with its sequence number already read as a number. */
export function auditEntryFromRow(r: AuditRow<unknown>, seq: number): AuditEntry {
  return {
    seq,
    at: r.at,
    actor: r.actor,
    role: r.role ?? undefined,
    source: r.source,
    action: r.action,
    target: r.target,
    result: r.result,
    detail: r.detail === null ? undefined : (JSON.parse(r.detail) as Record<string, unknown>),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** The values of `AUDIT_COLUMNS` for a new entry, in their order. */
export function auditRowValues(e: AuditEntryInput, seq: number, prevHash: string, hash: string): (string | number | null)[] {
  return [seq, e.at, e.actor, e.role ?? null, e.source, e.action, e.target, e.result, e.detail === undefined ? null : JSON.stringify(e.detail), prevHash, hash];
}

/** A condition of an `AuditFilter`: `from` and `to` bound `at` (`from` included), the others match exactly. */
export type AuditTerm = keyof AuditCondition;

/** The filter's conditions that are set, in a fixed order, each with its value; a store renders them in its SQL. */
export function auditTerms(filter: AuditCondition): [AuditTerm, string][] {
  const terms: [AuditTerm, string | undefined][] = [
    ['from', filter.from],
    ['to', filter.to],
    ['actor', filter.actor],
    ['action', filter.action],
    ['result', filter.result],
  ];
  return terms.filter((t): t is [AuditTerm, string] => t[1] !== undefined);
}

/** `WHERE a AND b`, or nothing when there is no condition. */
export function whereClause(conditions: string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}
