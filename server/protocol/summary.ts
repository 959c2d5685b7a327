import { z } from 'zod';
import { KEY_POPULATION_CATEGORIES } from '@geo/registers';
import { isoInstant, scopeCode } from './primitives';
import { WORKORDER_STATES } from './workorder';

/** A rate: a fraction between 0 and 1, or `null` when its denominator is empty (never 0 or 1 then). */
const rate = z.number().min(0).max(1).nullable();

/** Every KPI of domain.md for one scope and one period; keys are the contract. */
export const kpiValues = z.object({
  reported: z.number().int().nonnegative(),
  disposalRate: rate,
  onTimeRate: rate,
  overdueNow: z.number().int().nonnegative(),
  atRiskNow: z.number().int().nonnegative(),
  meanHandlingHours: z.number().nonnegative().nullable(),
  closureRate: rate,
  satisfactionRate: rate,
  hotlineConnect10sRate: rate,
  dispatchAccuracy: rate,
  hotlineSatisfaction: rate,
  cameraOnlineRate: rate,
  patrolCompletion: rate,
  keyPopulations: z.record(z.enum(KEY_POPULATION_CATEGORIES), z.number().int().nonnegative()),
});
export type KpiValues = z.infer<typeof kpiValues>;

/** The counts behind each rate, so a reader can check it (and an export can show it). */
export const kpiCounts = z.object({
  reported: z.number().int(),
  resolvedByAsOf: z.number().int(),
  closedByAsOf: z.number().int(),
  firstResolved: z.number().int(),
  firstResolvedOnTime: z.number().int(),
  ratings: z.number().int(),
  satisfied: z.number().int(),
  hotlineRatings: z.number().int(),
  hotlineSatisfied: z.number().int(),
  callsOffered: z.number().int(),
  callsWithin10s: z.number().int(),
  dispatches: z.number().int(),
  dispatchesKept: z.number().int(),
  cameras: z.number().int(),
  camerasOnline: z.number().int(),
  rentalBuildings: z.number().int(),
  rentalBuildingsPatrolled: z.number().int(),
});
export type KpiCounts = z.infer<typeof kpiCounts>;

export const periodKind = z.enum(['day', 'week', 'month', 'custom']);

/** A period's KPIs with the interval they cover. */
export const periodKpis = z.object({ from: isoInstant, to: isoInstant, asOf: isoInstant, kpis: kpiValues, counts: kpiCounts });

export const countBy = z.array(z.object({ key: z.string(), count: z.number().int().nonnegative() }));

export const departmentOutcome = z.object({
  department: z.string(),
  opened: z.number().int(),
  firstResolved: z.number().int(),
  onTime: z.number().int(),
  returned: z.number().int(),
  extended: z.number().int(),
  overdueNow: z.number().int(),
  meanHandlingHours: z.number().nullable(),
});

export const childRow = z.object({
  code: scopeCode,
  name: z.string(),
  reported: z.number().int(),
  disposalRate: rate,
  closureRate: rate,
  overdueNow: z.number().int(),
  atRiskNow: z.number().int(),
});

export const overdueOrder = z.object({
  workOrderId: z.string(),
  incidentId: z.string(),
  scope: scopeCode.nullable(),
  category: z.string().nullable(),
  department: z.string().nullable(),
  state: z.enum(WORKORDER_STATES),
  deadline: isoInstant,
  overdueHours: z.number().nonnegative(),
});

/** Targets of the 12345 hotline in the source documents (10 s connection, dispatch accuracy, satisfaction). */
export const HOTLINE_TARGETS = { hotlineConnect10sRate: 0.95, dispatchAccuracy: 0.95, hotlineSatisfaction: 0.98 } as const;
export type HotlineTargetKey = keyof typeof HOTLINE_TARGETS;

/** The hotline's calls in the period and its three KPIs against their targets. */
export const hotlineFigures = z.object({
  callsOffered: z.number().int(),
  callsAnswered: z.number().int(),
  callsWithin10s: z.number().int(),
  /** Offered and never answered. */
  callsAbandoned: z.number().int(),
  /** Incidents of the period that came from the hotline. */
  incidents: z.number().int(),
  targets: z.array(
    z.object({
      key: z.enum(['hotlineConnect10sRate', 'dispatchAccuracy', 'hotlineSatisfaction']),
      value: rate,
      target: z.number(),
      /** `null` when the rate has no denominator. */
      met: z.boolean().nullable(),
    }),
  ),
});

/**
 * Outcomes of the work orders opened (first dispatched) in the period, read "as of": first
 * resolved, on time among those, ever returned, ever extended; `overdueNow`/`atRiskNow` are all
 * the scope's open orders "as of" (as the KPIs of the same name).
 */
export const workOrderOutcomes = z.object({
  opened: z.number().int(),
  firstResolved: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  returned: z.number().int(),
  extended: z.number().int(),
  overdueNow: z.number().int(),
  atRiskNow: z.number().int(),
  meanHandlingHours: z.number().nullable(),
});

/**
 * One day of the period's series (local day in the reports' zone): incidents that occurred that
 * day, orders first resolved that day, calls offered that day. Every day the period touches is
 * present, zeros included.
 */
export const dailyPoint = z.object({
  day: z.string(),
  reported: z.number().int(),
  firstResolved: z.number().int(),
  callsOffered: z.number().int(),
});

/** Answer of `GET /api/scopes/{code}/summary?from=&to=`. */
export const scopeSummary = z.object({
  scope: z.object({ code: scopeCode, name: z.string(), level: z.number().int() }),
  timeZone: z.string(),
  kind: periodKind,
  from: isoInstant,
  to: isoInstant,
  asOf: isoInstant,
  kpis: kpiValues,
  counts: kpiCounts,
  /** 环比: the previous calendar unit, or the previous interval of equal length for a custom range. */
  previous: periodKpis,
  /** 同比: the same calendar range one year earlier. */
  yearAgo: periodKpis,
  breakdowns: z.object({
    byCategory: countBy,
    bySource: countBy,
    byDepartment: z.array(departmentOutcome),
    /** Open orders by state "as of", with the overdue and at-risk among them. */
    workOrdersByState: z.record(z.string(), z.number().int()),
    children: z.array(childRow),
    topOverdue: z.array(overdueOrder),
    outcomes: workOrderOutcomes,
    hotline: hotlineFigures,
    daily: z.array(dailyPoint),
  }),
});
export type ScopeSummary = z.infer<typeof scopeSummary>;
