import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditHash, GENESIS_HASH } from '../../../server/audit/audit-hash';
import type { AuditEntry, AuditEntryInput, AuditStore } from '../../../server/audit/audit-store';

/** A store on a database of its own, raw SQL on that database, a second instance, and cleanup. */
export interface OpenedAuditStore {
  store: AuditStore;
  /** Another store on the same database, as a second process or node would open it. */
  another(): Promise<AuditStore>;
  /** Runs one SQL statement on the database as the application's connection would. */
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

const T0 = Date.parse('2026-11-23T01:00:00.000Z');

/** The i-th entry of a test: one minute apart, alternating actors, every third a login. */
export function entry(i: number, overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    at: new Date(T0 + i * 60_000).toISOString(),
    actor: i % 2 === 0 ? 'alice' : 'bob',
    role: 'admin',
    source: '10.0.0.7',
    action: i % 3 === 0 ? 'auth.login' : 'account.create',
    target: `user-${i}`,
    result: 'ok',
    detail: { i },
    ...overrides,
  };
}

async function collect(store: AuditStore): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of store.all()) out.push(e);
  return out;
}

/** Asserts the trail is one chain: seq 1..n, each linked to the one before, each hash recomputable. */
function expectUnbrokenChain(entries: readonly AuditEntry[]): void {
  let prev = GENESIS_HASH;
  entries.forEach((e, i) => {
    expect(e.seq).toBe(i + 1);
    expect(e.prevHash).toBe(prev);
    expect(auditHash(e.prevHash, e)).toBe(e.hash);
    prev = e.hash;
  });
}

/**
 * The behaviour every `AuditStore` must have (server/audit/audit-store.ts), run against one
 * backend: a chain without forks, filters, and a table that refuses UPDATE and DELETE.
 */
export function describeAuditStoreContract(name: string, open: () => Promise<OpenedAuditStore>): void {
  describe(`AuditStore contract (${name})`, () => {
    let opened: OpenedAuditStore;
    let store: AuditStore;
    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await opened.close();
    });

    it('starts empty', async () => {
      expect(await store.list({ limit: 10, offset: 0 })).toEqual([]);
      expect(await collect(store)).toEqual([]);
    });

    it('chains each entry to the one before, from the genesis hash', async () => {
      const appended: AuditEntry[] = [];
      for (let i = 0; i < 5; i += 1) appended.push(await store.append(entry(i)));
      expect(appended[0]?.prevHash).toBe(GENESIS_HASH);
      expectUnbrokenChain(appended);
      for (const [i, e] of appended.entries()) expect(e).toMatchObject(entry(i));
      expect(await collect(store)).toEqual(appended);
    });

    it('reads back exactly what the hash covers (no role, no detail, unicode, nested detail)', async () => {
      const bare = await store.append(entry(0, { role: undefined, detail: undefined, actor: 'anonymous', result: 'denied' }));
      const rich = await store.append(entry(1, { actor: '张三', target: '320612001', detail: { rows: 12, file: { sha256: 'ab'.repeat(32) }, 名称: '通州区', list: [1, null, true] } }));
      const back = await collect(store);
      expect(back).toEqual([bare, rich]);
      expect(back[0]?.role).toBeUndefined();
      expect(back[0]?.detail).toBeUndefined();
      expectUnbrokenChain(back);
    });

    it('lists oldest first, filtered by from (inclusive), to (exclusive), actor and action, with limit and offset', async () => {
      for (let i = 0; i < 10; i += 1) await store.append(entry(i));
      const seqs = async (f: Partial<Parameters<AuditStore['list']>[0]>): Promise<number[]> =>
        (await store.list({ limit: 100, offset: 0, ...f })).map((e) => e.seq);
      expect(await seqs({})).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(await seqs({ from: entry(3).at, to: entry(6).at })).toEqual([4, 5, 6]);
      expect(await seqs({ from: entry(8).at })).toEqual([9, 10]);
      expect(await seqs({ to: entry(2).at })).toEqual([1, 2]);
      expect(await seqs({ actor: 'alice' })).toEqual([1, 3, 5, 7, 9]);
      expect(await seqs({ action: 'auth.login' })).toEqual([1, 4, 7, 10]);
      expect(await seqs({ actor: 'alice', action: 'auth.login' })).toEqual([1, 7]);
      expect(await seqs({ actor: 'nobody' })).toEqual([]);
      expect(await seqs({ limit: 3, offset: 2 })).toEqual([3, 4, 5]);
      expect(await seqs({ actor: 'bob', limit: 2, offset: 1 })).toEqual([4, 6]);
      expect(await seqs({ from: entry(2).at, actor: 'alice', limit: 2, offset: 0 })).toEqual([3, 5]);
      const listed = await store.list({ actor: 'bob', limit: 1, offset: 0 });
      expect(listed).toEqual((await collect(store)).filter((e) => e.seq === 2));
    });

    it('keeps one unbroken chain under concurrent appends from two instances', async () => {
      const other = await opened.another();
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? store : other).append(entry(i))));
      expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      const all = await collect(store);
      expect(all).toHaveLength(30);
      expectUnbrokenChain(all);
    });

    it('walks a trail longer than one page in order', async () => {
      const n = 1_205;
      for (let start = 0; start < n; start += 50) {
        await Promise.all(Array.from({ length: Math.min(50, n - start) }, (_, j) => store.append(entry(start + j))));
      }
      const all = await collect(store);
      expect(all).toHaveLength(n);
      expectUnbrokenChain(all);
    });

    it('refuses UPDATE and DELETE on the audit table', async () => {
      await store.append(entry(0));
      await store.append(entry(1));
      const before = await collect(store);
      await expect(opened.exec("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")).rejects.toThrow(/append-only/);
      await expect(opened.exec('DELETE FROM audit_log WHERE seq = 2')).rejects.toThrow(/append-only/);
      await expect(opened.exec('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
      expect(await collect(store)).toEqual(before);
      expectUnbrokenChain(before);
      // Appending still works after the refusals.
      expect((await store.append(entry(2))).seq).toBe(3);
    });
  });
}
