import { poisson, weightedPick, type Random } from '@geo/random';
import type { IngestEvent } from '@protocol/index';
import { chance, keyedRandom, logNormal, uniform } from './keyed-random';
import { activity, HOUR, isoAt, localStamp, MINUTE, SECOND, secondIn, toSecond } from './local-time';
import { STREAM, type EventStream, type SimContext } from './sim-context';
import type { TimedEvent } from './timed-event';

/** Calls that end without a work order (questions, chasing an order, praise) per incident reported. */
const OTHER_CALLS_PER_INCIDENT = 0.36;

/** What callers ring about when no incident is opened. */
const OTHER_TOPICS = { consultation: 50, 'follow-up': 20, complaint: 10, suggestion: 8, praise: 4, none: 8 } as const;

/** When a 12345 call was offered, answered (unless the caller hung up first) and ended. */
export interface CallTiming {
  offeredAt: number;
  answeredAt: number | undefined;
  endedAt: number;
}

/**
 * Queue and talk times of a call offered at `offeredAt`. Waits grow with the load (the daily
 * curve), so the 10-second connection rate dips at the peaks; a few callers hang up while
 * waiting (more at the peaks). Calls that open an incident were, by definition, answered.
 */
export function callTiming(offeredAt: number, mustAnswer: boolean, r: Random): CallTiming {
  const load = activity(offeredAt);
  const abandoned = !mustAnswer && chance(0.025 * (0.6 + 0.4 * load), r);
  if (!abandoned) {
    const answeredAt = offeredAt + Math.max(1, Math.round(logNormal(3 * (0.7 + 0.3 * load), 0.55, r, 120))) * SECOND;
    return { offeredAt, answeredAt, endedAt: toSecond(answeredAt + logNormal(3.5 * MINUTE, 0.5, r, 25 * MINUTE)) };
  }
  return { offeredAt, answeredAt: undefined, endedAt: offeredAt + Math.round(uniform(5, 90, r)) * SECOND };
}

/** The `hotline.call` event, sent once when the call has ended. */
export function callEvent(id: string, callId: string, timing: CallTiming, extra: { category?: string; location?: [number, number]; gridCode?: string }): TimedEvent {
  const data: Extract<IngestEvent, { type: 'hotline.call' }>['data'] = { callId, offeredAt: isoAt(timing.offeredAt) };
  if (timing.answeredAt !== undefined) data.answeredAt = isoAt(timing.answeredAt);
  if (extra.category) data.category = extra.category;
  if (extra.location) data.location = extra.location;
  else if (extra.gridCode) data.gridCode = extra.gridCode;
  return { at: timing.endedAt, event: { id, type: 'hotline.call', occurredAt: isoAt(timing.endedAt), data } };
}

/** 12345 calls that open no incident (those that do are told with their incident). */
export function hotlineStream(ctx: SimContext): EventStream {
  const mean = ctx.rate * OTHER_CALLS_PER_INCIDENT;
  return {
    bornIn(hourStart, out) {
      if (hourStart + HOUR <= ctx.origin) return;
      const hour = hourStart / HOUR;
      const count = poisson(mean * activity(hourStart), keyedRandom(ctx.seed, STREAM.call, hour));
      for (let i = 0; i < count; i++) {
        const r = keyedRandom(ctx.seed, STREAM.call, hour, i);
        const offeredAt = secondIn(hourStart, r);
        if (offeredAt < ctx.origin) continue;
        const timing = callTiming(offeredAt, false, r);
        const topic = weightedPick(OTHER_TOPICS, r);
        const place = ctx.world.place(r);
        const callId = `RX${localStamp(hourStart)}-${i}-${ctx.run}`;
        const answered = timing.answeredAt !== undefined;
        out.push(
          callEvent(`sim-${callId}`, callId, timing, {
            category: answered && topic !== 'none' ? topic : undefined,
            location: answered && chance(0.3, r) ? place.location : undefined,
            gridCode: answered && chance(0.2, r) ? place.gridCode : undefined,
          }),
        );
      }
    },
  };
}
