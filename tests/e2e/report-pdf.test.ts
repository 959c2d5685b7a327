import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock';
import { chromiumPrinter } from '../../server/reports/pdf-printer';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { ingest } from '../support/kpi-fixture';
import { REPORT_EVENTS, REPORT_NOW } from '../support/report-fixture';
import { ARTIFACTS } from './browser';

/**
 * The printable report and the PDF the server prints with headless Chromium, read back with
 * pdftotext and pdfinfo (poppler-utils; tests/e2e/ensure-browser.sh installs them).
 */
const FEB = `scope=320612&from=${encodeURIComponent('2026-02-01T00:00:00+08:00')}&to=${encodeURIComponent('2026-03-01T00:00:00+08:00')}`;
let running: RunningTestServer;
let withoutChromium: RunningTestServer;
let admin: Record<string, string>;
const work = mkdtempSync(join(tmpdir(), 'cc-pdf-'));

beforeAll(async () => {
  running = await startTestServer({ clock: new ManualClock(REPORT_NOW) });
  await ingest(running, REPORT_EVENTS);
  admin = running.authHeaders(await running.adminToken());
  withoutChromium = await startTestServer({ deps: { pdfPrinter: chromiumPrinter('/nonexistent/chromium') } });
});
afterAll(async () => {
  await running?.stop();
  await withoutChromium?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('the printable report', () => {
  it('is one self-contained HTML page with A4 print CSS, a section per table and charts as images', async () => {
    const res = await fetch(`${running.url}/api/reports/summary.html?${FEB}`, { headers: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    const html = await res.text();
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('break-before: page');
    expect(html).not.toMatch(/<script/i);
    expect(html.match(/<section id=/g)).toHaveLength(11);
    expect(html.match(/<img class="chart" [^>]*src="data:image\/svg\+xml;base64,/g)).toHaveLength(2);
    expect(html).toContain('月总结');
  });

  it('prints to a PDF whose text holds the scope name and the numbers, in a few A4 pages', async () => {
    const summary = (await (await fetch(`${running.url}/api/scopes/320612/summary?${FEB.replace('scope=320612&', '')}`, { headers: admin })).json()) as { scope: { name: string } };
    const res = await fetch(`${running.url}/api/reports/summary.pdf?${FEB}`, { headers: admin });
    expect(res.status, await res.clone().text().catch(() => '')).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="report_320612_2026-02-01_2026-03-01\.pdf"/);
    const file = join(work, 'report.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    mkdirSync(ARTIFACTS, { recursive: true });
    copyFileSync(file, join(ARTIFACTS, 'report-320612-2026-02.pdf'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain(summary.scope.name);
    expect(text).toContain('核心指标');
    expect(text).toContain('2026-02-01 至 2026-02-28');
    expect(text).toMatch(/10秒接通率\s+hotlineConnect10sRate\s+50\.0%/);
    // The daily chart was drawn: its axis labels (MM-dd, unlike the table's yyyy-MM-dd) are in the text.
    expect(text).toMatch(/(^|\s)02-0[1-9](\s|$)/m);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    // A cover and eleven sections, each starting a page; none of February's tables runs long.
    expect(pages).toBeGreaterThanOrEqual(12);
    expect(pages).toBeLessThanOrEqual(16);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Page size:\s+[\d.]+ x [\d.]+ pts \(A4\)/);
  });

  it('answers 503 with a message saying how to install Chromium when the server has none', async () => {
    const res = await fetch(`${withoutChromium.url}/api/reports/summary.pdf`, { headers: withoutChromium.authHeaders(await withoutChromium.adminToken()) });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe('unavailable');
    expect(body.message).toContain('apt-get install -y chromium');
  });
});
