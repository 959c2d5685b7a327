import type Database from 'better-sqlite3';

/** An event as the log's table stores it: id, type, occurredAt, keyed hash, data as JSON. */
export type LogRow = [id: string, type: string, occurredAt: string, hash: string, data: string];

/** What became of one batch of a group: its accepted rows (by index) with their first seq, or its conflicts. */
export type BatchOutcome =
  | { ok: true; accepted: number[]; firstSeq: number; duplicates: number; lastSeq: number }
  | { ok: false; conflicts: string[] };

/**
 * Appends groups of batches to the `events` table, one transaction per group (one fsync for many
 * requests), each batch all-or-nothing: a conflict (a known id with other content) refuses it
 * whole and writes nothing of it; a known id with the same content is a duplicate, skipped.
 * Used by the log's writer thread, and in the calling thread for an in-memory database; the
 * engine's checkpoints are written the same way, so the log's file has one writer.
 */
export class SqliteLogAppend {
  private readonly insert: Database.Statement;
  private readonly selectLast: Database.Statement<[], { seq: number | null }>;
  private readonly hashStatements = new Map<number, Database.Statement>();
  private readonly replaceCheckpoint: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare('INSERT INTO events (seq, id, type, occurred_at, received_at, hash, data) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.selectLast = db.prepare('SELECT MAX(seq) AS seq FROM events');
    this.replaceCheckpoint = db.prepare('INSERT OR REPLACE INTO checkpoints (name, seq, state, saved_at) VALUES (?, ?, ?, ?)');
  }

  /** Keeps a derived state under `name`, replacing the previous one (see `EventStore.saveCheckpoint`). */
  saveCheckpoint(name: string, seq: number, state: string, savedAt: string): void {
    this.replaceCheckpoint.run(name, seq, state, savedAt);
  }

  /** Commits the group in one transaction (throws, committing nothing, on a database error). */
  appendGroup(batches: readonly { rows: readonly LogRow[]; receivedAt: string }[]): BatchOutcome[] {
    return this.db.transaction(() => batches.map((b) => this.appendBatch(b.rows, b.receivedAt)))();
  }

  private appendBatch(rows: readonly LogRow[], receivedAt: string): BatchOutcome {
    const lastSeq = this.selectLast.get()?.seq ?? 0;
    const stored = this.storedHashes(rows.map((r) => r[0]));
    const accepted: number[] = [];
    const conflicts: string[] = [];
    const inBatch = new Map<string, string>();
    let duplicates = 0;
    rows.forEach(([id, , , hash], i) => {
      const known = inBatch.get(id) ?? stored.get(id);
      if (known === undefined) {
        inBatch.set(id, hash);
        accepted.push(i);
      } else if (known === hash) {
        duplicates += 1;
      } else {
        conflicts.push(id);
      }
    });
    if (conflicts.length > 0) return { ok: false, conflicts };
    let seq = lastSeq;
    for (const i of accepted) {
      const [id, type, occurredAt, hash, data] = rows[i]!;
      seq += 1;
      this.insert.run(seq, id, type, occurredAt, receivedAt, hash, data);
    }
    return { ok: true, accepted, firstSeq: lastSeq + 1, duplicates, lastSeq: seq };
  }

  /** Hashes of the already stored events among `ids`, looked up in chunks (one query, not one per id). */
  private storedHashes(ids: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = this.selectHashes(chunk.length).all(...chunk) as { id: string; hash: string }[];
      for (const r of rows) out.set(r.id, r.hash);
    }
    return out;
  }

  /** `SELECT … WHERE id IN (?, …)` for `n` ids, prepared once per size (batches come in few sizes). */
  private selectHashes(n: number): Database.Statement {
    let statement = this.hashStatements.get(n);
    if (!statement) {
      statement = this.db.prepare(`SELECT id, hash FROM events WHERE id IN (${Array.from({ length: n }, () => '?').join(',')})`);
      if (this.hashStatements.size < 64) this.hashStatements.set(n, statement);
    }
    return statement;
  }
}
