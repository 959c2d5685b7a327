import type { CDPSession } from 'playwright-core';
import type { IncidentReportedEvent } from '../../server/protocol/index';
import type { RunningTestServer } from '../support/test-server';
import { openBrowser, type TestBrowser } from './browser';

/** One measurement of the wall's memory after a forced garbage collection. */
export interface MemorySample {
  atS: number;
  heapBytes: number;
  domNodes: number;
  listeners: number;
}

export interface SoakResult {
  samples: MemorySample[];
  /** Growth to the last sample from the lowest of the first half's, as fractions. */
  heapGrowth: number;
  domGrowth: number;
  events: number;
  longTasksOver50ms: number;
  longestTaskMs: number;
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

async function sample(cdp: CDPSession, t0: number): Promise<MemorySample> {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const dom = (await cdp.send('Memory.getDOMCounters')) as { nodes: number; jsEventListeners: number };
  return { atS: Math.round((Date.now() - t0) / 1000), heapBytes: heap.usedSize, domNodes: dom.nodes, listeners: dom.jsEventListeners };
}

/**
 * Runs the wall for `durationS` while `ratePerS` incidents a second arrive, after filling today's
 * live list to its cap (so the steady state is what a wall reaches after its first busy hours),
 * and samples heap and DOM nodes after forced garbage collections. Also counts main-thread long
 * tasks (over 50 ms) while events arrive.
 */
export async function soakWall(running: RunningTestServer, opts: { durationS: number; warmUpS: number; ratePerS: number; sampleEveryS: number }): Promise<SoakResult> {
  const started = Date.now();
  const phase = (name: string): void => console.log(`soak: ${name} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await post(running, incidents(6500, Date.now() - 60_000));
  await running.server.engine.catchUp();
  phase('prefilled');
  const browser: TestBrowser = await openBrowser({ width: 1920, height: 1080 });
  try {
    const { page } = browser;
    await page.goto(`${running.url}/?display=${running.token}`);
    await page.locator('[data-map-loaded="true"]').waitFor({ timeout: 60_000 });
    phase('wall loaded');
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    const cdp = await page.context().newCDPSession(page);
    const t0 = Date.now();
    let events = 0;
    let sending = true;
    const sender = (async () => {
      while (sending) {
        const started = Date.now();
        await post(running, incidents(opts.ratePerS, Date.now()));
        events += opts.ratePerS;
        await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - started))));
      }
    })();
    const samples: MemorySample[] = [];
    await new Promise((r) => setTimeout(r, opts.warmUpS * 1000));
    while ((Date.now() - t0) / 1000 < opts.durationS) {
      samples.push(await sample(cdp, t0));
      await new Promise((r) => setTimeout(r, opts.sampleEveryS * 1000));
    }
    samples.push(await sample(cdp, t0));
    phase('sampled');
    sending = false;
    await sender;
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
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
      longTasksOver50ms: longTasks.filter((d) => d > 50).length,
      longestTaskMs: Math.max(0, ...longTasks),
      errors: browser.errors,
    };
  } finally {
    await browser.close();
  }
}
