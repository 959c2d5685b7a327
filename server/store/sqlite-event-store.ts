import type Database from 'better-sqlite3';
import type { AppendResult, EventStore, NewEvent, StoredEvent } from './event-store';

/**
 * The embedded event log: a table of the SQLite file, appended in one transaction per batch; with
 * the database's synchronous commits an append that resolved survives a `kill -9`.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly selectById: Database.Statement<[string], EventRow>;
  private readonly selectAfter: Database.Statement<[number, number], EventRow>;
  private readonly selectLast: Database.Statement<[], { seq: number | null }>;
  private readonly hashStatements = new Map<number, Database.Statement>();
  /** Batches handed in since the last commit, committed together on the next turn. */
  private readonly waiting: { events: readonly NewEvent[]; resolve: (r: AppendResult) => void; reject: (err: unknown) => void }[] = [];

  /** Uses (and creates if needed) the `events` table of an open database (see `openDatabase`). */
  constructor(db: Database.Database) {
    this.db = db;
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        received_at TEXT NOT NULL,
        hash TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS checkpoints (
        name TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        state TEXT NOT NULL,
        saved_at TEXT NOT NULL
      )`);
    this.insert = this.db.prepare(
      'INSERT INTO events (seq, id, type, occurred_at, received_at, hash, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.selectById = this.db.prepare('SELECT * FROM events WHERE id = ?');
    this.selectAfter = this.db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
    this.selectLast = this.db.prepare('SELECT MAX(seq) AS seq FROM events');
  }

  /**
   * Appends a batch. Batches handed in while the event loop is busy wait for the next turn and
   * are committed together, each still all-or-nothing with its own answer (group commit): the
   * synchronous commit's fsync is paid once per group, not once per request.
   */
  append(events: readonly NewEvent[]): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ events, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => this.commitWaiting());
    });
  }

  private commitWaiting(): void {
    const group = this.waiting.splice(0);
    const receivedAt = new Date().toISOString();
    let results: AppendResult[];
    try {
      results = this.db.transaction(() => group.map((g) => this.appendInTransaction(g.events, receivedAt)))();
    } catch (err) {
      // Nothing of the group was committed: every batch in it fails as it would alone.
      for (const g of group) g.reject(err);
      return;
    }
    group.forEach((g, i) => g.resolve(results[i]!));
  }

  /** One batch inside the group's transaction: a conflict refuses it whole and writes nothing of it. */
  private appendInTransaction(batch: readonly NewEvent[], receivedAt: string): AppendResult {
    let seq = this.selectLast.get()?.seq ?? 0;
    const stored = this.storedHashes(batch.map((e) => e.id));
    const accepted: StoredEvent[] = [];
    const conflicts: string[] = [];
    const inBatch = new Map<string, string>();
    let duplicates = 0;
    for (const e of batch) {
      const known = inBatch.get(e.id) ?? stored.get(e.id);
      if (known === undefined) {
        inBatch.set(e.id, e.hash);
        seq += 1;
        accepted.push({ ...e, seq, receivedAt });
      } else if (known === e.hash) {
        duplicates += 1;
      } else {
        conflicts.push(e.id);
      }
    }
    if (conflicts.length > 0) return { ok: false, conflicts };
    for (const e of accepted) {
      this.insert.run(e.seq, e.id, e.type, e.occurredAt, e.receivedAt, e.hash, JSON.stringify(e.data));
    }
    return { ok: true, accepted, duplicates, lastSeq: seq };
  }

  readAfter(afterSeq: number, limit: number): Promise<StoredEvent[]> {
    return Promise.resolve(this.selectAfter.all(afterSeq, limit).map(fromRow));
  }

  lastSeq(): Promise<number> {
    return Promise.resolve(this.selectLast.get()?.seq ?? 0);
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

  findById(id: string): Promise<StoredEvent | undefined> {
    const row = this.selectById.get(id);
    return Promise.resolve(row ? fromRow(row) : undefined);
  }

  saveCheckpoint(name: string, seq: number, state: string): Promise<void> {
    this.db
      .prepare('INSERT OR REPLACE INTO checkpoints (name, seq, state, saved_at) VALUES (?, ?, ?, ?)')
      .run(name, seq, state, new Date().toISOString());
    return Promise.resolve();
  }

  loadCheckpoint(name: string): Promise<{ seq: number; state: string } | undefined> {
    const row = this.db.prepare('SELECT seq, state FROM checkpoints WHERE name = ?').get(name) as { seq: number; state: string } | undefined;
    return Promise.resolve(row);
  }

  /** The database is closed by its opener. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

interface EventRow {
  seq: number;
  id: string;
  type: string;
  occurred_at: string;
  received_at: string;
  hash: string;
  data: string;
}

function fromRow(r: EventRow): StoredEvent {
  return {
    seq: r.seq,
    id: r.id,
    type: r.type,
    occurredAt: r.occurred_at,
    receivedAt: r.received_at,
    hash: r.hash,
    data: JSON.parse(r.data) as unknown,
  };
}
