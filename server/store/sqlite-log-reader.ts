import type Database from 'better-sqlite3';
import type { ProjectedEvent, StoredEvent } from './event-store';

/** A row of the embedded log's `events` table (see `SqliteEventStore`). */
export interface EventRow {
  seq: number;
  id: string;
  type: string;
  occurred_at: string;
  received_at: string;
  hash: string;
  data: string;
}

export function storedEventOf(r: EventRow): StoredEvent {
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

/**
 * Reads committed events of the embedded log by position, through a connection of its own: the
 * projector's thread reads the pages it folds itself instead of receiving them, so the thread
 * serving ingest does not serialise every event a second time (the first is to the log writer).
 */
export class SqliteLogReader {
  /**
   * Only the columns the fold reads, as arrays: the id, hash and arrival time it does not need
   * were a third of the read's cost (strings made for every row), row objects another part.
   */
  private readonly selectRange: Database.Statement<[number, number], [number, string, string, string]>;

  constructor(db: Database.Database) {
    this.selectRange = db.prepare<[number, number], [number, string, string, string]>('SELECT seq, type, occurred_at, data FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq').raw();
  }

  /**
   * Events `fromSeq` to `toSeq`, every one of them (a missing position is an error, not a shorter
   * page), read a chunk at a time as they are folded: a page of 5,000 parsed events held whole
   * was copied by every young-generation collection during its fold.
   */
  *range(fromSeq: number, toSeq: number): Generator<ProjectedEvent> {
    for (let from = fromSeq; from <= toSeq; from += RANGE_CHUNK) {
      const to = Math.min(toSeq, from + RANGE_CHUNK - 1);
      const rows = this.selectRange.all(from, to);
      if (rows.length !== to - from + 1) throw new Error(`the log holds ${rows.length} of the events ${from} to ${to}`);
      for (const [seq, type, occurredAt, data] of rows) yield { seq, type, occurredAt, data: JSON.parse(data) as unknown };
    }
  }
}

/** Events read from the log at once while folding a page. */
const RANGE_CHUNK = 256;
