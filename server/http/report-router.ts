import { createHash, randomUUID } from 'node:crypto';
import { PassThrough, type Writable } from 'node:stream';
import express, { Router, type Request, type Response } from 'express';
import { childrenOf, type Scope } from '@geo/territory';
import type { ScopeSummary } from '@protocol/summary';
import { reportTicketRequest, type ReportTicketResponse } from '@protocol/report-ticket';
import type { Period } from '../aggregate/periods';
import type { FoldedWorkOrder } from '../aggregate/workorder/fold-work-order';
import { summarize } from '../aggregate/summary/summarize';
import type { Clock } from '../clock';
import { canExportReport } from '../identity/access';
import { identityName, type Identity } from '../identity/identity';
import type { ReadDb } from '../projections/read-db';
import type { LoadedTerritory } from '../territory/load-territory';
import { buildReport, type Report } from '../reports/report-model';
import { writeXlsxReport } from '../reports/xlsx-report';
import { writeCsvZipReport } from '../reports/csv-zip-report';
import { htmlReport } from '../reports/html-report';
import type { PdfPrinter } from '../reports/pdf-printer';
import { HttpError } from './http-error';
import type { ReportTickets } from '../reports/report-tickets';
import { periodOf, periodParams } from './query-router';
import { identityOf } from './require-identity';

/** What an export hands to `onExport` (the audit trail hooks in there). */
export interface ExportRecord {
  identity: Identity;
  format: 'xlsx' | 'csv.zip' | 'pdf' | 'html';
  scope: string;
  from: string;
  to: string;
  /** Rows of data in the file (every table's rows). */
  records: number;
  /** SHA-256 (hex) of the exact bytes handed over, so a leaked file can be traced to its entry. */
  sha256: string;
  /** The id printed in the file's watermark. */
  exportId: string;
}

export interface ReportRouterDeps {
  db: ReadDb;
  folded(id: string): FoldedWorkOrder;
  territory: LoadedTerritory;
  clock: Clock;
  timeZone: string;
  /** Prints `summary.pdf` (headless Chromium); without one, or when it is not installed, 503. */
  pdfPrinter?: PdfPrinter;
  /**
   * Called once per export with the finished file's hash, before the file is sent; a rejection
   * refuses the export (500): no file leaves without its audit entry (server/app.ts wires it to
   * `AuditLog.exported`).
   */
  onExport?: (record: ExportRecord, req: Request) => Promise<void>;
  /** Tickets of `POST /api/reports/tickets`, redeemed by report-ticket-router.ts. */
  tickets: ReportTickets;
}

const CONTENT_TYPE = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'csv.zip': 'application/zip',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
} as const;
export type Format = keyof typeof CONTENT_TYPE;

/** The printable page runs no script and loads nothing: its own policy says so, whatever the app's. */
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/**
 * `GET /api/reports/summary.xlsx|.csv.zip|.html|.pdf?scope=&from=&to=`: the period report of a
 * scope as a file (the HTML is the printable page, shown inline), from the same summary as `GET /api/scopes/{code}/summary` with the same parameters, so
 * the file and the screen agree. `scope` defaults to the caller's; `from`/`to` to today.
 * `POST /api/reports/tickets` issues a single-use ticket for the printable page.
 */
export function reportRouter(deps: ReportRouterDeps): Router {
  const router = Router();
  const byCode = new Map(deps.territory.territory.scopes.map((s) => [s.code, s] as const));

  const reportOf = reportMaker(deps);
  /** The summary and its report for the request's parameters, after the access check. */
  const reportFor = (req: Request): Report => {
    const identity = identityOf(req);
    return reportOf(identity, exportableScope(byCode, identity, req.query.scope), periodParams(req, deps.clock.now(), deps.timeZone, true)!);
  };

  // A report file is small (its tables are counts by scope and category, at most a few thousand
  // rows): it is written to memory first, so that its hash is in the audit trail before it leaves.
  const send = async (req: Request, res: Response, format: Format, write: (r: Report, out: Writable) => Promise<void>): Promise<void> => {
    const report = reportFor(req);
    const bytes = await toBuffer((out) => write(report, out));
    await deps.onExport?.(exportRecord(identityOf(req), report, format, bytes), req);
    setHeaders(res, report, format);
    res.send(bytes);
  };

  router.get('/api/reports/summary.xlsx', (req, res) => send(req, res, 'xlsx', (r, out) => writeXlsxReport(r, out).then(() => void out.end())));
  router.get('/api/reports/summary.csv.zip', (req, res) => send(req, res, 'csv.zip', writeCsvZipReport));
  router.get('/api/reports/summary.html', (req, res) => send(req, res, 'html', async (r, out) => void out.end(htmlReport(r))));
  router.get('/api/reports/summary.pdf', async (req, res) => {
    // Parameters and access are checked first: a bad request is a 400 (or 404) whatever the printer.
    const report = reportFor(req);
    const missing = deps.pdfPrinter ? deps.pdfPrinter.unavailable() : 'this server has no PDF printer configured';
    if (missing !== undefined) throw new HttpError(503, 'unavailable', missing);
    const pdf = await deps.pdfPrinter!.print(htmlReport(report));
    await deps.onExport?.(exportRecord(identityOf(req), report, 'pdf', pdf), req);
    setHeaders(res, report, 'pdf');
    res.send(pdf);
  });

  // A ticket for the printable page in a new tab (report-ticket-router.ts serves it): the
  // parameters and the access are checked now, as for the page itself.
  router.post('/api/reports/tickets', express.json({ limit: '4kb' }), (req, res) => {
    const body = reportTicketRequest.safeParse(req.body ?? {});
    if (!body.success) throw new HttpError(400, 'invalid', body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), body.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    const identity = identityOf(req);
    const scope = exportableScope(byCode, identity, body.data.scope);
    const period = periodOf(body.data, deps.clock.now(), deps.timeZone, true)!;
    const { ticket, expiresAt } = deps.tickets.issue({ identity, scope: scope.code, period });
    const answer: ReportTicketResponse = { url: `/api/reports/summary.html?ticket=${ticket}`, expiresAt: new Date(expiresAt).toISOString() };
    res.status(201).set('Cache-Control', 'no-store').json(answer);
  });

  return router;
}

/** Makes the report of a scope and period for someone whose access was checked. */
export function reportMaker(deps: Pick<ReportRouterDeps, 'db' | 'folded' | 'territory' | 'clock' | 'timeZone'>): (identity: Identity, scope: Scope, period: Period) => Report {
  return (identity, scope, period) => {
    const now = deps.clock.now();
    const summary: ScopeSummary = summarize(deps, scope, childrenOf(deps.territory.territory, scope.code), period, now);
    return buildReport(summary, { generatedAt: now, exportedBy: identityName(identity), exportId: randomUUID() });
  };
}

/** The scope asked for (absent: the caller's) if the caller may export it; an unknown scope and one outside the caller's answer alike, so its existence is not revealed. */
export function exportableScope(byCode: ReadonlyMap<string, Scope>, identity: Identity, asked: unknown): Scope {
  const code = typeof asked === 'string' ? asked : identity.scope;
  const scope = byCode.get(code);
  if (!scope || !canExportReport(identity, scope.code)) {
    if (identity.kind === 'display') throw new HttpError(403, 'forbidden', 'a wall display token cannot export reports');
    throw new HttpError(404, 'not-found', `no scope ${code} you may export`);
  }
  return scope;
}

/** Headers of a report file: its type, an attachment name (the HTML is shown inline with its own policy), no caching. */
export function setHeaders(res: Response, report: Report, format: Format): void {
  res.set({
    'Content-Type': CONTENT_TYPE[format],
    'Content-Disposition': format === 'html' ? 'inline' : attachment(`report_${report.fileStem}.${format}`, `${report.cover.title}_${report.fileStem}.${format}`),
    'Cache-Control': 'no-store',
  });
  if (format === 'html') res.set('Content-Security-Policy', HTML_CSP);
}

/** The audit record of a file made for `identity`. */
export function exportRecord(identity: Identity, report: Report, format: ExportRecord['format'], bytes: Uint8Array): ExportRecord {
  const s = report.summary;
  return {
    identity,
    format,
    scope: s.scope.code,
    from: s.from,
    to: s.to,
    records: report.tables.reduce((n, t) => n + t.rows.length, 0),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    exportId: report.exportId,
  };
}

/** What `write` writes to a stream, as one buffer (once the stream has ended). */
async function toBuffer(write: (out: Writable) => Promise<void>): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  await write(sink);
  await ended;
  return Buffer.concat(chunks);
}

/** `Content-Disposition` with an ASCII name and the UTF-8 one (RFC 6266 / 5987) for browsers that read it. */
export function attachment(ascii: string, utf8: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(utf8)}`;
}
