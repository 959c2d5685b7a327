import type Database from 'better-sqlite3';
import type { AppendResult, EventStore, NewEvent, StoredEvent } from './event-store';
import { LogWriterThread } from './log-writer-thread';
import { SqliteLogAppend, type BatchOutcome, type LogRow } from './sqlite-log-append';
import { storedEventOf, type EventRow } from './sqlite-log-reader';

/**
 * The embedded event log: a table of the SQLite file, appended in one transaction per group of
 * batches that arrive together; with the database's synchronous commits an append that resolved
 * survives a `kill -9`. Appends are committed by a writer thread with its own connection (the
 * commit's fsync waits there, while this thread goes on parsing requests); reads use the
 * connection handed in. An in-memory database, which no other connection can open, is appended
 * to in this thread, a transaction per batch.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly selectById: Database.Statement<[string], EventRow>;
  private readonly selectAfter: Database.Statement<[number, number], EventRow>;
  private readonly selectLast: Database.Statement<[], { seq: number | null }>;
  private readonly commit: (rows: LogRow[], receivedAt: string) => Promise<BatchOutcome>;
  private readonly save: (name: string, seq: number, state: string, savedAt: string) => Promise<void>;
  private readonly writer: LogWriterThread | undefined;

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
      this.commit = (rows, receivedAt) => new Promise((resolve) => resolve(inThread.appendGroup([{ rows, receivedAt }])[0]!));
      this.save = (name, seq, state, savedAt) => new Promise((resolve) => resolve(inThread.saveCheckpoint(name, seq, state, savedAt)));
    } else {
      const writer = new LogWriterThread(db.name);
      this.writer = writer;
      this.commit = (rows, receivedAt) => writer.append(rows, receivedAt);
      this.save = (name, seq, state, savedAt) => writer.saveCheckpoint(name, seq, state, savedAt);
    }
  }

  /**
   * Appends a batch. The writer thread commits the batches that reach it while it is busy
   * together, each still all-or-nothing with its own answer: the synchronous commit's fsync is
   * paid once per group, not once per request.
   */
  async append(events: readonly NewEvent[]): Promise<AppendResult> {
    const rows = events.map((e): LogRow => [e.id, e.type, e.occurredAt, e.hash, JSON.stringify(e.data)]);
    const receivedAt = new Date().toISOString();
    return toResult(events, await this.commit(rows, receivedAt), receivedAt);
  }

  readAfter(afterSeq: number, limit: number): Promise<StoredEvent[]> {
    return Promise.resolve(this.selectAfter.all(afterSeq, limit).map(storedEventOf));
  }

  lastSeq(): Promise<number> {
    return Promise.resolve(this.selectLast.get()?.seq ?? 0);
  }

  findById(id: string): Promise<StoredEvent | undefined> {
    const row = this.selectById.get(id);
    return Promise.resolve(row ? storedEventOf(row) : undefined);
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
    await this.writer?.close();
  }
}

/** A batch's answer, its accepted events numbered from the outcome's first seq. */
function toResult(events: readonly NewEvent[], outcome: BatchOutcome, receivedAt: string): AppendResult {
  if (!outcome.ok) return outcome;
  const accepted = outcome.accepted.map((index, k): StoredEvent => ({ ...events[index]!, seq: outcome.firstSeq + k, receivedAt }));
  return { ok: true, accepted, duplicates: outcome.duplicates, lastSeq: outcome.lastSeq };
}
