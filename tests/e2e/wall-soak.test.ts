import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { soakWall } from './wall-soak';

const MIB = 2 ** 20;
/**
 * Growth of the page's JS data (objects, arrays, closures, strings; compiled code excluded) that
 * today's incident list does not explain. A quiet run leaves about 0.3 MiB (the basemap's tile
 * cache filling as alarms fly the map around, text caches); a leak of 10 KB a delta over the
 * 200-plus deltas of the run is 2 MiB or more (measured: 2.1 MiB with such a leak put in).
 */
const UNEXPLAINED_LIMIT = 1 * MIB;
/**
 * Deltas the run must see, so that a 10 KB leak per delta (2 MiB) crosses the limit; a quiet
 * machine sees about 3 a second, a loaded one fewer, and the soak then runs longer.
 */
const MIN_DELTAS = 200;
/** Severe incidents may stay listed as alarms after they left the live list (at most 20). */
const MAX_ALARMS = 20;

let running: RunningTestServer;
beforeAll(async () => {
  running = await startTestServer({ config: { DELTA_WINDOW_MS: 250 } });
});
afterAll(async () => {
  await running?.stop();
});

describe('the wall, unattended', () => {
  it('holds no more than its data for two minutes of 20 incidents a second: JS heap, DOM nodes, listeners', async () => {
    const r = await soakWall(running, { durationS: 120, warmUpS: 30, ratePerS: 20, sampleEveryS: 10, census: true, minDeltas: MIN_DELTAS });
    const { first, last } = r.census!;
    const mib = (b: number): string => (b / MIB).toFixed(2);
    const jsGrowth = last.jsBytes - first.jsBytes;
    const dataGrowth = last.incidentBytes - first.incidentBytes;
    const unexplained = jsGrowth - dataGrowth;
    console.log(
      [
        `soak: ${r.events} events, ${r.deltas} deltas; V8 heap ${r.samples.map((s) => mib(s.heapBytes)).join(' → ')} MiB`,
        `incidents held ${r.samples.map((s) => s.incidentsHeld).join(' → ')}; DOM ${r.samples.map((s) => s.domNodes).join(' → ')}; listeners ${r.samples.map((s) => s.listeners).join(' → ')}`,
        `census: code ${mib(first.codeBytes)} → ${mib(last.codeBytes)} MiB; JS data ${mib(first.jsBytes)} → ${mib(last.jsBytes)} MiB, of which incidents ${mib(first.incidentBytes)} → ${mib(last.incidentBytes)} MiB (${first.distinctIncidents} → ${last.distinctIncidents}, ${(last.incidentBytes / last.distinctIncidents).toFixed(0)} B each); unexplained ${mib(unexplained)} MiB`,
        `${r.longTasksOver50ms} long tasks over 50 ms, longest ${r.longestTaskMs.toFixed(0)} ms; traced ${r.tasks.over50}, of which ${r.tasks.ownOver50} over 50 ms of own work besides GPU waits (longest own ${r.tasks.longestOwnMs.toFixed(0)} ms, GPU waits ${r.tasks.gpuWaitMs.toFixed(0)} ms)`,
      ].join('\n'),
    );
    expect(r.errors).toEqual([]);
    // Enough deltas that a leak per delta shows.
    expect(r.deltas).toBeGreaterThanOrEqual(MIN_DELTAS);
    // The page mirrors the server's capped list: incidents that left it are gone from the heap.
    expect(last.distinctIncidents).toBeLessThanOrEqual(last.incidentsHeld + MAX_ALARMS);
    expect(unexplained).toBeLessThan(UNEXPLAINED_LIMIT);
    const dom = r.samples.map((s) => s.domNodes);
    expect(Math.max(...dom)).toBeLessThanOrEqual(Math.min(...dom) + Math.max(10, 0.02 * Math.min(...dom)));
    // Listeners come and go with transient work (an image decoding, a fly-to); a leak adds one a delta.
    const listeners = r.samples.map((s) => s.listeners);
    expect(listeners[listeners.length - 1]!).toBeLessThanOrEqual(listeners[0]! + 10);
  }, 420_000);
});
