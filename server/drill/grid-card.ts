import type { DrillCamera, GridCard, GridStaff, OpenIncident, RentalLevelRow, ScopeRef } from '@protocol/drill';
import { selfAndAncestors } from '@geo/scope-code';
import { RENTAL_LEVELS, type Scope } from '@geo/territory';
import { keyPopulations, PATROLS_REQUIRED, ratio, rentalPatrols } from '../aggregate/summary/kpi-queries';
import type { FoldedWorkOrder } from '../aggregate/workorder/fold-work-order';
import { OPEN_STATES } from '../aggregate/workorder/lifecycle';
import { statusAt } from '../aggregate/workorder/status-at';
import { maskedField } from '../pii/personal-view';
import type { PiiCipher } from '../pii/pii-cipher';
import { scopeUpper } from '../projections/place';
import type { ReadDb } from '../projections/read-db';
import { openOrderWhere } from '../projections/schema';
import { iso, orderItem, WORK_ORDER_COLUMNS, type IncidentRow, type WorkOrderRow } from '../http/work-order-view';
import type { BuildingDirectory } from './building-directory';

/** Lists on a card hold at most this many items; `total` tells how many there are. */
export const CARD_LIST_LIMIT = 200;

export interface GridCardDeps {
  db: ReadDb;
  folded(id: string): FoldedWorkOrder;
  cipher: PiiCipher;
  buildings: BuildingDirectory;
  byCode: ReadonlyMap<string, Scope>;
}

/**
 * The grid card (a grid or a micro-grid) "as of" `now`: who looks after it (masked: a card
 * never unmasks), what stands in it, what is open in it, what watches it.
 */
export function gridCard(deps: GridCardDeps, scope: Scope, now: number): GridCard {
  const { db } = deps;
  const range = [scope.code, scopeUpper(scope.code)];
  const buildings = deps.buildings.inScope(scope);
  return {
    code: scope.code,
    name: scope.name,
    level: scope.level,
    path: scopePath(deps.byCode, scope.code),
    asOf: iso(now),
    staff: gridStaff(deps, scope),
    counts: {
      buildings: buildings.length,
      residents: buildings.reduce((n, b) => n + b.residents, 0),
      households: buildings.reduce((n, b) => n + b.households, 0),
    },
    rentals: rentalRows(db, scope.code, now),
    keyPopulations: keyPopulations(db, scope.code, scopeUpper(scope.code), now),
    incidents: openIncidents(deps, range, now),
    workOrders: openOrders(deps, range, now),
    cameras: cameras(db, range),
  };
}

/** district > street > … > the scope itself. */
export function scopePath(byCode: ReadonlyMap<string, Scope>, code: string): ScopeRef[] {
  return [...selfAndAncestors(code)]
    .reverse()
    .map((c) => byCode.get(c))
    .filter((s): s is Scope => s !== undefined)
    .map((s) => ({ code: s.code, name: s.name, level: s.level }));
}

/** Staff of the scope and below; a micro-grid also shows its grid's (the grid chief looks after it). */
function gridStaff(deps: GridCardDeps, scope: Scope): GridStaff[] {
  const grid = scope.level === 4 ? scope.code.slice(0, 15) : undefined;
  const rows = deps.db.all<{ staff_id: string; role: string; name: string; phone: string }>(
    `SELECT staff_id, role, name, phone FROM p_staff WHERE (grid >= ? AND grid < ?) OR grid = ?
     ORDER BY CASE role WHEN 'chief' THEN 0 ELSE 1 END, staff_id`,
    [scope.code, scopeUpper(scope.code), grid ?? scope.code],
  );
  return rows.map((r) => ({
    staffId: r.staff_id,
    role: r.role === 'chief' ? 'chief' : 'worker',
    name: maskedField(deps.cipher, 'name', r.name),
    phone: maskedField(deps.cipher, 'phone', r.phone),
    masked: true,
  }));
}

/** Rental buildings by management level, with patrol completion (domain.md's formula, the KPI's query). */
function rentalRows(db: ReadDb, code: string, now: number): RentalLevelRow[] {
  const all = rentalPatrols(db, code, now);
  return RENTAL_LEVELS.map((level) => {
    const of = all.filter((b) => b.level === level);
    const patrolled = of.filter((b) => b.patrolled).length;
    return { level, buildings: of.length, patrolled, required: PATROLS_REQUIRED[level]!, patrolCompletion: ratio(patrolled, of.length) };
  });
}

/**
 * Incidents still waiting: no order yet (or none legally dispatched), or an open order
 * (dispatched, accepted, handling, returned). Newest first.
 */
function openIncidents(deps: GridCardDeps, range: string[], now: number): GridCard['incidents'] {
  const open = OPEN_STATES.map(() => '?').join(',');
  const where = `i.scope >= ? AND i.scope < ? AND (i.work_order_id IS NULL OR w.work_order_id IS NULL OR w.state IS NULL OR w.state IN (${open}))`;
  const from = 'FROM p_incidents i LEFT JOIN p_workorders w ON w.work_order_id = i.work_order_id';
  const params = [...range, ...OPEN_STATES];
  const total = deps.db.get<{ n: number }>(`SELECT COUNT(*) AS n ${from} WHERE ${where}`, params)!.n;
  const rows = deps.db.all<IncidentRow & { wo_state: string | null }>(`SELECT i.*, w.state AS wo_state ${from} WHERE ${where} ORDER BY i.occurred_at DESC, i.incident_id LIMIT ?`, [
    ...params,
    CARD_LIST_LIMIT,
  ]);
  const items = rows.map((r): OpenIncident => {
    const s = r.work_order_id && r.wo_state ? statusAt(deps.folded(r.work_order_id), now) : undefined;
    return {
      incidentId: r.incident_id,
      occurredAt: iso(r.occurred_at),
      scope: r.scope,
      category: r.category,
      severity: r.severity,
      location: [r.lng, r.lat],
      description: r.description,
      workOrderId: r.work_order_id,
      workOrderState: (r.wo_state as OpenIncident['workOrderState']) ?? null,
      applicableDeadline: s?.applicable ? { kind: s.applicable.kind, deadline: iso(s.applicable.deadline) } : null,
      deadlineStatus: s?.status ?? 'not-open',
    };
  });
  return { total, items };
}

/** Open orders of the scope, the most urgent deadline first. */
function openOrders(deps: GridCardDeps, range: string[], now: number): GridCard['workOrders'] {
  const where = `w.scope >= ? AND w.scope < ? AND ${openOrderWhere('w.')}`;
  const params = [...range, ...OPEN_STATES];
  const total = deps.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM p_workorders w WHERE ${where}`, params)!.n;
  const rows = deps.db.all<WorkOrderRow>(
    `SELECT ${WORK_ORDER_COLUMNS} FROM p_workorders w LEFT JOIN p_incidents i ON i.incident_id = w.incident_id
     WHERE ${where}
     ORDER BY CASE WHEN w.state = 'dispatched' THEN w.acceptance_deadline ELSE w.resolution_deadline END, w.work_order_id LIMIT ?`,
    [...params, CARD_LIST_LIMIT],
  );
  return { total, items: rows.map((r) => orderItem(r, statusAt(deps.folded(r.work_order_id), now))) };
}

function cameras(db: ReadDb, range: string[]): GridCard['cameras'] {
  const counts = db.get<{ n: number; online: number | null }>('SELECT COUNT(*) AS n, SUM(online) AS online FROM p_cameras WHERE scope >= ? AND scope < ?', range)!;
  const rows = db.all<CameraRow>('SELECT camera_id, name, lng, lat, online, stream FROM p_cameras WHERE scope >= ? AND scope < ? ORDER BY camera_id LIMIT ?', [...range, CARD_LIST_LIMIT]);
  return { total: counts.n, online: counts.online ?? 0, items: rows.map(cameraOf) };
}

export interface CameraRow {
  camera_id: string;
  name: string;
  lng: number;
  lat: number;
  online: number;
  stream: string;
}

export function cameraOf(r: CameraRow): DrillCamera {
  return {
    cameraId: r.camera_id,
    name: r.name,
    location: [r.lng, r.lat],
    online: r.online === 1,
    streamKind: (JSON.parse(r.stream) as { kind: DrillCamera['streamKind'] }).kind,
  };
}
