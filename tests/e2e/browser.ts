import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Where screenshots go (git-ignored). */
export const ARTIFACTS = join(import.meta.dirname, 'artifacts');

/** Console messages that are not the app's fault. */
const KNOWN_NOISE = [/GPU stall due to ReadPixels/, /favicon/i, /WebGL.*(?:performance|software)/i, /Automatic fallback to software WebGL/i];

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors seen so far (known noise excluded). */
  errors: string[];
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with the flags that work on these machines (stack.md). */
/** `reducedMotion`: the map jumps instead of flying (maplibre honours the preference), for tests that move it a lot. */
export async function openBrowser(viewport = { width: 1920, height: 1080 }, options: { reducedMotion?: boolean } = {}): Promise<TestBrowser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'cc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport,
    reducedMotion: options.reducedMotion ? 'reduce' : 'no-preference',
    args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !KNOWN_NOISE.some((re) => re.test(m.text()))) errors.push(`console: ${m.text()} (${m.location().url}:${m.location().lineNumber})`);
  });
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
