/**
 * The event log, the source of truth.
 *
 * - event: one accepted input, immutable, with the sender's `id` (unique in the log).
 * - seq: the event's position in the log: global, gap-free, increasing from 1.
 * - content hash: a hash of the event's canonical content (type, occurredAt, data), so a resend
 *   of the same event is recognised as a duplicate and a different event under a used id as a
 *   conflict.
 * - append: stores a batch atomically and durably before it resolves; all or nothing.
 */
export interface EventStore {
  /** A short name for health and logs (`sqlite`, `postgres`). */
  readonly kind: string;
  /** Appends the batch atomically; duplicates are skipped, a conflict refuses the whole batch. */
  append(events: readonly NewEvent[]): Promise<AppendResult>;
  /** Events with `seq > afterSeq`, in order, at most `limit`. */
  readAfter(afterSeq: number, limit: number): Promise<StoredEvent[]>;
  /** Position of the last event, 0 for an empty log. */
  lastSeq(): Promise<number>;
  /** The event with the sender's id, if accepted. */
  findById(id: string): Promise<StoredEvent | undefined>;
  /**
   * Keeps a derived state (serialised by its owner) that is complete up to `seq`, under `name`;
   * replaces the previous one of that name. Start-up loads it and replays only what follows.
   */
  saveCheckpoint(name: string, seq: number, state: string): Promise<void>;
  loadCheckpoint(name: string): Promise<{ seq: number; state: string } | undefined>;
  close(): Promise<void>;
}

/** An event about to be appended. */
export interface NewEvent {
  id: string;
  type: string;
  /** ISO 8601 with offset, as sent. */
  occurredAt: string;
  data: unknown;
  /** Keyed hash of the canonical content as sent (see server/ingest/prepare-event.ts). */
  hash: string;
}

export interface StoredEvent extends NewEvent {
  seq: number;
  /** When the server accepted it, ISO 8601 UTC. */
  receivedAt: string;
}

/**
 * What the read models' fold reads of an event: its position, type, time and data (not its id,
 * hash or arrival time, which the log keeps for idempotency and audit).
 */
export type ProjectedEvent = Pick<StoredEvent, 'seq' | 'type' | 'occurredAt' | 'data'>;

export type AppendResult =
  | { ok: true; accepted: StoredEvent[]; duplicates: number; lastSeq: number }
  | { ok: false; conflicts: string[] };
