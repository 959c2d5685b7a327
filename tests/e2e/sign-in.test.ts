import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../server/audit/audit-log';
import { createAccount } from '../../server/identity/accounts';
import { createDisplayToken } from '../../server/identity/display-tokens';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { ARTIFACTS, openBrowser, type TestBrowser } from './browser';

const PASSWORD = 'duty-officer-password';
let running: RunningTestServer;
let browser: TestBrowser;

beforeAll(async () => {
  if (!existsSync(join(import.meta.dirname, '../../dist/web/index.html'))) {
    throw new Error('dist/web is missing: browser tests need the built app (npm test builds it; or run npm run build)');
  }
  running = await startTestServer({ config: { DELTA_WINDOW_MS: 100 } });
  const deps = { identity: running.server.stores.identity, audit: running.server.audit };
  await createAccount(deps, CLI_ACTOR, { username: 'zhangsan', role: 'duty', scope: running.server.territory.territory.district.code }, PASSWORD);
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

describe('signing in', () => {
  it('sends a browser without a token to /login, says so on a wrong password, and opens the wall after signing in', async () => {
    const { page } = browser;
    await page.goto(running.url);
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByTestId('login-username').fill('zhangsan');
    await page.getByTestId('login-password').fill('wrong password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toBe('用户名或密码错误');
    await page.screenshot({ path: join(ARTIFACTS, 'login.png') });

    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.locator('[data-map-loaded="true"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="connection-state"][data-state="live"]').waitFor({ timeout: 15_000 });
    // The browser's 401 from the wrong password is the only console error.
    expect(browser.errors.filter((e) => !/401/.test(e))).toEqual([]);
  });

  it('shows a wall whose display token is revoked a full-screen notice instead of a login form', async () => {
    const { page } = browser;
    const deps = { identity: running.server.stores.identity, audit: running.server.audit };
    const wall = await createDisplayToken(deps, CLI_ACTOR, { name: 'revoked wall', scope: running.server.territory.territory.district.code });
    await page.goto(`${running.url}/?display=${wall.token}`);
    await page.locator('[data-testid="connection-state"][data-state="live"]').waitFor({ timeout: 30_000 });

    const res = await fetch(`${running.url}/api/display-tokens/${wall.id}`, { method: 'DELETE', headers: running.authHeaders(await running.adminToken()) });
    expect(res.status).toBe(204);
    await page.getByTestId('display-refused').waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByTestId('display-refused').textContent()).toContain('本大屏的授权已失效');
  });
});
