import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuplicateAccountError, type IdentityStore } from '../../../server/identity/identity-store';

/** A store on a database of its own, a second instance on the same database, and cleanup. */
export interface OpenedIdentityStore {
  store: IdentityStore;
  /** Another store on the same database, as a second process or node would open it. */
  another(): Promise<IdentityStore>;
  close(): Promise<void>;
}

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/**
 * The behaviour every `IdentityStore` must have (server/identity/identity-store.ts), run against
 * one backend. `open` gives a fresh, empty store for each test.
 */
export function describeIdentityStoreContract(name: string, open: () => Promise<OpenedIdentityStore>): void {
  describe(`IdentityStore contract (${name})`, () => {
    let opened: OpenedIdentityStore;
    let store: IdentityStore;
    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await opened.close();
    });

    it('creates and finds accounts, and lists them in creation order', async () => {
      const a = await store.createAccount({ username: 'zhangsan', role: 'duty', scope: '320612', passwordHash: 'h1' });
      expect(a).toMatchObject({ username: 'zhangsan', role: 'duty', scope: '320612', passwordHash: 'h1', disabledAt: undefined });
      expect(a.createdAt).toMatch(ISO_UTC);
      expect(await store.findAccount('zhangsan')).toEqual(a);
      expect(await store.findAccount('lisi')).toBeUndefined();
      const b = await store.createAccount({ username: '李四', role: 'auditor', scope: '320612001', passwordHash: 'h2' });
      expect(b.id).not.toBe(a.id);
      expect(await store.listAccounts()).toEqual([a, b]);
    });

    it('refuses a second account with a used username', async () => {
      await store.createAccount({ username: 'admin', role: 'admin', scope: '320612', passwordHash: 'h' });
      await expect(store.createAccount({ username: 'admin', role: 'duty', scope: '320612', passwordHash: 'x' })).rejects.toBeInstanceOf(DuplicateAccountError);
      expect(await store.listAccounts()).toHaveLength(1);
      expect((await store.findAccount('admin'))?.role).toBe('admin');
    });

    it('changes a password hash and disables an account once', async () => {
      await store.createAccount({ username: 'wang', role: 'leader', scope: '320612', passwordHash: 'old' });
      await store.setPasswordHash('wang', 'new');
      expect((await store.findAccount('wang'))?.passwordHash).toBe('new');
      expect(await store.disableAccount('wang')).toBe(true);
      const disabled = await store.findAccount('wang');
      expect(disabled?.disabledAt).toMatch(ISO_UTC);
      expect(await store.disableAccount('wang')).toBe(false);
      expect(await store.disableAccount('nobody')).toBe(false);
      // Disabled accounts are kept (the audit trail names them).
      expect((await store.listAccounts()).map((x) => x.username)).toEqual(['wang']);
    });

    it('creates, finds and revokes display tokens; a revoked one is still found, marked revoked', async () => {
      const t = await store.createDisplayToken({ name: '大屏-指挥大厅', scope: '320612', tokenHash: 'th1' });
      expect(t).toMatchObject({ name: '大屏-指挥大厅', scope: '320612', tokenHash: 'th1', revokedAt: undefined });
      expect(t.createdAt).toMatch(ISO_UTC);
      expect(await store.findDisplayTokenByHash('th1')).toEqual(t);
      expect(await store.getDisplayToken(t.id)).toEqual(t);
      expect(await store.findDisplayTokenByHash('unknown')).toBeUndefined();
      expect(await store.getDisplayToken(t.id + 1000)).toBeUndefined();

      expect(await store.revokeDisplayToken(t.id)).toBe(true);
      expect(await store.revokeDisplayToken(t.id)).toBe(false);
      expect(await store.revokeDisplayToken(t.id + 1000)).toBe(false);
      const revoked = await store.findDisplayTokenByHash('th1');
      expect(revoked).toMatchObject({ id: t.id, tokenHash: 'th1' });
      expect(revoked?.revokedAt).toMatch(ISO_UTC);
      expect((await store.getDisplayToken(t.id))?.revokedAt).toBe(revoked?.revokedAt);
    });

    it('finds API keys by hash until their name is revoked', async () => {
      const k1 = await store.createApiKey({ name: 'cad', keyHash: 'k1' });
      const k2 = await store.createApiKey({ name: 'cad', keyHash: 'k2' });
      const k3 = await store.createApiKey({ name: 'hotline', keyHash: 'k3' });
      expect(k1).toMatchObject({ name: 'cad', keyHash: 'k1', revokedAt: undefined });
      expect(k1.createdAt).toMatch(ISO_UTC);
      expect(new Set([k1.id, k2.id, k3.id]).size).toBe(3);
      expect(await store.findApiKeyByHash('k2')).toEqual(k2);
      expect(await store.findApiKeyByHash('nope')).toBeUndefined();

      expect(await store.revokeApiKeys('cad')).toBe(2);
      expect(await store.findApiKeyByHash('k1')).toBeUndefined();
      expect(await store.findApiKeyByHash('k2')).toBeUndefined();
      expect(await store.findApiKeyByHash('k3')).toEqual(k3);
      expect(await store.revokeApiKeys('cad')).toBe(0);
      expect(await store.revokeApiKeys('unknown')).toBe(0);
      // A new key under a revoked name works.
      const k4 = await store.createApiKey({ name: 'cad', keyHash: 'k4' });
      expect(await store.findApiKeyByHash('k4')).toEqual(k4);
    });

    it('keeps one value per secret, on every call and for every instance on the database', async () => {
      let made = 0;
      const make = (): string => `secret-${++made}`;
      const first = await store.secret('token-signing', make);
      expect(first).toBe('secret-1');
      expect(await store.secret('token-signing', make)).toBe(first);
      const other = await opened.another();
      expect(await other.secret('token-signing', make)).toBe(first);
      expect(made).toBe(1);
      expect(await other.secret('another', () => 'b')).toBe('b');
      expect(await store.secret('another', () => 'c')).toBe('b');
    });

    it('agrees on one secret when two instances create it at once', async () => {
      const other = await opened.another();
      const values = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? store : other).secret('race', () => `v${i}`)));
      expect(new Set(values).size).toBe(1);
    });
  });
}
