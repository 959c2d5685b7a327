import { HOTLINE_TARGETS, type HotlineTargetKey, type KpiValues, type ScopeSummary } from '@protocol/summary';
import type { Scope } from '@geo/territory';
import type { ReadDb } from '../../projections/read-db';
import { scopeFilter, scopeUpper } from '../../projections/place';
import type { FoldedWorkOrder } from '../workorder/fold-work-order';
import { asOf as asOfOf, classifyPeriod, daysIn, previousPeriod, yearAgoPeriod, type Period } from '../periods';
import { computeKpis, ratio } from './kpi-queries';
import { openOrdersAt, type OpenOrderAt } from './open-orders';
import { zonedParts } from '../zoned-time';

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
    breakdowns: breakdowns(db, scope, children, period, at, open, main.kpis, timeZone),
  };
}

/** Only the KPIs of a period (for comparisons and for the live screen). */
export function kpisFor(deps: SummaryDeps, scope: string, period: Period, now: number): ScopeSummary['previous'] {
  const at = asOfOf(period, now);
  const { kpis, counts } = computeKpis(deps.db, scope, period.from, period.to, at, openOrdersAt(deps.db, deps.folded, scope, at));
  return { from: iso(period.from), to: iso(period.to), asOf: iso(at), kpis, counts };
}

function breakdowns(
  db: ReadDb,
  scope: Scope,
  children: readonly Scope[],
  period: Period,
  at: number,
  open: readonly OpenOrderAt[],
  kpis: KpiValues,
  timeZone: string,
): ScopeSummary['breakdowns'] {
  const lo = scope.code;
  const hi = scopeUpper(scope.code);
  const range = [lo, hi, period.from, period.to];
  const byCategory = db.all<{ key: string; count: number }>(
    `SELECT category AS key, COUNT(*) AS count FROM p_incidents WHERE ${scopeFilter(db, 'p_incidents')} AND occurred_at >= ? AND occurred_at < ? GROUP BY category ORDER BY count DESC, key`,
    range,
  );
  const bySource = db.all<{ key: string; count: number }>(
    `SELECT source AS key, COUNT(*) AS count FROM p_incidents WHERE ${scopeFilter(db, 'p_incidents')} AND occurred_at >= ? AND occurred_at < ? GROUP BY source ORDER BY count DESC, key`,
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
     FROM p_workorders WHERE ${scopeFilter(db, 'p_workorders')} AND opened_at >= ? AND opened_at < ? AND department IS NOT NULL
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
           FROM p_incidents WHERE ${scopeFilter(db, 'p_incidents')} AND occurred_at >= ? AND occurred_at < ? AND length(scope) >= ${childLen}
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

  const daily = dailySeries(db, lo, hi, period, at, timeZone);
  const outcomes = orderOutcomes(db, range, at, open);
  const hotline = hotlineFigures(db, range, at, kpis, bySource);

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
    outcomes,
    hotline,
    daily,
  };
}

/**
 * Every local day the period touches, in the reports' zone: incidents by the day they occurred
 * (the projected `day` column), first resolutions and calls by the day they happened (instants
 * read row by row and cut at the zone's midnights, so a long period is never held in memory).
 */
function dailySeries(db: ReadDb, lo: string, hi: string, period: Period, at: number, timeZone: string): Daily[] {
  const starts = daysIn(period, timeZone);
  const points: Daily[] = starts.map((ms) => ({ day: dayLabel(ms, timeZone), reported: 0, firstResolved: 0, callsOffered: 0 }));
  const byDay = new Map(points.map((p) => [p.day, p] as const));
  const range = [lo, hi, period.from, period.to];
  for (const r of db.all<{ day: string; n: number }>(`SELECT day, COUNT(*) AS n FROM p_incidents WHERE ${scopeFilter(db, 'p_incidents')} AND occurred_at >= ? AND occurred_at < ? GROUP BY day`, range)) {
    const p = byDay.get(r.day);
    if (p) p.reported = r.n;
  }
  const bucket = (ms: number): Daily | undefined => points[upperBound(starts, ms) - 1];
  for (const r of db.iterate<{ t: number }>(`SELECT first_resolved_at AS t FROM p_workorders WHERE ${scopeFilter(db, 'p_workorders')} AND first_resolved_at >= ? AND first_resolved_at < ? AND first_resolved_at <= ?`, [...range, at])) {
    const p = bucket(r.t);
    if (p) p.firstResolved += 1;
  }
  for (const r of db.iterate<{ t: number }>(`SELECT offered_at AS t FROM p_calls WHERE ${scopeFilter(db, 'p_calls')} AND offered_at >= ? AND offered_at < ? AND offered_at <= ?`, [...range, at])) {
    const p = bucket(r.t);
    if (p) p.callsOffered += 1;
  }
  return points;
}
type Daily = ScopeSummary['breakdowns']['daily'][number];

/** Outcomes of the orders opened in the period (see `workOrderOutcomes` in the protocol). */
function orderOutcomes(db: ReadDb, range: readonly unknown[], at: number, open: readonly OpenOrderAt[]): ScopeSummary['breakdowns']['outcomes'] {
  const r = db.get<{ opened: number; first_resolved: number | null; on_time: number | null; returned: number | null; extended: number | null; handling_sum: number | null; handling_n: number }>(
    `SELECT COUNT(*) AS opened,
       SUM(CASE WHEN first_resolved_at IS NOT NULL AND first_resolved_at <= ? THEN 1 ELSE 0 END) AS first_resolved,
       SUM(CASE WHEN first_resolved_at IS NOT NULL AND first_resolved_at <= ? THEN first_resolved_on_time ELSE 0 END) AS on_time,
       SUM(CASE WHEN returned_count > 0 THEN 1 ELSE 0 END) AS returned,
       SUM(CASE WHEN extended_count > 0 THEN 1 ELSE 0 END) AS extended,
       SUM(CASE WHEN first_resolved_at IS NOT NULL AND first_resolved_at <= ? THEN handling_ms END) AS handling_sum,
       COUNT(CASE WHEN first_resolved_at IS NOT NULL AND first_resolved_at <= ? THEN handling_ms END) AS handling_n
     FROM p_workorders WHERE ${scopeFilter(db, 'p_workorders')} AND opened_at >= ? AND opened_at < ?`,
    [at, at, at, at, ...range],
  )!;
  const firstResolved = r.first_resolved ?? 0;
  const onTime = r.on_time ?? 0;
  return {
    opened: r.opened,
    firstResolved,
    onTime,
    late: firstResolved - onTime,
    returned: r.returned ?? 0,
    extended: r.extended ?? 0,
    overdueNow: open.filter((o) => o.status === 'overdue').length,
    atRiskNow: open.filter((o) => o.status === 'at-risk').length,
    meanHandlingHours: r.handling_n > 0 ? (r.handling_sum ?? 0) / r.handling_n / 3_600_000 : null,
  };
}

/** The hotline's calls in the period (offered by "as of") and its KPIs against the documents' targets. */
function hotlineFigures(db: ReadDb, range: readonly unknown[], at: number, kpis: KpiValues, bySource: readonly { key: string; count: number }[]): ScopeSummary['breakdowns']['hotline'] {
  const c = db.get<{ n: number; answered: number; fast: number | null }>(
    `SELECT COUNT(*) AS n, COUNT(answered_at) AS answered, SUM(within_10s) AS fast FROM p_calls WHERE ${scopeFilter(db, 'p_calls')} AND offered_at >= ? AND offered_at < ? AND offered_at <= ?`,
    [...range, at],
  )!;
  const keys = Object.keys(HOTLINE_TARGETS) as HotlineTargetKey[];
  return {
    callsOffered: c.n,
    callsAnswered: c.answered,
    callsWithin10s: c.fast ?? 0,
    callsAbandoned: c.n - c.answered,
    incidents: bySource.find((s) => s.key === 'hotline')?.count ?? 0,
    targets: keys.map((key) => {
      const value = kpis[key];
      return { key, value, target: HOTLINE_TARGETS[key], met: value === null ? null : value >= HOTLINE_TARGETS[key] };
    }),
  };
}

/** Index of the first element of the ascending `xs` greater than `x`. */
function upperBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function dayLabel(ms: number, timeZone: string): string {
  return zonedParts(ms, timeZone).day;
}

function countBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return m;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
