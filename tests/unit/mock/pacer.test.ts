import { describe, expect, it } from 'vitest';
import type { IngestEvent, IngestResponse } from '../../../server/protocol/ingest';
import { BatchRefused } from '../../../mock/ingest-client';
import { startPacer } from '../../../mock/pacer';
import { simulate, simulateByHour } from '../../../mock/simulation';
import { HOUR, MONDAY, tinyWorld } from './fixtures';

/** A fake real-time clock: sleeping moves it on at once. */
function fakeTime(start: number) {
  const t = { now: start };
  return { t, now: () => t.now, sleep: async (ms: number) => void (t.now += ms) };
}

const run = { world: tinyWorld, seed: 5, rate: 40 };

describe('the pacer', () => {
  it('sends the history at once in ordered batches of at most 500, then each event when its simulated time comes', async () => {
    const realStart = MONDAY + 12 * HOUR;
    const origin = realStart - 6 * HOUR;
    const to = realStart + 3 * HOUR;
    const time = fakeTime(realStart);
    const sent: { realAt: number; events: IngestEvent[] }[] = [];
    const send = async (events: IngestEvent[]): Promise<IngestResponse> => {
      sent.push({ realAt: time.t.now, events });
      time.t.now += 20 * 60_000; // a slow server: 20 min a request, so the backfill leaves the clock behind
      return { accepted: events.length, duplicates: 0, lastSeq: 0 };
    };
    const checkpoints: number[] = [];
    const pacer = startPacer({ hours: simulateByHour({ ...run, origin, patrolsFrom: origin, to }), send, liveFrom: realStart, speed: 60, now: time.now, sleep: time.sleep, onCheckpoint: (c) => checkpoints.push(c) });
    await pacer.done;

    const expected = [...simulate({ ...run, origin, patrolsFrom: origin, to })];
    expect(sent.flatMap((b) => b.events)).toEqual(expected.map((e) => e.event));
    expect(sent.every((b) => b.events.length <= 500)).toBe(true);
    const history = sent.filter((b) => Date.parse(b.events[0]!.occurredAt) < realStart);
    expect(history.length).toBeGreaterThan(1);
    expect(history.every((b) => b.events.length === 500 || b === history[history.length - 1])).toBe(true);

    // Live: never ahead of the simulated clock, which runs 60x from where the backfill left it and never ahead of real time.
    const liveStart = history[history.length - 1]!.realAt + 20 * 60_000;
    for (const b of sent.slice(history.length)) {
      const clock = Math.min(b.realAt, realStart + 60 * (b.realAt - liveStart));
      for (const e of b.events) expect(Date.parse(e.occurredAt)).toBeLessThanOrEqual(clock);
    }
    // Once caught up, events go out at their own time (within a second of polling).
    const late = sent.filter((b) => b.realAt > liveStart + 2 * HOUR).flatMap((b) => b.events.map((e) => b.realAt - Date.parse(e.occurredAt)));
    expect(late.length).toBeGreaterThan(0);
    expect(Math.max(...late)).toBeLessThan(20 * 60_000 + 1000);
    expect(checkpoints.at(-1)).toBeGreaterThanOrEqual(Date.parse(expected.at(-1)!.event.occurredAt));
  });

  it('skips a refused batch and retries one that failed on the network', async () => {
    const time = fakeTime(MONDAY + 12 * HOUR);
    let calls = 0;
    const accepted: IngestEvent[] = [];
    const errors: unknown[] = [];
    const send = async (events: IngestEvent[]): Promise<IngestResponse> => {
      calls += 1;
      if (calls === 1) throw new BatchRefused(400, '{}');
      if (calls === 2) throw new Error('ECONNREFUSED');
      accepted.push(...events);
      return { accepted: events.length, duplicates: 0, lastSeq: 0 };
    };
    const origin = MONDAY + 6 * HOUR;
    const pacer = startPacer({ hours: simulateByHour({ ...run, origin, patrolsFrom: origin, to: origin + 4 * HOUR }), send, liveFrom: time.t.now, speed: 1, batchSize: 50, now: time.now, sleep: time.sleep, onError: (e) => errors.push(e) });
    await pacer.done;
    const all = [...simulate({ ...run, origin, patrolsFrom: origin, to: origin + 4 * HOUR })].map((e) => e.event);
    expect(accepted).toEqual(all.slice(50));
    expect(errors).toHaveLength(2);
    expect(pacer.progress.refused).toBe(50);
  });
});
