import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  applyMapPatch,
  type HourlyIncidents,
  type IncidentPoint,
  type LiveMap,
  type LivePanels,
  type ScopeDelta,
  type ScopeKpis,
  type ScopeSnapshot,
  type SubscribeAnswer,
} from '../../server/protocol/index';
import type { TestSocket } from './socket-client';

/** A scope's state as a screen holds it. */
export interface HeldScope {
  seq: number;
  kpis: ScopeKpis;
  panels: LivePanels;
  map: LiveMap;
  alarms: IncidentPoint[];
  hourly: HourlyIncidents;
  incidents: IncidentPoint[];
}

/**
 * A client that follows the web store's rules (web/stores/live-scope.ts) for several scopes on
 * one socket: subscribe on every (re)connection with its position; apply a delta only when its
 * `prevSeq` is the held `seq`, else resubscribe with `lastSeq` and `day`; apply a `changes`
 * answer only when it follows on, else ask for a snapshot. It records what it saw, for tests.
 */
export class ModelClient {
  readonly socket: TestSocket;
  readonly held = new Map<string, HeldScope>();
  /** Every delta received per scope, in order (applied or not). */
  readonly received = new Map<string, ScopeDelta[]>();
  /** Deltas whose `prevSeq` did not follow the held state (each started a resubscription). */
  gaps = 0;
  snapshots = 0;
  changes = 0;
  /** Answers refused or timed out. */
  failures: string[] = [];
  /** The newest subscription request per scope; an answer to an older one is ignored. */
  private readonly asking = new Map<string, number>();
  private requests = 0;

  constructor(
    url: string,
    token: string,
    readonly scopes: readonly string[],
    options: Partial<ManagerOptions & SocketOptions> = {},
  ) {
    this.socket = io(url, { auth: { token, protocol: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnectionDelay: 200, reconnectionDelayMax: 1000, ...options });
    for (const s of scopes) this.received.set(s, []);
    this.socket.on('connect', () => {
      for (const s of this.scopes) this.subscribe(s, true);
    });
    this.socket.on('scope:delta', (d) => {
      this.received.get(d.scope)?.push(d);
      if (this.asking.has(d.scope)) return;
      this.apply(d);
    });
  }

  /** Resolves once connected (rejects on a refused handshake). */
  connected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
    });
  }

  /** Whether every scope has a state and no subscription is in flight. */
  get settled(): boolean {
    return this.asking.size === 0 && this.scopes.every((s) => this.held.has(s));
  }

  close(): void {
    this.socket.disconnect();
  }

  private subscribe(scope: string, withPosition: boolean): void {
    const id = ++this.requests;
    this.asking.set(scope, id);
    const held = this.held.get(scope);
    const position = withPosition && held ? { lastSeq: held.seq, day: held.hourly.day } : {};
    this.socket.timeout(10_000).emit('scope:subscribe', { scope, ...position }, (err: Error | null, result) => {
      if (this.asking.get(scope) !== id) return; // a newer request is in flight
      this.asking.delete(scope);
      if (err) {
        this.failures.push(`${scope}: ${err.message}`);
        if (this.socket.connected) this.subscribe(scope, true);
        return;
      }
      if (!result.ok) {
        this.failures.push(`${scope}: ${result.error}`);
        return;
      }
      this.answer(scope, result.data);
    });
  }

  private answer(scope: string, answer: SubscribeAnswer): void {
    if (answer.kind === 'changes') {
      this.changes += 1;
      if (this.held.get(scope)?.seq === answer.prevSeq) this.apply(answer);
      else this.subscribe(scope, false);
      return;
    }
    this.snapshots += 1;
    const s: ScopeSnapshot = answer;
    this.held.set(scope, { seq: s.seq, kpis: s.kpis, panels: s.panels, map: s.map, alarms: s.alarms, hourly: s.hourly, incidents: s.incidents });
  }

  private apply(d: ScopeDelta): void {
    const held = this.held.get(d.scope);
    if (!held) return;
    if (d.prevSeq !== held.seq) {
      this.gaps += 1;
      this.subscribe(d.scope, true);
      return;
    }
    held.seq = d.seq;
    if (d.kpis) held.kpis = d.kpis;
    if (d.panels) held.panels = d.panels;
    if (d.map) held.map = d.map;
    if (d.mapPatch) held.map = applyMapPatch(held.map, d.mapPatch);
    if (d.alarms) held.alarms = d.alarms;
    if (d.hourly) held.hourly = d.hourly;
    if (d.incidents) {
      const removed = new Set(d.incidents.removed);
      held.incidents = [...held.incidents.filter((i) => !removed.has(i.incidentId)), ...d.incidents.added];
    }
  }
}

/** What differs between a held state and a fresh snapshot of its scope (empty: equal). */
export function differences(held: HeldScope | undefined, fresh: ScopeSnapshot): string[] {
  if (!held) return ['no state'];
  const out: string[] = [];
  if (held.seq !== fresh.seq) out.push(`seq ${held.seq} vs ${fresh.seq}`);
  const ids = (list: IncidentPoint[]): string => list.map((i) => i.incidentId).join(',');
  if (ids(held.incidents) !== ids(fresh.incidents)) out.push(`incidents ${held.incidents.length} vs ${fresh.incidents.length}`);
  if (JSON.stringify(held.kpis) !== JSON.stringify(fresh.kpis)) out.push('kpis');
  if (JSON.stringify(held.hourly) !== JSON.stringify(fresh.hourly)) out.push('hourly');
  if (JSON.stringify(held.map) !== JSON.stringify(fresh.map)) out.push('map');
  return out;
}

/** Polls `check` every `everyMs` until it returns nothing (resolves) or `ms` pass (returns the last complaint). */
export async function eventually(check: () => Promise<string | undefined> | string | undefined, ms: number, everyMs = 250): Promise<string | undefined> {
  const end = Date.now() + ms;
  let last: string | undefined;
  do {
    last = await check();
    if (last === undefined) return undefined;
    await new Promise((r) => setTimeout(r, everyMs));
  } while (Date.now() < end);
  return last;
}
