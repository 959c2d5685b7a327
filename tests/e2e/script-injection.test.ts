import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestEvent } from '../../server/protocol/index';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { ingest } from '../support/kpi-fixture';
import { ARTIFACTS, openBrowser, type TestBrowser } from './browser';

/**
 * Script payloads in every free-text field upstream systems send (incident category and
 * description, work-order department, actor and note, camera name, building address). The wall
 * must show them as text: no dialog, no handler run, no element built from them.
 */
const PAYLOADS = [
  '<img src=x onerror="window.__xss=1;alert(1)">',
  '<script>window.__xss=2;alert(2)</script>',
  '"><svg onload="window.__xss=3;alert(3)">',
  "javascript:window.__xss=4;alert('4')",
  '{{constructor.constructor("window.__xss=5;alert(5)")()}}',
];

let running: RunningTestServer;
const now = (): string => new Date().toISOString();

beforeAll(async () => {
  running = await startTestServer({ config: { DELTA_WINDOW_MS: 100 } });
  const events: IngestEvent[] = [];
  PAYLOADS.forEach((p, i) => {
    const incidentId = `XSS-${i}`;
    events.push({ id: `x-inc-${i}`, type: 'incident.reported', occurredAt: now(), data: { incidentId, category: p.slice(0, 64), source: 'grid', location: [121.05, 32.06], severity: 4, description: p } } as IngestEvent);
    events.push({ id: `x-wo-${i}`, type: 'workorder.transitioned', occurredAt: now(), data: { workOrderId: `WO-${incidentId}`, incidentId, to: 'dispatched', department: p.slice(0, 64), level: 'street', actor: p.slice(0, 64), note: p } } as IngestEvent);
    events.push({ id: `x-cam-${i}`, type: 'camera.upserted', occurredAt: now(), data: { cameraId: `CAM-${i}`, name: p, location: [121.05, 32.06], stream: { kind: 'hls', url: `/cam-${i}.m3u8` }, online: i % 2 === 0 } } as IngestEvent);
    events.push({ id: `x-bld-${i}`, type: 'building.upserted', occurredAt: now(), data: { buildingId: `B-XSS-${i}`, address: p, location: [121.05, 32.06], floors: 3, households: 3, residents: 8 } } as IngestEvent);
  });
  await ingest(running, events);
}, 60_000);
afterAll(async () => {
  await running?.stop();
});

/** A browser whose dialogs (dismissed) and CSP refusals are collected: either means data reached an HTML sink. */
async function openWatchedBrowser(): Promise<{ browser: TestBrowser; dialogs: string[]; violations: string[] }> {
  const browser = await openBrowser({ width: 1920, height: 1080 });
  const dialogs: string[] = [];
  const violations: string[] = [];
  browser.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  browser.page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  return { browser, dialogs, violations };
}

describe('script payloads in data', () => {
  it('are shown as text on the wall: no dialog, no script run, no element made from them', async () => {
    const { browser, dialogs, violations } = await openWatchedBrowser();
    try {
      await browser.page.goto(`${running.url}/?display=${running.token}`);
      await browser.page.locator('[data-map-loaded="true"]').waitFor({ timeout: 60_000 });
      // The payloads reach the screen: the ticker and the alarm banner show the categories as sent.
      await browser.page.waitForFunction((p) => document.body.innerText.includes(p), PAYLOADS[0]!.slice(0, 30), { timeout: 30_000 });
      await browser.page.getByTestId('alarm-banner').waitFor({ timeout: 10_000 });
      await browser.page.waitForTimeout(1500);
      await browser.page.screenshot({ path: join(ARTIFACTS, 'wall-script-payloads.png') });
      const seen = await browser.page.evaluate(() => ({
        xss: (window as unknown as { __xss?: number }).__xss,
        injected: document.querySelectorAll('img[src="x"], svg[onload], script:not([src]), [onerror], [onload]').length,
        text: document.body.innerText,
      }));
      expect(seen.xss).toBeUndefined();
      expect(seen.injected).toBe(0);
      expect(seen.text).toContain(PAYLOADS[0]!.slice(0, 30));
      expect(dialogs).toEqual([]);
      expect(violations).toEqual([]); // a blocked inline handler would mean data reached an HTML sink
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('are shown as text in the drill-down: search results, incident cards (timeline, cameras) and building cards', async () => {
    const { browser, dialogs, violations } = await openWatchedBrowser();
    const { page } = browser;
    try {
      await page.goto(`${running.url}/?display=${running.token}`);
      await page.locator('[data-map-loaded="true"]').waitFor({ timeout: 60_000 });
      const search = page.getByTestId('search-input');
      for (let i = 0; i < PAYLOADS.length; i++) {
        // The incident's card: its category and description, its order's department, actor and
        // note in the timeline, and the cameras named with payloads around it.
        await search.fill(`XSS-${i}`);
        await page.locator(`[data-testid="search-result"][data-kind="incident"][data-id="XSS-${i}"]`).click();
        await page.locator(`[data-testid="scope-card"][data-kind="incident"][data-id="XSS-${i}"][data-state="ready"]`).waitFor({ timeout: 15_000 });
        await page.locator('[data-testid="card-timeline"] > [data-id]').first().waitFor({ timeout: 10_000 });
        expect(await page.getByTestId('scope-card').innerText()).toContain(PAYLOADS[i]!.slice(0, 20));
        // The building's card: its address, found by its beginning.
        await search.fill(PAYLOADS[i]!.slice(0, 12));
        await page.locator(`[data-testid="search-result"][data-kind="building"][data-id="B-XSS-${i}"]`).click();
        await page.locator(`[data-testid="scope-card"][data-kind="building"][data-id="B-XSS-${i}"][data-state="ready"]`).waitFor({ timeout: 15_000 });
        expect(await page.getByTestId('scope-card').innerText()).toContain(PAYLOADS[i]!.slice(0, 20));
      }
      await page.screenshot({ path: join(ARTIFACTS, 'drill-script-payloads.png') });
      const seen = await page.evaluate(() => ({
        xss: (window as unknown as { __xss?: number }).__xss,
        injected: document.querySelectorAll('img[src="x"], svg[onload], script:not([src]), [onerror], [onload]').length,
      }));
      expect(seen.xss).toBeUndefined();
      expect(seen.injected).toBe(0);
      expect(dialogs).toEqual([]);
      expect(violations).toEqual([]);
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
