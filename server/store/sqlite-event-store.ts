import type Database from 'better-sqlite3';
import type { AppendResult, EventStore, NewEvent, StoredEvent } from './event-store';
import { LogWriterThread } from './log-writer-thread';
import { SqliteLogAppend, type BatchOutcome, type LogRow } from './sqlite-log-append';

/**
 * The embedded event log: a table of the SQLite file, appended in one transaction per group of
 * batches; with the database's synchronous commits an append that resolved survives a `kill -9`.
 * Appends are committed by a writer thread with its own connection (the commit's fsync waits
 * there, while this thread goes on parsing requests); reads use the connection handed in. An
 * in-memory database, which no other connection can open, is appended to in this thread.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly selectById: Database.Statement<[string], EventRow>;
  private readonly selectAfter: Database.Statement<[number, number], EventRow>;
  private readonly selectLast: Database.Statement<[], { seq: number | null }>;
  private readonly commit: (batches: LogRow[][], receivedAt: string) => Promise<BatchOutcome[]>;
  private readonly save: (name: string, seq: number, state: string, savedAt: string) => Promise<void>;
  private readonly writer: LogWriterThread | undefined;
  /** Batches handed in since the last group went out, committed together as the next group. */
  private readonly waiting: { events: readonly NewEvent[]; rows: LogRow[]; resolve: (r: AppendResult) => void; reject: (err: unknown) => void }[] = [];
  /** A group is being committed: batches wait for its answer (group commit). */
  private committing = false;

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
    this.selectById = this.db.prepare('SELECT * FROM events WHERE id = ?');
    this.selectAfter = this.db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
    this.selectLast = this.db.prepare('SELECT MAX(seq) AS seq FROM events');
    if (db.memory) {
      const inThread = new SqliteLogAppend(db);
      this.commit = (batches, receivedAt) => Promise.resolve(inThread.appendGroup(batches, receivedAt));
      this.save = (name, seq, state, savedAt) => Promise.resolve(inThread.saveCheckpoint(name, seq, state, savedAt));
    } else {
      const writer = new LogWriterThread(db.name);
      this.writer = writer;
      this.commit = (batches, receivedAt) => writer.append(batches, receivedAt);
      this.save = (name, seq, state, savedAt) => writer.saveCheckpoint(name, seq, state, savedAt);
    }
  }

  /**
   * Appends a batch. Batches handed in while a group is being committed (or in the same turn of
   * the event loop) go out together as the next group, each still all-or-nothing with its own
   * answer: the synchronous commit's fsync is paid once per group, not once per request.
   */
  append(events: readonly NewEvent[]): Promise<AppendResult> {
    const rows = events.map((e): LogRow => [e.id, e.type, e.occurredAt, e.hash, JSON.stringify(e.data)]);
    return new Promise((resolve, reject) => {
      this.waiting.push({ events, rows, resolve, reject });
      if (this.waiting.length === 1 && !this.committing) setImmediate(() => void this.commitWaiting());
    });
  }

  private async commitWaiting(): Promise<void> {
    const group = this.waiting.splice(0);
    if (group.length === 0) return;
    this.committing = true;
    const receivedAt = new Date().toISOString();
    try {
      const outcomes = await this.commit(
        group.map((g) => g.rows),
        receivedAt,
      );
      group.forEach((g, i) => g.resolve(toResult(g.events, outcomes[i]!, receivedAt)));
    } catch (err) {
      // Nothing of the group was committed: every batch in it fails as it would alone.
      for (const g of group) g.reject(err);
    } finally {
      this.committing = false;
      if (this.waiting.length > 0) void this.commitWaiting();
    }
  }

  readAfter(afterSeq: number, limit: number): Promise<StoredEvent[]> {
    return Promise.resolve(this.selectAfter.all(afterSeq, limit).map(fromRow));
  }

  lastSeq(): Promise<number> {
    return Promise.resolve(this.selectLast.get()?.seq ?? 0);
  }

  findById(id: string): Promise<StoredEvent | undefined> {
    const row = this.selectById.get(id);
    return Promise.resolve(row ? fromRow(row) : undefined);
  }

  /** Written by the writer thread where there is one: a checkpoint is megabytes, and its commit waits for the file's write lock. */
  saveCheckpoint(name: string, seq: number, state: string): Promise<void> {
    return this.save(name, seq, state, new Date().toISOString());
  }

  loadCheckpoint(name: string): Promise<{ seq: number; state: string } | undefined> {
    const row = this.db.prepare('SELECT seq, state FROM checkpoints WHERE name = ?').get(name) as { seq: number; state: string } | undefined;
    return Promise.resolve(row);
  }

  /** Ends the writer thread after what was handed in; the database is closed by its opener. */
  async close(): Promise<void> {
    while (this.committing || this.waiting.length > 0) await new Promise((r) => setImmediate(r));
    await this.writer?.close();
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

/** A batch's answer, its accepted events numbered from the outcome's first seq. */
function toResult(events: readonly NewEvent[], outcome: BatchOutcome, receivedAt: string): AppendResult {
  if (!outcome.ok) return outcome;
  const accepted = outcome.accepted.map((index, k): StoredEvent => ({ ...events[index]!, seq: outcome.firstSeq + k, receivedAt }));
  return { ok: true, accepted, duplicates: outcome.duplicates, lastSeq: outcome.lastSeq };
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
