import { Router, type Request } from 'express';
import type { z } from 'zod';
import { buildingAtQuery, incidentCardQuery, searchQuery, type BuildingAt, type IncidentCard, type SearchResponse } from '@protocol/drill';
import type { FoldedWorkOrder } from '../aggregate/workorder/fold-work-order';
import { statusAt } from '../aggregate/workorder/status-at';
import type { Clock } from '../clock';
import { canReadScope } from '../identity/access';
import type { PiiCipher } from '../pii/pii-cipher';
import type { ReadDb } from '../projections/read-db';
import type { LoadedTerritory } from '../territory/load-territory';
import type { TerritoryStore } from '../territory/territory-store';
import { buildingCard } from '../drill/building-card';
import { BuildingDirectory } from '../drill/building-directory';
import { gridCard } from '../drill/grid-card';
import { nearestCameras } from '../drill/nearest-cameras';
import { DrillSearch } from '../drill/search';
import { HttpError } from './http-error';
import { identityOf } from './require-identity';
import { incidentItem, orderItem, timelineOf, WORK_ORDER_COLUMNS, type IncidentRow, type WorkOrderRow } from './work-order-view';

export interface DrillRouterDeps {
  db: ReadDb;
  folded(id: string): FoldedWorkOrder;
  territory: LoadedTerritory;
  territoryStore: TerritoryStore;
  cipher: PiiCipher;
  clock: Clock;
}

/** Default and largest radius of the nearest-camera search (metres). */
const DEFAULT_CAMERA_RADIUS_M = 500;
const DEFAULT_SEARCH_LIMIT = 20;

/**
 * The leaders' drill-down (behind `requireIdentity`): the grid card, the building at a point and
 * its card, an incident with its order's timeline and the cameras near it, and the one search
 * box. Every answer passes the access function; something outside the caller's scope is
 * answered exactly as something unknown (404), so its existence is not revealed. Personal
 * fields are masked whoever asks: unmasking is one record at a time, audited, elsewhere.
 */
export function drillRouter(deps: DrillRouterDeps): Router {
  const router = Router();
  const byCode = new Map(deps.territory.territory.scopes.map((s) => [s.code, s] as const));
  const buildings = new BuildingDirectory({ territory: deps.territory, territoryStore: deps.territoryStore, db: deps.db });
  // Off the request path: the first click on a building should not pay for the index.
  setImmediate(() => buildings.warm());
  const search = new DrillSearch({ db: deps.db, territoryStore: deps.territoryStore, buildings, byCode });

  router.get('/api/grids/:code/card', (req, res) => {
    const scope = byCode.get(req.params.code);
    if (!scope || scope.level < 3 || !canReadScope(identityOf(req), scope.code)) throw notFound('grid', req.params.code);
    res.set('Cache-Control', 'no-store').json(gridCard({ db: deps.db, folded: deps.folded, cipher: deps.cipher, buildings, byCode }, scope, deps.clock.now()));
  });

  router.get('/api/buildings/at', (req, res) => {
    const { lng, lat } = parsed(buildingAtQuery, req.query);
    const identity = identityOf(req);
    const hit = buildings.at([lng, lat], (scope) => canReadScope(identity, scope));
    if (!hit) throw new HttpError(404, 'not-found', 'no building you may read within 30 m of that point');
    const body: BuildingAt = { buildingId: hit.id, address: hit.address, scope: hit.scope, location: hit.location, distanceM: Math.round(hit.distanceM * 10) / 10 };
    res.set('Cache-Control', 'no-store').json(body);
  });

  router.get('/api/buildings/:id/card', (req, res) => {
    const identity = identityOf(req);
    const b = buildings.byId(req.params.id);
    if (!b || !canReadScope(identity, b.scope)) throw notFound('building', req.params.id);
    res.set('Cache-Control', 'no-store').json(buildingCard(deps.db, byCode, b, identity.scope, deps.clock.now()));
  });

  router.get('/api/incidents/:id', (req, res) => {
    const { radius } = parsed(incidentCardQuery, req.query);
    const identity = identityOf(req);
    const row = deps.db.get<IncidentRow>('SELECT * FROM p_incidents WHERE incident_id = ?', [req.params.id]);
    if (!row || !canReadScope(identity, row.scope)) throw notFound('incident', req.params.id);
    const now = deps.clock.now();
    const order = row.work_order_id
      ? deps.db.get<WorkOrderRow>(`SELECT ${WORK_ORDER_COLUMNS} FROM p_workorders w LEFT JOIN p_incidents i ON i.incident_id = w.incident_id WHERE w.work_order_id = ?`, [row.work_order_id])
      : undefined;
    const folded = order ? deps.folded(order.work_order_id) : undefined;
    const radiusM = radius ?? DEFAULT_CAMERA_RADIUS_M;
    const body: IncidentCard = {
      incident: incidentItem(row),
      workOrder: order && folded ? orderItem(order, statusAt(folded, now)) : null,
      timeline: folded ? timelineOf(folded) : [],
      nearestCameras: { radiusM, items: nearestCameras(deps.db, [row.lng, row.lat], radiusM, identity.scope) },
    };
    res.set('Cache-Control', 'no-store').json(body);
  });

  router.get('/api/search', (req, res) => {
    const { q, limit } = parsed(searchQuery, req.query);
    const identity = identityOf(req);
    // An identity that reads no scope (the auditor) searches nothing: an empty answer, like a search that found nothing.
    const items = canReadScope(identity, identity.scope) ? search.search(q, identity.scope, limit ?? DEFAULT_SEARCH_LIMIT) : [];
    const body: SearchResponse = { q, items };
    res.set('Cache-Control', 'no-store').json(body);
  });

  return router;
}

/** The same answer for unknown and out-of-scope: only the id asked differs. */
function notFound(what: string, id: string): HttpError {
  return new HttpError(404, 'not-found', `no ${what} ${id} you may read`);
}

/** A query string checked against its schema; 400 naming each bad parameter. */
function parsed<T extends z.ZodType>(schema: T, query: Request['query']): z.output<T> {
  const result = schema.safeParse(query);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.join('.') || '(query)', message: i.message }));
    throw new HttpError(400, 'invalid', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  }
  return result.data;
}
