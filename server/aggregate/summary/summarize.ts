import type { ScopeSummary } from '@protocol/summary';
import type { Scope } from '@geo/territory';
import type { ReadDb } from '../../projections/read-db';
import { scopeUpper } from '../../projections/place';
import type { FoldedWorkOrder } from '../workorder/fold-work-order';
import { asOf as asOfOf, classifyPeriod, previousPeriod, yearAgoPeriod, type Period } from '../periods';
import { computeKpis, ratio } from './kpi-queries';
import { openOrdersAt, type OpenOrderAt } from './open-orders';

export interface SummaryDeps {
  db: ReadDb;
  /** An order's folded history (the projector's cache, else read from the moves table). */
  folded(id: string): FoldedWorkOrder;
  timeZone: string;
}

/**
 * A scope's summary for a period: every KPI with its counts, the previous period (环比) and the
 * same range a year earlier (同比), and the breakdowns the screen and the reports show. Numbers
 * are computed here once, from the read models; screens and exports ask for this.
 */
export function summarize(deps: SummaryDeps, scope: Scope, children: readonly Scope[], period: Period, now: number): ScopeSummary {
  const { db, timeZone } = deps;
  const at = asOfOf(period, now);
  const open = openOrdersAt(db, deps.folded, scope.code, at);
  const main = computeKpis(db, scope.code, period.from, period.to, at, open);
  const previous = kpisFor(deps, scope.code, previousPeriod(period, timeZone), now);
  const yearAgo = kpisFor(deps, scope.code, yearAgoPeriod(period, timeZone), now);
  return {
    scope: { code: scope.code, name: scope.name, level: scope.level },
    timeZone,
    kind: classifyPeriod(period, timeZone),
    from: iso(period.from),
    to: iso(period.to),
    asOf: iso(at),
    kpis: main.kpis,
    counts: main.counts,
    previous,
    yearAgo,
    breakdowns: breakdowns(db, scope, children, period, at, open),
  };
}

/** Only the KPIs of a period (for comparisons and for the live screen). */
export function kpisFor(deps: SummaryDeps, scope: string, period: Period, now: number): ScopeSummary['previous'] {
  const at = asOfOf(period, now);
  const { kpis, counts } = computeKpis(deps.db, scope, period.from, period.to, at, openOrdersAt(deps.db, deps.folded, scope, at));
  return { from: iso(period.from), to: iso(period.to), asOf: iso(at), kpis, counts };
}

function breakdowns(db: ReadDb, scope: Scope, children: readonly Scope[], period: Period, at: number, open: readonly OpenOrderAt[]): ScopeSummary['breakdowns'] {
  const lo = scope.code;
  const hi = scopeUpper(scope.code);
  const range = [lo, hi, period.from, period.to];
  const byCategory = db.all<{ key: string; count: number }>(
    'SELECT category AS key, COUNT(*) AS count FROM p_incidents WHERE scope >= ? AND scope < ? AND occurred_at >= ? AND occurred_at < ? GROUP BY category ORDER BY count DESC, key',
    range,
  );
  const bySource = db.all<{ key: string; count: number }>(
    'SELECT source AS key, COUNT(*) AS count FROM p_incidents WHERE scope >= ? AND scope < ? AND occurred_at >= ? AND occurred_at < ? GROUP BY source ORDER BY count DESC, key',
    range,
  );
  const departments = db.all<{ department: string; opened: number; first_resolved: number; on_time: number | null; returned: number; extended: number; handling_sum: number | null; handling_n: number }>(
    `SELECT department, COUNT(*) AS opened,
       SUM(CASE WHEN first_resolved_at IS NOT NULL AND first_resolved_at <= ? THEN 1 ELSE 0 END) AS first_resolved,
       SUM(CASE WHEN first_resolved_at IS NOT NULL AND first_resolved_at <= ? THEN first_resolved_on_time ELSE 0 END) AS on_time,
       SUM(CASE WHEN returned_count > 0 THEN 1 ELSE 0 END) AS returned,
       SUM(CASE WHEN extended_count > 0 THEN 1 ELSE 0 END) AS extended,
       SUM(CASE WHEN first_resolved_at IS NOT NULL AND first_resolved_at <= ? THEN handling_ms END) AS handling_sum,
       COUNT(CASE WHEN first_resolved_at IS NOT NULL AND first_resolved_at <= ? THEN handling_ms END) AS handling_n
     FROM p_workorders WHERE scope >= ? AND scope < ? AND opened_at >= ? AND opened_at < ? AND department IS NOT NULL
     GROUP BY department ORDER BY opened DESC, department`,
    [at, at, at, at, ...range],
  );
  const overdueByDept = countBy(open.filter((o) => o.status === 'overdue'), (o) => o.department ?? '');
  const workOrdersByState: Record<string, number> = { overdue: 0, atRisk: 0 };
  for (const o of open) {
    const key = o.state ?? 'unknown';
    workOrdersByState[key] = (workOrdersByState[key] ?? 0) + 1;
    if (o.status === 'overdue') workOrdersByState.overdue! += 1;
    if (o.status === 'at-risk') workOrdersByState.atRisk! += 1;
  }

  const childLen = children[0]?.code.length ?? 0;
  const childRows =
    childLen === 0
      ? []
      : db.all<{ code: string; n: number; resolved: number | null; closed: number | null }>(
          `SELECT substr(scope, 1, ${childLen}) AS code, COUNT(*) AS n,
             SUM(CASE WHEN first_resolved_at IS NOT NULL AND first_resolved_at <= ? THEN 1 ELSE 0 END) AS resolved,
             SUM(CASE WHEN closed_at IS NOT NULL AND closed_at <= ? THEN 1 ELSE 0 END) AS closed
           FROM p_incidents WHERE scope >= ? AND scope < ? AND occurred_at >= ? AND occurred_at < ? AND length(scope) >= ${childLen}
           GROUP BY substr(scope, 1, ${childLen})`,
          [at, at, ...range],
        );
  const byChild = new Map(childRows.map((r) => [r.code, r] as const));
  const childOf = (code: string | null): string => (code ?? '').slice(0, childLen);
  const overdueByChild = countBy(open.filter((o) => o.status === 'overdue'), (o) => childOf(o.scope));
  const atRiskByChild = countBy(open.filter((o) => o.status === 'at-risk'), (o) => childOf(o.scope));
  const childrenRows = children
    .map((c) => {
      const r = byChild.get(c.code);
      const n = r?.n ?? 0;
      return {
        code: c.code,
        name: c.name,
        reported: n,
        disposalRate: ratio(r?.resolved ?? 0, n),
        closureRate: ratio(r?.closed ?? 0, n),
        overdueNow: overdueByChild.get(c.code) ?? 0,
        atRiskNow: atRiskByChild.get(c.code) ?? 0,
      };
    })
    .sort((a, b) => b.reported - a.reported || a.code.localeCompare(b.code));

  const topOverdue = open
    .filter((o) => o.status === 'overdue' && o.applicable && o.state)
    .sort((a, b) => a.applicable!.deadline - b.applicable!.deadline || a.workOrderId.localeCompare(b.workOrderId))
    .slice(0, 10)
    .map((o) => ({
      workOrderId: o.workOrderId,
      incidentId: o.incidentId,
      scope: o.scope,
      category: o.category,
      department: o.department,
      state: o.state!,
      deadline: iso(o.applicable!.deadline),
      overdueHours: (at - o.applicable!.deadline) / 3_600_000,
    }));

  const reportedByDay = db.all<{ day: string; n: number }>(
    'SELECT day, COUNT(*) AS n FROM p_incidents WHERE scope >= ? AND scope < ? AND occurred_at >= ? AND occurred_at < ? GROUP BY day',
    range,
  );
  const resolvedByDay = db.all<{ day: string; n: number }>(
    `SELECT i.day AS day, COUNT(*) AS n FROM p_workorders w JOIN p_incidents i ON i.incident_id = w.incident_id
     WHERE w.scope >= ? AND w.scope < ? AND w.first_resolved_at >= ? AND w.first_resolved_at < ? AND w.first_resolved_at <= ? GROUP BY i.day`,
    [...range, at],
  );
  const days = new Map<string, { day: string; reported: number; firstResolved: number }>();
  for (const r of reportedByDay) days.set(r.day, { day: r.day, reported: r.n, firstResolved: 0 });
  for (const r of resolvedByDay) {
    const d = days.get(r.day) ?? { day: r.day, reported: 0, firstResolved: 0 };
    d.firstResolved = r.n;
    days.set(r.day, d);
  }

  return {
    byCategory,
    bySource,
    byDepartment: departments.map((d) => ({
      department: d.department,
      opened: d.opened,
      firstResolved: d.first_resolved,
      onTime: d.on_time ?? 0,
      returned: d.returned,
      extended: d.extended,
      overdueNow: overdueByDept.get(d.department) ?? 0,
      meanHandlingHours: d.handling_n > 0 ? (d.handling_sum ?? 0) / d.handling_n / 3_600_000 : null,
    })),
    workOrdersByState,
    children: childrenRows,
    topOverdue,
    daily: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
  };
}

function countBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return m;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
