import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { IngestEvent, ScopeSummary } from '../../server/protocol/index';
import type { Scope } from '../../geo/territory';
import { simulate } from '../../mock/simulation';
import { worldFromScenario } from '../../mock/sim-world';
import { generateScenario } from '../../geo/scenarios/generate';
import { TINY_OUTLINE, TINY_SPEC } from '../../geo/scenarios/specs';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { getJson, ingest } from '../support/kpi-fixture';
import { join } from 'node:path';
import { ARTIFACTS, openBrowser, type TestBrowser } from './browser';
import { interiorPoint, mapSettled } from './map-point';
import { acknowledgeAllAlarms } from '../support/quiet-alarms';

let running: RunningTestServer;
let scopes: Map<string, Scope>;
let district: string;

beforeAll(async () => {
  running = await startTestServer({ config: { DELTA_WINDOW_MS: 100 } });
  // Half a day of history, so every scope has numbers to compare.
  const world = worldFromScenario(generateScenario(TINY_SPEC, TINY_OUTLINE));
  const now = Date.now();
  const events: IngestEvent[] = [];
  for (const t of simulate({ world, seed: 5, rate: 60, origin: now - 12 * 3_600_000, from: now - 12 * 3_600_000, to: now })) events.push(t.event);
  await ingest(running, events);
  await running.server.engine.catchUp();
  scopes = new Map(running.server.territory.territory.scopes.map((s) => [s.code, s] as const));
  district = running.server.territory.territory.district.code;
  // A still map: no fresh alarm to fly to while clicks are aimed at computed points.
  await acknowledgeAllAlarms(running, district);
}, 90_000);
afterAll(async () => {
  await running?.stop();
});

/** Opens the wall with only the grid colours drawn: no marks under a click, so every click means the scope under it. */
async function openWall(query = '', options: { reducedMotion?: boolean } = {}): Promise<TestBrowser> {
  const browser = await openBrowser({ width: 1920, height: 1080 }, options);
  await browser.page.goto(`${running.url}/?display=${running.token}&layers=grids${query ? `&${query}` : ''}`);
  await browser.page.locator('[data-map-loaded="true"]').waitFor({ timeout: 60_000 });
  await browser.page.locator(`[data-testid="breadcrumb"] .crumb`).first().waitFor({ timeout: 30_000 });
  return browser;
}

const childrenOf = (code: string): Scope[] => [...scopes.values()].filter((s) => s.code.startsWith(code) && s.level === (scopes.get(code)?.level ?? -1) + 1);

/** Clicks inside a scope on the map and waits until the screen shows it. */
async function clickInto(page: Page, code: string): Promise<void> {
  await mapSettled(page);
  const p = await interiorPoint(page, scopes.get(code)!.polygons);
  await page.mouse.click(p.x, p.y);
  try {
    await page.locator(`[data-testid="breadcrumb"][data-scope="${code}"]`).waitFor({ timeout: 15_000 });
  } catch (e) {
    await page.screenshot({ path: join(ARTIFACTS, `drill-click-${code}.png`) });
    throw new Error(`clicked ${JSON.stringify(p)} for ${code}; the screen shows ${await page.locator('[data-testid="breadcrumb"]').getAttribute('data-scope')}: ${String(e)}`);
  }
}

/** The breadcrumb's codes, from the top down. */
async function crumbs(page: Page): Promise<string[]> {
  return page.locator('[data-testid="breadcrumb"] [data-code]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')!));
}

/** Waits until the panels show the scope's numbers, then compares them with the summary API. */
async function expectKpisOf(page: Page, code: string): Promise<void> {
  const api = await getJson<ScopeSummary>(running, `/api/scopes/${code}/summary`);
  expect(api.status).toBe(200);
  const want = api.body.kpis;
  const population = Object.values(want.keyPopulations).reduce((a, b) => a + b, 0);
  await page.waitForFunction(
    ([reported, persons]) =>
      document.querySelector('[data-testid="kpi-reported"]')?.getAttribute('data-value') === String(reported) &&
      document.querySelector('[data-testid="kpi-keyPopulations"]')?.getAttribute('data-value') === String(persons),
    [want.reported, population] as const,
    { timeout: 15_000 },
  );
  const onTime = await page.locator('[data-testid="kpi-onTimeRate"]').getAttribute('data-value');
  if (want.onTimeRate === null) expect(onTime).toBe('');
  else expect(Number(onTime)).toBeCloseTo(want.onTimeRate, 9);
}

/** Scope rooms (codes) the server has members in. */
function scopeRooms(): string[] {
  const rooms = running.server.io.of('/').adapter.rooms;
  return [...rooms.entries()].filter(([name, members]) => scopes.has(name) && members.size > 0).map(([name]) => name);
}

describe('drill-down on the wall', () => {
  it('drills district > street > community > grid by clicks on the map, with breadcrumb, URL and panels following; back goes up', async () => {
    const browser = await openWall();
    const { page } = browser;
    try {
      expect(await crumbs(page)).toEqual([district]);
      const street = childrenOf(district).find((s) => childrenOf(s.code).length > 0)!;
      await clickInto(page, street.code);
      expect(await crumbs(page)).toEqual([district, street.code]);
      expect(new URL(page.url()).searchParams.get('scope')).toBe(street.code);
      await expectKpisOf(page, street.code);

      const community = childrenOf(street.code).find((c) => childrenOf(c.code).length > 0)!;
      await clickInto(page, community.code);
      await expectKpisOf(page, community.code);
      const grid = childrenOf(community.code)[0]!;
      await clickInto(page, grid.code);
      expect(await crumbs(page)).toEqual([district, street.code, community.code, grid.code]);
      expect(new URL(page.url()).searchParams.get('scope')).toBe(grid.code);
      await expectKpisOf(page, grid.code);
      // The socket holds only the room of the scope shown.
      await expect.poll(scopeRooms, { timeout: 10_000 }).toEqual([grid.code]);

      // Reload lands on the same view.
      await page.reload();
      await page.locator(`[data-testid="breadcrumb"][data-scope="${grid.code}"]`).waitFor({ timeout: 30_000 });
      expect(await crumbs(page)).toEqual([district, street.code, community.code, grid.code]);
      await expectKpisOf(page, grid.code);

      // Esc goes up one level; the browser's back button another; the breadcrumb to the top.
      await page.keyboard.press('Escape');
      await page.locator(`[data-testid="breadcrumb"][data-scope="${community.code}"]`).waitFor({ timeout: 15_000 });
      expect(new URL(page.url()).searchParams.get('scope')).toBe(community.code);
      await page.goBack();
      await page.locator(`[data-testid="breadcrumb"][data-scope="${street.code}"]`).waitFor({ timeout: 15_000 });
      await expectKpisOf(page, street.code);
      await page.locator(`[data-testid="breadcrumb"] button[data-code="${district}"]`).click();
      await page.locator(`[data-testid="breadcrumb"][data-scope="${district}"]`).waitFor({ timeout: 15_000 });
      await expectKpisOf(page, district);
      await expect.poll(scopeRooms, { timeout: 10_000 }).toEqual([district]);
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 240_000);

  it('returns to the view it left: after going back up, the map shows the district as before', async () => {
    const browser = await openWall('', { reducedMotion: true });
    const { page } = browser;
    try {
      await mapSettled(page);
      const before = await page.locator('[data-testid="map"]').evaluate((el) => [el.getAttribute('data-center'), el.getAttribute('data-exact-zoom')]);
      const street = childrenOf(district)[0]!;
      await clickInto(page, street.code);
      await mapSettled(page);
      const inStreet = await page.locator('[data-testid="map"]').evaluate((el) => [el.getAttribute('data-center'), el.getAttribute('data-exact-zoom')]);
      expect(inStreet).not.toEqual(before);
      await page.keyboard.press('Escape');
      await page.locator(`[data-testid="breadcrumb"][data-scope="${district}"]`).waitFor({ timeout: 15_000 });
      await mapSettled(page);
      const after = await page.locator('[data-testid="map"]').evaluate((el) => [el.getAttribute('data-center'), el.getAttribute('data-exact-zoom')]);
      expect(Number(after[1])).toBeCloseTo(Number(before[1]), 3);
      const [b, a] = [before[0]!.split(',').map(Number), after[0]!.split(',').map(Number)];
      expect(a[0]).toBeCloseTo(b[0]!, 4);
      expect(a[1]).toBeCloseTo(b[1]!, 4);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('does not leak subscriptions: after 50 drills in and out the client is in the district room only', async () => {
    const browser = await openWall('', { reducedMotion: true });
    const { page } = browser;
    try {
      const streets = childrenOf(district);
      await mapSettled(page);
      // Points computed once at the district view: Esc restores that exact view each time.
      const points = await Promise.all(streets.map(async (s) => ({ code: s.code, ...(await interiorPoint(page, s.polygons)) })));
      for (let i = 0; i < 50; i++) {
        const p = points[i % points.length]!;
        await page.mouse.click(p.x, p.y);
        await page.locator(`[data-testid="breadcrumb"][data-scope="${p.code}"]`).waitFor({ timeout: 15_000 });
        await page.keyboard.press('Escape');
        await page.locator(`[data-testid="breadcrumb"][data-scope="${district}"]`).waitFor({ timeout: 15_000 });
        await mapSettled(page);
      }
      await expect.poll(scopeRooms, { timeout: 10_000 }).toEqual([district]);
      await expectKpisOf(page, district);
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 300_000);
});
