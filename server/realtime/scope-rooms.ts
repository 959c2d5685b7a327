import {
  PROTOCOL_VERSION,
  SOCKET_EVENTS,
  handshakeAuth,
  subscribeRequest,
  unsubscribeRequest,
  type IncidentPoint,
  type ScopeDelta,
  type SubscribeAnswer,
} from '@protocol/index';
import { selfAndAncestors } from '@geo/scope-code';
import { canReadScope } from '../identity/access';
import type { Logger } from 'pino';
import type { Engine } from '../aggregate/engine';
import type { ScopeChange } from '../aggregate/today-incidents';
import type { ProjectionChanges } from '../projections/projector';
import { PendingDelta } from './pending-delta';
import { SlicedWindows, type WindowStep } from './sliced-windows';
import { diffMap, heldMapOf, type HeldMap } from './map-patch';
import type { RealtimeCounters } from './realtime-counters';
import { catchUpDelta, DEFAULT_SLOW_CLIENT_LIMITS, SlowClientWatch, type BehindAt, type SlowClientLimits } from './slow-clients';
import type { TypedServer, TypedSocket } from './typed-io';

export interface ScopeRoomsOptions {
  /** Coalescing window of deltas, ms; 0: a delta after every fold of the engine (no coalescing). */
  windowMs: number;
  /** Longest silence of a subscribed scope before an empty delta goes out, ms. */
  heartbeatMs: number;
  logger: Logger;
  /** Bumped as deltas, answers and demotions go out (`GET /api/metrics`). */
  counters: RealtimeCounters;
  /** When a socket counts as too slow for deltas (see slow-clients.ts). */
  slowClients?: SlowClientLimits;
}

/** What the realtime layer tells the rest of the server. */
export interface ScopeRooms {
  /** Scope rooms with at least one member. */
  roomCount(): number;
  /** Sockets in snapshot mode now. */
  slowCount(): number;
  close(): void;
}

/** Severity from which a new incident is pushed at once, ahead of its coalesced delta. */
const ALARM_SEVERITY = 3;
/** A scope's live numbers are recomputed at most this often while events keep coming, ms. */
const LIVE_MIN_INTERVAL_MS = 1000;
/** Deadlines pass without events: every scope's numbers are recomputed this often anyway, ms. */
const LIVE_REFRESH_MS = 30_000;
/** Longest run of room flushes before the event loop gets a turn, ms (see sliced-windows.ts). */
const FLUSH_SLICE_MS = 8;

/** How often rooms are checked for heartbeats and sockets for backlog when deltas are not coalesced, ms. */
const UNCOALESCED_TICK_MS = 250;
/** The parts of the live state sent only when they changed (the map as a patch, see map-patch.ts). */
const BIG_PARTS = ['panels', 'alarms'] as const;

/**
 * One Socket.IO room per scope code. Each room has one chain of deltas: every delta names the
 * `seq` it follows (`prevSeq`), and a subscriber's snapshot is taken exactly at the room's chain
 * head, so the first delta it receives follows on from its snapshot.
 */
export function attachScopeRooms(io: TypedServer, engine: Engine, options: ScopeRoomsOptions): ScopeRooms {
  const rooms = new Map<string, RoomState>();
  const { counters } = options;
  const watch = new SlowClientWatch(options.slowClients ?? DEFAULT_SLOW_CLIENT_LIMITS);
  const membersOf = (scope: string): number => io.of('/').adapter.rooms.get(scope)?.size ?? 0;

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
    const delta: ScopeDelta = {
      scope,
      seq: engine.seq,
      prevSeq: room.lastSeq,
      asOf: engine.asOf(),
    };
    // Everything that can fail (the live view's SQL) comes before the room's state is touched:
    // a room whose delta failed keeps its pending incidents and its chain, and the next window
    // sends them, instead of its members silently missing what this delta would have carried.
    let sent: RoomState['sent'] | undefined;
    let map: HeldMap | undefined;
    if (room.liveDirty || pending) {
      const live = liveOf(scope);
      delta.kpis = live.kpis;
      delta.hourly = live.hourly;
      // The bigger parts go out only when they changed, and the map only in what changed: a
      // district's is a thousand grids (tens of kilobytes), of which a window changes a few.
      sent = { ...room.sent };
      for (const part of BIG_PARTS) {
        const json = JSON.stringify(live[part]);
        if (sent[part] !== json) {
          sent[part] = json;
          Object.assign(delta, { [part]: live[part] });
        }
      }
      const moved = diffMap(room.map, live.map);
      if (moved) {
        map = moved.held;
        delta.mapPatch = moved.patch;
      }
    }
    if (pending) delta.incidents = { added: [...pending.added.values()], removed: [...pending.removed] };
    room.pending = undefined;
    if (sent) {
      room.sent = sent;
      room.liveDirty = false;
      room.liveAt = Date.now();
    }
    if (map) room.map = map;
    room.lastSeq = engine.seq;
    room.day = engine.day;
    room.lastEmitAt = Date.now();
    counters.deltasSent += membersOf(scope);
    io.to(scope).emit(SOCKET_EVENTS.delta, delta);
  };

  /**
   * Brings the scope's chain up to the engine's position (creating the room's state if it has
   * none), so that what a socket is given now and the room's next delta follow on from each
   * other. Returns the live state at that position.
   */
  const toHead = (scope: string): ReturnType<Engine['live']> => {
    const existing = rooms.get(scope);
    const live = liveOf(scope);
    // The members must hold what the newcomer gets: flush the room when anything moved since
    // its last delta (events, or numbers that changed with time alone).
    const partsMoved = existing !== undefined && (BIG_PARTS.some((p) => existing.sent[p] !== JSON.stringify(live[p])) || diffMap(existing.map, live.map) !== undefined);
    if (existing && (existing.pending || existing.lastSeq !== engine.seq || existing.liveDirty || partsMoved)) {
      existing.liveDirty = true;
      flush(scope, existing);
    }
    if (!existing) {
      const sent: RoomState['sent'] = {};
      for (const part of BIG_PARTS) sent[part] = JSON.stringify(live[part]);
      rooms.set(scope, { lastSeq: engine.seq, day: engine.day, lastEmitAt: Date.now(), pending: undefined, liveDirty: false, liveAt: Date.now(), sent, map: heldMapOf(live.map) });
    }
    return live;
  };

  /** Snapshot mode: the socket leaves its scope rooms; where each of its scopes stands is kept. */
  const demote = (socket: TypedSocket): void => {
    const behind = new Map<string, BehindAt>();
    for (const name of [...socket.rooms]) {
      const room = rooms.get(name);
      if (!room) continue;
      behind.set(name, { seq: room.lastSeq, day: room.day });
      void socket.leave(name);
    }
    socket.data.behind = behind;
    counters.slowClientsDemoted += 1;
    options.logger.warn({ socket: socket.id, scopes: [...behind.keys()] }, 'slow client: deltas paused until its connection drains');
  };

  /** The demoted socket drained: one catch-up delta per scope, then back into the rooms' chains. */
  const restore = (socket: TypedSocket): void => {
    const behind = socket.data.behind;
    socket.data.behind = undefined;
    counters.slowClientsRestored += 1;
    for (const [scope, at] of behind ?? []) {
      // The catch-up carries the live state the room's members hold, so the room's next patch
      // applies to this socket's state too.
      const live = toHead(scope);
      const delta = catchUpDelta(engine, scope, at, engine.seq, live);
      if (!delta) {
        options.logger.info({ socket: socket.id, scope }, 'slow client: the day turned while it was behind; dropped so that it resubscribes');
        socket.disconnect(true);
        return;
      }
      counters.catchUpDeltas += 1;
      counters.deltasSent += 1;
      socket.emit(SOCKET_EVENTS.delta, delta);
      void socket.join(scope);
    }
  };

  /** Flushes the rooms that are due, after checking every socket's backlog. */
  const tick = (): void => {
    engine.tick();
    const now = Date.now();
    for (const socket of io.of('/').sockets.values()) {
      const verdict = watch.verdict(socket, socket.data.behind !== undefined, now);
      if (verdict === 'demote') demote(socket);
      else if (verdict === 'restore') restore(socket);
    }
    windows.open(planWindow);
  };

  /** The rooms due in a window: new incidents, numbers to recompute, heartbeats. */
  const planWindow = (): WindowStep[] => {
    // While folding fails or stalls, a heartbeat or a refresh would tell screens that nothing
    // changed when this node does not know: they get nothing and show their data as stale.
    const trouble = engine.foldTrouble();
    if ((trouble !== undefined) !== foldTroubled) {
      foldTroubled = trouble !== undefined;
      if (trouble) options.logger.error({ trouble }, 'no heartbeats to screens until folding recovers');
      else options.logger.info('folding recovered: heartbeats resume');
    }
    const now = Date.now();
    const steps: WindowStep[] = [];
    for (const [scope, room] of rooms) {
      if (trouble && !room.pending) continue;
      if (now - room.liveAt >= LIVE_REFRESH_MS) room.liveDirty = true;
      // Busy scopes send at most one recomputation a second; new incidents still go out each window.
      const liveDue = room.liveDirty && now - room.liveAt >= LIVE_MIN_INTERVAL_MS;
      if (room.pending || liveDue || now - room.lastEmitAt >= options.heartbeatMs) {
        // Each delta covers everything up to the position it names when it is sent: events
        // folded while earlier rooms were sent are already merged into the room's pending changes.
        steps.push(() => {
          if (rooms.get(scope) === room) flush(scope, room);
        });
      }
    }
    return steps;
  };
  let foldTroubled = false;
  const windows = new SlicedWindows(FLUSH_SLICE_MS, (err) => options.logger.error({ err }, 'a room\'s delta failed'));

  /** Without coalescing, the rooms a fold changed are flushed right after it (once every listener has run). */
  let flushQueued = false;
  const flushChanged = (): void => {
    flushQueued = false;
    for (const [scope, room] of rooms) {
      if (!room.pending) continue;
      try {
        flush(scope, room);
      } catch (err) {
        // The room keeps its pending changes: the next fold's flush or the tick sends them.
        options.logger.error({ err, scope }, "a room's delta failed");
      }
    }
  };

  engine.listen({
    changed(changes: readonly ScopeChange[]) {
      for (const c of changes) {
        const room = rooms.get(c.scope);
        if (!room) continue;
        room.pending ??= new PendingDelta();
        room.pending.merge(c);
      }
      if (options.windowMs === 0 && !flushQueued) {
        flushQueued = true;
        queueMicrotask(flushChanged);
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
      if (targets.length === 0) return;
      for (const t of targets) counters.alarmsSent += membersOf(t);
      io.to(targets).emit(SOCKET_EVENTS.incidentReported, point);
    },
  });

  const timer = setInterval(tick, options.windowMs || UNCOALESCED_TICK_MS);
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
      let answer: SubscribeAnswer;
      try {
        const live = toHead(scope);
        // A client that was up to date not long ago gets what changed since (its chain
        // continues); else the whole state.
        answer = (lastSeq === undefined ? undefined : engine.changesSince(scope, lastSeq, day, live)) ?? engine.snapshot(scope, live);
      } catch (err) {
        // The read models failed to answer: the socket stays out of the room, and the screen
        // asks again (it shows its data as stale meanwhile).
        options.logger.error({ err, scope }, 'subscribe: the scope could not be read');
        return ack({ ok: false, error: `the scope ${scope} could not be read now; try again` });
      }
      // Joined only now, in the same turn: the room's next delta follows on from the answer.
      // A socket in snapshot mode is answered but stays out of the room until it drains.
      if (socket.data.behind) socket.data.behind.set(scope, { seq: engine.seq, day: engine.day });
      else void socket.join(scope);
      if (answer.kind === 'changes') counters.changesAnswers += 1;
      else counters.snapshotsSent += 1;
      ack({ ok: true, data: answer });
    });

    socket.on(SOCKET_EVENTS.unsubscribe, (raw, ack) => {
      if (typeof ack !== 'function') return;
      const req = unsubscribeRequest.safeParse(raw);
      if (!req.success) return ack({ ok: false, error: 'invalid request: scope must be a scope code' });
      void socket.leave(req.data.scope);
      socket.data.behind?.delete(req.data.scope);
      ack({ ok: true, data: null });
    });
  });

  return {
    roomCount: () => rooms.size,
    slowCount: () => {
      let n = 0;
      for (const socket of io.of('/').sockets.values()) if (socket.data.behind) n += 1;
      return n;
    },
    close() {
      clearInterval(timer);
    },
  };
}

interface RoomState {
  /** `seq` of the last delta sent to the room (or of the snapshot that created it). */
  lastSeq: number;
  /** The engine's day when that delta went out (the `hourly.day` its members hold). */
  day: string;
  lastEmitAt: number;
  /** New and removed incidents since the last delta. */
  pending: PendingDelta | undefined;
  /** The numbers may have changed since the last delta that carried them. */
  liveDirty: boolean;
  /** When the numbers last went out. */
  liveAt: number;
  /** The big parts as last sent to the room (JSON), to send them only when they change. */
  sent: Partial<Record<'panels' | 'alarms', string>>;
  /** The map as the room's members hold it, to send what changed. */
  map: HeldMap;
}
