import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ScopeSummary } from '../../server/protocol/index';
import type { Scope } from '../../geo/territory';
import { pointInPolygon } from '../../geo/polygon';
import type { RunningTestServer } from '../support/test-server';
import { startReportServer } from '../support/report-server';
import { ARTIFACTS, openBrowser, type TestBrowser } from './browser';
import { interiorPoint, mapSettled } from './map-point';

/**
 * Picking a scope on the desk without the list: the search box (a scope by name, an incident by
 * id), the small map (a click inside a child), and the printable page opened in a new tab through
 * a ticket, under its own CSP.
 */
const PASSWORD = 'analyst-password-1';
/** Every incident of the fixture is reported at this point (tests/support/kpi-fixture.ts). */
const FIXTURE_POINT: [number, number] = [121.05, 32.06];
const FEB = { from: '2026-02-01T00:00:00+08:00', to: '2026-03-01T00:00:00+08:00' };
let running: RunningTestServer;
let browser: TestBrowser;
let scopes: readonly Scope[];
/** The scope of each level that holds the fixture's incidents, from the district down to the grid. */
let path: Scope[];
/** CSP violations seen by any page of the context (the DOM event, kept on the window). */
const violations: string[] = [];

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

beforeAll(async () => {
  if (!existsSync(join(import.meta.dirname, '../../dist/web/index.html'))) {
    throw new Error('dist/web is missing: browser tests need the built app (npm test builds it; or run npm run build)');
  }
  running = await startReportServer({ username: 'wangwu', password: PASSWORD });
  scopes = running.server.territory.territory.scopes;
  path = [0, 1, 2, 3].map((level) => scopes.find((s) => s.level === level && s.polygons.some((rings) => pointInPolygon(FIXTURE_POINT[0], FIXTURE_POINT[1], rings)))!);
  expect(path.every(Boolean)).toBe(true);
  browser = await openBrowser({ width: 1440, height: 900 }, { reducedMotion: true });
  await browser.context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations!.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

/** The summary API's number of reported incidents of a scope in February. */
async function reportedInFebruary(code: string): Promise<number> {
  const res = await fetch(`${running.url}/api/scopes/${code}/summary?${new URLSearchParams(FEB)}`, { headers: running.authHeaders() });
  expect(res.status).toBe(200);
  return ((await res.json()) as ScopeSummary).kpis.reported;
}

/** Waits until the desk shows the scope, its numbers those of the API, and its map has framed it. */
async function expectShown(page: Page, code: string): Promise<void> {
  await page.locator(`[data-testid="breadcrumb"][data-scope="${code}"]`).waitFor({ timeout: 15_000 });
  const want = await reportedInFebruary(code);
  await expect.poll(() => page.getByTestId('kpi-reported').getAttribute('data-value'), { timeout: 15_000 }).toBe(String(want));
  await page.locator(`[data-testid="desk-map"][data-scope="${code}"]`).waitFor({ timeout: 15_000 });
  await mapSettled(page, 'desk-map');
}

/** Types into the desk's search box and chooses the result of that kind for that scope. */
async function searchAndChoose(page: Page, text: string, kind: string, scope: string): Promise<void> {
  await page.getByTestId('search-input').fill(text);
  const result = page.locator(`[data-testid="search-results"][data-state="ready"] [data-testid="search-result"][data-kind="${kind}"][data-scope="${scope}"]`).first();
  await result.waitFor({ timeout: 15_000 });
  await result.dispatchEvent('mousedown');
}

describe('picking a scope on the desk', () => {
  it('from the map, from the search, and prints the shown scope in a new tab under its own CSP', async () => {
    const { page, context } = browser;
    await page.goto(`${running.url}/desk`);
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByTestId('login-username').fill('wangwu');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => u.pathname === '/desk');
    await page.getByTestId('kpi-reported').waitFor();
    await page.getByTestId('desk-period-kind').selectOption('month');
    await page.getByTestId('desk-date').fill('2026-02-01');
    const [district, street, community, grid] = path as [Scope, Scope, Scope, Scope];
    await expectShown(page, district.code);
    expect(await page.getByTestId('kpi-reported').getAttribute('data-value')).toBe('3');

    // The map: a click inside a child shows it, and the map frames it with its own children.
    for (const child of [street, community]) {
      const p = await interiorPoint(page, child.polygons, 7, 'desk-map');
      await page.mouse.click(p.x, p.y);
      await expectShown(page, child.code);
    }
    expect(await page.locator('[data-testid="desk-map"] .desk-map-label').count()).toBe(scopes.filter((s) => s.parent === community.code).length);
    await page.screenshot({ path: join(ARTIFACTS, 'desk-pick-map.png') });

    // The search: a grid by its name shows that grid.
    await searchAndChoose(page, grid.name, 'scope', grid.code);
    await expectShown(page, grid.code);
    expect(await page.getByTestId('kpi-reported').getAttribute('data-value')).toBe('3');
    // An incident shows the grid that holds it.
    await page.getByTestId('desk-up').click();
    await expectShown(page, community.code);
    await page.getByTestId('search-input').fill('IB');
    const incident = page.locator('[data-testid="search-results"][data-state="ready"] [data-testid="search-result"][data-kind="incident"][data-id="IB"]');
    await incident.waitFor({ timeout: 15_000 });
    expect((await incident.getAttribute('data-scope'))!.startsWith(grid.code)).toBe(true);
    await incident.dispatchEvent('mousedown');
    await expectShown(page, grid.code);

    // The printable page: a real server page in a new tab, its styles applied, no policy broken.
    const [printable] = await Promise.all([context.waitForEvent('page'), page.getByTestId('export-printable').click()]);
    printable.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(`console: ${m.text()}`);
    });
    await printable.waitForLoadState('load');
    const url = new URL(printable.url());
    expect(url.origin).toBe(new URL(running.url).origin);
    expect(url.pathname).toBe('/api/reports/summary.html');
    expect(url.searchParams.get('ticket')).toMatch(/^[\w-]{40,}$/);
    expect(await printable.locator('body').innerText()).toContain(grid.name);
    // The page's inline styles apply: its body is A4's printable width, not the browser's default.
    expect(await printable.evaluate(() => getComputedStyle(document.body).maxWidth)).not.toBe('none');
    violations.push(...(await printable.evaluate(() => window.__cspViolations ?? [])));
    await printable.screenshot({ path: join(ARTIFACTS, 'desk-printable.png') });
    // The ticket was used: the same address again is refused.
    const again = await fetch(url);
    expect(again.status).toBe(410);
    await printable.close();

    violations.push(...(await page.evaluate(() => window.__cspViolations ?? [])));
    expect(violations).toEqual([]);
    expect(browser.errors).toEqual([]);
  }, 120_000);
});
