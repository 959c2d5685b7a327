import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { openBrowser } from './browser';

let running: RunningTestServer;
beforeAll(async () => {
  running = await startTestServer();
});
afterAll(async () => {
  await running?.stop();
});

/** The page's background and a panel title's colour, as the browser computed them. */
async function colours(theme: string | undefined): Promise<{ theme: string | undefined; bg: string; title: string }> {
  const browser = await openBrowser({ width: 1280, height: 720 });
  try {
    await browser.page.goto(`${running.url}/?display=${running.token}${theme ? `&theme=${theme}` : ''}`);
    await browser.page.locator('[data-map-loaded="true"]').waitFor({ timeout: 60_000 });
    expect(browser.errors).toEqual([]);
    return await browser.page.evaluate(() => ({
      theme: document.documentElement.dataset.theme,
      bg: getComputedStyle(document.body).backgroundColor,
      title: getComputedStyle(document.querySelector('[data-testid="panel-workorders"] h2, [data-testid="panel-workorders"] header') ?? document.body).color,
    }));
  } finally {
    await browser.close();
  }
}

/** Relative luminance of a computed `rgb(…)` colour, 0 (black) to 1 (white). */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
  return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
}

describe('?theme', () => {
  it('is dark by default and light with ?theme=light, with readable text on each', async () => {
    const dark = await colours(undefined);
    const light = await colours('light');
    expect(dark.theme).toBe('dark');
    expect(light.theme).toBe('light');
    expect(luminance(dark.bg)).toBeLessThan(0.2);
    expect(luminance(light.bg)).toBeGreaterThan(0.8);
    // Text contrasts with its background in both.
    expect(luminance(dark.title) - luminance(dark.bg)).toBeGreaterThan(0.5);
    expect(luminance(light.bg) - luminance(light.title)).toBeGreaterThan(0.5);
  }, 120_000);
});
