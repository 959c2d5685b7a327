import { poisson, weightedPick, type Random } from '@geo/random';
import type { IncidentSource, KnownIncidentCategory } from '@protocol/index';
import { callEvent, callTiming } from './hotline-stream';
import { CATEGORY_WEIGHTS, DESCRIPTIONS } from './incident-factory';
import { chance, keyedRandom, pickOne, uniform } from './keyed-random';
import { activity, HOUR, isoAt, localHour, localStamp, MINUTE, secondIn, toSecond } from './local-time';
import { STREAM, type EventStream, type SimContext } from './sim-context';
import { round } from './sim-world';
import type { TimedEvent } from './timed-event';
import { workOrderStory } from './workorder-story';

/**
 * Sources by time of day: grid workers report on their rounds in the daytime; at night what
 * comes in is the hotline, cameras and 110.
 */
const DAY_SOURCES: Record<IncidentSource, number> = { grid: 58, hotline: 18, snapshot: 13, camera: 7, linkage: 4 };
const NIGHT_SOURCES: Record<IncidentSource, number> = { grid: 8, hotline: 34, snapshot: 10, camera: 28, linkage: 20 };

/** What each source tends to report: cameras see parking and rubbish, 110 hands over disputes. */
const CATEGORIES_BY_SOURCE: Record<IncidentSource, Partial<Record<KnownIncidentCategory, number>>> = {
  grid: CATEGORY_WEIGHTS,
  hotline: { 'dispute': 20, 'sewer-blockage': 16, 'sanitation': 14, 'garbage': 12, 'illegal-parking': 12, 'safety-hazard': 10, 'illegal-construction': 8, 'fire-hazard': 4, 'group-rental': 4 },
  snapshot: { 'illegal-parking': 25, 'garbage': 22, 'sanitation': 22, 'safety-hazard': 12, 'illegal-construction': 10, 'sewer-blockage': 6, 'fire-hazard': 3 },
  camera: { 'illegal-parking': 35, 'garbage': 20, 'sanitation': 15, 'illegal-construction': 10, 'fire-hazard': 10, 'safety-hazard': 10 },
  linkage: { 'dispute': 45, 'safety-hazard': 15, 'group-rental': 15, 'illegal-parking': 15, 'fire-hazard': 10 },
};

const PREFIX: Record<IncidentSource, string> = { grid: '', hotline: '市民来电反映：', snapshot: '随手拍：', camera: '视频告警：', linkage: '110联动：' };

/** Mostly routine; hazards are more often serious. */
const SEVERITY: Record<1 | 2 | 3 | 4, number> = { 1: 55, 2: 32, 3: 10, 4: 3 };

/** An incident as reported, before its work order. */
export interface IncidentSpec {
  incidentId: string;
  category: KnownIncidentCategory;
  source: IncidentSource;
  severity: number;
  location: [number, number];
  description: string;
  at: number;
}

/** The `incident.reported` event and the whole life of its work order. */
export function incidentEvents(spec: IncidentSpec, r: Random): TimedEvent[] {
  const at = toSecond(spec.at);
  const { at: _at, ...fields } = spec;
  const reported: TimedEvent = {
    at,
    event: { id: `sim-${spec.incidentId}`, type: 'incident.reported', occurredAt: isoAt(at), data: { ...fields } },
  };
  const workOrderId = spec.incidentId.replace(/^SJ/, 'GD');
  return [reported, ...workOrderStory({ ...spec, at }, workOrderId, `sim-${workOrderId}`, r)];
}

/**
 * Incidents as a Poisson process whose rate follows the daily curve, at places near buildings
 * (camera alerts at cameras). A hotline incident's unit starts with the call that reported it.
 * `rate` is what is left of the run's rate once patrol findings are counted.
 */
export function incidentStream(ctx: SimContext, rate: number): EventStream {
  return {
    bornIn(hourStart, out) {
      if (hourStart + HOUR <= ctx.origin) return;
      const hour = hourStart / HOUR;
      const count = poisson(rate * activity(hourStart), keyedRandom(ctx.seed, STREAM.incident, hour));
      const night = localHour(hourStart) < 7 || localHour(hourStart) >= 22;
      for (let i = 0; i < count; i++) {
        const r = keyedRandom(ctx.seed, STREAM.incident, hour, i);
        const birth = secondIn(hourStart, r);
        if (birth < ctx.origin) continue;
        let source = weightedPick(night ? NIGHT_SOURCES : DAY_SOURCES, r);
        if (source === 'camera' && ctx.world.cameras.length === 0) source = 'snapshot';
        const category = weightedPick(CATEGORIES_BY_SOURCE[source] as Record<KnownIncidentCategory, number>, r);
        let severity = Number(weightedPick(SEVERITY, r));
        if ((category === 'fire-hazard' || category === 'safety-hazard' || source === 'linkage') && severity < 4 && chance(0.25, r)) severity += 1;
        const place = source === 'camera' ? { location: jitter(pickOne(ctx.world.cameras, r).location, r) } : ctx.world.place(r);
        const stamp = `${localStamp(hourStart)}${String(i).padStart(3, '0')}-${ctx.run}`;
        const spec: IncidentSpec = {
          incidentId: `SJ${stamp}`,
          category,
          source,
          severity,
          location: place.location,
          description: PREFIX[source] + pickOne(DESCRIPTIONS[category], r),
          at: birth,
        };
        if (source === 'hotline') {
          // The call comes first; the operator registers the incident a few minutes after it ends.
          const timing = callTiming(birth, true, r);
          out.push(callEvent(`sim-RX${stamp}`, `RX${stamp}`, timing, { category, location: chance(0.8, r) ? place.location : undefined }));
          spec.at = timing.endedAt + uniform(1, 8, r) * MINUTE;
        }
        out.push(...incidentEvents(spec, r));
      }
    },
  };
}

/** A few metres around a camera: what it sees is near it, not at its pole. */
function jitter([lng, lat]: readonly [number, number], r: Random): [number, number] {
  return round([lng + (r() - 0.5) * 0.0004, lat + (r() - 0.5) * 0.0003]);
}
