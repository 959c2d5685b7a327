import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_VIDEO_GATEWAY_HINT } from '../../server/config';
import { seedCameras, type CameraFixture } from '../support/camera-fixture';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { ARTIFACTS, openBrowser, type TestBrowser } from './browser';

/**
 * The camera player in a real browser against a real server: `?camera=ID` over the wall plays
 * the served test clip with hls.js under the strict CSP, and an RTSP camera shows its pointer
 * and the gateway hint instead of a player.
 */
let running: RunningTestServer;
let f: CameraFixture;
let browser: TestBrowser;
/** CSP violations seen by the page (the DOM event) or reported on its console. */
const violations: string[] = [];
/** Every request the pages made, in order. */
const requests: string[] = [];

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

beforeAll(async () => {
  running = await startTestServer({ config: { DELTA_WINDOW_MS: 100 } });
  f = await seedCameras(running);
  browser = await openBrowser({ width: 1920, height: 1080 });
  // Before any script of the page: every securitypolicyviolation event is kept on the window.
  await browser.context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations!.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`));
  });
  browser.page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(`console: ${m.text()}`);
  });
  browser.page.on('request', (req) => requests.push(new URL(req.url()).pathname));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

/** The page's own CSP violation events since it loaded, added to `violations`. */
async function collectViolations(): Promise<void> {
  violations.push(...(await browser.page.evaluate(() => window.__cspViolations ?? [])));
}

/** Opens the wall signed in with the district's display token, with `query` in the address. */
async function openWall(query: string): Promise<void> {
  await browser.page.goto(`${running.url}/?display=${running.token}&${query}`);
}

/** hls.js's chunk in the build. */
const HLS_CHUNK = /^\/assets\/hls\.light-[\w-]+\.js$/;

/** Paths of the scripts this page loaded (from the browser's cache or not). */
async function scriptsLoaded(): Promise<string[]> {
  return browser.page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('.js')));
}

const player = (): ReturnType<TestBrowser['page']['getByTestId']> => browser.page.getByTestId('camera-player');

describe('?camera=ID over the wall', () => {
  it('plays an HLS camera: the state reaches playing and the video’s time advances', async () => {
    const { page } = browser;
    await openWall(`camera=${f.hls}`);
    await page.locator(`[data-testid="camera-player"][data-state="playing"]`).waitFor({ timeout: 60_000 });
    expect(await player().getAttribute('data-kind')).toBe('hls');
    // The display token left the address bar; the camera stays until the player is closed.
    expect(new URL(page.url()).searchParams.get('camera')).toBe(f.hls);
    expect(new URL(page.url()).searchParams.get('display')).toBeNull();

    const time = (): Promise<number> => page.locator('[data-testid="camera-player"] video').evaluate((v: HTMLVideoElement) => v.currentTime);
    const t0 = await time();
    await page.waitForTimeout(1500);
    const t1 = await time();
    expect(t1 - t0).toBeGreaterThan(0.5);
    const picture = await page.locator('[data-testid="camera-player"] video').evaluate((v: HTMLVideoElement) => ({ width: v.videoWidth, height: v.videoHeight, error: v.error?.message ?? null }));
    expect(picture).toEqual({ width: 640, height: 360, error: null });
    await page.screenshot({ path: join(ARTIFACTS, 'camera-player-hls.png') });

    // The stream came from this server, and hls.js came as its own chunk once the player asked for it.
    expect(requests).toContain('/media/test-clip/index.m3u8');
    expect(requests.some((p) => /^\/media\/test-clip\/segment-\d+\.m4s$/.test(p))).toBe(true);
    const hlsChunk = requests.findIndex((p) => HLS_CHUNK.test(p));
    expect(await scriptsLoaded()).toContainEqual(expect.stringMatching(HLS_CHUNK));
    const streamInfo = requests.indexOf(`/api/cameras/${f.hls}/stream`);
    expect(hlsChunk).toBeGreaterThan(streamInfo);
    expect(streamInfo).toBeGreaterThan(-1);

    await collectViolations();
    expect(violations).toEqual([]);
    expect(browser.errors).toEqual([]);
  });

  it('closes: the overlay goes and the parameter leaves the address bar', async () => {
    const { page } = browser;
    await page.getByTestId('camera-player-close').click();
    await player().waitFor({ state: 'detached', timeout: 10_000 });
    expect(new URL(page.url()).searchParams.has('camera')).toBe(false);
  });

  it('shows an RTSP camera’s pointer and the gateway hint, saying the browser cannot play it', async () => {
    const { page } = browser;
    await openWall(`camera=${f.rtsp}`);
    await page.locator('[data-testid="camera-player"][data-state="unsupported"]').waitFor({ timeout: 30_000 });
    expect(await player().getAttribute('data-kind')).toBe('rtsp');
    expect(await page.getByTestId('camera-player-pointer').innerText()).toBe(f.rtspUrl);
    expect(await page.getByTestId('camera-player-hint').innerText()).toBe(DEFAULT_VIDEO_GATEWAY_HINT);
    expect(await page.getByTestId('camera-player-unsupported').innerText()).toContain('浏览器无法直接播放 RTSP 视频流');
    // Never a broken player, and hls.js was not even loaded: it comes only for an HLS camera.
    expect(await page.locator('[data-testid="camera-player"] video').count()).toBe(0);
    expect(await scriptsLoaded()).not.toContainEqual(expect.stringMatching(HLS_CHUNK));
    await page.screenshot({ path: join(ARTIFACTS, 'camera-player-rtsp.png') });
    await collectViolations();
    expect(violations).toEqual([]);
    expect(browser.errors).toEqual([]);
  });

  it('shows a GB/T 28181 camera’s channel, an offline camera as offline, an unknown camera as an error', async () => {
    const { page } = browser;
    await openWall(`camera=${f.gb28181}&lang=en`);
    await page.locator('[data-testid="camera-player"][data-state="unsupported"]').waitFor({ timeout: 30_000 });
    expect(await player().getAttribute('data-kind')).toBe('gb28181');
    expect(await page.getByTestId('camera-player-pointer').innerText()).toBe(f.channelId);
    expect(await page.getByTestId('camera-player-unsupported').innerText()).toContain('Browsers cannot play GB/T 28181 streams');

    await openWall(`camera=${f.offline}`);
    await page.locator('[data-testid="camera-player"][data-state="offline"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('camera-player-message').innerText()).toBe('该摄像头当前离线');
    expect(await page.locator('[data-testid="camera-player"] video').count()).toBe(0);

    await openWall('camera=CAM-NO-SUCH-1');
    await page.locator('[data-testid="camera-player"][data-state="error"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('camera-player-message').innerText()).toBe('未找到该摄像头，或不在您的辖区内');
    await collectViolations();
    expect(violations).toEqual([]);
  });

  it('retries a stream that will not load a few times, then says why', async () => {
    const { page } = browser;
    const started = requests.length;
    await openWall(`camera=${f.broken}`);
    await page.locator('[data-testid="camera-player"][data-state="loading"]').filter({ hasText: '正在重新连接视频（第 1 次，共 3 次）' }).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="camera-player"][data-state="error"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('camera-player-message').innerText()).toBe('视频流加载失败：网络不通或地址无效（manifestLoadError, HTTP 404）');
    // The first attempt and three more, then it stops asking.
    const attempts = (): number => requests.slice(started).filter((p) => p === '/media/test-clip/missing.m3u8').length;
    expect(attempts()).toBe(4);
    await page.waitForTimeout(3000);
    expect(attempts()).toBe(4);
    await collectViolations();
    expect(violations).toEqual([]);
  });
});
