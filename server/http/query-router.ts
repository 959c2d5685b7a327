import { Router, type Request } from 'express';
import type { Scope } from '@geo/territory';
import { childrenOf } from '@geo/territory';
import { OPEN_STATES } from '../aggregate/workorder/lifecycle';
import { openOrderWhere, orderStateWhere } from '../projections/schema';
import type { FoldedWorkOrder } from '../aggregate/workorder/fold-work-order';
import { statusAt } from '../aggregate/workorder/status-at';
import { parsePeriod, presetPeriod, type Period } from '../aggregate/periods';
import { summarize } from '../aggregate/summary/summarize';
import type { Clock } from '../clock';
import { canReadScope } from '../identity/access';
import type { LoadedTerritory } from '../territory/load-territory';
import type { ReadDb } from '../projections/read-db';
import { scopeUpper } from '../projections/place';
import { HttpError } from './http-error';
import { incidentItem, iso, orderItem, timelineOf, type IncidentRow, type WorkOrderRow } from './work-order-view';
import { identityOf } from './require-identity';

export interface QueryRouterDeps {
  db: ReadDb;
  folded(id: string): FoldedWorkOrder;
  territory: LoadedTerritory;
  clock: Clock;
  timeZone: string;
}

const MAX_PAGE = 500;

/**
 * The read API (behind `requireIdentity`): a scope's summary for a period, work orders and
 * incidents paged and filtered in the read models, an order's timeline, and the anomalies.
 * Every answer passes the access function; a scope or record outside the caller's scope is
 * answered exactly as an unknown one, so its existence is not revealed.
 */
export function queryRouter(deps: QueryRouterDeps): Router {
  const router = Router();
  const byCode = new Map(deps.territory.territory.scopes.map((s) => [s.code, s] as const));

  /** The scope named, if it exists and the caller may read it; else 404 (the same either way). */
  const readableScope = (req: Request, code: unknown): Scope => {
    const scope = typeof code === 'string' ? byCode.get(code) : undefined;
    if (!scope || !canReadScope(identityOf(req), scope.code)) throw new HttpError(404, 'not-found', `no scope ${String(code)} you may read`);
    return scope;
  };
  /** `scope` query parameter, defaulting to the caller's own scope. */
  const scopeParam = (req: Request): Scope => readableScope(req, typeof req.query.scope === 'string' ? req.query.scope : identityOf(req).scope);

  router.get('/api/scopes/:code/summary', (req, res) => {
    const scope = readableScope(req, req.params.code);
    const period = periodParams(req, deps.clock.now(), deps.timeZone, true)!;
    const body = summarize({ db: deps.db, folded: deps.folded, timeZone: deps.timeZone }, scope, childrenOf(deps.territory.territory, scope.code), period, deps.clock.now());
    res.set('Cache-Control', 'no-store').json(body);
  });

  router.get('/api/workorders', (req, res) => {
    const scope = scopeParam(req);
    const { limit, offset } = paging(req);
    const now = deps.clock.now();
    const where = ['w.scope >= ?', 'w.scope < ?'];
    const params: unknown[] = [scope.code, scopeUpper(scope.code)];
    const state = typeof req.query.state === 'string' ? req.query.state : undefined;
    if (state === 'open') {
      where.push(openOrderWhere('w.'));
      params.push(...OPEN_STATES);
    } else if (state) {
      where.push(orderStateWhere(state, 'w.'));
      params.push(state);
    }
    const period = periodParams(req, now, deps.timeZone, false);
    if (period) {
      where.push('w.opened_at >= ? AND w.opened_at < ?');
      params.push(period.from, period.to);
    }
    const overdue = req.query.overdue === 'true';
    if (overdue) {
      // Candidates by their current deadlines (the exact judgement follows, per order).
      where.push(openOrderWhere('w.'), "((w.state = 'dispatched' AND w.acceptance_deadline < ?) OR (w.state <> 'dispatched' AND w.resolution_deadline < ?))");
      params.push(...OPEN_STATES, now, now);
    }
    const rows = deps.db.all<WorkOrderRow>(
      `SELECT w.*, i.occurred_at AS incident_at FROM p_workorders w LEFT JOIN p_incidents i ON i.incident_id = w.incident_id
       WHERE ${where.join(' AND ')} ORDER BY w.opened_at DESC, w.work_order_id LIMIT ? OFFSET ?`,
      [...params, limit, offset],
    );
    const total = deps.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM p_workorders w WHERE ${where.join(' AND ')}`, params)!.n;
    res.set('Cache-Control', 'no-store').json({ total, limit, offset, items: rows.map((r) => orderItem(r, statusAt(deps.folded(r.work_order_id), now))) });
  });

  router.get('/api/workorders/:id', (req, res) => {
    const row = deps.db.get<WorkOrderRow>(
      'SELECT w.*, i.occurred_at AS incident_at FROM p_workorders w LEFT JOIN p_incidents i ON i.incident_id = w.incident_id WHERE w.work_order_id = ?',
      [req.params.id],
    );
    if (!row || !row.scope || !canReadScope(identityOf(req), row.scope)) throw new HttpError(404, 'not-found', `no work order ${req.params.id} you may read`);
    const folded = deps.folded(row.work_order_id);
    res.set('Cache-Control', 'no-store').json({
      ...orderItem(row, statusAt(folded, deps.clock.now())),
      timeline: timelineOf(folded),
    });
  });

  router.get('/api/incidents', (req, res) => {
    const scope = scopeParam(req);
    const { limit, offset } = paging(req);
    const period = periodParams(req, deps.clock.now(), deps.timeZone, true)!;
    const params = [scope.code, scopeUpper(scope.code), period.from, period.to];
    const where = 'scope >= ? AND scope < ? AND occurred_at >= ? AND occurred_at < ?';
    const rows = deps.db.all<IncidentRow>(`SELECT * FROM p_incidents WHERE ${where} ORDER BY occurred_at DESC, incident_id LIMIT ? OFFSET ?`, [...params, limit, offset]);
    const total = deps.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM p_incidents WHERE ${where}`, params)!.n;
    res.set('Cache-Control', 'no-store').json({
      total,
      limit,
      offset,
      items: rows.map(incidentItem),
    });
  });

  router.get('/api/cameras', (req, res) => {
    const scope = scopeParam(req);
    const rows = deps.db.all<{ camera_id: string; name: string; lng: number; lat: number; online: number; scope: string; stream: string }>(
      'SELECT camera_id, name, lng, lat, online, scope, stream FROM p_cameras WHERE scope >= ? AND scope < ? ORDER BY camera_id',
      [scope.code, scopeUpper(scope.code)],
    );
    res.set('Cache-Control', 'no-store').json(
      rows.map((r) => ({
        cameraId: r.camera_id,
        name: r.name,
        location: [r.lng, r.lat],
        online: r.online === 1,
        scope: r.scope,
        // The kind of stream only: where it is served is for the player (the drill-down), not the map.
        streamKind: (JSON.parse(r.stream) as { kind: string }).kind,
      })),
    );
  });

  router.get('/api/anomalies', (req, res) => {
    const scope = scopeParam(req);
    const { limit, offset } = paging(req);
    const period = periodParams(req, deps.clock.now(), deps.timeZone, false);
    const where = ['m.legal = 0', 'w.scope >= ?', 'w.scope < ?'];
    const params: unknown[] = [scope.code, scopeUpper(scope.code)];
    if (period) {
      where.push('m.occurred_at >= ? AND m.occurred_at < ?');
      params.push(period.from, period.to);
    }
    const rows = deps.db.all<{ work_order_id: string; seq: number; occurred_at: number; to_state: string; state_before: string | null; reason: string; department: string; actor: string; scope: string }>(
      `SELECT m.*, w.scope AS scope FROM p_moves m JOIN p_workorders w ON w.work_order_id = m.work_order_id
       WHERE ${where.join(' AND ')} ORDER BY m.occurred_at DESC, m.seq DESC LIMIT ? OFFSET ?`,
      [...params, limit, offset],
    );
    res.set('Cache-Control', 'no-store').json({
      limit,
      offset,
      items: rows.map((r) => ({
        workOrderId: r.work_order_id,
        seq: r.seq,
        occurredAt: iso(r.occurred_at),
        from: r.state_before,
        to: r.to_state,
        reason: r.reason,
        department: r.department,
        actor: r.actor,
        scope: r.scope,
      })),
    });
  });

  return router;
}

/** `from`/`to` as a period; absent both: today in the reports' zone (or none, when optional). */
export function periodParams(req: Request, now: number, zone: string, required: boolean): Period | undefined {
  return periodOf(req.query, now, zone, required);
}

/** `periodParams` of parameters that did not come in a query string (a JSON body). */
export function periodOf(params: { from?: unknown; to?: unknown }, now: number, zone: string, required: boolean): Period | undefined {
  const { from, to } = params;
  if (from === undefined && to === undefined) return required ? presetPeriod('day', now, zone) : undefined;
  if (typeof from !== 'string' || typeof to !== 'string') {
    throw new HttpError(400, 'invalid', 'from and to go together: both ISO 8601 instants with an offset', [{ path: typeof from !== 'string' ? 'from' : 'to', message: 'required with the other' }]);
  }
  const parsed = parsePeriod(from, to);
  if (!parsed.ok) throw new HttpError(400, 'invalid', parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; '), parsed.issues.map((i) => ({ path: i.path, message: i.message })));
  return parsed.period;
}

function paging(req: Request): { limit: number; offset: number } {
  const limit = req.query.limit === undefined ? 50 : Number(req.query.limit);
  const offset = req.query.offset === undefined ? 0 : Number(req.query.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new HttpError(400, 'invalid', `limit must be 1-${MAX_PAGE}`, [{ path: 'limit', message: `1-${MAX_PAGE}` }]);
  if (!Number.isInteger(offset) || offset < 0) throw new HttpError(400, 'invalid', 'offset must be a whole number ≥ 0', [{ path: 'offset', message: '≥ 0' }]);
  return { limit, offset };
}
