import {
  PROTOCOL_VERSION,
  SOCKET_EVENTS,
  handshakeAuth,
  subscribeRequest,
  unsubscribeRequest,
  type IncidentPoint,
  type ScopeDelta,
} from '@protocol/index';
import { selfAndAncestors } from '@geo/scope-code';
import { canReadScope } from '../identity/access';
import type { Logger } from 'pino';
import type { Engine } from '../aggregate/engine';
import type { ScopeChange } from '../aggregate/today-incidents';
import type { ProjectionChanges } from '../projections/projector';
import { PendingDelta } from './pending-delta';
import type { TypedServer, TypedSocket } from './typed-io';

export interface ScopeRoomsOptions {
  /** Coalescing window of deltas, ms. */
  windowMs: number;
  /** Longest silence of a subscribed scope before an empty delta goes out, ms. */
  heartbeatMs: number;
  logger: Logger;
}

/** Severity from which a new incident is pushed at once, ahead of its coalesced delta. */
const ALARM_SEVERITY = 3;
/** A scope's live numbers are recomputed at most this often while events keep coming, ms. */
const LIVE_MIN_INTERVAL_MS = 1000;
/** Deadlines pass without events: every scope's numbers are recomputed this often anyway, ms. */
const LIVE_REFRESH_MS = 30_000;

/**
 * One Socket.IO room per scope code. Each room has one chain of deltas: every delta names the
 * `seq` it follows (`prevSeq`), and a subscriber's snapshot is taken exactly at the room's chain
 * head, so the first delta it receives follows on from its snapshot.
 */
export function attachScopeRooms(io: TypedServer, engine: Engine, options: ScopeRoomsOptions): { close(): void } {
  const rooms = new Map<string, RoomState>();

  /** A scope's live numbers at the engine's position, computed once for every socket that asks then. */
  const liveCache = new Map<string, { seq: number; at: number; live: ReturnType<Engine['live']> }>();
  const liveOf = (scope: string): ReturnType<Engine['live']> => {
    const hit = liveCache.get(scope);
    if (hit && hit.seq === engine.seq && Date.now() - hit.at < LIVE_MIN_INTERVAL_MS) return hit.live;
    const live = engine.live(scope);
    liveCache.set(scope, { seq: engine.seq, at: Date.now(), live });
    return live;
  };

  /**
   * Sends the room's delta up to the engine's position. A delta claims the scope is complete up
   * to its `seq`, so whenever the numbers may have moved since the last one (`liveDirty`) it
   * carries them.
   */
  const flush = (scope: string, room: RoomState): void => {
    const pending = room.pending;
    room.pending = undefined;
    const delta: ScopeDelta = {
      scope,
      seq: engine.seq,
      prevSeq: room.lastSeq,
      asOf: engine.asOf(),
    };
    if (room.liveDirty || pending) {
      const live = liveOf(scope);
      delta.kpis = live.kpis;
      delta.hourly = live.hourly;
      // The bigger parts go out only when they changed (the map's per-grid numbers of a district
      // are tens of kilobytes; most recomputations leave them as they were).
      for (const part of ['panels', 'map', 'alarms'] as const) {
        const json = JSON.stringify(live[part]);
        if (room.sent[part] !== json) {
          room.sent[part] = json;
          Object.assign(delta, { [part]: live[part] });
        }
      }
      room.liveDirty = false;
      room.liveAt = Date.now();
    }
    if (pending) delta.incidents = { added: [...pending.added.values()], removed: [...pending.removed] };
    room.lastSeq = engine.seq;
    room.lastEmitAt = Date.now();
    io.to(scope).emit(SOCKET_EVENTS.delta, delta);
  };

  engine.listen({
    changed(changes: readonly ScopeChange[]) {
      for (const c of changes) {
        const room = rooms.get(c.scope);
        if (!room) continue;
        room.pending ??= new PendingDelta();
        room.pending.merge(c);
      }
    },
    projected(changes: ProjectionChanges) {
      for (const code of changes.scopes) {
        for (const c of selfAndAncestors(code)) {
          const room = rooms.get(c);
          if (room) room.liveDirty = true;
        }
      }
    },
    incidentReported(point: IncidentPoint) {
      if (point.severity < ALARM_SEVERITY) return;
      const targets = selfAndAncestors(point.scope).filter((code) => rooms.has(code));
      if (targets.length > 0) io.to(targets).emit(SOCKET_EVENTS.incidentReported, point);
    },
  });

  const timer = setInterval(() => {
    engine.tick();
    const now = Date.now();
    for (const [scope, room] of rooms) {
      if (now - room.liveAt >= LIVE_REFRESH_MS) room.liveDirty = true;
      // Busy scopes send at most one recomputation a second; new incidents still go out each window.
      const liveDue = room.liveDirty && now - room.liveAt >= LIVE_MIN_INTERVAL_MS;
      if (room.pending || liveDue || now - room.lastEmitAt >= options.heartbeatMs) flush(scope, room);
    }
  }, options.windowMs);
  timer.unref();

  io.of('/').adapter.on('delete-room', (room: string) => {
    rooms.delete(room);
  });

  io.on('connection', (socket: TypedSocket) => {
    const auth = handshakeAuth.safeParse(socket.handshake.auth);
    if (!auth.success || auth.data.protocol !== PROTOCOL_VERSION) {
      const received: unknown = (socket.handshake.auth as { protocol?: unknown } | undefined)?.protocol;
      options.logger.info({ received }, 'socket refused: protocol mismatch');
      socket.emit(SOCKET_EVENTS.protocolError, {
        expected: PROTOCOL_VERSION,
        received,
        message: `this server speaks protocol ${PROTOCOL_VERSION}; please reload the page`,
      });
      socket.disconnect(true);
      return;
    }
    socket.data.protocol = auth.data.protocol;

    socket.on(SOCKET_EVENTS.subscribe, (raw, ack) => {
      if (typeof ack !== 'function') return;
      const req = subscribeRequest.safeParse(raw);
      if (!req.success) return ack({ ok: false, error: `invalid request: ${req.error.issues[0]?.path.join('.') || 'body'}: ${req.error.issues[0]?.message}` });
      const { scope, lastSeq, day } = req.data;
      // A scope outside the caller's gets the same answer as one that does not exist: whether
      // it exists is not theirs to learn.
      if (!canReadScope(socket.data.identity, scope) || !engine.hasScope(scope)) return ack({ ok: false, error: `unknown scope ${scope}` });
      // Bring the room's chain up to the engine's position first, so the snapshot and the
      // chain head are the same log position.
      const existing = rooms.get(scope);
      const live = liveOf(scope);
      // The members must hold what the newcomer gets: flush the room when anything moved since
      // its last delta (events, or numbers that changed with time alone).
      const partsMoved = existing !== undefined && (['panels', 'map', 'alarms'] as const).some((p) => existing.sent[p] !== JSON.stringify(live[p]));
      if (existing && (existing.pending || existing.lastSeq !== engine.seq || existing.liveDirty || partsMoved)) {
        existing.liveDirty = true;
        flush(scope, existing);
      }
      if (!existing) {
        const sent: RoomState['sent'] = {};
        for (const part of ['panels', 'map', 'alarms'] as const) sent[part] = JSON.stringify(live[part]);
        rooms.set(scope, { lastSeq: engine.seq, lastEmitAt: Date.now(), pending: undefined, liveDirty: false, liveAt: Date.now(), sent });
      }
      void socket.join(scope);
      // A client that was up to date not long ago gets what changed since (its chain continues);
      // else the whole state.
      const changes = lastSeq === undefined ? undefined : engine.changesSince(scope, lastSeq, day);
      ack({ ok: true, data: changes ?? engine.snapshot(scope, live) });
    });

    socket.on(SOCKET_EVENTS.unsubscribe, (raw, ack) => {
      if (typeof ack !== 'function') return;
      const req = unsubscribeRequest.safeParse(raw);
      if (!req.success) return ack({ ok: false, error: 'invalid request: scope must be a scope code' });
      void socket.leave(req.data.scope);
      ack({ ok: true, data: null });
    });
  });

  return {
    close() {
      clearInterval(timer);
    },
  };
}

interface RoomState {
  /** `seq` of the last delta sent to the room (or of the snapshot that created it). */
  lastSeq: number;
  lastEmitAt: number;
  /** New and removed incidents since the last delta. */
  pending: PendingDelta | undefined;
  /** The numbers may have changed since the last delta that carried them. */
  liveDirty: boolean;
  /** When the numbers last went out. */
  liveAt: number;
  /** The big parts as last sent to the room (JSON), to send them only when they change. */
  sent: Partial<Record<'panels' | 'map' | 'alarms', string>>;
}
