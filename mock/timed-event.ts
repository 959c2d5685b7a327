import type { IngestEvent } from '@protocol/index';

/** An event at its simulated instant (ms); `event.occurredAt` is the same instant as text. */
export interface TimedEvent {
  at: number;
  event: IngestEvent;
}

/**
 * A min-heap of timed events ordered by instant, then by insertion: events of one story that
 * share an instant keep the order they were told in, so the output is deterministic.
 */
export class TimedEventQueue {
  private readonly items: { at: number; seq: number; value: TimedEvent }[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  push(value: TimedEvent): void {
    const items = this.items;
    items.push({ at: value.at, seq: this.seq++, value });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  /** The earliest instant queued, or `Infinity` when empty. */
  peekAt(): number {
    return this.items[0]?.at ?? Infinity;
  }

  pop(): TimedEvent | undefined {
    const items = this.items;
    const top = items[0];
    if (!top) return undefined;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && before(items[l]!, items[m]!)) m = l;
        if (r < items.length && before(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top.value;
  }
}

function before(a: { at: number; seq: number }, b: { at: number; seq: number }): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
