import { scopeSummary } from '@protocol/summary';
import { reportTicketRequest, reportTicketResponse } from '@protocol/report-ticket';
import type { RouteDoc } from './openapi';

const period = [
  { name: 'from', in: 'query' as const, required: false, description: 'start, ISO 8601 with offset (with `to`; both absent: today in TZ_REPORTS)', schema: { type: 'string', format: 'date-time' } },
  { name: 'to', in: 'query' as const, required: false, description: 'end (excluded), after `from`, at most 366 days later', schema: { type: 'string', format: 'date-time' } },
];
const ticket = {
  name: 'ticket',
  in: 'query' as const,
  required: false,
  description: 'a ticket of POST /api/reports/tickets instead of the token: it names the scope and period (other parameters are ignored), works once and for a minute; 410 when used or expired',
  schema: { type: 'string' },
};
const scope = { name: 'scope', in: 'query' as const, required: false, description: "scope code (default: the caller's)", schema: { type: 'string' } };

/** The summary and the report exports, for the OpenAPI document. */
export const REPORT_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/scopes/{code}/summary',
    summary: 'Every KPI of a scope for a period with 环比 and 同比, the counts behind each rate, and the breakdowns of the reports',
    auth: 'bearer',
    parameters: [{ name: 'code', in: 'path', required: true, description: 'scope code', schema: { type: 'string' } }, ...period],
    response: { status: 200, name: 'ScopeSummary', schema: scopeSummary },
    errors: [400, 401, 404],
  },
  ...(
    [
      ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'XLSX workbook: a cover sheet, then one sheet per table with frozen headers and number formats'],
      ['csv.zip', 'application/zip', 'zip of CSV files (UTF-8 with BOM), one per table, and a cover'],
      ['html', 'text/html', 'printable HTML (A4, page breaks between sections, charts as SVG images)'],
      ['pdf', 'application/pdf', 'PDF printed by the headless Chromium; 503 when it is not installed'],
    ] as const
  ).map(
    ([ext, contentType, description]): RouteDoc => ({
      method: 'get',
      path: `/api/reports/summary.${ext}`,
      summary: `The period report of a scope as ${ext} (the same numbers as the summary for the same parameters); people only, not wall displays`,
      auth: 'bearer',
      ...(ext === 'html'
        ? { auth: ['bearer', 'reportTicket'] as const, parameters: [scope, ...period, ticket], errors: [400, 401, 403, 404, 410] }
        : { parameters: [scope, ...period], errors: ext === 'pdf' ? [400, 401, 403, 404, 503] : [400, 401, 403, 404] }),
      response: { status: 200, contentType, description },
    }),
  ),
  {
    method: 'post',
    path: '/api/reports/tickets',
    summary: 'A single-use ticket (a minute) for the printable page, which a new browser tab opens without a token; the parameters and the access are checked as for the page (people only)',
    auth: 'bearer',
    request: { name: 'ReportTicketRequest', schema: reportTicketRequest },
    response: { status: 201, name: 'ReportTicketResponse', schema: reportTicketResponse },
    errors: [400, 401, 403, 404],
  },
];
