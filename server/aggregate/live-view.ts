import type { LivePanels, ScopeKpis } from '@protocol/scope-state';
import type { Territory } from '@geo/territory';
import { presetPeriod } from './periods';
import { computeKpis } from './summary/kpi-queries';
import { openOrdersAt } from './summary/open-orders';
import type { SummaryDeps } from './summary/summarize';
import { scopeUpper } from '../projections/place';

/** Grid codes are 15 digits: a deeper scope's grid is its first 15. */
const GRID_LEN = 15;

/**
 * What the wall shows of a scope right now: today's KPIs (today in the reports' zone, read now)
 * and the panels' breakdowns, from the same read models and formulas as the period summaries, so
 * the wall and a report for today agree.
 */
export function liveView(deps: SummaryDeps, territory: Territory, scope: string, now: number): { kpis: ScopeKpis; panels: LivePanels } {
  const today = presetPeriod('day', now, deps.timeZone);
  const open = openOrdersAt(deps.db, deps.folded, scope, now);
  const { kpis } = computeKpis(deps.db, scope, today.from, today.to, now, open);
  const byCategory = deps.db.all<{ key: string; count: number }>(
    'SELECT category AS key, COUNT(*) AS count FROM p_incidents WHERE scope >= ? AND scope < ? AND occurred_at >= ? AND occurred_at < ? GROUP BY category ORDER BY count DESC, key',
    [scope, scopeUpper(scope), today.from, today.to],
  );
  const workOrdersByState: Record<string, number> = { overdue: 0, atRisk: 0 };
  const byGrid = new Map<string, { open: number; overdue: number }>();
  for (const o of open) {
    workOrdersByState[o.state ?? 'unknown'] = (workOrdersByState[o.state ?? 'unknown'] ?? 0) + 1;
    if (o.status === 'overdue') workOrdersByState.overdue! += 1;
    if (o.status === 'at-risk') workOrdersByState.atRisk! += 1;
    if (o.scope && o.scope.length >= GRID_LEN) {
      const g = byGrid.get(o.scope.slice(0, GRID_LEN)) ?? { open: 0, overdue: 0 };
      g.open += 1;
      if (o.status === 'overdue') g.overdue += 1;
      byGrid.set(o.scope.slice(0, GRID_LEN), g);
    }
  }
  const names = gridNames(territory);
  const topGrids = [...byGrid]
    .sort((a, b) => b[1].open - a[1].open || b[1].overdue - a[1].overdue || a[0].localeCompare(b[0]))
    .slice(0, 10)
    .map(([code, g]) => ({ code, name: names.get(code) ?? code, ...g }));
  return { kpis, panels: { byCategory, workOrdersByState, topGrids } };
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
