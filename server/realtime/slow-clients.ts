import type { ScopeDelta } from '@protocol/index';
import type { Engine } from '../aggregate/engine';
import type { TypedSocket } from './typed-io';

/**
 * Slow clients. Socket.IO never drops what it was asked to send: while a connection cannot take
 * more (its websocket's last frames not yet handed to the kernel), engine.io queues every further
 * packet in the connection's `writeBuffer`, without limit. A wall on a choked link would grow the
 * server's memory by every delta of every room it is in. So a socket whose queue grows past
 * `maxBacklog` packets, or stays non-empty for `maxStallMs`, is put in snapshot mode: it leaves
 * its scope rooms (nothing more is queued for it), and once its queue has drained it gets, per
 * scope, one catch-up delta from the last delta it was sent to the room's head, then rejoins the
 * room's chain (see `catchUpDelta`).
 */
export interface SlowClientLimits {
  /** Packets waiting in a connection's write buffer from which its socket is demoted. */
  maxBacklog: number;
  /** How long packets may wait without the transport draining before the socket is demoted, ms. */
  maxStallMs: number;
}

/**
 * A healthy websocket has nothing waiting when the next window starts (a window's packets reach
 * the kernel in microseconds on a LAN). 64 packets are 16 s of deltas of one busy scope at the
 * default window, and the queued packets of a room broadcast are shared between its members, so
 * the most a demoted socket holds is small; 10 s lets a large snapshot cross a slow link.
 */
export const DEFAULT_SLOW_CLIENT_LIMITS: SlowClientLimits = { maxBacklog: 64, maxStallMs: 10_000 };

/** Where a demoted socket's state of one scope stands: the position and day of the last delta or answer it was sent. */
export interface BehindAt {
  seq: number;
  day: string;
}

/** What the socket's engine.io connection holds back: packets not yet handed to the transport, and whether it takes more. */
export function backlogOf(socket: TypedSocket): { packets: number; writable: boolean } {
  // engine.io's Socket keeps both public at run time, though its typings do not list writeBuffer.
  const conn = socket.conn as unknown as { writeBuffer?: readonly unknown[]; transport?: { writable?: boolean } };
  return { packets: conn.writeBuffer?.length ?? 0, writable: conn.transport?.writable !== false };
}

/** Decides, socket by socket and once a window, when to demote a socket and when it has drained. */
export class SlowClientWatch {
  /** When each socket was first seen with packets waiting (cleared when seen with none). */
  private readonly waitingSince = new WeakMap<TypedSocket, number>();

  constructor(private readonly limits: SlowClientLimits) {}

  /** `demote`: it just fell behind; `restore`: a demoted socket has drained; else nothing to do. */
  verdict(socket: TypedSocket, demoted: boolean, now: number): 'demote' | 'restore' | undefined {
    const { packets, writable } = backlogOf(socket);
    if (packets === 0) this.waitingSince.delete(socket);
    if (demoted) return packets === 0 && writable ? 'restore' : undefined;
    if (packets === 0) return undefined;
    const since = this.waitingSince.get(socket) ?? now;
    this.waitingSince.set(socket, since);
    return packets >= this.limits.maxBacklog || now - since >= this.limits.maxStallMs ? 'demote' : undefined;
  }
}

/**
 * The one delta that brings a demoted socket from `at` to the room's head `head` (which must be
 * the engine's position: the caller flushed the room first):
 *
 * - the changes since `at` when the log can say (same day, not too far behind, a live list that
 *   only grew): a complete delta (every number, the incidents added) following the last one the
 *   socket was sent, so a client applies it like any other;
 * - else, when the head moved, a heartbeat that follows the head: its `prevSeq` is not the
 *   client's `seq`, so the client sees the gap and resubscribes (with `lastSeq`; it gets a
 *   snapshot);
 * - else `undefined`: nothing was appended but the day turned, so no delta can tell the client
 *   what it missed; the caller drops the connection and the client resubscribes on reconnecting.
 */
export function catchUpDelta(engine: Engine, scope: string, at: BehindAt, head: number, live?: ReturnType<Engine['live']>): ScopeDelta | undefined {
  const changes = engine.changesSince(scope, at.seq, at.day, live);
  if (changes) {
    const { kind: _kind, ...delta } = changes;
    return delta;
  }
  if (head !== at.seq) return { scope, seq: head, prevSeq: head, asOf: engine.asOf() };
  return undefined;
}
