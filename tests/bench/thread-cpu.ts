import { readdirSync, readFileSync } from 'node:fs';

/**
 * On-CPU time of threads, from Linux's scheduler statistics (`/proc/.../schedstat`, first field:
 * nanoseconds spent running). What a thread costs on one core, unlike its event loop's active
 * time, which also counts the moments it was ready to run but waited for a core (on two cores
 * its process's other threads, the collector's helpers among them, often hold both).
 * `undefined` where the files do not exist. A running thread's count is brought up to date at
 * the scheduler's ticks, so readings are good to a few milliseconds.
 *
 * On-CPU nanoseconds of every thread of this process, by thread id.
 */
export function threadsCpuNs(): Map<number, number> | undefined {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  const times = new Map<number, number>();
  for (const tid of tids) {
    const ns = runNs(`/proc/self/task/${tid}/schedstat`);
    if (ns !== undefined) times.set(Number(tid), ns);
  }
  return times;
}

/**
 * What each thread ran between two `threadsCpuNs` readings, split as the process's main thread
 * (its id is the process id), the thread that ran most of the others, and the rest together.
 */
export function splitCpuMs(before: Map<number, number>, after: Map<number, number>): { mainMs: number; busiestMs: number; restMs: number } {
  let mainMs = 0;
  const others: number[] = [];
  for (const [tid, ns] of after) {
    const ms = (ns - (before.get(tid) ?? 0)) / 1e6;
    if (tid === process.pid) mainMs = ms;
    else others.push(ms);
  }
  others.sort((a, b) => b - a);
  const busiestMs = others[0] ?? 0;
  return { mainMs, busiestMs, restMs: others.slice(1).reduce((a, b) => a + b, 0) };
}

function runNs(file: string): number | undefined {
  try {
    return Number(readFileSync(file, 'utf8').split(' ')[0]);
  } catch {
    return undefined;
  }
}
