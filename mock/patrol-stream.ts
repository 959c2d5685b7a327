import { weightedPick } from '@geo/random';
import type { RentalLevel } from '@geo/territory';
import type { KnownIncidentCategory } from '@protocol/index';
import { incidentEvents } from './incident-stream';
import { chance, keyedRandom, pickOne, uniform } from './keyed-random';
import { DAY, HOUR, isoAt, localStamp, MINUTE, toSecond, workingHoursOn } from './local-time';
import { STREAM, type EventStream, type SimContext } from './sim-context';
import { round, type SimRental } from './sim-world';

/** Patrols a month that each management level asks for (domain.md). */
export const PATROLS_PER_MONTH: Record<RentalLevel, number> = { 宽管: 1, 警示: 2, 严管: 4, 禁租: 4 };

/** A planned visit that does not happen (leave, a busy week); sets patrol completion near 90 %. */
const P_MISSED = 0.14;

/** Visits that find something to report, by level: the stricter the level, the likelier. */
const P_FINDING: Record<RentalLevel, number> = { 宽管: 0.03, 警示: 0.06, 严管: 0.1, 禁租: 0.15 };
const FINDINGS: Partial<Record<KnownIncidentCategory, number>> = { 'group-rental': 35, 'fire-hazard': 30, 'safety-hazard': 20, 'sanitation': 10, 'dispute': 5 };
const FINDING_TEXTS: Partial<Record<KnownIncidentCategory, readonly string[]>> = {
  'group-rental': ['出租屋内隔断出多个房间，居住人数明显超标', '租户未登记，疑似群租'],
  'fire-hazard': ['出租屋楼道内电动车充电，私拉电线', '出租屋未配备灭火器'],
  'safety-hazard': ['出租屋外墙空调支架锈蚀松动', '出租屋燃气软管老化'],
  'sanitation': ['出租屋门前杂物堆放'],
  'dispute': ['房东与租户因租金发生争执'],
};

/** Local midnight of 1970-01-01 in Asia/Shanghai: slots of whole days start at local midnight. */
const EPOCH = -8 * HOUR;

/**
 * Grid workers' visits to rental buildings. A level asking for n patrols a month is planned as
 * n + 1 slots of 30/(n + 1) days with one visit each, on a day of the slot in working hours: then any
 * 30 days hold at least n planned visits, and completion falls short only through missed ones.
 * A visit with a finding is followed by an incident (source grid) and its work order.
 */
export function patrolStream(ctx: SimContext): EventStream {
  const { world } = ctx;
  const byLevel = new Map<RentalLevel, number[]>();
  world.rentals.forEach((b, i) => {
    const list = byLevel.get(b.level) ?? [];
    list.push(i);
    byLevel.set(b.level, list);
  });
  return {
    bornIn(hourStart, out) {
      // Visits are told on the day they happen (each day decides, for every building, whether its
      // slot's visit falls on it), so a unit's events stay within a day plus an incident's story.
      if (world.workers.length === 0 || (hourStart - EPOCH) % DAY !== 0 || hourStart + DAY <= ctx.patrolsFrom) return;
      for (const [level, buildings] of byLevel) {
        const slotDays = 30 / (PATROLS_PER_MONTH[level] + 1);
        const day = (hourStart - EPOCH) / DAY;
        const slot = Math.floor(day / slotDays);
        const dayInSlot = day - slot * slotDays;
        for (const i of buildings) {
          const r = keyedRandom(ctx.seed, STREAM.patrol, i, slot);
          if (chance(P_MISSED, r) || Math.floor(r() * slotDays) !== dayInSlot) continue;
          const visit = toSecond(workingHoursOn(hourStart + 12 * HOUR, r));
          if (visit < ctx.patrolsFrom) continue;
          const b = world.rentals[i]!;
          const ended = toSecond(visit + uniform(8, 40, r) * MINUTE);
          const staffId = pickOne(world.workersByGrid.get(b.gridCode) ?? world.workers, r);
          const patrolId = `XC${localStamp(visit)}-${i}-${ctx.run}`;
          const findingCategory = chance(P_FINDING[level], r) ? weightedPick(FINDINGS as Record<KnownIncidentCategory, number>, r) : undefined;
          const finding = findingCategory ? pickOne(FINDING_TEXTS[findingCategory]!, r) : undefined;
          out.push({
            at: visit,
            event: {
              id: `sim-${patrolId}`,
              type: 'patrol.recorded',
              occurredAt: isoAt(visit),
              data: { patrolId, staffId, buildingId: b.buildingId, location: near(b, r), endedAt: isoAt(ended), ...(finding ? { finding } : {}) },
            },
          });
          if (findingCategory && finding && visit >= ctx.origin) {
            out.push(...incidentEvents({ incidentId: `SJ${localStamp(visit)}R${i}-${ctx.run}`, category: findingCategory, source: 'grid', severity: chance(0.3, r) ? 3 : 2, location: near(b, r), description: `出租屋巡查发现：${finding}`, at: ended + uniform(2, 20, r) * MINUTE }, r));
          }
        }
      }
    },
  };
}

/**
 * Incidents per simulated hour that patrol findings add, on average: taken off the incident
 * stream's rate so that `rate` stays the mean of all incidents.
 */
export function patrolIncidentRate(rentals: readonly SimRental[]): number {
  let perMonth = 0;
  for (const b of rentals) perMonth += (PATROLS_PER_MONTH[b.level] + 1) * (1 - P_MISSED) * P_FINDING[b.level];
  return perMonth / (30 * 24);
}

/** Where the worker's app recorded the visit: at the building, give or take GPS. */
function near(b: SimRental, r: () => number): [number, number] {
  return round([b.location[0] + (r() - 0.5) * 0.0002, b.location[1] + (r() - 0.5) * 0.00015]);
}
