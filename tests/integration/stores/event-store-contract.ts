import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppendResult, EventStore, NewEvent, StoredEvent } from '../../../server/store/event-store';

/** A store on a database of its own, and how to dispose of both. */
export interface OpenedEventStore {
  store: EventStore;
  close(): Promise<void>;
}

const OCCURRED_AT = '2026-11-23T09:15:00+08:00';

/**
 * An event whose hash depends on its content. The store treats the hash as opaque (ingest computes
 * it), so any function that gives equal content an equal hash will do here.
 */
export function newEvent(id: string, data: unknown = { n: 1 }, type = 'incident.reported'): NewEvent {
  const hash = createHash('sha256').update(JSON.stringify([type, OCCURRED_AT, data])).digest('hex');
  return { id, type, occurredAt: OCCURRED_AT, data, hash };
}

function ids(prefix: string, n: number): NewEvent[] {
  return Array.from({ length: n }, (_, i) => newEvent(`${prefix}-${i}`, { i }));
}

function accepted(r: AppendResult): Extract<AppendResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected the batch to be accepted, got conflicts ${r.conflicts.join(', ')}`);
  return r;
}

/** Every event of the log, in the order read. */
async function readAll(store: EventStore): Promise<StoredEvent[]> {
  return store.readAfter(0, 1_000_000);
}

/** Asserts seq runs 1..n without a gap. */
function expectGapFree(events: readonly StoredEvent[]): void {
  expect(events.map((e) => e.seq)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
}

/**
 * The behaviour every `EventStore` must have (server/store/event-store.ts), run against one
 * backend. `open` gives a fresh, empty store for each test.
 */
export function describeEventStoreContract(name: string, open: () => Promise<OpenedEventStore>): void {
  describe(`EventStore contract (${name})`, () => {
    let opened: OpenedEventStore;
    let store: EventStore;
    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await opened.close();
    });

    it('starts empty', async () => {
      expect(await store.lastSeq()).toBe(0);
      expect(await store.readAfter(0, 10)).toEqual([]);
      expect(await store.findById('nope')).toBeUndefined();
      expect(await store.loadCheckpoint('engine')).toBeUndefined();
    });

    it('numbers events from 1, gap-free and increasing across batches', async () => {
      const a = accepted(await store.append(ids('a', 3)));
      expect(a.accepted.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(a.lastSeq).toBe(3);
      expect(a.duplicates).toBe(0);
      const b = accepted(await store.append(ids('b', 2)));
      expect(b.accepted.map((e) => e.seq)).toEqual([4, 5]);
      expect(b.lastSeq).toBe(5);
      expect(await store.lastSeq()).toBe(5);
      const all = await readAll(store);
      expectGapFree(all);
      expect(all.map((e) => e.id)).toEqual(['a-0', 'a-1', 'a-2', 'b-0', 'b-1']);
      for (const e of all) expect(new Date(e.receivedAt).toISOString()).toBe(e.receivedAt);
    });

    it('returns the stored events as accepted, and an empty batch changes nothing', async () => {
      const r = accepted(await store.append([newEvent('x', { k: 'v' })]));
      const stored = r.accepted[0]!;
      expect(stored).toMatchObject({ id: 'x', type: 'incident.reported', occurredAt: OCCURRED_AT, data: { k: 'v' }, seq: 1 });
      expect(await store.findById('x')).toEqual(stored);
      const empty = accepted(await store.append([]));
      expect(empty).toEqual({ ok: true, accepted: [], duplicates: 0, lastSeq: 1 });
    });

    it('skips and counts duplicates within a batch and across batches', async () => {
      const first = accepted(await store.append([newEvent('a'), newEvent('a'), newEvent('b')]));
      expect(first.accepted.map((e) => [e.id, e.seq])).toEqual([['a', 1], ['b', 2]]);
      expect(first.duplicates).toBe(1);
      const second = accepted(await store.append([newEvent('b'), newEvent('c'), newEvent('a')]));
      expect(second.accepted.map((e) => [e.id, e.seq])).toEqual([['c', 3]]);
      expect(second.duplicates).toBe(2);
      expect(second.lastSeq).toBe(3);
      const resend = accepted(await store.append([newEvent('a'), newEvent('c')]));
      expect(resend).toEqual({ ok: true, accepted: [], duplicates: 2, lastSeq: 3 });
      expectGapFree(await readAll(store));
    });

    it('refuses a whole batch on a conflict, reporting every conflicting id, and stores nothing of it', async () => {
      accepted(await store.append([newEvent('a', { v: 1 }), newEvent('b', { v: 1 })]));
      const r = await store.append([newEvent('new-1'), newEvent('a', { v: 2 }), newEvent('new-2'), newEvent('b', { v: 2 }), newEvent('new-3')]);
      expect(r).toEqual({ ok: false, conflicts: ['a', 'b'] });
      expect(await store.lastSeq()).toBe(2);
      expect(await store.findById('new-1')).toBeUndefined();
      expect(await store.findById('new-3')).toBeUndefined();
      expect((await store.findById('a'))?.data).toEqual({ v: 1 });
      // Within one batch: the second use of the id with other content is the conflict.
      expect(await store.append([newEvent('c', { v: 1 }), newEvent('c', { v: 2 })])).toEqual({ ok: false, conflicts: ['c'] });
      expect(await store.findById('c')).toBeUndefined();
      // A refused batch used no seq.
      const next = accepted(await store.append([newEvent('d')]));
      expect(next.accepted[0]?.seq).toBe(3);
      expectGapFree(await readAll(store));
    });

    it('reads after a position, in pages', async () => {
      accepted(await store.append(ids('e', 25)));
      const pages: number[][] = [];
      let after = 0;
      for (;;) {
        const page = await store.readAfter(after, 10);
        if (page.length === 0) break;
        pages.push(page.map((e) => e.seq));
        after = page.at(-1)!.seq;
      }
      expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
      expect(pages.flat()).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      expect((await store.readAfter(7, 3)).map((e) => e.seq)).toEqual([8, 9, 10]);
      expect(await store.readAfter(25, 10)).toEqual([]);
    });

    it('finds an event by the sender id', async () => {
      const r = accepted(await store.append(ids('f', 5)));
      expect(await store.findById('f-3')).toEqual(r.accepted[3]);
      expect(await store.findById('f-9')).toBeUndefined();
    });

    it('keeps one checkpoint per name, replaced on save', async () => {
      await store.saveCheckpoint('engine', 3, '{"a":1}');
      await store.saveCheckpoint('other', 1, 'x');
      await store.saveCheckpoint('engine', 5, '{"a":2}');
      expect(await store.loadCheckpoint('engine')).toEqual({ seq: 5, state: '{"a":2}' });
      expect(await store.loadCheckpoint('other')).toEqual({ seq: 1, state: 'x' });
      expect(await store.loadCheckpoint('none')).toBeUndefined();
    });

    it('keeps seq gap-free and loses nothing with 10 parallel appenders', async () => {
      const batches = Array.from({ length: 10 }, (_, c) => [...ids(`p${c}`, 20), newEvent('shared')]);
      const results = (await Promise.all(batches.map((b) => store.append(b)))).map(accepted);
      // Each batch got consecutive numbers, the batches did not interleave.
      for (const r of results) {
        const seqs = r.accepted.map((e) => e.seq);
        expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i));
      }
      expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(9);
      const all = await readAll(store);
      expect(all).toHaveLength(201);
      expectGapFree(all);
      expect(new Set(all.map((e) => e.id))).toEqual(new Set(batches.flat().map((e) => e.id)));
      expect(await store.lastSeq()).toBe(201);
    });

    it('refuses only the conflicting batch among batches appended at once, each with its own answer', async () => {
      accepted(await store.append([newEvent('known', { v: 1 })]));
      const [first, clash, last] = await Promise.all([
        store.append(ids('g1', 3)),
        store.append([newEvent('g2-0'), newEvent('known', { v: 2 })]),
        store.append([...ids('g3', 2), newEvent('known', { v: 1 })]),
      ]);
      expect(clash).toEqual({ ok: false, conflicts: ['known'] });
      expect(accepted(first!).accepted.map((e) => e.id)).toEqual(['g1-0', 'g1-1', 'g1-2']);
      expect(accepted(last!)).toMatchObject({ duplicates: 1 });
      expect(accepted(last!).accepted.map((e) => e.id)).toEqual(['g3-0', 'g3-1']);
      expect(await store.findById('g2-0')).toBeUndefined();
      const all = await readAll(store);
      expect(all).toHaveLength(6);
      expectGapFree(all);
    });

    it('gives back data deep-equal to what was appended', async () => {
      const data = {
        name: '张三',
        address: '江苏省南通市通州区金沙街道 1 号',
        emoji: '🚧 ✓',
        escapes: 'quote " backslash \\ newline \n tab \t nul \u0000 end',
        numbers: [0, -1, 1.5, -0.25, 0.1 + 0.2, 1e21, 1e-7, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER],
        nested: { a: { b: { c: [1, [2, [3, { d: null }]]] } }, empty: {}, list: [] },
        flags: [true, false, null],
        '键': '值',
        '': 'empty key',
        order: { z: 1, a: 2, m: 3 },
      };
      const e = newEvent('round-trip', data);
      accepted(await store.append([e, newEvent('scalar', 42), newEvent('text', '纯文本'), newEvent('null', null)]));
      const back = await store.findById('round-trip');
      expect(back?.data).toEqual(data);
      expect(back?.hash).toBe(e.hash);
      const all = await readAll(store);
      expect(all.map((x) => x.data)).toEqual([data, 42, '纯文本', null]);
      expect(all[0]).toEqual(back);
    });
  });
}
