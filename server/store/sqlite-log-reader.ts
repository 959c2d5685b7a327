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

  /** Events `fromSeq` to `toSeq`, every one of them: a missing position is an error, not a shorter page. */
  range(fromSeq: number, toSeq: number): ProjectedEvent[] {
    const rows = this.selectRange.all(fromSeq, toSeq);
    if (rows.length !== toSeq - fromSeq + 1) throw new Error(`the log holds ${rows.length} of the events ${fromSeq} to ${toSeq}`);
    return rows.map(([seq, type, occurredAt, data]) => ({ seq, type, occurredAt, data: JSON.parse(data) as unknown }));
  }
}
