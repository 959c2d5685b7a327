import { z } from 'zod';
import { isoInstant, lngLat, scopeCode } from './primitives';
import { incidentCategory, incidentSource } from './incident';
import { countBy, kpiCounts, kpiValues, type KpiValues } from './summary';

/** An incident as the screen draws it: ids, position and labels, never personal data. */
export const incidentPoint = z.object({
  incidentId: z.string(),
  category: incidentCategory,
  source: incidentSource,
  severity: z.number().int().min(1).max(4),
  location: lngLat,
  occurredAt: isoInstant,
  /** The most precise scope the incident was placed in (a grid, or the district when unplaced). */
  scope: scopeCode,
});
export type IncidentPoint = z.infer<typeof incidentPoint>;

/** Today's KPIs of a scope (today in the reports' zone, read now): every key of domain.md. */
export const scopeKpis = kpiValues;
export type ScopeKpis = KpiValues;

/** What the wall's panels show besides the KPIs, for today and now. */
export const livePanels = z.object({
  /** The counts behind today's rates (calls offered, cameras online of registered...). */
  counts: kpiCounts,
  /** Today's incidents by category. */
  byCategory: countBy,
  /** Open work orders now by state, with `overdue` and `atRisk` among them. */
  workOrdersByState: z.record(z.string(), z.number().int()),
  /** The grids with the most open work orders now (at most 10). */
  topGrids: z.array(z.object({ code: scopeCode, name: z.string(), open: z.number().int(), overdue: z.number().int() })),
});
export type LivePanels = z.infer<typeof livePanels>;

/** An alarm: a severe incident (severity 3 or 4) of today not yet acknowledged on a wall. */
export const liveAlarm = incidentPoint;

/** A grid's numbers on the map: today's incidents, overdue orders now, key-population records. */
export const liveMapGrid = z.object({ code: scopeCode, reported: z.number().int(), overdue: z.number().int(), persons: z.number().int() });
export type LiveMapGrid = z.infer<typeof liveMapGrid>;

/**
 * An open order overdue now, at its incident's place. `overdueSince` (its deadline) does not
 * move with time, so the list changes only when orders become overdue or leave it; the screen
 * works out the hours from it.
 */
export const liveMapOverdue = z.object({ workOrderId: z.string(), incidentId: z.string(), location: lngLat, category: z.string().nullable(), overdueSince: isoInstant });
export type LiveMapOverdue = z.infer<typeof liveMapOverdue>;

/** What the map shows of a scope now, joined to static geometry by code or id on the client. */
export const liveMap = z.object({
  /** Per grid of the scope with anything to show, in code order. */
  grids: z.array(liveMapGrid),
  /** Open orders overdue now (at most 500, longest overdue first). */
  overdue: z.array(liveMapOverdue),
});
export type LiveMap = z.infer<typeof liveMap>;

/**
 * How a delta changes the map its receivers hold: the grids whose numbers changed or appeared
 * (whole entries), the grids that have nothing more to show, and the overdue list when it
 * changed (whole). A district's map is a thousand grids, of which a few change in a window.
 */
export const liveMapPatch = z.object({
  grids: z.array(liveMapGrid),
  gridsRemoved: z.array(scopeCode),
  overdue: z.array(liveMapOverdue).optional(),
});
export type LiveMapPatch = z.infer<typeof liveMapPatch>;

/** The map's grid order (by code, as strings compare): the server lists them so, a patched map keeps it. */
export function byGridCode(a: LiveMapGrid, b: LiveMapGrid): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/** The map after `patch`: grids replaced or added by code, removed ones gone, still in code order. */
export function applyMapPatch(map: LiveMap, patch: LiveMapPatch): LiveMap {
  const grids = new Map(map.grids.map((g) => [g.code, g] as const));
  for (const code of patch.gridsRemoved) grids.delete(code);
  for (const g of patch.grids) grids.set(g.code, g);
  return {
    grids: [...grids.values()].sort(byGridCode),
    overdue: patch.overdue ?? map.overdue,
  };
}

/** Incidents per hour of today and of yesterday, both cut in the reports' time zone. */
export const hourlyIncidents = z.object({
  /** Today's date in the reports' time zone, `YYYY-MM-DD`. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  today: z.array(z.number().int().nonnegative()).length(24),
  yesterday: z.array(z.number().int().nonnegative()).length(24),
});
export type HourlyIncidents = z.infer<typeof hourlyIncidents>;

/** Everything a screen needs to draw a scope, complete up to the log position `seq`. */
export const scopeSnapshot = z.object({
  scope: scopeCode,
  seq: z.number().int().nonnegative(),
  asOf: isoInstant,
  /** IANA zone in which "today" and hours are cut (`TZ_REPORTS`). */
  timeZone: z.string(),
  kpis: scopeKpis,
  panels: livePanels,
  map: liveMap,
  /** Severe incidents of today not acknowledged yet, newest first (at most 20). */
  alarms: z.array(liveAlarm),
  hourly: hourlyIncidents,
  /** Today's incidents, newest last, capped (see `MAX_LIVE_INCIDENTS`). */
  incidents: z.array(incidentPoint),
});
export type ScopeSnapshot = z.infer<typeof scopeSnapshot>;

/** Most incidents a scope's live list holds; the oldest leave first. */
export const MAX_LIVE_INCIDENTS = 5000;

/**
 * What changed in a scope between the log positions `prevSeq` and `seq`. A client applies it only
 * when its last applied `seq` equals `prevSeq`; otherwise it has a gap and subscribes again.
 * Fields left out did not change: a delta with only the positions is a heartbeat.
 */
export const scopeDelta = z.object({
  scope: scopeCode,
  seq: z.number().int().nonnegative(),
  prevSeq: z.number().int().nonnegative(),
  asOf: isoInstant,
  kpis: scopeKpis.optional(),
  panels: livePanels.optional(),
  /** The whole map (what a catch-up or `changes` answer carries), replacing the one held. */
  map: liveMap.optional(),
  /** The map's changes since the room's previous delta (see `applyMapPatch`). */
  mapPatch: liveMapPatch.optional(),
  alarms: z.array(liveAlarm).optional(),
  hourly: hourlyIncidents.optional(),
  incidents: z
    .object({
      added: z.array(incidentPoint),
      /** Ids that left the live list (cap reached or the day turned). */
      removed: z.array(z.string()),
    })
    .optional(),
});
export type ScopeDelta = z.infer<typeof scopeDelta>;

/**
 * The answer to a resubscription with `lastSeq` when the server can say what changed since then
 * (cheaper than a snapshot): everything a delta would carry from `prevSeq` (= the client's
 * `lastSeq`) to `seq`. When it cannot (too long ago, the day turned, a trimmed list), it answers
 * with a snapshot instead.
 */
export const scopeChanges = scopeDelta.extend({ kind: z.literal('changes') });
export type ScopeChanges = z.infer<typeof scopeChanges>;

/** What `scope:subscribe` answers: a full snapshot, or the changes since the client's `lastSeq`. */
export type SubscribeAnswer = (ScopeSnapshot & { kind?: 'snapshot' }) | ScopeChanges;
