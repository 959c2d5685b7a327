import { poisson, seededRandom, type Random } from '@geo/random';
import { IncidentFactory } from './incident-factory';
import type { IncidentReportedEvent } from '@protocol/index';
import type { SendBatch } from './ingest-client';
import type { PlaceSampler } from './place-sampler';

export interface IncidentSimulatorOptions {
  /** Where incidents happen. */
  place: PlaceSampler;
  /** Mean incidents per real second (a Poisson process). */
  rate: number;
  send: (events: IncidentReportedEvent[]) => ReturnType<SendBatch>;
  /** How often arrivals are gathered into one batch, ms. */
  tickMs?: number;
  random?: Random;
  now?: () => number;
  /** Told about failed sends; the simulator goes on. */
  onError?: (err: unknown) => void;
}

export interface RunningSimulator {
  /** Stops producing and waits for the batch in flight. */
  stop(): Promise<void>;
  /** Incidents the server has acknowledged so far. */
  readonly sent: number;
}

/**
 * Produces incidents (only) as a Poisson process and sends them in small batches through `send`:
 * a quick feed for tests. The full simulation (work orders, calls, cameras, patrols) is
 * `simulation.ts`, which `npm run mock` and `npm start` use.
 */
export function startIncidentSimulator(options: IncidentSimulatorOptions): RunningSimulator {
  const tickMs = options.tickMs ?? 200;
  const now = options.now ?? Date.now;
  const random = options.random ?? seededRandom(now() & 0x7fffffff);
  const factory = new IncidentFactory(options.place, random, now().toString(36));
  let sent = 0;
  let inFlight: Promise<void> = Promise.resolve();
  let stopped = false;

  const tick = (): void => {
    const n = poisson((options.rate * tickMs) / 1000, random);
    if (n === 0) return;
    const t = now();
    const batch = Array.from({ length: n }, () => factory.make(t));
    inFlight = inFlight
      .then(() => options.send(batch))
      .then((r) => {
        sent += r.accepted + r.duplicates;
      })
      .catch((err: unknown) => options.onError?.(err));
  };
  const timer = setInterval(() => {
    if (!stopped) tick();
  }, tickMs);

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
    },
    get sent() {
      return sent;
    },
  };
}
