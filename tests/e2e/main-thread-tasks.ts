import type { CDPSession } from 'playwright-core';

/** Marks (`performance.mark`) around work the harness itself puts on the page (forced GCs, heap snapshots). */
export const MEASURE_START = 'cc-measure-start';
export const MEASURE_END = 'cc-measure-end';

/** The page's main-thread tasks over 50 ms, and how much of each was spent waiting for the GPU process. */
export interface MainThreadTasks {
  /** Tasks over 50 ms (the harness's own measurements excluded). */
  over50: number;
  /** Of those, the tasks with over 50 ms besides waiting for the GPU process. */
  ownOver50: number;
  longestMs: number;
  longestOwnMs: number;
  /** Time the long tasks spent waiting for the GPU process. */
  gpuWaitMs: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

const LONG_US = 50_000;

/**
 * Traces the page's renderer (task boundaries and GPU waits only, which costs little) until the
 * returned function is called. Why: with software WebGL (SwiftShader, as in headless Chromium
 * here) a frame's pixels are drawn in the GPU process when the compositor reads the WebGL canvases
 * back, and the main thread waits for it inside its frame task; a long task is then mostly that
 * wait, which a GPU does in a few milliseconds. The split tells the page's own work from it.
 */
export async function traceMainThreadTasks(cdp: CDPSession): Promise<() => Promise<MainThreadTasks>> {
  const threadNames = new Map<string, string>();
  const longTasks: TraceEvent[] = [];
  const waits: TraceEvent[] = [];
  const marks: TraceEvent[] = [];
  const key = (e: TraceEvent): string => `${e.pid}:${e.tid}`;
  // Events arrive in chunks while tracing; only what the split needs is kept.
  cdp.on('Tracing.dataCollected', ({ value }) => {
    // The protocol types trace events as string maps; they are JSON objects of this shape.
    for (const e of value as unknown as TraceEvent[]) {
      if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(key(e), e.args?.name ?? '');
      else if (e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && (e.dur ?? 0) > LONG_US) longTasks.push(e);
      else if (e.ph === 'X' && e.name === 'CommandBufferProxyImpl::WaitForGetOffset') waits.push(e);
      else if (e.name === MEASURE_START || e.name === MEASURE_END) marks.push(e);
    }
  });
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['toplevel', 'gpu', 'blink.user_timing'] } });
  return async () => {
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await complete;
    const measuring = measuringSpans(marks);
    const main = longTasks.filter((t) => threadNames.get(key(t)) === 'CrRendererMain' && !measuring.some(([s, e]) => t.ts < e && t.ts + t.dur! > s));
    let ownOver50 = 0;
    let longestOwn = 0;
    let gpuWait = 0;
    for (const t of main) {
      const waited = waits.filter((w) => key(w) === key(t) && w.ts >= t.ts && w.ts < t.ts + t.dur!).reduce((sum, w) => sum + w.dur!, 0);
      const own = t.dur! - waited;
      gpuWait += waited;
      if (own > LONG_US) ownOver50++;
      longestOwn = Math.max(longestOwn, own);
    }
    return {
      over50: main.length,
      ownOver50,
      longestMs: Math.max(0, ...main.map((t) => t.dur!)) / 1000,
      longestOwnMs: longestOwn / 1000,
      gpuWaitMs: gpuWait / 1000,
    };
  };
}

/** [start, end] pairs of the harness's measurements, in trace time. */
function measuringSpans(marks: readonly TraceEvent[]): [number, number][] {
  const spans: [number, number][] = [];
  let start: number | undefined;
  for (const m of [...marks].sort((a, b) => a.ts - b.ts)) {
    if (m.name === MEASURE_START) start = m.ts;
    else if (start !== undefined) {
      spans.push([start, m.ts]);
      start = undefined;
    }
  }
  return spans;
}
