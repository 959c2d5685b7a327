/**
 * The audit trail: who did what, when, from where, to what, with which result. Append-only and
 * chained: each entry holds the hash of the one before, so an edit, a deletion or a reordering
 * breaks the chain from that entry on (`npm run audit:verify` finds the first break).
 *
 * - hash: SHA-256 over the previous entry's hash and this entry's canonical content
 *   (`auditHash`); the first entry's previous hash is 64 zeros.
 */
export interface AuditEntryInput {
  /** ISO 8601 UTC. */
  at: string;
  /** Who: a username, `display:<name>`, `apikey:<name>`, `cli`, or `anonymous`. */
  actor: string;
  role: string | undefined;
  /** Source address (IP) or `cli`. */
  source: string;
  /** What, as `area.verb`: `auth.login`, `account.create`, `display-token.revoke`, `export.xlsx`, `alarm.acknowledge`, ... */
  action: string;
  /** To what: a username, token id, scope code, incident id... */
  target: string;
  result: 'ok' | 'denied' | 'failed';
  /** Extra facts (parameters, row counts, file hash); never personal data in clear. */
  detail: Record<string, unknown> | undefined;
}

export interface AuditEntry extends AuditEntryInput {
  seq: number;
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  result?: AuditEntryInput['result'];
  limit: number;
  offset: number;
  /** Newest entries first (the auditor's view); oldest first by default. */
  newestFirst?: boolean;
}

/** The conditions of an `AuditFilter` without its page. */
export type AuditCondition = Omit<AuditFilter, 'limit' | 'offset' | 'newestFirst'>;

export interface AuditStore {
  /** Appends one entry, chaining it to the last; entries are serialised so the chain has no forks. */
  append(entry: AuditEntryInput): Promise<AuditEntry>;
  list(filter: AuditFilter): Promise<AuditEntry[]>;
  /** How many entries match (for paging). */
  count(filter: AuditCondition): Promise<number>;
  /** Every entry in order, for verification and export. */
  all(): AsyncIterable<AuditEntry>;
}
