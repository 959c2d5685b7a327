import { join } from 'node:path';
import { ARTIFACTS, openBrowser } from '../e2e/browser';
import { interiorPoint, mapSettled } from '../e2e/map-point';
import { startTestServer } from '../support/test-server';
import { median, type Bench } from './bench-kit';
import { halfADay } from './wall.bench';
import { acknowledgeAllAlarms } from '../support/quiet-alarms';

const DRILLS = 20;

/**
 * Drill-down on the district scenario: from a click on a street to the street's panels complete
 * (its snapshot applied and drawn), 20 times over the streets, going back up with Esc between.
 */
export const drillBench: Bench = {
  name: 'drill',
  async run() {
    const running = await startTestServer({ config: { SCENARIO: 'district', DELTA_WINDOW_MS: 250 } });
    const browser = await openBrowser({ width: 1920, height: 1080 });
    try {
      await halfADay(running);
      const { page } = browser;
      const district = running.server.territory.territory.district.code;
      await acknowledgeAllAlarms(running, district);
      const streets = running.server.territory.territory.scopes.filter((s) => s.level === 1);
      await page.goto(`${running.url}/?display=${running.token}&layers=grids`);
      await page.locator(`[data-testid="wall"][data-shown-scope="${district}"]`).waitFor({ timeout: 120_000 });
      // The drill knows the outlines once the breadcrumb names the district.
      await page.locator(`[data-testid="breadcrumb"] [data-code="${district}"]`).waitFor({ timeout: 120_000 });
      await mapSettled(page);
      const points = [];
      for (const s of streets) points.push({ code: s.code, ...(await interiorPoint(page, s.polygons)) });
      const times: number[] = [];
      for (let i = 0; i < DRILLS; i++) {
        const p = points[i % points.length]!;
        // Timed in the page: from the pointer going down to the frame after the street's snapshot
        // is applied. The listener is in place before the click is sent. (No named functions in
        // evaluated bodies: tsx would wrap them in a helper the page does not have.)
        await page.evaluate(() => {
          const w = window as unknown as { drillT0: number };
          w.drillT0 = 0;
          window.addEventListener('pointerdown', () => (w.drillT0 = performance.now()), { once: true, capture: true });
        });
        await page.mouse.click(p.x, p.y);
        const done = page.evaluate(
          (code) =>
            new Promise<number>((resolve) => {
              const w = window as unknown as { drillT0: number };
              const wall = document.querySelector('[data-testid="wall"]')!;
              const giveUp = setTimeout(() => resolve(Number.NaN), 30_000);
              const timer = setInterval(() => {
                if (w.drillT0 === 0 || wall.getAttribute('data-shown-scope') !== code) return;
                clearInterval(timer);
                clearTimeout(giveUp);
                requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - w.drillT0)));
              }, 5);
            }),
          p.code,
        );
        const ms = await done;
        if (Number.isNaN(ms)) {
          await page.screenshot({ path: join(ARTIFACTS, 'drill-bench-failure.png') });
          throw new Error(`the click on ${p.code} (drill ${i + 1}) did not show it within 30 s`);
        }
        times.push(ms);
        await page.keyboard.press('Escape');
        await page.locator(`[data-testid="wall"][data-shown-scope="${district}"]`).waitFor({ timeout: 30_000 });
        await mapSettled(page);
      }
      console.log(`  drill: ${JSON.stringify(times.map((t) => Math.round(t)))}`);
      const sorted = [...times].sort((a, b) => a - b);
      return [
        `District scenario (1,049 grids, 14 streets) with 12 hours of simulated history, 1920×1080, Debian Chromium headless (software WebGL), server in the driver's process.`,
        '',
        '| measure | value |',
        '| --- | --- |',
        `| click on a street → its panels complete (snapshot applied and drawn), median of ${DRILLS} drills | **${Math.round(median(times))} ms** |`,
        `| fastest / slowest | ${Math.round(sorted[0]!)} ms / ${Math.round(sorted[sorted.length - 1]!)} ms |`,
      ].join('\n');
    } finally {
      await browser.close();
      await running.stop();
    }
  },
};
