import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../server/audit/audit-log';
import { createAccount } from '../../server/identity/accounts';
import { login } from '../support/security-helpers';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { ARTIFACTS, openBrowser } from './browser';

const PASSWORD = 'auditor-password-1';
let running: RunningTestServer;

beforeAll(async () => {
  running = await startTestServer({ config: { DELTA_WINDOW_MS: 100 } });
  const district = running.server.territory.territory.district.code;
  const deps = { identity: running.server.stores.identity, audit: running.server.audit };
  await createAccount(deps, CLI_ACTOR, { username: 'shenji', role: 'auditor', scope: district }, PASSWORD);
  // Something to read: failed and successful sign-ins of the admin.
  for (const pw of ['wrong-1', 'wrong-2', 'test-admin-password']) await login(running, 'admin', pw);
}, 60_000);
afterAll(async () => {
  await running?.stop();
});

describe('the auditor’s view (/audit)', () => {
  it('opens after the auditor signs in, lists the trail newest first, filters, exports CSV, and carries a watermark with the name', async () => {
    const browser = await openBrowser({ width: 1600, height: 900 });
    const { page } = browser;
    try {
      await page.goto(`${running.url}/login`);
      await page.getByTestId('login-username').fill('shenji');
      await page.getByTestId('login-password').fill(PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.waitForURL((u) => u.pathname === '/audit');
      await page.getByTestId('audit-row').first().waitFor({ timeout: 15_000 });
      // Newest first: the auditor's own sign-in heads the list.
      expect(await page.getByTestId('audit-row').first().getAttribute('data-action')).toBe('auth.login');
      expect(await page.getByTestId('audit-row').first().textContent()).toContain('shenji');
      expect(await page.getByTestId('watermark').getAttribute('data-text')).toBe('shenji');

      await page.getByTestId('audit-user').fill('admin');
      await page.getByTestId('audit-action').fill('auth.login');
      await page.getByTestId('audit-search').click();
      await expect.poll(() => page.getByTestId('audit-total').getAttribute('data-value')).toBe('3');
      expect(await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-result')))).toEqual(['ok', 'failed', 'failed']);
      await page.screenshot({ path: join(ARTIFACTS, 'audit-view.png') });

      const download = page.waitForEvent('download');
      await page.getByTestId('audit-export').click();
      const file = await (await download).path();
      const csv = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(csv[0]).toBe('seq,at,actor,role,source,action,target,result,detail,prev_hash,hash');
      expect(csv).toHaveLength(4);
      expect(browser.errors).toEqual([]);

      // Signing out ends the session on the server.
      await page.getByTestId('sign-out').click();
      await page.waitForURL((u) => u.pathname === '/login');
      const logouts: string[] = [];
      for await (const e of running.server.stores.audit.all()) if (e.action === 'auth.logout') logouts.push(e.actor);
      expect(logouts).toEqual(['shenji']);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('puts the display token’s name as a light watermark on the wall', async () => {
    const browser = await openBrowser({ width: 1920, height: 1080 });
    try {
      await browser.page.goto(`${running.url}/?display=${running.token}`);
      await browser.page.locator('[data-map-loaded="true"]').waitFor({ timeout: 60_000 });
      const mark = browser.page.getByTestId('watermark');
      expect(await mark.getAttribute('data-text')).toBe('test wall');
      expect(Number(await mark.evaluate((el) => getComputedStyle(el).opacity))).toBeLessThanOrEqual(0.08);
      expect(await mark.evaluate((el) => getComputedStyle(el).pointerEvents)).toBe('none');
      await browser.page.screenshot({ path: join(ARTIFACTS, 'wall-watermark.png') });
    } finally {
      await browser.close();
    }
  }, 120_000);
});
