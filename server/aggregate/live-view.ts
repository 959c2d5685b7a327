import { byGridCode, type IncidentPoint, type LiveMap, type LivePanels, type ScopeKpis } from '@protocol/scope-state';
import type { Territory } from '@geo/territory';
import { presetPeriod } from './periods';
import { computeKpis } from './summary/kpi-queries';
import { openOrdersAt } from './summary/open-orders';
import type { SummaryDeps } from './summary/summarize';
import { scopeFilter, scopeUpper } from '../projections/place';

/** Grid codes are 15 digits: a deeper scope's grid is its first 15. */
const GRID_LEN = 15;
const MAX_ALARMS = 20;
const MAX_OVERDUE_ON_MAP = 500;

/** Everything the wall shows of a scope now, besides the live incident list. */
export interface LiveView {
  kpis: ScopeKpis;
  panels: LivePanels;
  map: LiveMap;
  alarms: IncidentPoint[];
}

/**
 * What the wall shows of a scope right now: today's KPIs (today in the reports' zone, read now),
 * the panels' breakdowns, the map's per-grid numbers and overdue orders, and the unacknowledged
 * alarms, from the same read models and formulas as the period summaries, so the wall and a
 * report for today agree.
 */
export function liveView(deps: SummaryDeps, territory: Territory, scope: string, now: number): LiveView {
  const { db } = deps;
  const hi = scopeUpper(scope);
  const today = presetPeriod('day', now, deps.timeZone);
  const open = openOrdersAt(db, deps.folded, scope, now);
  const { kpis, counts } = computeKpis(db, scope, today.from, today.to, now, open);
  const byCategory = db.all<{ key: string; count: number }>(
    `SELECT category AS key, COUNT(*) AS count FROM p_incidents WHERE ${scopeFilter(db, 'p_incidents')} AND occurred_at >= ? AND occurred_at < ? GROUP BY category ORDER BY count DESC, key`,
    [scope, hi, today.from, today.to],
  );

  const workOrdersByState: Record<string, number> = { overdue: 0, atRisk: 0 };
  const grids = new Map<string, { code: string; reported: number; overdue: number; persons: number; open: number }>();
  const gridOf = (code: string): { code: string; reported: number; overdue: number; persons: number; open: number } => {
    let g = grids.get(code);
    if (!g) {
      g = { code, reported: 0, overdue: 0, persons: 0, open: 0 };
      grids.set(code, g);
    }
    return g;
  };
  for (const o of open) {
    workOrdersByState[o.state ?? 'unknown'] = (workOrdersByState[o.state ?? 'unknown'] ?? 0) + 1;
    if (o.status === 'overdue') workOrdersByState.overdue! += 1;
    if (o.status === 'at-risk') workOrdersByState.atRisk! += 1;
    if (o.scope && o.scope.length >= GRID_LEN) {
      const g = gridOf(o.scope.slice(0, GRID_LEN));
      g.open += 1;
      if (o.status === 'overdue') g.overdue += 1;
    }
  }
  for (const r of db.all<{ code: string; n: number }>(
    `SELECT substr(scope, 1, ${GRID_LEN}) AS code, COUNT(*) AS n FROM p_incidents
     WHERE ${scopeFilter(db, 'p_incidents')} AND occurred_at >= ? AND occurred_at < ? AND length(scope) >= ${GRID_LEN} GROUP BY code`,
    [scope, hi, today.from, today.to],
  )) {
    gridOf(r.code).reported = r.n;
  }
  for (const r of db.all<{ code: string; n: number }>(
    `SELECT substr(scope, 1, ${GRID_LEN}) AS code, COUNT(*) AS n FROM p_persons
     WHERE scope >= ? AND scope < ? AND categories IS NOT NULL AND length(scope) >= ${GRID_LEN} GROUP BY code`,
    [scope, hi],
  )) {
    gridOf(r.code).persons = r.n;
  }
  const names = gridNames(territory);
  const topGrids = [...grids.values()]
    .filter((g) => g.open > 0)
    .sort((a, b) => b.open - a.open || b.overdue - a.overdue || a.code.localeCompare(b.code))
    .slice(0, 10)
    .map((g) => ({ code: g.code, name: names.get(g.code) ?? g.code, open: g.open, overdue: g.overdue }));

  const overdueOrders = open.filter((o) => o.status === 'overdue' && o.applicable);
  const locations = new Map<string, [number, number]>();
  for (let i = 0; i < overdueOrders.length; i += 500) {
    const ids = overdueOrders.slice(i, i + 500).map((o) => o.incidentId);
    for (const r of db.all<{ incident_id: string; lng: number; lat: number }>(`SELECT incident_id, lng, lat FROM p_incidents WHERE incident_id IN (${ids.map(() => '?').join(',')})`, ids)) {
      locations.set(r.incident_id, [r.lng, r.lat]);
    }
  }
  const overdue = overdueOrders
    .filter((o) => locations.has(o.incidentId))
    .map((o) => ({ workOrderId: o.workOrderId, incidentId: o.incidentId, location: locations.get(o.incidentId)!, category: o.category, deadline: o.applicable!.deadline }))
    .sort((a, b) => a.deadline - b.deadline || a.workOrderId.localeCompare(b.workOrderId))
    .slice(0, MAX_OVERDUE_ON_MAP)
    .map(({ deadline, ...o }) => ({ ...o, overdueSince: new Date(deadline).toISOString() }));

  const alarms = db
    .all<{ incident_id: string; category: string; source: string; severity: number; lng: number; lat: number; occurred_at: number; scope: string }>(
      `SELECT i.incident_id, i.category, i.source, i.severity, i.lng, i.lat, i.occurred_at, i.scope FROM p_incidents i
       WHERE i.severity >= 3 AND i.occurred_at >= ? AND i.occurred_at <= ? AND ${scopeFilter(db, 'p_incidents', 'i.scope')}
         AND NOT EXISTS (SELECT 1 FROM p_alarm_acks a WHERE a.incident_id = i.incident_id)
       ORDER BY i.occurred_at DESC, i.incident_id LIMIT ${MAX_ALARMS}`,
      [today.from, now, scope, hi],
    )
    .map((r) => ({
      incidentId: r.incident_id,
      category: r.category,
      source: r.source as IncidentPoint['source'],
      severity: r.severity,
      location: [r.lng, r.lat] as [number, number],
      occurredAt: new Date(r.occurred_at).toISOString(),
      scope: r.scope,
    }));

  return {
    kpis,
    panels: { counts, byCategory, workOrdersByState, topGrids },
    map: { grids: [...grids.values()].sort(byGridCode).map(({ code, reported, overdue: o, persons }) => ({ code, reported, overdue: o, persons })), overdue },
    alarms,
  };
}

const namesOf = new WeakMap<Territory, Map<string, string>>();
function gridNames(t: Territory): Map<string, string> {
  let m = namesOf.get(t);
  if (!m) {
    m = new Map(t.scopes.filter((s) => s.level === 3).map((s) => [s.code, s.name] as const));
    namesOf.set(t, m);
  }
  return m;
}
