import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { SOCKET_EVENTS, applyMapPatch, type HourlyIncidents, type IncidentPoint, type LiveMap, type LivePanels, type ScopeDelta, type ScopeKpis, type ScopeSnapshot } from '@protocol/index';
import { appSocket } from '../services/socket';
import { isWithin } from '@geo/scope-code';

/** How long after a refused subscription the screen asks again, ms. */
export const SUBSCRIBE_RETRY_MS = 5000;

/** How the screen's data relates to the server: the contract's `connection-state` values. */
export type ConnectionState = 'connecting' | 'live' | 'stale' | 'offline';

/** How long an incident counts as new on screen (drawn larger, listed highlighted), ms. */
export const NEW_INCIDENT_MS = 60_000;

/** A scope with no delta for this long is stale; the server heartbeats every 5 s. */
export const STALE_AFTER_MS = 30_000;

/**
 * The live state of the scope the screen shows: a snapshot, then deltas chained by `seq`. Owns
 * the socket's scope events; components read it and never touch the socket.
 */
export const useLiveScopeStore = defineStore('liveScope', () => {
  const scope = ref<string | undefined>();
  const socketConnected = ref(false);
  const protocolError = ref<string | undefined>();
  /** Why the server refused to show `scope`, while it stays refused (the wall says so). */
  const refusal = ref<string | undefined>();
  /** Log position the state is complete up to; `undefined` before the first snapshot. */
  const seq = ref<number | undefined>();
  const timeZone = ref('Asia/Shanghai');
  const kpis = shallowRef<ScopeKpis | undefined>();
  const hourly = shallowRef<HourlyIncidents | undefined>();
  /** What the panels show besides the KPIs (today's categories, open orders by state, top grids). */
  const panels = shallowRef<LivePanels | undefined>();
  /** Per-grid numbers and overdue orders for the map. */
  const map = shallowRef<LiveMap | undefined>();
  /** Severe incidents of today not acknowledged yet, newest first. */
  const alarms = shallowRef<readonly IncidentPoint[]>([]);
  /** The latest alarm to raise (the map flies to it). */
  const newestAlarm = shallowRef<{ point: IncidentPoint; at: number } | undefined>();
  /** Today's incidents, oldest first; replaced, never mutated, so layers see the change. */
  const incidents = shallowRef<readonly IncidentPoint[]>([]);
  /** When each incident reached this screen (ms), for the "new" pulse. */
  const arrivedAt = shallowRef<ReadonlyMap<string, number>>(new Map());
  /** Client time of the last snapshot or delta, ms. */
  const lastUpdateAt = ref<number | undefined>();
  /** Ticks every second so time-based state (staleness, ages) recomputes. */
  const now = ref(Date.now());
  /** The server's clock minus this screen's, from the last state's `asOf` (a wall PC's clock may be off). */
  const clockOffset = ref(0);
  /** The server's time now, ticking with `now`: what ages of server facts (overdue hours) are counted from. */
  const serverNow = computed(() => now.value + clockOffset.value);

  const connection = computed<ConnectionState>(() => {
    if (!socketConnected.value) return lastUpdateAt.value === undefined ? 'connecting' : 'offline';
    if (lastUpdateAt.value === undefined) return 'connecting';
    return now.value - lastUpdateAt.value > STALE_AFTER_MS ? 'stale' : 'live';
  });
  const dataStale = computed(() => connection.value !== 'live');

  let started = false;

  /** Connects (once) and shows `code`. */
  function start(code: string): void {
    if (started) return showScope(code);
    scope.value = code;
    started = true;
    const socket = appSocket();
    socket.on('connect', () => {
      socketConnected.value = true;
      subscribe();
    });
    socket.on('disconnect', (reason) => {
      socketConnected.value = false;
      // socket.io does not reconnect after the server closed the connection (a revoked display
      // token, an expired sign-in): connect again, and the refused handshake says why.
      if (reason === 'io server disconnect' && !protocolError.value) setTimeout(() => socket.connect(), 1000);
    });
    socket.on(SOCKET_EVENTS.delta, (d) => {
      if (!resyncing) applyDelta(d);
    });
    socket.on(SOCKET_EVENTS.incidentReported, (p) => {
      // Severe incidents come ahead of their delta: raise the alarm at once.
      if (p.severity >= 3 && isWithin(p.scope, scope.value ?? '') && !alarms.value.some((a) => a.incidentId === p.incidentId)) {
        alarms.value = [p, ...alarms.value];
        newestAlarm.value = { point: p, at: Date.now() };
      }
    });
    socket.on(SOCKET_EVENTS.protocolError, (e) => {
      protocolError.value = e.message;
      socket.disconnect();
    });
    if (socket.connected) {
      socketConnected.value = true;
      subscribe();
    }
    setInterval(() => {
      now.value = Date.now();
    }, 1000);
  }

  /** Asks for the scope's snapshot; also how a gap is healed. */
  /**
   * Shows another scope (a drill, the unattended tour): leaves the old scope's room, forgets its
   * state and subscribes to the new one.
   */
  function showScope(code: string): void {
    const old = scope.value;
    if (old === code) return;
    scope.value = code;
    refusal.value = undefined;
    seq.value = undefined;
    kpis.value = undefined;
    panels.value = undefined;
    map.value = undefined;
    hourly.value = undefined;
    alarms.value = [];
    incidents.value = [];
    arrivedAt.value = new Map();
    const socket = appSocket();
    if (old) socket.emit(SOCKET_EVENTS.unsubscribe, { scope: old }, () => undefined);
    if (socket.connected) subscribe(false);
  }

  /** Acknowledges an alarm (a touch on the wall); it leaves every wall of the scope. */
  function acknowledge(incidentId: string): void {
    alarms.value = alarms.value.filter((a) => a.incidentId !== incidentId);
    appSocket()
      .timeout(10_000)
      .emit(SOCKET_EVENTS.acknowledge, { incidentId }, (err, result) => {
        if (err || !result.ok) console.error(`acknowledging ${incidentId} failed: ${err ? String(err) : result.ok ? '' : result.error}`);
      });
  }

  /** A subscription is in flight: deltas are ignored until its answer sets the chain's head. */
  let resyncing = false;

  /**
   * Asks for the scope's state; also how a gap is healed. With the last applied position and its
   * day, the server may answer with only what changed since (else a snapshot).
   */
  function subscribe(withPosition = true): void {
    const code = scope.value;
    if (!code) return;
    const socket = appSocket();
    resyncing = true;
    const position = withPosition && seq.value !== undefined && hourly.value ? { lastSeq: seq.value, day: hourly.value.day } : {};
    socket.timeout(10_000).emit(SOCKET_EVENTS.subscribe, { scope: code, ...position }, (err, result) => {
      resyncing = false;
      if (err || code !== scope.value) return; // timed out (the next connect retries) or scope changed
      if (!result.ok) {
        console.error(`subscribe ${code} refused: ${result.error}`);
        // The server could not read the scope now (or does not know it): ask again in a while;
        // the wall says which scope and why, and the panels show their data as stale meanwhile.
        refusal.value = result.error;
        setTimeout(() => {
          if (code === scope.value && appSocket().connected && !resyncing) subscribe(withPosition);
        }, SUBSCRIBE_RETRY_MS);
        return;
      }
      refusal.value = undefined;
      const answer = result.data;
      if (answer.kind === 'changes') {
        if (answer.prevSeq === seq.value) applyDelta(answer);
        else subscribe(false);
        return;
      }
      applySnapshot(answer);
    });
  }

  /** The server's list of unacknowledged alarms; a newer one than we knew flies the map to it. */
  function setAlarms(list: readonly IncidentPoint[]): void {
    const known = new Set(alarms.value.map((a) => a.incidentId));
    const fresh = list.find((a) => !known.has(a.incidentId) && Date.now() - Date.parse(a.occurredAt) < NEW_INCIDENT_MS);
    alarms.value = list;
    if (fresh) newestAlarm.value = { point: fresh, at: Date.now() };
  }

  function applySnapshot(s: ScopeSnapshot): void {
    seq.value = s.seq;
    clockOffset.value = Date.parse(s.asOf) - Date.now();
    timeZone.value = s.timeZone;
    kpis.value = s.kpis;
    panels.value = s.panels;
    map.value = s.map;
    setAlarms(s.alarms);
    hourly.value = s.hourly;
    const t = Date.now();
    const known = arrivedAt.value;
    incidents.value = s.incidents;
    // Incidents first seen in a snapshot count as new only if they happened in the last minute;
    // otherwise opening the screen would make the whole day flash as news.
    arrivedAt.value = new Map(
      s.incidents.map((i) => [i.incidentId, known.get(i.incidentId) ?? (Date.parse(i.occurredAt) > t - NEW_INCIDENT_MS ? t : 0)]),
    );
    lastUpdateAt.value = t;
  }

  function applyDelta(d: ScopeDelta): void {
    if (d.scope !== scope.value || seq.value === undefined) return;
    if (d.prevSeq !== seq.value) {
      // A delta went missing: the chain is broken, so ask for what changed since our position.
      if (!resyncing) subscribe();
      return;
    }
    seq.value = d.seq;
    clockOffset.value = Date.parse(d.asOf) - Date.now();
    if (d.kpis) kpis.value = d.kpis;
    if (d.panels) panels.value = d.panels;
    if (d.map) map.value = d.map;
    if (d.mapPatch && map.value) map.value = applyMapPatch(map.value, d.mapPatch);
    if (d.alarms) setAlarms(d.alarms);
    if (d.hourly) hourly.value = d.hourly;
    if (d.incidents && (d.incidents.added.length > 0 || d.incidents.removed.length > 0)) {
      const removed = new Set(d.incidents.removed);
      const t = Date.now();
      const arrivals = new Map(arrivedAt.value);
      for (const id of removed) arrivals.delete(id);
      for (const i of d.incidents.added) arrivals.set(i.incidentId, t);
      incidents.value = [...incidents.value.filter((i) => !removed.has(i.incidentId)), ...d.incidents.added];
      arrivedAt.value = arrivals;
    }
    lastUpdateAt.value = Date.now();
  }

  return { scope, seq, timeZone, kpis, panels, map, alarms, newestAlarm, hourly, incidents, arrivedAt, lastUpdateAt, now, serverNow, connection, dataStale, protocolError, refusal, start, showScope, acknowledge };
});
