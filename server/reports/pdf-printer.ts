import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Prints the report's HTML to PDF, when the server has a way to. */
export interface PdfPrinter {
  /** `undefined` when it can print; else what is missing and how to install it (the 503's message). */
  unavailable(): string | undefined;
  /** A PDF of the HTML page, A4, with page numbers in the footer. */
  print(html: string): Promise<Buffer>;
}

/** Debian's Chromium, where the browser tests find it. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * A printer driving headless Chromium through playwright-core: one browser per PDF (a report is
 * printed now and then, not per second, and nothing stays resident), at most `concurrency` at a
 * time so a burst of exports cannot start a browser per request.
 */
export function chromiumPrinter(executablePath: string = DEFAULT_CHROMIUM, concurrency = 2): PdfPrinter {
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = async (): Promise<() => void> => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    return () => {
      running -= 1;
      waiting.shift()?.();
    };
  };
  return {
    unavailable() {
      return existsSync(executablePath)
        ? undefined
        : `PDF export needs Chromium on the server (${executablePath} not found): apt-get install -y chromium fonts-wqy-zenhei. The printable HTML (summary.html) can be printed from a browser meanwhile.`;
    },
    async print(html) {
      const release = await slot();
      const browser = await chromium.launch({
        executablePath,
        headless: true,
        args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
      });
      try {
        const page = await browser.newPage();
        // The page is ours and self-contained (no script, images as data URIs): nothing else may load.
        await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({
          format: 'A4',
          printBackground: true,
          preferCSSPageSize: true,
          displayHeaderFooter: true,
          headerTemplate: '<span></span>',
          footerTemplate: '<div style="width:100%;text-align:center;font-size:8px;color:#666"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
        });
      } finally {
        await browser.close();
        release();
      }
    },
  };
}
