import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestEvent, ScopeSummary } from '../../server/protocol/index';
import { simulate } from '../../mock/simulation';
import { worldFromScenario } from '../../mock/sim-world';
import { generateScenario } from '../../geo/scenarios/generate';
import { TINY_OUTLINE, TINY_SPEC } from '../../geo/scenarios/specs';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { getJson, incident, ingest } from '../support/kpi-fixture';
import { ARTIFACTS, openBrowser, type TestBrowser } from './browser';
import { acknowledgeAllAlarms } from '../support/quiet-alarms';

/** Every KPI key of domain.md that the wall shows, with its `kpi-<key>` hook. */
const KPI_KEYS = [
  'reported',
  'disposalRate',
  'onTimeRate',
  'overdueNow',
  'atRiskNow',
  'meanHandlingHours',
  'closureRate',
  'satisfactionRate',
  'hotlineConnect10sRate',
  'dispatchAccuracy',
  'hotlineSatisfaction',
  'cameraOnlineRate',
  'patrolCompletion',
  'keyPopulations',
];
const PANELS = ['incidents-today', 'workorders', 'rates', 'categories', 'top-grids', 'hotline', 'cameras', 'key-populations'];

let running: RunningTestServer;

beforeAll(async () => {
  running = await startTestServer({ config: { DELTA_WINDOW_MS: 100 } });
  // Half a day of history (incidents, orders, calls, cameras, patrols), so every panel has numbers.
  const world = worldFromScenario(generateScenario(TINY_SPEC, TINY_OUTLINE));
  const now = Date.now();
  const events: IngestEvent[] = [];
  for (const t of simulate({ world, seed: 4, rate: 60, origin: now - 12 * 3_600_000, from: now - 12 * 3_600_000, to: now })) events.push(t.event);
  await ingest(running, events);
}, 60_000);
afterAll(async () => {
  await running?.stop();
});

async function openWall(size: { width: number; height: number }): Promise<TestBrowser> {
  const browser = await openBrowser(size);
  await browser.page.goto(`${running.url}/?display=${running.token}`);
  await browser.page.locator('[data-map-loaded="true"]').waitFor({ timeout: 60_000 });
  await browser.page.waitForFunction(() => document.querySelector('[data-testid="kpi-onTimeRate"]')?.getAttribute('data-value') !== '', null, { timeout: 30_000 });
  return browser;
}

interface Rect {
  name: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Panels' rectangles on screen, and the viewport. */
async function panelRects(browser: TestBrowser): Promise<{ rects: Rect[]; vw: number; vh: number }> {
  return browser.page.evaluate(() => ({
    rects: [...document.querySelectorAll('[data-testid^="panel-"]')].map((el) => {
      const r = el.getBoundingClientRect();
      return { name: el.getAttribute('data-testid')!, x: r.x, y: r.y, w: r.width, h: r.height };
    }),
    vw: window.innerWidth,
    vh: window.innerHeight,
  }));
}

describe('the wall display', () => {
  for (const size of [
    { width: 1920, height: 1080 },
    { width: 3840, height: 2160 },
    { width: 7680, height: 2160 },
  ]) {
    it(`fills ${size.width}x${size.height} with every panel, none overlapping or clipped, no page errors`, async () => {
      const browser = await openWall(size);
      try {
        const { rects, vw, vh } = await panelRects(browser);
        expect(rects.map((r) => r.name).sort()).toEqual([...PANELS.map((p) => `panel-${p}`), 'panel-latest-incidents'].sort());
        for (const r of rects) {
          expect(r.w, r.name).toBeGreaterThan(50);
          expect(r.x >= 0 && r.y >= 0 && r.x + r.w <= vw + 0.5 && r.y + r.h <= vh + 0.5, `${r.name} inside the screen`).toBe(true);
        }
        for (let i = 0; i < rects.length; i++) {
          for (let j = i + 1; j < rects.length; j++) {
            const a = rects[i]!;
            const b = rects[j]!;
            const overlap = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > 1 && Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > 1;
            expect(overlap, `${a.name} overlaps ${b.name}`).toBe(false);
          }
        }
        // Nothing inside a panel is cut off at its bottom edge.
        const clipped = await browser.page.evaluate(() =>
          [...document.querySelectorAll('[data-testid^="panel-"]')].filter((p) => p.scrollHeight > p.clientHeight + 2).map((p) => p.getAttribute('data-testid')),
        );
        expect(clipped).toEqual([]);
        await browser.page.waitForTimeout(800);
        await browser.page.screenshot({ path: join(ARTIFACTS, `wall-${size.width}x${size.height}.png`) });
        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    }, 120_000);
  }

  it('carries every KPI hook with its raw value, equal to the summary API for today', async () => {
    const browser = await openWall({ width: 1920, height: 1080 });
    try {
      const shown = await browser.page.evaluate(
        (keys) => Object.fromEntries(keys.map((k) => [k, document.querySelector(`[data-testid="kpi-${k}"]`)?.getAttribute('data-value') ?? null])),
        KPI_KEYS,
      );
      const api = await getJson<ScopeSummary>(running, '/api/scopes/320612/summary');
      for (const k of KPI_KEYS) expect(shown[k], k).not.toBeNull();
      expect(Number(shown.reported)).toBe(api.body.kpis.reported);
      expect(Number(shown.onTimeRate)).toBeCloseTo(api.body.kpis.onTimeRate ?? -1, 9);
      expect(Number(shown.hotlineConnect10sRate)).toBeCloseTo(api.body.kpis.hotlineConnect10sRate ?? -1, 9);
      expect(Number(shown.keyPopulations)).toBe(Object.values(api.body.kpis.keyPopulations).reduce((a, b) => a + b, 0));
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('raises an alarm within 2 s of a severity-4 incident, and a touch acknowledges it', async () => {
    // Acknowledge what the history left, as another wall would.
    await acknowledgeAllAlarms(running, '320612');
    const browser = await openWall({ width: 1920, height: 1080 });
    try {
      await browser.page.getByTestId('alarm-banner').waitFor({ state: 'detached', timeout: 5000 });
      const t0 = Date.now();
      await ingest(running, [incident('ALARM-1', new Date().toISOString(), { severity: 4, category: 'fire-hazard' })]);
      await browser.page.locator('[data-testid="alarm-banner"][data-incident="ALARM-1"]').waitFor({ timeout: 2000 });
      expect(Date.now() - t0).toBeLessThan(2000);
      await browser.page.screenshot({ path: join(ARTIFACTS, 'wall-alarm.png') });
      await browser.page.getByTestId('alarm-banner').click();
      await browser.page.locator('[data-testid="alarm-banner"][data-incident="ALARM-1"]').waitFor({ state: 'detached', timeout: 5000 });
      const entries: { action: string; target: string }[] = [];
      for await (const e of running.server.stores.audit.all()) entries.push(e);
      expect(entries.some((e) => e.action === 'alarm.acknowledge' && e.target === 'ALARM-1')).toBe(true);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
