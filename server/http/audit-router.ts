import { createHash } from 'node:crypto';
import { Router, type Request } from 'express';
import { auditQuery, type AuditEntryDto, type AuditPage, type AuditQuery } from '@protocol/audit';
import { actorOf, type AuditLog } from '../audit/audit-log';
import type { AuditCondition, AuditEntry, AuditStore } from '../audit/audit-store';
import { canReadAudit } from '../identity/access';
import { HttpError } from './http-error';
import { identityOf, sourceOf } from './require-identity';

/** Most rows one CSV export of the trail holds (the auditor narrows the period beyond that). */
const MAX_EXPORT_ROWS = 100_000;

/**
 * The auditor's reading of the trail (behind `requireIdentity`): `GET /api/audit?from=&to=&user=&action=&limit=&offset=`
 * (newest first, paged) and `GET /api/audit.csv` (the same filter, every matching entry, as CSV).
 * Only the auditor may read it (三员分立); a refused reading and every export are audited too.
 */
export function auditRouter(deps: { store: AuditStore; audit: AuditLog }): Router {
  const router = Router();

  router.get('/api/audit', async (req, res) => {
    const q = await allowed(deps, req, 'audit.read');
    const [total, entries] = await Promise.all([deps.store.count(condition(q)), deps.store.list({ ...condition(q), limit: q.limit, offset: q.offset, newestFirst: true })]);
    const body: AuditPage = { total, limit: q.limit, offset: q.offset, items: entries.map(toDto) };
    res.set('Cache-Control', 'no-store').json(body);
  });

  router.get('/api/audit.csv', async (req, res) => {
    const q = await allowed(deps, req, 'audit.export');
    const total = await deps.store.count(condition(q));
    if (total > MAX_EXPORT_ROWS) throw new HttpError(400, 'too-many-rows', `${total} entries match; narrow the period to at most ${MAX_EXPORT_ROWS}`, [{ path: 'from', message: 'period too long' }]);
    const entries = await deps.store.list({ ...condition(q), limit: MAX_EXPORT_ROWS, offset: 0, newestFirst: false });
    // A BOM so spreadsheet programs read the Chinese text as UTF-8.
    const csv = '\uFEFF' + [CSV_HEADER, ...entries.map(csvLine)].join('\r\n') + '\r\n';
    const sha256 = createHash('sha256').update(csv, 'utf8').digest('hex');
    await deps.audit.exported(actorOf(identityOf(req), sourceOf(req)), {
      kind: 'audit-trail',
      format: 'csv',
      parameters: { from: q.from ?? null, to: q.to ?? null, user: q.user ?? null, action: q.action ?? null },
      rows: entries.length,
      sha256,
    });
    res
      .set('Cache-Control', 'no-store')
      .set('Content-Type', 'text/csv; charset=utf-8')
      .set('Content-Disposition', 'attachment; filename="audit-trail.csv"')
      .set('X-Content-SHA256', sha256)
      .send(csv);
  });

  return router;
}

/** The parsed query when the caller is the auditor; otherwise the refusal is audited and 403 thrown. */
async function allowed(deps: { audit: AuditLog }, req: Request, action: string): Promise<AuditQuery> {
  const identity = identityOf(req);
  if (!canReadAudit(identity)) {
    await deps.audit.record(actorOf(identity, sourceOf(req)), action, 'audit-trail', 'denied');
    throw new HttpError(403, 'forbidden', 'only the auditor reads the audit trail');
  }
  const parsed = auditQuery.safeParse(req.query);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(query)', message: i.message }));
    throw new HttpError(400, 'invalid', `${issues[0]!.path}: ${issues[0]!.message}`, issues);
  }
  return parsed.data;
}

function condition(q: AuditQuery): AuditCondition {
  return { from: q.from, to: q.to, actor: q.user, action: q.action };
}

function toDto(e: AuditEntry): AuditEntryDto {
  return { seq: e.seq, at: e.at, actor: e.actor, role: e.role ?? null, source: e.source, action: e.action, target: e.target, result: e.result, detail: e.detail ?? null, hash: e.hash };
}

const CSV_HEADER = 'seq,at,actor,role,source,action,target,result,detail,prev_hash,hash';

function csvLine(e: AuditEntry): string {
  return [e.seq, e.at, e.actor, e.role ?? '', e.source, e.action, e.target, e.result, e.detail === undefined ? '' : JSON.stringify(e.detail), e.prevHash, e.hash].map(csvCell).join(',');
}

/** Quotes a cell when needed, and defuses a leading `=`, `+`, `-`, `@` so a spreadsheet does not run it as a formula. */
function csvCell(v: string | number): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
