import { describe, expect, it } from 'vitest';
import { SlicedWindows } from '../../../server/realtime/sliced-windows';

/** A step that keeps the thread busy for `ms`, as a room's delta does, and records its name. */
function busyStep(log: string[], name: string, ms: number): () => void {
  return () => {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      // busy, like sending a delta to hundreds of sockets
    }
    log.push(name);
  };
}

/** Resolves once the event loop has run everything scheduled so far, several turns over. */
async function settle(turns = 50): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('SlicedWindows', () => {
  it('yields to the event loop between slices of a window', async () => {
    const log: string[] = [];
    const windows = new SlicedWindows(5, (err) => {
      throw err;
    });
    const names = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'];
    windows.open(() => names.map((n) => busyStep(log, n, 3)));
    // Work that arrived meanwhile (an alarm, an ingest answer) runs between slices, not after all.
    setImmediate(() => log.push('other'));
    await settle();
    expect(log).toHaveLength(9);
    const other = log.indexOf('other');
    expect(other).toBeGreaterThan(0);
    expect(other).toBeLessThan(8);
    expect(log.filter((x) => x !== 'other')).toEqual(names);
  });

  it('starts a window that opened while the previous one ran as soon as that one ends, once', async () => {
    const log: string[] = [];
    const planned: string[] = [];
    const windows = new SlicedWindows(2, (err) => {
      throw err;
    });
    windows.open(() => ['a1', 'a2', 'a3'].map((n) => busyStep(log, n, 3)));
    windows.open(() => {
      planned.push('b');
      return [busyStep(log, 'b', 1)];
    });
    windows.open(() => {
      planned.push('c');
      return [busyStep(log, 'c1', 1), busyStep(log, 'c2', 1)];
    });
    expect(planned).toEqual([]); // planned when it starts, with the state of then
    await settle();
    // The latest missed window ran right after the first, without waiting for another tick.
    expect(planned).toEqual(['c']);
    expect(log).toEqual(['a1', 'a2', 'a3', 'c1', 'c2']);
    windows.open(() => [busyStep(log, 'd', 1)]);
    expect(log.at(-1)).toBe('d');
  });

  it('reports a step that throws and goes on, and later windows still run', async () => {
    const log: string[] = [];
    const errors: unknown[] = [];
    const windows = new SlicedWindows(5, (err) => errors.push(err));
    windows.open(() => [
      busyStep(log, 'a1', 1),
      () => {
        throw new Error('room gone');
      },
      busyStep(log, 'a3', 1),
    ]);
    await settle();
    windows.open(() => [busyStep(log, 'b', 1)]);
    await settle();
    expect(log).toEqual(['a1', 'a3', 'b']);
    expect(errors).toHaveLength(1);
  });
});
