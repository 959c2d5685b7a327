import type { IngestEvent } from '@protocol/index';
import { BatchRefused, type SendBatch } from './ingest-client';
import type { TimedEvent } from './timed-event';

export interface PacerOptions {
  /** The run's events, an hour of simulated time at a time, in time order (`simulateByHour`). */
  hours: Iterator<TimedEvent[]>;
  send: SendBatch;
  /**
   * The simulated instant where live mode begins (normally the real time at start). Everything
   * before it is history: sent in order as fast as the server accepts it.
   */
  liveFrom: number;
  /**
   * In live mode the simulated clock starts at `liveFrom` and runs `speed` times faster than real
   * time, but never ahead of the real current time: a clock left behind by the backfill (or any
   * clock in the past) catches up, then runs at real time.
   */
  speed: number;
  /** Most events per request (default 500). */
  batchSize?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Called about every `progressEveryMs` (default 10 s) of real time. */
  onProgress?: (p: PacerProgress) => void;
  progressEveryMs?: number;
  /** Told the simulated instant before which everything has been acknowledged (with each progress report and at stop). */
  onCheckpoint?: (sentUntil: number) => void;
  /** Told about a failed request; a refused batch is skipped, anything else retried after `retryMs`. */
  onError?: (err: unknown) => void;
  retryMs?: number;
}

export interface PacerProgress {
  phase: 'backfill' | 'live' | 'stopped';
  /** Events acknowledged (accepted or recognised as duplicates). */
  sent: number;
  duplicates: number;
  /** Events in batches the server refused. */
  refused: number;
  /** The simulated clock (live) or the last event sent (backfill). */
  simTime: number;
  /** How far the simulated clock is behind real time, ms. */
  behindMs: number;
  byType: Partial<Record<IngestEvent['type'], number>>;
}

export interface RunningPacer {
  /** Stops after the request in flight, reports a last checkpoint. */
  stop(): Promise<void>;
  readonly progress: PacerProgress;
  /** Settles when the pacer has stopped (or when `hours` ran out). */
  readonly done: Promise<void>;
}

/** Sends a simulation's events: its history at once, in batches, then each event when its simulated time comes. */
export function startPacer(o: PacerOptions): RunningPacer {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const batchSize = o.batchSize ?? 500;
  const progress: PacerProgress = { phase: 'backfill', sent: 0, duplicates: 0, refused: 0, simTime: o.liveFrom, behindMs: 0, byType: {} };
  let stopped = false;
  let sentUntil = -Infinity;
  let buffer: TimedEvent[] = [];
  let index = 0;
  let exhausted = false;
  let liveStartReal = 0;

  const clock = (): number => (progress.phase === 'backfill' ? o.liveFrom : Math.min(now(), o.liveFrom + o.speed * (now() - liveStartReal)));

  /** The next event, generating further hours as needed and giving the event loop a turn now and then. */
  const peek = async (): Promise<TimedEvent | undefined> => {
    let t0 = performance.now();
    while (index >= buffer.length && !exhausted && !stopped) {
      const next = o.hours.next();
      if (next.done) exhausted = true;
      else {
        buffer = next.value;
        index = 0;
      }
      if (performance.now() - t0 > 20) {
        await new Promise((r) => setImmediate(r));
        t0 = performance.now();
      }
    }
    return buffer[index];
  };

  const take = async (before: number): Promise<TimedEvent[]> => {
    const batch: TimedEvent[] = [];
    while (batch.length < batchSize) {
      const e = await peek();
      if (!e || e.at > before) break;
      batch.push(e);
      index += 1;
    }
    return batch;
  };

  const deliver = async (batch: TimedEvent[]): Promise<void> => {
    while (!stopped) {
      try {
        const r = await o.send(batch.map((e) => e.event));
        progress.sent += r.accepted + r.duplicates;
        progress.duplicates += r.duplicates;
        for (const e of batch) progress.byType[e.event.type] = (progress.byType[e.event.type] ?? 0) + 1;
        break;
      } catch (err) {
        o.onError?.(err);
        if (err instanceof BatchRefused) {
          progress.refused += batch.length;
          break;
        }
        await sleep(o.retryMs ?? 5000);
      }
    }
    if (!stopped) sentUntil = batch[batch.length - 1]!.at;
  };

  const run = async (): Promise<void> => {
    // History: everything before liveFrom, in order, one request at a time.
    while (!stopped) {
      const batch = await take(o.liveFrom - 1);
      if (batch.length === 0) break;
      await deliver(batch);
      progress.simTime = sentUntil;
    }
    if (!stopped) sentUntil = Math.max(sentUntil, o.liveFrom);
    progress.phase = 'live';
    liveStartReal = now();
    while (!stopped) {
      const t = clock();
      progress.simTime = t;
      const batch = await take(t);
      if (batch.length > 0) {
        await deliver(batch);
        continue;
      }
      sentUntil = Math.max(sentUntil, t);
      const next = await peek();
      if (!next && exhausted) break;
      await sleep(Math.max(10, Math.min(1000, realWait(next!.at))));
    }
  };

  /** Real ms until the simulated clock reaches `at`. */
  const realWait = (at: number): number => {
    const real = now();
    return Math.max(at - real, liveStartReal + (at - o.liveFrom) / o.speed - real);
  };

  const report = (): void => {
    progress.behindMs = Math.max(0, now() - clock());
    if (sentUntil > -Infinity) o.onCheckpoint?.(sentUntil);
    o.onProgress?.({ ...progress, byType: { ...progress.byType } });
  };
  const timer = setInterval(report, o.progressEveryMs ?? 10_000);
  timer.unref?.();
  const done = run()
    .catch((err: unknown) => o.onError?.(err))
    .finally(() => {
      clearInterval(timer);
      progress.phase = 'stopped';
      if (sentUntil > -Infinity) o.onCheckpoint?.(sentUntil);
    });

  return {
    async stop() {
      stopped = true;
      await done;
    },
    get progress() {
      return progress;
    },
    done,
  };
}
