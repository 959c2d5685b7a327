import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpIngestClient } from '../../mock/ingest-client';
import { nearBuildings } from '../../mock/place-sampler';
import { startIncidentSimulator, type RunningSimulator } from '../../mock/incident-simulator';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { ARTIFACTS, openBrowser, type TestBrowser } from './browser';

let running: RunningTestServer;
let sim: RunningSimulator;
let browser: TestBrowser;

beforeAll(async () => {
  if (!existsSync(join(import.meta.dirname, '../../dist/web/index.html'))) {
    throw new Error('dist/web is missing: browser tests need the built app (npm test builds it; or run npm run build)');
  }
  running = await startTestServer({ config: { DELTA_WINDOW_MS: 100 } });
  sim = startIncidentSimulator({
    place: nearBuildings(running.server.territory.buildings),
    rate: 4,
    send: httpIngestClient(running.url, running.apiKey),
  });
  browser = await openBrowser();
});

afterAll(async () => {
  await sim?.stop();
  await browser?.close();
  await running?.stop();
});

async function kpiReported(): Promise<number> {
  const v = await browser.page.getByTestId('kpi-reported').getAttribute('data-value');
  return v ? Number(v) : -1;
}

describe('the wall, end to end', () => {
  it('signs in with ?display=, loads the map, shows live incidents and a growing KPI, with no page errors', async () => {
    const { page } = browser;
    // Signed in once with its display token, which the app keeps and takes out of the address bar.
    await page.goto(`${running.url}/?display=${running.token}`);
    await page.locator('[data-map-loaded="true"]').waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).searchParams.has('display')).toBe(false);
    expect(page.url()).not.toContain(running.token);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="kpi-reported"]')?.getAttribute('data-value') || 0) > 0, null, { timeout: 15_000 });
    const first = await kpiReported();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="kpi-reported"]')?.getAttribute('data-value') || 0) > n, first, { timeout: 15_000 });
    expect(await kpiReported()).toBeGreaterThan(first);
    expect(await page.getByTestId('connection-state').getAttribute('data-state')).toBe('live');
    expect(await page.getByTestId('panel-incidents-today').getAttribute('data-stale')).toBe('false');
    // The chart drew something and the incidents list has rows.
    expect(await page.locator('[data-testid="panel-incidents-today"] canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="panel-latest-incidents"] .item').count()).toBeGreaterThan(0);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(ARTIFACTS, 'wall-1920x1080.png') });
    expect(browser.errors).toEqual([]);
  });

  it('shows offline while the server is down and goes live again after it restarts', async () => {
    const { page } = browser;
    const port = Number(new URL(running.url).port);
    const before = await kpiReported();
    await sim.stop();
    const dataDir = running.dataDir;
    await running.stop({ keepData: true });
    await page.locator('[data-testid="connection-state"][data-state="offline"]').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'wall-offline.png') });

    running = await startTestServer({ dataDir, port, config: { DELTA_WINDOW_MS: 100 } });
    sim = startIncidentSimulator({ place: nearBuildings(running.server.territory.buildings), rate: 4, send: httpIngestClient(running.url, running.apiKey) });
    await page.locator('[data-testid="connection-state"][data-state="live"]').waitFor({ timeout: 15_000 });
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="kpi-reported"]')?.getAttribute('data-value') || 0) > n, before, { timeout: 15_000 });
    // Browsers log a failed websocket while the server is down; that is the expected outage, not an app error.
    expect(browser.errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|socket\.io/.test(e))).toEqual([]);
  });
});
