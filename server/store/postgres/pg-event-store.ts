import type pg from 'pg';
import type { AppendResult, EventStore, NewEvent, StoredEvent } from '../event-store';
import { inTransaction, LOCK_KEYS, toNumber } from './pg-pool';

/**
 * The event log in PostgreSQL, shared by every node (tables of migrations/001_initial.sql).
 *
 * An append is one transaction that first takes an advisory lock (see `inTransaction`), so
 * appenders queue one behind the other, in this process and in every other process on the
 * database: under the lock, max(seq) is the true end of the log, the batch gets the numbers that
 * follow, and a rollback gives nothing back because nothing was taken. The lock is held until
 * COMMIT, so a reader never sees seq n+1 before n. The commit is synchronous (the server's
 * default), so a resolved append is durable. A batch is four round trips whatever its size:
 * BEGIN with the lock, one lookup of its ids and of the end of the log, one INSERT of every row
 * (arrays through UNNEST), COMMIT.
 */
export class PgEventStore implements EventStore {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;
  /**
   * Appends of this process queue here before taking a connection: they would wait on the lock
   * anyway, and queued on it they would hold every connection of the pool, starving the reads.
   */
  private appending: Promise<unknown> = Promise.resolve();

  /** Uses the tables created by `migrate`; the pool belongs to the caller. */
  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  append(events: readonly NewEvent[]): Promise<AppendResult> {
    const run = this.appending.then(() => this.appendNow(events));
    this.appending = run.catch(() => undefined);
    return run;
  }

  private appendNow(events: readonly NewEvent[]): Promise<AppendResult> {
    const receivedAt = new Date().toISOString();
    return inTransaction(
      this.pool,
      async (client): Promise<AppendResult> => {
        const ids = [...new Set(events.map((e) => e.id))];
        // One row per known id (or a single row of NULLs), each carrying the end of the log.
        const found = await client.query<{ id: string | null; hash: string | null; last: string }>(
          `SELECT e.id, e.hash, m.last
             FROM (SELECT coalesce(max(seq), 0) AS last FROM events) m
             LEFT JOIN events e ON e.id = ANY($1::text[])`,
          [ids],
        );
        let seq = toNumber(found.rows[0]?.last ?? 0);
        const known = new Map<string, string>();
        for (const r of found.rows) if (r.id !== null && r.hash !== null) known.set(r.id, r.hash);

        const accepted: StoredEvent[] = [];
        const conflicts: string[] = [];
        let duplicates = 0;
        for (const e of events) {
          const hash = known.get(e.id);
          if (hash === undefined) {
            known.set(e.id, e.hash);
            seq += 1;
            accepted.push({ ...e, seq, receivedAt });
          } else if (hash === e.hash) {
            duplicates += 1;
          } else {
            conflicts.push(e.id);
          }
        }
        if (conflicts.length > 0) return { ok: false, conflicts };
        if (accepted.length > 0) {
          await client.query(
            `INSERT INTO events (seq, id, type, occurred_at, received_at, hash, data)
             SELECT u.seq, u.id, u.type, u.occurred_at, $5::timestamptz, u.hash, u.data
               FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $6::text[], $7::text[])
                 AS u(seq, id, type, occurred_at, hash, data)`,
            [
              accepted.map((e) => e.seq),
              accepted.map((e) => e.id),
              accepted.map((e) => e.type),
              accepted.map((e) => e.occurredAt),
              receivedAt,
              accepted.map((e) => e.hash),
              // Kept as the JSON text, so it reads back exactly (see the migration).
              accepted.map((e) => JSON.stringify(e.data)),
            ],
          );
        }
        return { ok: true, accepted, duplicates, lastSeq: seq };
      },
      { lock: LOCK_KEYS.eventAppend, commit: (r) => r.ok },
    );
  }

  async readAfter(afterSeq: number, limit: number): Promise<StoredEvent[]> {
    const rows = await this.pool.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`, [afterSeq, limit]);
    return rows.rows.map(fromRow);
  }

  async lastSeq(): Promise<number> {
    const r = await this.pool.query<{ last: string }>('SELECT coalesce(max(seq), 0) AS last FROM events');
    return toNumber(r.rows[0]?.last ?? 0);
  }

  async findById(id: string): Promise<StoredEvent | undefined> {
    const r = await this.pool.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE id = $1`, [id]);
    const row = r.rows[0];
    return row ? fromRow(row) : undefined;
  }

  async saveCheckpoint(name: string, seq: number, state: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO checkpoints (name, seq, state, saved_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, state = excluded.state, saved_at = excluded.saved_at`,
      [name, seq, state],
    );
  }

  async loadCheckpoint(name: string): Promise<{ seq: number; state: string } | undefined> {
    const r = await this.pool.query<{ seq: string; state: string }>('SELECT seq, state FROM checkpoints WHERE name = $1', [name]);
    const row = r.rows[0];
    return row ? { seq: toNumber(row.seq), state: row.state } : undefined;
  }

  /** The pool is ended by its opener (`openPostgresStores`). */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const COLUMNS = 'seq, id, type, occurred_at, received_at, hash, data';

interface EventRow {
  seq: string;
  id: string;
  type: string;
  occurred_at: string;
  received_at: Date;
  hash: string;
  data: string;
}

function fromRow(r: EventRow): StoredEvent {
  return {
    seq: toNumber(r.seq),
    id: r.id,
    type: r.type,
    occurredAt: r.occurred_at,
    receivedAt: r.received_at.toISOString(),
    hash: r.hash,
    data: JSON.parse(r.data) as unknown,
  };
}
