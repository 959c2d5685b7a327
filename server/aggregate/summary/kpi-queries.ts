import type { KpiCounts, KpiValues } from '@protocol/summary';
import { KEY_POPULATION_CATEGORIES, type KeyPopulationCategory } from '@geo/registers';
import type { ReadDb } from '../../projections/read-db';
import { placedCodesPay, scopeFilter, scopeUpper } from '../../projections/place';
import type { OpenOrderAt } from './open-orders';

/** Patrols a rental building needs in 30 days, by management level (domain.md). */
export const PATROLS_REQUIRED: Readonly<Record<string, number>> = { 宽管: 1, 警示: 2, 严管: 4, 禁租: 4 };
const PATROL_WINDOW_MS = 30 * 24 * 3_600_000;

/**
 * Every KPI of domain.md for a scope and a period `[from, to)` read "as of" `asOf`, from the read
 * models. One formula each, written as in domain.md's table; `open` are the scope's orders open
 * at `asOf` (see `openOrdersAt`).
 */
export function computeKpis(db: ReadDb, scope: string, from: number, to: number, asOf: number, open: readonly OpenOrderAt[]): { kpis: KpiValues; counts: KpiCounts } {
  const hi = scopeUpper(scope);
  const inc = db.get<{ n: number; resolved: number | null; closed: number | null }>(
    `SELECT COUNT(*) AS n,
       SUM(CASE WHEN first_resolved_at IS NOT NULL AND first_resolved_at <= ? THEN 1 ELSE 0 END) AS resolved,
       SUM(CASE WHEN closed_at IS NOT NULL AND closed_at <= ? THEN 1 ELSE 0 END) AS closed
     FROM p_incidents WHERE ${scopeFilter(db, 'p_incidents')} AND occurred_at >= ? AND occurred_at < ?`,
    [asOf, asOf, scope, hi, from, to],
  )!;
  // First resolutions in the period (and, for the current period, up to now).
  const res = db.get<{ n: number; on_time: number | null; handling_sum: number | null; handling_n: number }>(
    `SELECT COUNT(*) AS n, SUM(first_resolved_on_time) AS on_time, SUM(handling_ms) AS handling_sum, COUNT(handling_ms) AS handling_n
     FROM p_workorders WHERE ${scopeFilter(db, 'p_workorders')} AND first_resolved_at >= ? AND first_resolved_at < ? AND first_resolved_at <= ?`,
    [scope, hi, from, to, asOf],
  )!;
  const rat = db.get<{ n: number; satisfied: number | null; hn: number | null; hs: number | null }>(
    `SELECT COUNT(*) AS n, SUM(r.satisfied) AS satisfied,
       SUM(CASE WHEN w.source = 'hotline' THEN 1 ELSE 0 END) AS hn,
       SUM(CASE WHEN w.source = 'hotline' THEN r.satisfied ELSE 0 END) AS hs
     FROM p_ratings r ${ratingsJoin(db)} p_workorders w ON w.work_order_id = r.work_order_id
     WHERE ${scopeFilter(db, 'p_workorders', 'w.scope')} AND r.occurred_at >= ? AND r.occurred_at < ? AND r.occurred_at <= ?`,
    [scope, hi, from, to, asOf],
  )!;
  const calls = db.get<{ n: number; fast: number | null }>(
    `SELECT COUNT(*) AS n, SUM(within_10s) AS fast FROM p_calls WHERE ${scopeFilter(db, 'p_calls')} AND offered_at >= ? AND offered_at < ? AND offered_at <= ?`,
    [scope, hi, from, to, asOf],
  )!;
  const disp = db.get<{ n: number; kept: number | null }>(
    `SELECT COUNT(*) AS n, SUM(CASE WHEN returned_at IS NULL OR returned_at > ? THEN 1 ELSE 0 END) AS kept
     FROM p_dispatches WHERE ${scopeFilter(db, 'p_dispatches')} AND at >= ? AND at < ? AND at <= ?`,
    [asOf, scope, hi, from, to, asOf],
  )!;
  const cams = db.get<{ n: number; online: number | null }>(
    `SELECT COUNT(*) AS n, SUM(CASE WHEN (SELECT s.online FROM p_camera_status s WHERE s.camera_id = c.camera_id AND s.occurred_at <= ?
         ORDER BY s.occurred_at DESC, s.seq DESC LIMIT 1) = 1 THEN 1 ELSE 0 END) AS online
     FROM p_cameras c WHERE ${scopeFilter(db, 'p_cameras', 'c.scope')} AND c.registered_at <= ?`,
    [asOf, scope, hi, asOf],
  )!;
  const rentals = rentalPatrols(db, scope, asOf);
  const patrolled = rentals.filter((r) => r.patrolled).length;

  const counts: KpiCounts = {
    reported: inc.n,
    resolvedByAsOf: inc.resolved ?? 0,
    closedByAsOf: inc.closed ?? 0,
    firstResolved: res.n,
    firstResolvedOnTime: res.on_time ?? 0,
    ratings: rat.n,
    satisfied: rat.satisfied ?? 0,
    hotlineRatings: rat.hn ?? 0,
    hotlineSatisfied: rat.hs ?? 0,
    callsOffered: calls.n,
    callsWithin10s: calls.fast ?? 0,
    dispatches: disp.n,
    dispatchesKept: disp.kept ?? 0,
    cameras: cams.n,
    camerasOnline: cams.online ?? 0,
    rentalBuildings: rentals.length,
    rentalBuildingsPatrolled: patrolled,
  };
  const kpis: KpiValues = {
    reported: counts.reported,
    disposalRate: ratio(counts.resolvedByAsOf, counts.reported),
    onTimeRate: ratio(counts.firstResolvedOnTime, counts.firstResolved),
    overdueNow: open.filter((o) => o.status === 'overdue').length,
    atRiskNow: open.filter((o) => o.status === 'at-risk').length,
    meanHandlingHours: res.handling_n > 0 ? (res.handling_sum ?? 0) / res.handling_n / 3_600_000 : null,
    closureRate: ratio(counts.closedByAsOf, counts.reported),
    satisfactionRate: ratio(counts.satisfied, counts.ratings),
    hotlineConnect10sRate: ratio(counts.callsWithin10s, counts.callsOffered),
    dispatchAccuracy: ratio(counts.dispatchesKept, counts.dispatches),
    hotlineSatisfaction: ratio(counts.hotlineSatisfied, counts.hotlineRatings),
    cameraOnlineRate: ratio(counts.camerasOnline, counts.cameras),
    patrolCompletion: ratio(counts.rentalBuildingsPatrolled, counts.rentalBuildings),
    keyPopulations: keyPopulations(db, scope, hi, asOf),
  };
  return { kpis, counts };
}

/**
 * Each rental building (出租屋) of the scope registered by `asOf`, with its level, its patrols in
 * the 30 days ending `asOf` and whether they reach what the level asks (`patrolCompletion`).
 */
export function rentalPatrols(db: ReadDb, scope: string, asOf: number): { buildingId: string; level: string; patrols: number; patrolled: boolean }[] {
  const rows = db.all<{ building_id: string; level: string; n: number }>(
    `SELECT b.building_id, b.rental_level AS level, COUNT(p.patrol_id) AS n FROM p_buildings b
     LEFT JOIN p_patrols p ON p.building_id = b.building_id AND p.occurred_at > ? AND p.occurred_at <= ?
     WHERE b.rental_level IS NOT NULL AND b.scope >= ? AND b.scope < ? AND b.registered_at <= ?
     GROUP BY b.building_id, b.rental_level`,
    [asOf - PATROL_WINDOW_MS, asOf, scope, scopeUpper(scope), asOf],
  );
  return rows.map((r) => ({ buildingId: r.building_id, level: r.level, patrols: r.n, patrolled: r.n >= (PATROLS_REQUIRED[r.level] ?? Infinity) }));
}

/** Counts by category "as of": the latest record of each person at that instant. */
export function keyPopulations(db: ReadDb, scope: string, hi: string, asOf: number): Record<KeyPopulationCategory, number> {
  // Always from the history: a record dated after `asOf` (a sender's clock ahead) must not count.
  const rows = db.all<{ categories: string; n: number }>(
    `SELECT h.categories AS categories, COUNT(*) AS n FROM p_person_history h
     WHERE h.scope >= ? AND h.scope < ? AND h.occurred_at <= ? AND h.categories IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM p_person_history l WHERE l.person_id = h.person_id AND l.occurred_at <= ?
                       AND (l.occurred_at > h.occurred_at OR (l.occurred_at = h.occurred_at AND l.seq > h.seq)))
     GROUP BY h.categories`,
    [scope, hi, asOf, asOf],
  );
  const out = Object.fromEntries(KEY_POPULATION_CATEGORIES.map((c) => [c, 0])) as Record<KeyPopulationCategory, number>;
  for (const r of rows) {
    for (const c of JSON.parse(r.categories) as KeyPopulationCategory[]) if (c in out) out[c] += r.n;
  }
  return out;
}

/**
 * With seeks per placed code (a long log), the period's ratings drive (CROSS JOIN keeps them
 * outside): the planner would seek every order of the scope instead, ten times slower for the
 * district. Otherwise the planner's choice (the scope's orders, a short prefix range) is right.
 */
function ratingsJoin(db: ReadDb): string {
  return placedCodesPay(db, 'p_workorders') ? 'CROSS JOIN' : 'JOIN';
}

/** A rate, `null` when the denominator is empty (never 0 or 1 then). */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}
