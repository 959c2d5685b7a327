import { cameraStream } from './camera-stream';
import { hotlineStream } from './hotline-stream';
import { incidentStream } from './incident-stream';
import { hashString } from './keyed-random';
import { DAY, HOUR } from './local-time';
import { patrolIncidentRate, patrolStream } from './patrol-stream';
import { populationStream } from './population-stream';
import type { EventStream, SimContext } from './sim-context';
import type { SimWorld } from './sim-world';
import { TimedEventQueue, type TimedEvent } from './timed-event';

/**
 * The longest a unit's events reach past its start (a city-level order extended, reopened after a
 * failed verification, rated two days after closing: about 25 days, every delay being clamped).
 * A window is generated from this far back, so an order opened before the window goes on in it.
 */
export const MAX_STORY = 27 * DAY;

/** How much patrol history a run has before its origin: patrol completion is counted over 30 days. */
export const PATROL_HISTORY = 30 * DAY;

export interface SimulationOptions {
  world: SimWorld;
  seed: number;
  /** Mean incidents per simulated hour. */
  rate: number;
  /** When the run's world starts: incidents, calls, outages and register changes from here on. */
  origin: number;
  /** When patrol records start (default `origin - PATROL_HISTORY`). */
  patrolsFrom?: number;
  /** Yield events at or after this instant (default: the earliest the run has). */
  from?: number;
  /** … and before this one (default: never stop). */
  to?: number;
}

/**
 * The events of a simulation run in time order, as a lazy generator. What happens is a pure
 * function of the seed, the world, the rate and the run's origin: every unit draws from its own
 * keyed random stream, so `simulate({ ...o, from: a, to: b })` followed by `from: b` yields
 * exactly the events of one run from `a` — an order opened before `b` goes on after it.
 */
export function* simulate(options: SimulationOptions): Generator<TimedEvent, void, undefined> {
  for (const hour of simulateByHour(options)) yield* hour;
}

/**
 * The same events an hour of simulated time at a time (an array, often empty, per hour swept),
 * so that a sender can give the event loop a turn between hours: starting a window late in a run
 * first regenerates up to `MAX_STORY` of it, which takes seconds.
 */
export function* simulateByHour(options: SimulationOptions): Generator<TimedEvent[], void, undefined> {
  const patrolsFrom = options.patrolsFrom ?? options.origin - PATROL_HISTORY;
  const ctx: SimContext = { world: options.world, seed: options.seed, run: runId(options), origin: options.origin, patrolsFrom, rate: options.rate };
  const streams: EventStream[] = [
    incidentStream(ctx, Math.max(options.rate * 0.5, options.rate - patrolIncidentRate(options.world.rentals))),
    hotlineStream(ctx),
    cameraStream(ctx),
    patrolStream(ctx),
    populationStream(ctx),
  ];
  const start = Math.min(options.origin, patrolsFrom);
  const from = options.from ?? start;
  const to = options.to ?? Infinity;
  const queue = new TimedEventQueue();
  const born: TimedEvent[] = [];
  for (let hourStart = Math.floor(Math.max(from - MAX_STORY, start - DAY) / HOUR) * HOUR; hourStart < to; hourStart += HOUR) {
    for (const s of streams) s.bornIn(hourStart, born);
    for (const e of born) {
      if (e.at < hourStart) throw new Error(`simulation bug: ${e.event.id} at ${e.at} is before its unit's hour ${hourStart}`);
      queue.push(e);
    }
    born.length = 0;
    const end = Math.min(hourStart + HOUR, to);
    const out: TimedEvent[] = [];
    while (queue.peekAt() < end) {
      const e = queue.pop()!;
      if (e.at >= from) out.push(e);
    }
    yield out;
  }
}

/** A short id of the run: events of another run (another origin, seed, rate or world) never share an id. */
export function runId(options: Pick<SimulationOptions, 'world' | 'seed' | 'rate' | 'origin' | 'patrolsFrom'>): string {
  const patrolsFrom = options.patrolsFrom ?? options.origin - PATROL_HISTORY;
  return hashString(`${options.world.fingerprint}|${options.seed}|${options.rate}|${options.origin}|${patrolsFrom}`).toString(36);
}
