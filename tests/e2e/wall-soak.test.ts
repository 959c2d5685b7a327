import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { soakWall } from './wall-soak';

let running: RunningTestServer;
beforeAll(async () => {
  running = await startTestServer({ config: { DELTA_WINDOW_MS: 250 } });
});
afterAll(async () => {
  await running?.stop();
});

describe('the wall, unattended', () => {
  it('keeps its JS heap and DOM nodes flat for two minutes of 20 incidents a second (after warm-up)', async () => {
    const r = await soakWall(running, { durationS: 120, warmUpS: 30, ratePerS: 20, sampleEveryS: 10 });
    console.log(`soak: ${r.events} events; heap ${r.samples.map((s) => (s.heapBytes / 2 ** 20).toFixed(1)).join(' → ')} MiB; DOM ${r.samples.map((s) => s.domNodes).join(' → ')}; ${r.longTasksOver50ms} long tasks over 50 ms, longest ${r.longestTaskMs.toFixed(0)} ms`);
    expect(r.events).toBeGreaterThan(1500);
    expect(r.heapGrowth).toBeLessThan(0.1);
    expect(r.domGrowth).toBeLessThan(0.1);
    expect(r.errors).toEqual([]);
  }, 420_000);
});
