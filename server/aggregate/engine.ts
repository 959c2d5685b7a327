import type { IncidentPoint, IncidentReportedData, ScopeChanges, ScopeSnapshot } from '@protocol/index';
import { startOfDay } from './periods';
import type { LoadedTerritory } from '../territory/load-territory';
import type { Clock } from '../clock';
import type { EventStore, StoredEvent } from '../store/event-store';
import { TodayIncidents, type ScopeChange, type TodayIncidentsJson } from './today-incidents';
import type { ProjectionChanges } from '../projections/projector';
import type { ProjectorPort } from '../projections/projector-port';
import type { ReadDb } from '../projections/read-db';
import { scopeFilter } from '../projections/place';
import { liveView } from './live-view';
import type { FoldedWorkOrder } from './workorder/fold-work-order';

/** The furthest behind (in events) a client may be for an answer of changes instead of a snapshot. */
const MAX_CHANGES = 20_000;
/** The most events held in pages waiting for the fold; past it the fold reads the store instead. */
const MAX_QUEUED = 20_000;
/** Most events folded in one step from the queue (the store is read in pages of this size too). */
const FOLD_PAGE = 5000;

/** Bump when the checkpoint's shape or the fold's rules change: older checkpoints are ignored (full replay). */
const CHECKPOINT_VERSION = 1;
const CHECKPOINT_NAME = 'engine';
/**
 * A page of the read models in the fold for longer than this is a stall, not a slow page: a page
 * of 5,000 events of the city folds in well under a second.
 */
const FOLD_STALL_MS = 30_000;

interface EngineCheckpoint {
  version: number;
  today: TodayIncidentsJson;
}

/** What the engine reports after folding events in, for the realtime layer. */
export interface EngineListener {
  /** Scopes whose live lists changed, and the log position the state is now complete up to. */
  changed(changes: readonly ScopeChange[], seq: number): void;
  /** What the read models' last page changed (scopes whose numbers moved, orders). */
  projected?(changes: ProjectionChanges, seq: number): void;
  /** A new incident of today, once, as soon as its page reaches the engine (before the read models fold it). */
  incidentReported(point: IncidentPoint): void;
}

/**
 * Folds the event log into live per-scope state. The log is the source of truth: the engine
 * applies events strictly in `seq` order, reading back from the store whenever it is handed
 * events that do not follow what it has applied, so concurrent appends cannot reorder it.
 */
export class Engine {
  /** Position of the slower of the two folds: everything up to here is in both. */
  private applied = 0;
  /** Position of the in-memory live lists (restored from the checkpoint). */
  private todaySeq = 0;
  /** Position of the read models (kept in their own database). */
  private projectedSeq = 0;
  private checkpointedSeq = 0;
  /** Position up to which new incidents were announced to the listeners (ahead of the fold). */
  private announcedSeq = 0;
  private readonly today: TodayIncidents;
  private readonly listeners: EngineListener[] = [];
  /** The running catch-up loop, if any. */
  private inflight: Promise<void> | undefined;
  /** Events were appended that are not queued: the loop reads the store before it ends. */
  private behind = false;
  /** Pages handed in while the loop ran, each following on from the one before. */
  private readonly queued: (readonly StoredEvent[])[] = [];
  private queuedEvents = 0;
  private readonly scopeCodes: ReadonlySet<string>;
  /** Why the last fold failed, until one succeeds. */
  private foldError: Error | undefined;
  /** When the page now in the projector was handed to it (wall clock, ms). */
  private projectingSince: number | undefined;
  /** The last position handed in (`feed`), and since when positions handed in wait unfolded (wall clock, ms). */
  private handedSeq = 0;
  private waitingSince: number | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly territory: LoadedTerritory,
    private readonly clock: Clock,
    readonly timeZone: string,
    private readonly projection: { projector: ProjectorPort; db: ReadDb; seq: number },
  ) {
    this.scopeCodes = new Set(territory.territory.scopes.map((s) => s.code));
    this.today = new TodayIncidents(timeZone, clock.now(), (data) => this.place(data));
  }

  /** Log position the in-memory state is complete up to. */
  get seq(): number {
    return this.applied;
  }

  /** The day that counts as today (`YYYY-MM-DD` in the reports' zone): the `hourly.day` of what is sent now. */
  get day(): string {
    return this.today.day;
  }

  listen(listener: EngineListener): void {
    this.listeners.push(listener);
  }

  /**
   * Restores the latest checkpoint (if its format is current) and replays the log after it; call
   * once before serving. Without a checkpoint this is a full replay.
   */
  async start(): Promise<void> {
    const cp = await this.store.loadCheckpoint(CHECKPOINT_NAME);
    if (cp) {
      const json = JSON.parse(cp.state) as EngineCheckpoint;
      if (json.version === CHECKPOINT_VERSION) {
        this.today.restore(json.today);
        this.todaySeq = cp.seq;
        this.checkpointedSeq = cp.seq;
        this.announcedSeq = cp.seq;
      }
    }
    this.projectedSeq = this.projection.seq;
    // Replay from the slower fold; each fold skips what it already holds.
    this.applied = Math.min(this.todaySeq, this.projectedSeq);
    this.tick();
    await this.catchUp();
  }

  /** Saves the state as a checkpoint if anything was applied since the last one. */
  async checkpoint(): Promise<void> {
    await this.inflight;
    if (this.todaySeq === this.checkpointedSeq) return;
    const seq = this.todaySeq;
    const state: EngineCheckpoint = { version: CHECKPOINT_VERSION, today: this.today.toJSON() };
    await this.store.saveCheckpoint(CHECKPOINT_NAME, seq, JSON.stringify(state));
    this.checkpointedSeq = seq;
  }

  /** Events applied since the last checkpoint. */
  get sinceCheckpoint(): number {
    return this.todaySeq - this.checkpointedSeq;
  }

  /**
   * Folds in events just appended. One loop runs at a time: pages handed in meanwhile wait in a
   * short queue when they follow on from the last one (the usual case: appends commit in order),
   * and anything else (a gap, a queue over `MAX_QUEUED` events) makes the loop read the store
   * until it has caught up, so a burst costs no unbounded queue. Resolves when everything
   * appended before the call is folded in.
   */
  feed(events: readonly StoredEvent[] = []): Promise<void> {
    const last = events.at(-1)?.seq ?? 0;
    if (last > this.handedSeq) this.handedSeq = last;
    if (this.handedSeq > this.applied) this.waitingSince ??= Date.now();
    this.enqueue(events);
    if (this.inflight) return this.inflight;
    this.inflight = (async () => {
      // Yield first, so that `inflight` is assigned before the loop can end: a loop that finds
      // nothing to do (every queued page already folded by a catch-up read) would otherwise run
      // its `finally` before the assignment, leaving a settled promise marked as the fold in
      // flight, and every later page would wait behind it for ever (the fold stall seen under
      // concurrent ingest: accepted, durable, never folded, nothing logged).
      await Promise.resolve();
      try {
        for (;;) {
          const page = this.takeQueued();
          if (page) {
            // Pages the store has already given (a catch-up read ran meanwhile) are skipped.
            const fresh = page[0]!.seq > this.applied ? page : page.filter((e) => e.seq > this.applied);
            if (fresh.length === 0) continue;
            if (fresh[0]!.seq === this.applied + 1) await this.applyAll(fresh);
            else this.behind = true;
            continue;
          }
          if (!this.behind) break;
          this.behind = false;
          await this.readFromStore();
        }
        // Caught up with the log: whatever failed before (a page, a read) has been folded since.
        this.foldError = undefined;
      } catch (err) {
        this.foldError = err instanceof Error ? err : new Error(String(err));
        throw err;
      } finally {
        this.inflight = undefined;
      }
    })();
    return this.inflight;
  }

  /**
   * The queued pages as one (they follow on from each other), up to `FOLD_PAGE` events: while
   * the projector is busy, appends queue up, and folding them together pays one transaction and
   * one message to its thread for many requests instead of one each.
   */
  private takeQueued(): readonly StoredEvent[] | undefined {
    const first = this.queued.shift();
    if (!first || this.queued.length === 0) {
      if (first) this.queuedEvents -= first.length;
      return first;
    }
    const page = [...first];
    while (this.queued.length > 0 && page.length + this.queued[0]!.length <= FOLD_PAGE) page.push(...this.queued.shift()!);
    this.queuedEvents -= page.length;
    return page;
  }

  /** Queues a page that follows on from the last queued one; anything else marks the loop behind. */
  private enqueue(events: readonly StoredEvent[]): void {
    if (events.length === 0) {
      this.behind = true;
      return;
    }
    const last = this.queued.at(-1);
    const expected = last ? last[last.length - 1]!.seq + 1 : events[0]!.seq;
    if (events[0]!.seq !== expected || this.queuedEvents + events.length > MAX_QUEUED) {
      this.behind = true;
      return;
    }
    this.queued.push(events);
    this.queuedEvents += events.length;
  }

  /**
   * Why this node's state may be behind its log, or `undefined` when folding is healthy: the
   * projector can fold nothing more, the last fold failed (until a page is folded or the loop has
   * caught up with the log), a page has been in the projector for over 30 s, or events handed in
   * have waited over 30 s with nothing folded meanwhile (whatever holds the loop up). Screens
   * must not be told "nothing changed" meanwhile (see the heartbeats in scope-rooms.ts).
   */
  foldTrouble(now = Date.now()): string | undefined {
    const broken = this.projection.projector.failure?.();
    if (broken) return `folding failed: ${broken.message}`;
    if (this.foldError) return `folding failed: ${this.foldError.message}`;
    if (this.projectingSince !== undefined && now - this.projectingSince > FOLD_STALL_MS) {
      return `folding stalled: a page has been in the projector for ${Math.round((now - this.projectingSince) / 1000)} s`;
    }
    if (this.waitingSince !== undefined && now - this.waitingSince > FOLD_STALL_MS) {
      return `folding stalled: events up to ${this.handedSeq} were handed in, none folded for ${Math.round((now - this.waitingSince) / 1000)} s (folded up to ${this.applied})`;
    }
    return undefined;
  }

  /** Reads and applies everything in the store after the applied position. */
  catchUp(): Promise<void> {
    return this.feed();
  }

  /** Advances "today" to the clock's day; reports every scope when the day turns. */
  tick(): void {
    const changes = this.today.rollTo(this.clock.now());
    if (changes.length > 0) for (const l of this.listeners) l.changed(changes, this.applied);
  }

  /** Whether the territory knows the scope. */
  hasScope(code: string): boolean {
    return this.scopeCodes.has(code);
  }

  /**
   * What changed in a scope since `lastSeq`, when a client that holds the state of `day` up to
   * `lastSeq` can be brought up to date without a snapshot: same day, not too far behind, and a
   * live list that only grew (no incident left it). `undefined`: send a snapshot. `live`: the
   * scope's live state as its room holds it (computed now without it).
   */
  changesSince(scope: string, lastSeq: number, day: string | undefined, live?: ReturnType<Engine['live']>): ScopeChanges | undefined {
    if (day !== this.today.day || lastSeq > this.applied || this.applied - lastSeq > MAX_CHANGES) return undefined;
    if (this.today.trimmedSince(scope, lastSeq)) return undefined;
    const todayStart = startOfDay(this.clock.now(), this.timeZone);
    const rows = this.projection.db.all<{ incident_id: string; category: string; source: string; severity: number; lng: number; lat: number; occurred_at: number; scope: string }>(
      `SELECT incident_id, category, source, severity, lng, lat, occurred_at, scope FROM p_incidents
       WHERE ${scopeFilter(this.projection.db, 'p_incidents')} AND seq > ? AND seq <= ? AND occurred_at >= ? ORDER BY seq`,
      [scope, `${scope}~`, lastSeq, this.applied, todayStart],
    );
    live ??= this.live(scope);
    return {
      kind: 'changes',
      scope,
      seq: this.applied,
      prevSeq: lastSeq,
      asOf: this.asOf(),
      ...live,
      incidents: {
        added: rows.map((r) => ({
          incidentId: r.incident_id,
          category: r.category,
          source: r.source as IncidentPoint['source'],
          severity: r.severity,
          location: [r.lng, r.lat] as [number, number],
          occurredAt: this.today.occurredAtOf(scope, r.incident_id) ?? new Date(r.occurred_at).toISOString(),
          scope: r.scope,
        })),
        removed: [],
      },
    };
  }

  /** An order's folded history, from the read models. */
  folded(id: string): FoldedWorkOrder {
    return this.projection.projector.folded(id);
  }

  /** The engine's notion of now, as the `asOf` of snapshots and deltas. */
  asOf(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /** Everything a screen needs for the scope, complete up to `seq` (`live` is the costly part). */
  snapshot(scope: string, live = this.live(scope)): ScopeSnapshot {
    return {
      scope,
      seq: this.applied,
      asOf: this.asOf(),
      timeZone: this.timeZone,
      ...live,
      incidents: this.today.incidents(scope),
    };
  }

  /** The live parts of a scope's state that a delta carries when the scope changed. */
  live(scope: string): Pick<ScopeSnapshot, 'kpis' | 'panels' | 'map' | 'alarms' | 'hourly'> {
    const view = liveView(
      { db: this.projection.db, folded: (id) => this.projection.projector.folded(id), timeZone: this.timeZone },
      this.territory.territory,
      scope,
      this.clock.now(),
    );
    return { ...view, hourly: this.today.hourly(scope) };
  }

  private async readFromStore(): Promise<void> {
    for (;;) {
      const page = await this.store.readAfter(this.applied, FOLD_PAGE);
      if (page.length === 0) return;
      await this.applyAll(page);
    }
  }

  private async applyAll(events: readonly StoredEvent[]): Promise<void> {
    this.tick();
    if (events[0]!.seq !== this.applied + 1) throw new Error(`event log out of order: expected seq ${this.applied + 1}, got ${events[0]!.seq}`);
    const last = events[events.length - 1]!.seq;
    this.announceNew(events);
    let projected: ProjectionChanges | undefined;
    if (last > this.projectedSeq) {
      this.projectingSince = Date.now();
      try {
        projected = await this.projection.projector.apply(events.filter((e) => e.seq > this.projectedSeq));
      } finally {
        this.projectingSince = undefined;
      }
      this.projectedSeq = last;
    }
    const changes: ScopeChange[] = [];
    for (const e of events) {
      if (e.seq <= this.todaySeq) continue;
      if (e.type === 'incident.reported') {
        this.today.position = e.seq;
        changes.push(...this.today.apply(e.occurredAt, e.data as IncidentReportedData));
      }
      this.todaySeq = e.seq;
    }
    this.applied = last;
    // Progress: what still waits is waiting from now.
    this.waitingSince = this.handedSeq > this.applied ? Date.now() : undefined;
    this.foldError = undefined;
    for (const l of this.listeners) {
      l.changed(changes, this.applied);
      if (projected) l.projected?.(projected, this.applied);
    }
  }

  /**
   * Tells the listeners of the page's new incidents before the page goes to the projector: an
   * alarm needs only the incident and today's lists (which hold every page before this one), not
   * the read models, so it does not wait for their commit in the projector's thread (a round
   * trip of milliseconds, longer when the thread is busy with the previous pages). Each incident
   * is announced once, even when the page is applied again after the projector failed.
   */
  private announceNew(events: readonly StoredEvent[]): void {
    const reported: IncidentPoint[] = [];
    // Incidents listed earlier in this page (by scope): the fold lists only the first report.
    const listed = new Set<string>();
    for (const e of events) {
      if (e.seq <= this.announcedSeq || e.type !== 'incident.reported') continue;
      const point = this.today.newToday(e.occurredAt, e.data as IncidentReportedData);
      if (!point) continue;
      const key = `${point.scope} ${point.incidentId}`;
      if (listed.has(key)) continue;
      listed.add(key);
      reported.push(point);
    }
    this.announcedSeq = Math.max(this.announcedSeq, events[events.length - 1]!.seq);
    for (const l of this.listeners) for (const p of reported) l.incidentReported(p);
  }

  /**
   * The incident's scope: the grid the sender named when the territory knows it, else the most
   * precise scope holding its location, else the district (counted, not placed).
   */
  private place(data: IncidentReportedData): string {
    if (data.gridCode && this.scopeCodes.has(data.gridCode)) return data.gridCode;
    return this.territory.locator.locateDeepest(data.location)?.code ?? this.territory.territory.district.code;
  }
}
