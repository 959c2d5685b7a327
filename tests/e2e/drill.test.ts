import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { IngestEvent, ScopeSummary } from '../../server/protocol/index';
import type { Scope } from '../../geo/territory';
import { simulate } from '../../mock/simulation';
import { sendRegisters } from '../../mock/register-loader';
import { httpIngestClient } from '../../mock/ingest-client';
import { storedRegisters } from '../../server/territory/load-territory';
import type { GridCard, IncidentCard, BuildingCard, SearchResponse } from '../../server/protocol/index';
import { worldFromScenario } from '../../mock/sim-world';
import { generateScenario } from '../../geo/scenarios/generate';
import { TINY_OUTLINE, TINY_SPEC } from '../../geo/scenarios/specs';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { getJson, ingest } from '../support/kpi-fixture';
import { join } from 'node:path';
import { ARTIFACTS, openBrowser, type TestBrowser } from './browser';
import { interiorPoint, isOnMap, mapSettled, screenPoint } from './map-point';
import { labelPoint } from '../../geo/label-point';
import { acknowledgeAllAlarms } from '../support/quiet-alarms';

let running: RunningTestServer;
let scopes: Map<string, Scope>;
let district: string;

beforeAll(async () => {
  running = await startTestServer({ config: { DELTA_WINDOW_MS: 100 } });
  // Half a day of history, so every scope has numbers to compare.
  // The upstream registers (cameras, grid staff, rental buildings, key persons), as a first start sends them.
  const registers = storedRegisters(running.server.territoryStore)!;
  await sendRegisters({ ...registers, rentals: [...running.server.territoryStore.rentalBuildings()] }, httpIngestClient(running.url, running.apiKey));
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

  it('opens the grid card with a second click, lists what the API returns, and from it an incident with its timeline and nearest cameras; a camera opens its player', async () => {
    const browser = await openWall();
    const { page } = browser;
    try {
      const street = childrenOf(district).find((s) => childrenOf(s.code).length > 0)!;
      const community = childrenOf(street.code).find((c) => childrenOf(c.code).length > 0)!;
      // The grid with the most open incidents, so the card has lists to compare.
      const grids = childrenOf(community.code);
      const cards = await Promise.all(grids.map(async (g) => (await getJson<GridCard>(running, `/api/grids/${g.code}/card`)).body));
      const card = cards.sort((a, b) => b.incidents.total - a.incidents.total)[0]!;
      await clickInto(page, street.code);
      await clickInto(page, community.code);
      await clickInto(page, card.code);
      await mapSettled(page);
      // Micro-grids are drilled into too: click until the grid's card opens (a second click at the bottom level).
      for (let i = 0; i < 3 && !(await page.locator('[data-testid="scope-card"][data-kind="grid"]').count()); i++) {
        const here = (await page.locator('[data-testid="breadcrumb"]').getAttribute('data-scope'))!;
        await mapSettled(page);
        const p = await interiorPoint(page, scopes.get(here)!.polygons);
        await page.mouse.click(p.x, p.y);
        await page.waitForTimeout(500);
      }
      const shown = page.locator('[data-testid="scope-card"][data-kind="grid"][data-state="ready"]');
      await shown.waitFor({ timeout: 15_000 });
      const ids = (list: string) => page.locator(`[data-testid="scope-card"] [data-testid="${list}"] > [data-id]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
      expect(await ids('card-staff')).toEqual(card.staff.map((s) => s.staffId));
      expect(await ids('card-incidents')).toEqual(card.incidents.items.map((i) => i.incidentId));
      expect(await ids('card-cameras')).toEqual(card.cameras.items.map((c) => c.cameraId));
      expect(Number(await page.locator('[data-testid="card-count-buildings"]').getAttribute('data-value'))).toBe(card.counts.buildings);
      // Staff names and phones are masked on the wall, as in the API.
      const staffText = await page.locator('[data-testid="card-staff"]').innerText();
      for (const s of card.staff) expect(staffText).toContain(s.phone);
      expect(card.staff.every((s) => s.phone.includes('****'))).toBe(true);

      // An incident of the card: its timeline and nearest cameras, as the API answers.
      expect(card.incidents.items.length).toBeGreaterThan(0);
      const incidentId = card.incidents.items[0]!.incidentId;
      await page.locator(`[data-testid="card-incidents"] > [data-id="${incidentId}"] button`).click();
      await page.locator(`[data-testid="scope-card"][data-kind="incident"][data-id="${incidentId}"][data-state="ready"]`).waitFor({ timeout: 15_000 });
      const api = (await getJson<IncidentCard>(running, `/api/incidents/${incidentId}`)).body;
      expect(await ids('card-timeline')).toEqual(api.timeline.map((s) => String(s.seq)));
      expect(await ids('card-cameras')).toEqual(api.nearestCameras.items.map((c) => c.cameraId));
      if (api.nearestCameras.items.length > 0) {
        const camera = api.nearestCameras.items[0]!;
        await page.locator(`[data-testid="card-cameras"] > [data-id="${camera.cameraId}"] button`).click();
        await page.locator('[data-testid="camera-player"]').waitFor({ timeout: 15_000 });
        // Esc closes the player, then the card; the scope stays.
        await page.keyboard.press('Escape');
        await page.locator('[data-testid="camera-player"]').waitFor({ state: 'detached', timeout: 5_000 });
      }
      await page.keyboard.press('Escape');
      await page.locator('[data-testid="scope-card"]').waitFor({ state: 'detached', timeout: 5_000 });
      expect(await page.locator('[data-testid="breadcrumb"]').getAttribute('data-scope')).toMatch(new RegExp(`^${card.code}`));
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 240_000);

  it('opens a building card with a click on a building at building zoom', async () => {
    const grid = [...scopes.values()].find((s) => s.level === 3)!;
    const browser = await openWall(`scope=${grid.code}`);
    const { page } = browser;
    try {
      await page.locator(`[data-testid="wall"][data-shown-scope="${grid.code}"]`).waitFor({ timeout: 30_000 });
      await mapSettled(page);
      const zoom = Number(await page.locator('[data-testid="map"]').getAttribute('data-exact-zoom'));
      const buildingsFrom = (await getJson<{ tiles: { buildings: { minzoom: number } } }>(running, '/api/geo/manifest')).body.tiles.buildings.minzoom + 1;
      expect(zoom, 'a grid is framed at building zoom').toBeGreaterThanOrEqual(buildingsFrom);
      // A building of the grid, clicked inside its footprint (the API's own answer says which building is there).
      const t = running.server.territory;
      const gridIndex = t.grids.findIndex((g) => g.code === grid.code);
      let target: { x: number; y: number; buildingId: string } | undefined;
      for (let i = 0; i < t.buildings.count && !target; i++) {
        if (t.buildings.grid[i] !== gridIndex) continue;
        const ring: [number, number][] = [];
        for (let v = t.buildings.ringStart[i]!; v < t.buildings.ringStart[i + 1]!; v++) ring.push([t.buildings.coords[2 * v]!, t.buildings.coords[2 * v + 1]!]);
        const at = labelPoint([[ring]]);
        const p = await screenPoint(page, at);
        if (!(await isOnMap(page, p.x, p.y))) continue;
        const hit = await getJson<{ buildingId: string; distanceM: number }>(running, `/api/buildings/at?lng=${at[0]}&lat=${at[1]}`);
        if (hit.status === 200 && hit.body.distanceM === 0) target = { ...p, buildingId: hit.body.buildingId };
      }
      expect(target, 'a building inside the grid on screen').toBeDefined();
      await page.mouse.click(target!.x, target!.y);
      await page.locator(`[data-testid="scope-card"][data-kind="building"][data-id="${target!.buildingId}"][data-state="ready"]`).waitFor({ timeout: 15_000 });
      const api = (await getJson<BuildingCard>(running, `/api/buildings/${target!.buildingId}/card`)).body;
      expect(Number(await page.locator('[data-testid="card-floors"]').getAttribute('data-value'))).toBe(api.floors);
      expect(await page.locator('[data-testid="scope-card"]').innerText()).toContain(api.address);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('searches by name and by pinyin initials; choosing a result drills there', async () => {
    const browser = await openWall();
    const { page } = browser;
    try {
      const grid = [...scopes.values()].find((s) => s.level === 3)!;
      await page.locator('[data-testid="search-input"]').fill(grid.name);
      const result = page.locator(`[data-testid="search-result"][data-kind="scope"][data-id="${grid.code}"]`);
      await result.waitFor({ timeout: 10_000 });
      await result.click();
      await page.locator(`[data-testid="breadcrumb"][data-scope="${grid.code}"]`).waitFor({ timeout: 15_000 });
      expect(new URL(page.url()).searchParams.get('scope')).toBe(grid.code);
      await expectKpisOf(page, grid.code);

      // Pinyin initials find the street: the API's answer for them is what the box lists.
      const street = childrenOf(district)[0]!;
      const api = await getJson<SearchResponse>(running, `/api/search?q=${encodeURIComponent(street.name)}`);
      expect(api.body.items[0]).toMatchObject({ kind: 'scope', id: street.code });
      const { pinyin } = await import('pinyin-pro');
      const initials = pinyin(street.name, { pattern: 'first', toneType: 'none', type: 'array' }).join('');
      await page.locator('[data-testid="search-input"]').fill(initials);
      await page.locator(`[data-testid="search-result"][data-kind="scope"][data-id="${street.code}"]`).waitFor({ timeout: 10_000 });
      await page.keyboard.press('Escape');
    } finally {
      await browser.close();
    }
  }, 120_000);
});
