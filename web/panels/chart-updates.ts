/**
 * Chart updates run one per task. A delta changes most panels at once, and ECharts lays out and
 * draws a chart in its `setOption`: done together, eight charts make one task of 50 to 100 ms on
 * a wall PC, in which the clock, the alarm's pulse and the map's flight stand still. One per task,
 * the browser can paint and handle input between them. Per chart the latest option wins, so a
 * chart that falls behind skips to the newest data instead of replaying every step.
 */
const waiting = new Map<object, () => void>();
let scheduled = false;
// A message to ourselves is a new task at once (setTimeout clamps nested calls to 4 ms).
const channel = typeof MessageChannel === 'undefined' ? undefined : new MessageChannel();

function runOne(): void {
  scheduled = false;
  const next = waiting.entries().next();
  if (next.done) return;
  const [chart, apply] = next.value;
  waiting.delete(chart);
  if (waiting.size > 0) schedule();
  apply();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  if (channel) channel.port2.postMessage(null);
  else setTimeout(runOne, 0);
}

if (channel) channel.port1.onmessage = runOne;

/** Runs `apply` in a task of its own, after the charts queued before; replaces what `chart` had queued. */
export function queueChartUpdate(chart: object, apply: () => void): void {
  waiting.set(chart, apply);
  schedule();
}

/** Drops what `chart` had queued (it is going away). */
export function dropChartUpdate(chart: object): void {
  waiting.delete(chart);
}
