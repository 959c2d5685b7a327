import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { failLiveViewOnce } from '../support/fail-live-view';
import { ARTIFACTS, openBrowser } from './browser';

const DISTRICT = '320612';
/** A well-formed street code the territory does not have (a wall configured with a typo). */
const UNKNOWN_STREET = '320612998';

let running: RunningTestServer;
beforeAll(async () => {
  running = await startTestServer();
});
afterAll(async () => {
  await running?.stop();
});

describe('a scope the server refuses', () => {
  it('is named on the wall with the reason, instead of a screen that stays "connecting"', async () => {
    const browser = await openBrowser({ width: 1920, height: 1080 });
    try {
      await browser.page.goto(`${running.url}/?display=${running.token}&scope=${UNKNOWN_STREET}&lang=en`);
      const banner = browser.page.locator('[data-testid="scope-refused"]');
      await banner.waitFor({ timeout: 60_000 });
      const text = await banner.innerText();
      expect(text).toContain(`The server did not give the data of scope ${UNKNOWN_STREET}`);
      expect(text).toContain(`unknown scope ${UNKNOWN_STREET}`);
      expect(await browser.page.locator('[data-testid="connection-state"]').getAttribute('data-state')).not.toBe('live');
      await browser.page.screenshot({ path: join(ARTIFACTS, 'wall-refused-scope.png') });
      // The refusal (and the panels' requests for the same scope) are logged, and nothing else went wrong.
      expect(browser.errors.filter((e) => !e.includes(UNKNOWN_STREET))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('goes away when the scope can be read again, and the wall shows its data', async () => {
    const failures = failLiveViewOnce(running);
    const browser = await openBrowser({ width: 1920, height: 1080 });
    try {
      await browser.page.goto(`${running.url}/?display=${running.token}`);
      const banner = browser.page.locator('[data-testid="scope-refused"]');
      await banner.waitFor({ timeout: 60_000 });
      expect(await banner.innerText()).toContain(DISTRICT);
      expect(failures.count).toBe(1);
      // The wall asks again after 5 s and is answered.
      await banner.waitFor({ state: 'detached', timeout: 15_000 });
      await browser.page.locator(`[data-testid="wall"][data-shown-scope="${DISTRICT}"]`).waitFor({ timeout: 5_000 });
      expect(await browser.page.locator('[data-testid="connection-state"]').getAttribute('data-state')).toBe('live');
      expect(browser.errors.filter((e) => !e.includes(`subscribe ${DISTRICT} refused`))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
