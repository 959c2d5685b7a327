import { Router } from 'express';
import type { Scope } from '@geo/territory';
import { canExportReport } from '../identity/access';
import { htmlReport } from '../reports/html-report';
import type { ReportTickets } from '../reports/report-tickets';
import { HttpError } from './http-error';
import { exportRecord, reportMaker, setHeaders, type ReportRouterDeps } from './report-router';

export type ReportTicketRouterDeps = Pick<ReportRouterDeps, 'db' | 'folded' | 'territory' | 'clock' | 'timeZone' | 'onExport'> & { tickets: ReportTickets };

/**
 * `GET /api/reports/summary.html?ticket=`: the printable page opened in a new tab, which cannot
 * send the session's token. Mounted before the token check; without `ticket` the request goes on
 * to the authenticated route. The ticket (`POST /api/reports/tickets`) carries who asked and the
 * scope and period checked for them; it works once, for a minute. The page is made and audited
 * exactly as the authenticated HTML export (`export.html`, with the ticket holder as the actor).
 */
export function reportTicketRouter(deps: ReportTicketRouterDeps): Router {
  const router = Router();
  const byCode = new Map(deps.territory.territory.scopes.map((s) => [s.code, s] as const));
  const reportOf = reportMaker(deps);

  router.get('/api/reports/summary.html', async (req, res, next) => {
    const ticket = req.query.ticket;
    if (ticket === undefined) {
      next();
      return;
    }
    if (typeof ticket !== 'string') throw new HttpError(400, 'invalid', 'ticket: give it once', [{ path: 'ticket', message: 'one ticket' }]);
    const redeemed = deps.tickets.redeem(ticket);
    if (!redeemed.ok) throw refusal(redeemed.reason);
    const { identity, period } = redeemed.grant;
    const scope: Scope | undefined = byCode.get(redeemed.grant.scope);
    // Checked again: an account's scope may have changed since the ticket was issued.
    if (!scope || !canExportReport(identity, scope.code)) throw new HttpError(404, 'not-found', `no scope ${redeemed.grant.scope} you may export`);
    const report = reportOf(identity, scope, period);
    const bytes = Buffer.from(htmlReport(report));
    await deps.onExport?.(exportRecord(identity, report, 'html', bytes), req);
    setHeaders(res, report, 'html');
    res.send(bytes);
  });

  return router;
}

function refusal(reason: 'unknown' | 'expired' | 'used'): HttpError {
  if (reason === 'unknown') return new HttpError(401, 'unauthorized', 'unknown report ticket: open the printable report again from the desk');
  return new HttpError(410, 'gone', reason === 'used' ? 'this report ticket was already used: open the printable report again from the desk' : 'this report ticket has expired: open the printable report again from the desk');
}
