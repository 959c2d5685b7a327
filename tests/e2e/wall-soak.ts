import type { CDPSession } from 'playwright-core';
import { SOCKET_EVENTS, type IncidentReportedEvent } from '../../server/protocol/index';
import type { RunningTestServer } from '../support/test-server';
import { openBrowser, type TestBrowser } from './browser';
import { heapCensus, type HeapCensus } from './heap-census';
import { MEASURE_END, MEASURE_START, traceMainThreadTasks, type MainThreadTasks } from './main-thread-tasks';

/** One measurement of the wall's memory after a forced garbage collection. */
export interface MemorySample {
  atS: number;
  heapBytes: number;
  domNodes: number;
  /** JS event listeners (on DOM nodes, window, document). */
  listeners: number;
  /** Today's incidents of the district the server holds, which the wall mirrors. */
  incidentsHeld: number;
}

/** A heap census with the number of incidents the server held when it was taken. */
export interface CensusSample extends HeapCensus {
  incidentsHeld: number;
}

export interface SoakResult {
  samples: MemorySample[];
  /** Growth to the last sample from the lowest of the first half's, as fractions. */
  heapGrowth: number;
  domGrowth: number;
  events: number;
  /** Scope deltas the page received while incidents arrived (each one a chance to leak). */
  deltas: number;
  /** Heap censuses at the first and last samples (with `census: true`). */
  census?: { first: CensusSample; last: CensusSample };
  longTasksOver50ms: number;
  longestTaskMs: number;
  /** The same tasks from a trace, split into the page's own work and waits for the GPU process. */
  tasks: MainThreadTasks;
  errors: string[];
}

let serial = 0;
function incidents(n: number, at: number): IncidentReportedEvent[] {
  return Array.from({ length: n }, () => {
    serial++;
    return {
      id: `soak-${serial}`,
      type: 'incident.reported',
      occurredAt: new Date(at).toISOString(),
      data: {
        incidentId: `SOAK-${serial}`,
        category: ['garbage', 'sanitation', 'illegal-parking', 'dispute'][serial % 4]!,
        source: 'grid',
        location: [121.045 + ((serial * 7919) % 2500) / 100_000, 32.051 + ((serial * 104729) % 2000) / 100_000],
        severity: serial % 50 === 0 ? 3 : 1 + (serial % 2),
        description: '',
      },
    };
  });
}

async function post(running: RunningTestServer, events: IncidentReportedEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 500) {
    const res = await fetch(`${running.url}/api/ingest/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${running.apiKey}` },
      body: JSON.stringify({ events: events.slice(i, i + 500) }),
    });
    if (!res.ok) throw new Error(`ingest: HTTP ${res.status}`);
  }
}

/** Today's incidents of the district in the server's live list (what the wall's list mirrors). */
function incidentsHeld(running: RunningTestServer): number {
  return running.server.engine.snapshot(running.server.territory.territory.district.code).incidents.length;
}

async function sample(cdp: CDPSession, t0: number, running: RunningTestServer): Promise<MemorySample> {
  // Twice: the first collection finalizes what the second can then free (DOM wrappers, weak maps).
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const dom = (await cdp.send('Memory.getDOMCounters')) as { nodes: number; jsEventListeners: number };
  return { atS: Math.round((Date.now() - t0) / 1000), heapBytes: heap.usedSize, domNodes: dom.nodes, listeners: dom.jsEventListeners, incidentsHeld: incidentsHeld(running) };
}

/** Bursts a second: incidents arrive a few at a time, so most bursts make a delta of their own. */
const BURSTS_PER_S = 4;
/** Time for the last burst's delta to reach the page (the delta window is 250 ms in tests). */
const SETTLE_MS = 1500;

/**
 * Runs the wall for `durationS` while `ratePerS` incidents a second arrive, after filling today's
 * live list to its cap (so the steady state is what a wall reaches after its first busy hours),
 * and samples heap and DOM nodes after forced garbage collections. Also counts main-thread long
 * tasks (over 50 ms) while events arrive. With `census`, the first and last samples also take a
 * heap snapshot (see `HeapCensus`). Every sample is taken in a lull (see `inALull`).
 */
export async function soakWall(
  running: RunningTestServer,
  opts: {
    durationS: number;
    warmUpS: number;
    ratePerS: number;
    sampleEveryS: number;
    census?: boolean;
    /** Runs on past `durationS` (up to twice as long) until the page has had this many deltas. */
    minDeltas?: number;
  },
): Promise<SoakResult> {
  const started = Date.now();
  const phase = (name: string): void => console.log(`soak: ${name} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await post(running, incidents(6500, Date.now() - 60_000));
  await running.server.engine.catchUp();
  phase('prefilled');
  const browser: TestBrowser = await openBrowser({ width: 1920, height: 1080 });
  try {
    const { page } = browser;
    // Scope deltas received, counted from socket.io's frames (`42["scope:delta",{...}]`).
    let deltasReceived = 0;
    const deltaFrame = `42["${SOCKET_EVENTS.delta}"`;
    page.on('websocket', (ws) =>
      ws.on('framereceived', (f) => {
        if (typeof f.payload === 'string' && f.payload.startsWith(deltaFrame)) deltasReceived++;
      }),
    );
    await page.goto(`${running.url}/?display=${running.token}`);
    await page.locator('[data-map-loaded="true"]').waitFor({ timeout: 60_000 });
    phase('wall loaded');
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: [number, number][] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask', buffered: false });
    });
    const cdp = await page.context().newCDPSession(page);
    const stopTrace = await traceMainThreadTasks(cdp);
    const t0 = Date.now();
    let events = 0;
    let sending = true;
    let paused = false;
    const perBurst = Math.max(1, Math.round(opts.ratePerS / BURSTS_PER_S));
    let inFlight: Promise<void> = Promise.resolve();
    const sender = (async () => {
      while (sending) {
        const started = Date.now();
        if (!paused) {
          inFlight = post(running, incidents(perBurst, Date.now()));
          await inFlight;
          events += perBurst;
        }
        await new Promise((r) => setTimeout(r, Math.max(0, 1000 / BURSTS_PER_S - (Date.now() - started))));
      }
    })();
    /**
     * Measures in a lull: arrivals pause, the last delta reaches the page and the page goes idle.
     * Measured mid-work, a forced GC keeps what the running task holds (a delta being applied, a
     * layer being rebuilt, detached rows of a re-render) and samples jump by megabytes and
     * hundreds of nodes; in a lull they show what the wall retains.
     */
    const inALull = async <T>(measure: () => Promise<T>): Promise<T> => {
      paused = true;
      try {
        await inFlight;
        await new Promise((r) => setTimeout(r, SETTLE_MS));
        await page.evaluate(() => new Promise<void>((r) => requestIdleCallback(() => r(), { timeout: 10_000 })));
        // The forced GCs and heap snapshots are long tasks of ours, not the wall's: marked to be left out.
        await page.evaluate((name) => performance.mark(name), MEASURE_START);
        try {
          return await measure();
        } finally {
          await page.evaluate((name) => performance.mark(name), MEASURE_END);
        }
      } finally {
        paused = false;
      }
    };
    const censusSample = async (): Promise<CensusSample> => {
      const census = await heapCensus(cdp);
      return { ...census, incidentsHeld: incidentsHeld(running) };
    };
    const samples: MemorySample[] = [];
    await new Promise((r) => setTimeout(r, opts.warmUpS * 1000));
    const firstCensus = opts.census ? await inALull(censusSample) : undefined;
    const deltasBefore = deltasReceived;
    // A loaded machine posts fewer bursts a second: the soak then runs longer rather than thinner.
    const goOn = (): boolean => {
      const s = (Date.now() - t0) / 1000;
      return s < opts.durationS || (deltasReceived - deltasBefore < (opts.minDeltas ?? 0) && s < 2 * opts.durationS);
    };
    while (goOn()) {
      samples.push(await inALull(() => sample(cdp, t0, running)));
      await new Promise((r) => setTimeout(r, opts.sampleEveryS * 1000));
    }
    const deltas = deltasReceived - deltasBefore;
    const lastCensus = opts.census ? await inALull(censusSample) : undefined;
    samples.push(await inALull(() => sample(cdp, t0, running)));
    phase('sampled');
    sending = false;
    await sender;
    const tasks = await stopTrace();
    // Only data and arrow expressions in the page: named functions get tsx's `__name` wrapper, which the page lacks.
    const longTasks = await page.evaluate(
      ([start, end]) => {
        const starts = performance.getEntriesByName(start, 'mark').map((m) => m.startTime);
        const ends = performance.getEntriesByName(end, 'mark').map((m) => m.startTime);
        return (window as unknown as { __longTasks: [number, number][] }).__longTasks
          .filter(([t, d]) => !starts.some((s, i) => t < (ends[i] ?? Infinity) && t + d > s))
          .map(([, d]) => d);
      },
      [MEASURE_START, MEASURE_END] as const,
    );
    // The baseline is the lowest of the first half's samples (the first after warm-up may still
    // hold start-up garbage, which would hide a slow leak behind a falling curve).
    const early = samples.slice(0, Math.max(1, Math.floor(samples.length / 2)));
    const heapBase = Math.min(...early.map((x) => x.heapBytes));
    const domBase = Math.min(...early.map((x) => x.domNodes));
    const last = samples[samples.length - 1]!;
    return {
      samples,
      heapGrowth: (last.heapBytes - heapBase) / heapBase,
      domGrowth: (last.domNodes - domBase) / domBase,
      events,
      deltas,
      census: firstCensus && lastCensus ? { first: firstCensus, last: lastCensus } : undefined,
      longTasksOver50ms: longTasks.filter((d) => d > 50).length,
      longestTaskMs: Math.max(0, ...longTasks),
      tasks,
      errors: browser.errors,
    };
  } finally {
    await browser.close();
  }
}
