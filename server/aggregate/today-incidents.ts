import type { IncidentPoint, IncidentReportedData, HourlyIncidents } from '@protocol/index';
import { MAX_LIVE_INCIDENTS } from '@protocol/index';
import { selfAndAncestors } from '@geo/scope-code';
import { previousDay, zonedParts } from './zoned-time';

/** How far past the cap a live list may grow before the oldest are dropped in one go. */
const TRIM_SLACK = 1000;

/** A change to one scope's live state, for the realtime layer to coalesce into a delta. */
export interface ScopeChange {
  scope: string;
  added: IncidentPoint[];
  removed: string[];
}

/**
 * Today's and yesterday's incidents per scope, rolled up from the incident's scope to its
 * district. A deterministic fold over `incident.reported` events plus the current day: replaying
 * the same events on the same day gives the same state.
 */
export class TodayIncidents {
  private readonly scopes = new Map<string, ScopeDays>();
  private today: string;
  private yesterday: string;

  /** `place` maps an incident to its most precise known scope code. */
  constructor(
    private readonly timeZone: string,
    now: number,
    private readonly place: (data: IncidentReportedData) => string,
  ) {
    this.today = zonedParts(now, timeZone).day;
    this.yesterday = previousDay(this.today);
  }

  /** The day that counts as today, `YYYY-MM-DD` in the reports' zone. */
  get day(): string {
    return this.today;
  }

  /**
   * Folds one incident in; returns the scopes it changed (none if it is older than yesterday, or
   * if it is already listed in its scope).
   */
  apply(occurredAt: string, data: IncidentReportedData): ScopeChange[] {
    const listing = this.listing(occurredAt, data);
    if (!listing) return [];
    const { day, hour, point } = listing;
    const changes: ScopeChange[] = [];
    for (const code of selfAndAncestors(point.scope)) {
      const s = this.stateOf(code);
      const d = s.dayOf(day);
      d.hourly[hour] = (d.hourly[hour] ?? 0) + 1;
      const change: ScopeChange = { scope: code, added: [], removed: [] };
      d.incidents.set(point.incidentId, point);
      if (day === this.today) change.added.push(point);
      if (d.incidents.size > MAX_LIVE_INCIDENTS + TRIM_SLACK) {
        // Drop the oldest in bulk, walking one iterator from the front: the cost is the entries
        // dropped (and the tombstones earlier trims left, until the Map next compacts), not a
        // copy of the whole list, which a city's burst would pay on every thousandth incident.
        let excess = d.incidents.size - MAX_LIVE_INCIDENTS;
        const listed = day === this.today;
        for (const id of d.incidents.keys()) {
          if (excess-- === 0) break;
          d.incidents.delete(id);
          if (listed) change.removed.push(id);
        }
        this.trimmedAt.set(code, this.position);
      }
      changes.push(change);
    }
    return changes;
  }

  /**
   * The incident as `apply` would list it as new today, without folding it in: `undefined` when
   * apply would not add it to today's list (older than today, or already listed where placed).
   */
  newToday(occurredAt: string, data: IncidentReportedData): IncidentPoint | undefined {
    const listing = this.listing(occurredAt, data);
    return listing?.day === this.today ? listing.point : undefined;
  }

  /** Where and when `apply` lists the incident, or `undefined` when it leaves it out. */
  private listing(occurredAt: string, data: IncidentReportedData): { day: string; hour: number; point: IncidentPoint } | undefined {
    const { day, hour } = zonedParts(Date.parse(occurredAt), this.timeZone);
    if (day < this.yesterday) return undefined;
    const scope = this.place(data);
    // A second report of an incident still listed where it was placed: the first one stands, as
    // in the read models (it was counted twice in the hourly series before).
    if (this.scopes.get(scope)?.days.get(day)?.incidents.has(data.incidentId)) return undefined;
    const point: IncidentPoint = {
      incidentId: data.incidentId,
      category: data.category,
      source: data.source,
      severity: data.severity,
      location: data.location,
      occurredAt,
      scope,
    };
    return { day, hour, point };
  }

  /**
   * Moves "today" to the day of `now`. On a new day every scope changes: yesterday's incidents
   * leave the live list and the hourly series shift.
   */
  rollTo(now: number): ScopeChange[] {
    const day = zonedParts(now, this.timeZone).day;
    if (day === this.today) return [];
    const old = this.today;
    this.today = day;
    this.yesterday = previousDay(day);
    const keepFrom = previousDay(day);
    const changes: ScopeChange[] = [];
    for (const [code, s] of this.scopes) {
      const removed = [...(s.days.get(old)?.incidents.keys() ?? [])];
      const added = [...(s.days.get(day)?.incidents.values() ?? [])];
      for (const d of [...s.days.keys()]) if (d < keepFrom) s.days.delete(d);
      changes.push({ scope: code, added, removed });
    }
    return changes;
  }

  /** Whether the scope's live list dropped incidents (the cap) after log position `seq`. */
  trimmedSince(scope: string, seq: number): boolean {
    return (this.trimmedAt.get(scope) ?? -1) > seq;
  }

  /** The `occurredAt` text of a live incident of the scope (as the snapshot would carry it). */
  occurredAtOf(scope: string, incidentId: string): string | undefined {
    return this.scopes.get(scope)?.days.get(this.today)?.incidents.get(incidentId)?.occurredAt;
  }

  /** Log position of the event being applied, for `trimmedSince`. */
  position = 0;
  private readonly trimmedAt = new Map<string, number>();

  /** Today's incidents of the scope, counted. */
  reportedToday(scope: string): number {
    const today = this.scopes.get(scope)?.days.get(this.today)?.hourly;
    return today ? sum(today) : 0;
  }

  hourly(scope: string): HourlyIncidents {
    const s = this.scopes.get(scope);
    return {
      day: this.today,
      today: [...(s?.days.get(this.today)?.hourly ?? emptyHours())],
      yesterday: [...(s?.days.get(previousDay(this.today))?.hourly ?? emptyHours())],
    };
  }

  /** Today's incidents of the scope, oldest first. */
  incidents(scope: string): IncidentPoint[] {
    return [...(this.scopes.get(scope)?.days.get(this.today)?.incidents.values() ?? [])];
  }

  /**
   * The state as plain JSON for a checkpoint: each incident once, scopes listing ids, so
   * restoring gives back exactly this state (order of the live lists included).
   */
  toJSON(): TodayIncidentsJson {
    const incidents = new Map<string, IncidentPoint>();
    const scopes: TodayIncidentsJson['scopes'] = [];
    for (const [code, s] of this.scopes) {
      const days: [string, number[], string[]][] = [];
      for (const [day, d] of s.days) {
        for (const [id, p] of d.incidents) incidents.set(id, p);
        days.push([day, d.hourly, [...d.incidents.keys()]]);
      }
      scopes.push([code, days]);
    }
    return { today: this.today, incidents: [...incidents.values()], scopes };
  }

  /** Replaces the state with a checkpoint's (see `toJSON`). */
  restore(json: TodayIncidentsJson): void {
    const byId = new Map(json.incidents.map((p) => [p.incidentId, p] as const));
    this.scopes.clear();
    this.today = json.today;
    this.yesterday = previousDay(json.today);
    for (const [code, days] of json.scopes) {
      const s = this.stateOf(code);
      for (const [day, hourly, ids] of days) {
        s.days.set(day, { hourly: [...hourly], incidents: new Map(ids.map((id) => [id, byId.get(id)!] as const)) });
      }
    }
  }

  private stateOf(code: string): ScopeDays {
    let s = this.scopes.get(code);
    if (!s) {
      s = new ScopeDays();
      this.scopes.set(code, s);
    }
    return s;
  }
}

/** A checkpoint of `TodayIncidents`. */
export interface TodayIncidentsJson {
  today: string;
  incidents: IncidentPoint[];
  scopes: [string, [string, number[], string[]][]][];
}

interface DayState {
  hourly: number[];
  /** Insertion-ordered, so the first key is the oldest to leave when the cap is reached. */
  incidents: Map<string, IncidentPoint>;
}

class ScopeDays {
  readonly days = new Map<string, DayState>();
  dayOf(day: string): DayState {
    let d = this.days.get(day);
    if (!d) {
      d = { hourly: emptyHours(), incidents: new Map() };
      this.days.set(day, d);
    }
    return d;
  }
}

function emptyHours(): number[] {
  return new Array<number>(24).fill(0);
}

function sum(xs: readonly number[]): number {
  let t = 0;
  for (const x of xs) t += x;
  return t;
}
