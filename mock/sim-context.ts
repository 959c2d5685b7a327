import type { SimWorld } from './sim-world';
import type { TimedEvent } from './timed-event';

/** What every stream of one simulation run shares. */
export interface SimContext {
  world: SimWorld;
  seed: number;
  /** A short id of the run (seed, origin, world, rate), in every id it makes: another run never reuses one. */
  run: string;
  /** Incidents, calls, camera outages and register changes happen from here on (ms). */
  origin: number;
  /** Patrol records start here, usually a month before `origin`, so that patrol completion means something from the start. */
  patrolsFrom: number;
  /** Mean incidents per simulated hour (all sources together). */
  rate: number;
}

/** Tags of the keyed random streams; never renumber (they fix what a seed produces). */
export const STREAM = { incident: 1, call: 2, camera: 3, patrol: 4, population: 5, repair: 6 } as const;

/**
 * A source of events. Asked once per simulated hour, in order, for the units (an incident and
 * its work order, a call, an outage, a patrol round) that begin in that hour; it returns all of
 * their events, which may lie up to `MAX_STORY` later but never before the hour's start.
 */
export interface EventStream {
  bornIn(hourStart: number, out: TimedEvent[]): void;
}
