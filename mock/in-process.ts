import type { SendBatch } from './ingest-client';
import { DAY, isoAt } from './local-time';
import { startPacer, type PacerProgress, type RunningPacer } from './pacer';
import { parseSimState, planRun, type SimState } from './run-plan';
import { simulateByHour } from './simulation';
import type { SimWorld } from './sim-world';

export interface InProcessOptions {
  world: SimWorld;
  /** Mean incidents per simulated hour. */
  rate: number;
  send: SendBatch;
  /** Where the run is remembered between starts (the server's territory meta table). */
  state: { load(): string | undefined; save(json: string): void };
  /** History sent on the first start (default 3 days). */
  backfill?: number;
  seed?: number;
  now?: () => number;
  onInfo?: (message: string, details: Record<string, unknown>) => void;
  onError?: (err: unknown) => void;
}

/**
 * The simulator `npm start` runs inside the server: on the first start a few days of history
 * (and a month of patrols), then live at real time. Later starts go on with the same run,
 * catching up the time the server was down (see `planRun`), so orders opened before a restart
 * are followed through rather than left open forever.
 */
export function startInProcessSimulator(o: InProcessOptions): RunningPacer {
  const now = o.now ?? Date.now;
  const seed = o.seed ?? 20261123;
  const start = now();
  const previous = parseSimState(o.state.load());
  const plan = planRun({ previous, now: start, seed, rate: o.rate, fingerprint: o.world.fingerprint, backfill: o.backfill ?? 3 * DAY });
  const state: SimState = { version: 1, seed, rate: o.rate, fingerprint: o.world.fingerprint, origin: plan.origin, patrolsFrom: plan.patrolsFrom, sentUntil: plan.from };
  // Saved before anything is sent: a start interrupted during the backfill resumes it instead of starting another.
  o.state.save(JSON.stringify(state));
  o.onInfo?.(`simulator: ${plan.kind} run from ${isoAt(plan.origin)} (patrols from ${isoAt(plan.patrolsFrom)}); sending from ${isoAt(plan.from)}, then live`, { ...plan, rate: o.rate });
  let lastPhase: PacerProgress['phase'] = 'backfill';
  return startPacer({
    hours: simulateByHour({ world: o.world, seed, rate: o.rate, origin: plan.origin, patrolsFrom: plan.patrolsFrom, from: plan.from }),
    send: o.send,
    liveFrom: start,
    speed: 1,
    now,
    onCheckpoint: (sentUntil) => o.state.save(JSON.stringify({ ...state, sentUntil } satisfies SimState)),
    onProgress: (p) => {
      if (p.phase === 'live' && lastPhase === 'backfill') o.onInfo?.('simulator: history sent, now live', { sent: p.sent, duplicates: p.duplicates, refused: p.refused });
      lastPhase = p.phase;
    },
    onError: o.onError,
  });
}
