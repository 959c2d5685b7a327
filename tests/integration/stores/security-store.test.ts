import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteSecurityStore } from '../../../server/identity/sqlite-security-store';
import { LOCKOUT, type SecurityStore } from '../../../server/identity/security-store';
import { PgSecurityStore } from '../../../server/store/postgres/pg-security-store';
import { freshPgSchema, tempSqliteFile } from './backends';

const T0 = Date.parse('2026-11-23T02:00:00Z');
const MIN = 60_000;

/** The behaviour both backends of `SecurityStore` must have (server/identity/security-store.ts). */
function describeSecurityStore(name: string, open: () => Promise<{ store: SecurityStore; another(): SecurityStore; close(): Promise<void> }>): void {
  describe(`SecurityStore (${name})`, () => {
    let opened: Awaited<ReturnType<typeof open>>;
    beforeEach(async () => {
      opened = await open();
    });
    afterEach(async () => {
      await opened.close();
    });

    it('opens, touches and ends sessions, one or all of a username', async () => {
      const { store } = opened;
      await store.createSession({ id: 's1', username: 'duty1', at: T0 });
      await store.createSession({ id: 's2', username: 'duty1', at: T0 });
      await store.touchSession('s1', T0 + MIN);
      await store.touchSession('s1', T0); // never backwards
      expect(await store.findSession('s1')).toEqual({ id: 's1', username: 'duty1', createdAt: T0, lastActiveAt: T0 + MIN, endedAt: undefined, endReason: undefined });
      expect(await store.endSession('s1', T0 + 2 * MIN, 'logout')).toBe(true);
      expect(await store.endSession('s1', T0 + 3 * MIN, 'logout')).toBe(false);
      expect(await store.endSessionsOf('duty1', T0 + 4 * MIN, 'disabled')).toBe(1);
      expect(await store.findSession('s2')).toMatchObject({ endedAt: T0 + 4 * MIN, endReason: 'disabled' });
      expect(await store.findSession('nope')).toBeUndefined();
    });

    it('locks a username after the fifth failure in a row, for 15 minutes, on every instance', async () => {
      const { store } = opened;
      const other = opened.another();
      for (let i = 0; i < 4; i++) expect(await (i % 2 === 0 ? store : other).noteLoginFailure('u', T0 + i * 1000, LOCKOUT)).toBeUndefined();
      expect(await store.noteLoginFailure('u', T0 + 4000, LOCKOUT)).toBe(T0 + 4000 + 15 * MIN);
      expect(await other.lockedUntil('u', T0 + 5000)).toBe(T0 + 4000 + 15 * MIN);
      expect(await other.lockedUntil('u', T0 + 4000 + 15 * MIN)).toBeUndefined();
      await store.clearLoginFailures('u');
      expect(await store.lockedUntil('u', T0 + 5000)).toBeUndefined();
    });

    it('counts concurrent failures from two instances exactly', async () => {
      const { store } = opened;
      const other = opened.another();
      const results = await Promise.all(Array.from({ length: 5 }, (_, i) => (i % 2 === 0 ? store : other).noteLoginFailure('v', T0, LOCKOUT)));
      expect(results.filter((r) => r !== undefined)).toHaveLength(1);
      expect(await store.lockedUntil('v', T0 + 1)).toBe(T0 + 15 * MIN);
    });

    it('grants and withdraws rights once', async () => {
      const { store } = opened;
      expect(await store.grantRight({ username: 'duty1', right: 'unmask', grantedBy: 'sec1', grantedAt: T0 })).toBe(true);
      expect(await store.grantRight({ username: 'duty1', right: 'unmask', grantedBy: 'sec1', grantedAt: T0 })).toBe(false);
      expect(await store.rightsOf('duty1')).toEqual(['unmask']);
      expect(await store.listGrants()).toEqual([{ username: 'duty1', right: 'unmask', grantedBy: 'sec1', grantedAt: T0 }]);
      expect(await store.withdrawRight('duty1', 'unmask')).toBe(true);
      expect(await store.withdrawRight('duty1', 'unmask')).toBe(false);
      expect(await store.rightsOf('duty1')).toEqual([]);
    });
  });
}

describeSecurityStore('sqlite', () => {
  const file = tempSqliteFile();
  return Promise.resolve({ store: new SqliteSecurityStore(file.db), another: () => new SqliteSecurityStore(file.openAnother()), close: () => Promise.resolve(file.remove()) });
});

describeSecurityStore('postgres', async () => {
  const db = await freshPgSchema();
  return { store: new PgSecurityStore(db.pool), another: () => new PgSecurityStore(db.openPool(3).pool), close: () => db.drop() };
});
