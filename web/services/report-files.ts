import type { ScopeSummary } from '@protocol/summary';
import type { ReportTicketResponse } from '@protocol/report-ticket';
import { apiFetch } from './api';

/** What the desk asks the server for: a scope and a period, the same for the screen and every file. */
export interface ReportQuery {
  scope: string;
  from: string;
  to: string;
}

/** The export formats of `GET /api/reports/summary.<ext>`. */
export type ReportFormat = 'xlsx' | 'csv.zip' | 'pdf';

/** A refusal with the server's own words (`{ error, message }`). */
export class ReportError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The scope's summary for the period (`GET /api/scopes/{code}/summary`); without a period, today's. */
export async function fetchSummary(scope: string, period?: { from: string; to: string }): Promise<ScopeSummary> {
  const q = period ? `?${new URLSearchParams(period)}` : '';
  const res = await ok(await apiFetch(`/api/scopes/${encodeURIComponent(scope)}/summary${q}`));
  return (await res.json()) as ScopeSummary;
}

/**
 * Downloads the report file: fetched with the session's token (a plain link could not carry it),
 * then saved under the server's file name.
 */
export async function downloadReport(format: ReportFormat, query: ReportQuery): Promise<string> {
  const res = await ok(await apiFetch(`/api/reports/summary.${format}?${new URLSearchParams({ ...query })}`));
  const name = fileName(res.headers.get('content-disposition')) ?? `report.${format}`;
  saveBlob(await res.blob(), name);
  return name;
}

/**
 * The printable report (HTML) opened in a new tab, for the browser to print. A tab cannot send
 * the session's token, so the server first issues a single-use ticket for this query; the tab
 * then opens a real page of the server, whose own policy lets its inline styles apply (a blob:
 * page would inherit the app's strict one). Opened within the click's user activation (the
 * ticket is answered at once), so no popup blocker stops it.
 */
export async function openPrintable(query: ReportQuery): Promise<void> {
  const res = await ok(await apiFetch('/api/reports/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(query) }));
  const { url } = (await res.json()) as ReportTicketResponse;
  window.open(url, '_blank', 'noopener');
}

async function ok(res: Response): Promise<Response> {
  if (res.ok) return res;
  const body = (await res.json().catch(() => undefined)) as { message?: string } | undefined;
  throw new ReportError(res.status, body?.message ?? `HTTP ${res.status}`);
}

/** The UTF-8 name of `Content-Disposition` (RFC 5987), else the plain one. */
function fileName(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (utf8) return decodeURIComponent(utf8[1]!);
  return /filename="([^"]+)"/i.exec(disposition)?.[1];
}

function saveBlob(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}
