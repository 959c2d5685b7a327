import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScopeSummary } from '../../server/protocol/index';
import type { RunningTestServer } from '../support/test-server';
import { startReportServer } from '../support/report-server';
import { REPORT_NOW } from '../support/report-fixture';
import { ARTIFACTS, openBrowser, type TestBrowser } from './browser';

const PASSWORD = 'analyst-password-1';
let running: RunningTestServer;
let browser: TestBrowser;

beforeAll(async () => {
  if (!existsSync(join(import.meta.dirname, '../../dist/web/index.html'))) {
    throw new Error('dist/web is missing: browser tests need the built app (npm test builds it; or run npm run build)');
  }
  running = await startReportServer({ username: 'wangwu', password: PASSWORD });
  browser = await openBrowser({ width: 1440, height: 900 });
});

afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

describe('the desk view', () => {
  it('signs an analyst in, shows a month of the scope and downloads its XLSX from the export button', async () => {
    const { page } = browser;
    await page.goto(`${running.url}/desk`);
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByTestId('login-username').fill('wangwu');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => u.pathname === '/desk');
    await page.getByTestId('kpi-reported').waitFor();
    // The date picker starts at the server's today in the reports' zone, not the browser's.
    expect(await page.getByTestId('desk-date').inputValue()).toBe(new Date(REPORT_NOW + 8 * 3_600_000).toISOString().slice(0, 10));

    await page.getByTestId('desk-period-kind').selectOption('month');
    await page.getByTestId('desk-date').fill('2026-02-01');
    await expect.poll(() => page.getByTestId('kpi-reported').getAttribute('data-value'), { timeout: 15_000 }).toBe('3');
    expect(await page.getByTestId('kpi-hotlineConnect10sRate').getAttribute('data-value')).toBe('0.5');
    // The chart is drawn (ECharts puts a canvas in its box).
    await page.locator('[data-testid="desk-daily-chart"] canvas').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'desk-1440x900.png') });
    await page.getByTestId('desk').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.screenshot({ path: join(ARTIFACTS, 'desk-1440x900-end.png') });

    // As wide as three screens, the map and the summary sit side by side, each wholly in view.
    await page.setViewportSize({ width: 5760, height: 1080 });
    const map = (await page.getByTestId('desk-map').boundingBox())!;
    const sheet = (await page.getByTestId('desk-summary').boundingBox())!;
    for (const b of [map, sheet]) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(5760);
      expect(b.y + b.height).toBeLessThanOrEqual(1080);
    }
    const apart = map.x + map.width <= sheet.x || sheet.x + sheet.width <= map.x || map.y + map.height <= sheet.y || sheet.y + sheet.height <= map.y;
    expect(apart, 'the map and the summary do not overlap').toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'desk-5760x1080.png') });
    await page.setViewportSize({ width: 1440, height: 900 });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
    expect(download.suggestedFilename()).toMatch(/月总结_320612_2026-02-01_2026-03-01\.xlsx$/);
    const file = join(ARTIFACTS, 'desk-export.xlsx');
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const summary = (await (await fetch(`${running.url}/api/scopes/320612/summary?from=${encodeURIComponent('2026-02-01T00:00:00+08:00')}&to=${encodeURIComponent('2026-03-01T00:00:00+08:00')}`, { headers: running.authHeaders() })).json()) as ScopeSummary;
    const kpis = wb.getWorksheet('核心指标')!;
    let reported: unknown;
    kpis.eachRow((row) => {
      if (row.getCell(2).value === 'reported') reported = row.getCell(3).value;
    });
    expect(reported).toBe(summary.kpis.reported);
    const cover = wb.getWorksheet('封面')!;
    const fields = new Map<string, unknown>();
    cover.eachRow((row) => fields.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(fields.get('导出人')).toBe('wangwu');
    await page.getByTestId('export-done').waitFor();
    expect(browser.errors).toEqual([]);
  });
});
