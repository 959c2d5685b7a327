import { DAY, toSecond } from './local-time';
import { PATROL_HISTORY } from './simulation';

/** What the in-process simulator remembers between starts (kept by the server as a JSON string). */
export interface SimState {
  version: 1;
  seed: number;
  rate: number;
  /** The world the run simulates (territory and registers); another world is another run. */
  fingerprint: string;
  origin: number;
  patrolsFrom: number;
  /** Every event before this simulated instant has been acknowledged by the server. */
  sentUntil: number;
}

/** Where a start picks up: the run's origin and patrol start, and the first instant to send. */
export interface RunPlan {
  origin: number;
  patrolsFrom: number;
  from: number;
  /** `resumed`: the previous run goes on; `new`: a first start; `replaced`: a new run after the previous one could not go on. */
  kind: 'new' | 'resumed' | 'replaced';
}

/** A stop longer than this is not caught up: a new run starts instead. */
export const MAX_CATCH_UP = 7 * DAY;

/**
 * How a start continues what the previous starts sent. A first start backfills `backfill` of
 * history (and a month of patrols). A restart with the same seed, rate and world goes on with the
 * same run from where it stopped: the stop itself is caught up as history, and orders opened
 * before it go on (events already sent are sent again at most once and counted as duplicates).
 * Otherwise (another rate or world, or a stop of over a week) a new run starts where the old one
 * stopped, at most `backfill` ago: the old run's open orders stay as they were left.
 */
export function planRun(args: { previous: SimState | undefined; now: number; seed: number; rate: number; fingerprint: string; backfill: number }): RunPlan {
  const { previous: p, now } = args;
  if (p && p.seed === args.seed && p.rate === args.rate && p.fingerprint === args.fingerprint && now - p.sentUntil <= MAX_CATCH_UP) {
    return { origin: p.origin, patrolsFrom: p.patrolsFrom, from: Math.min(p.sentUntil, now), kind: 'resumed' };
  }
  if (p) {
    const origin = toSecond(Math.min(now, Math.max(p.sentUntil, now - args.backfill)));
    const patrolsFrom = toSecond(Math.min(now, Math.max(p.sentUntil, now - PATROL_HISTORY)));
    return { origin, patrolsFrom, from: Math.min(origin, patrolsFrom), kind: 'replaced' };
  }
  const origin = toSecond(now - args.backfill);
  return { origin, patrolsFrom: origin - PATROL_HISTORY, from: origin - PATROL_HISTORY, kind: 'new' };
}

/** Reads a stored state; anything unreadable counts as none. */
export function parseSimState(json: string | undefined): SimState | undefined {
  if (!json) return undefined;
  try {
    const s = JSON.parse(json) as Partial<SimState>;
    const numbers = [s.seed, s.rate, s.origin, s.patrolsFrom, s.sentUntil];
    return s.version === 1 && typeof s.fingerprint === 'string' && numbers.every((n) => typeof n === 'number' && Number.isFinite(n)) ? (s as SimState) : undefined;
  } catch {
    return undefined;
  }
}
