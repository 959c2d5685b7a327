import type { ProjectionContext } from './projector';
import type { ReadDb } from './read-db';
import type { CameraRow } from './registered-places';

/** `hotline.call`: one ended call, placed by grid or location (else the district). */
export function projectCall(db: ReadDb, ctx: ProjectionContext, d: Record<string, unknown>): void {
  const offeredAt = Date.parse(d.offeredAt as string);
  const answeredAt = d.answeredAt === undefined ? null : Date.parse(d.answeredAt as string);
  const scope = ctx.placer.byGridOrLocation(d.gridCode as string | undefined, d.location as [number, number] | undefined);
  const within10s = answeredAt !== null && answeredAt - offeredAt <= 10_000 ? 1 : 0;
  db.run(
    `INSERT INTO p_calls (call_id, offered_at, answered_at, within_10s, scope, category) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (call_id) DO UPDATE SET offered_at = excluded.offered_at, answered_at = excluded.answered_at,
       within_10s = excluded.within_10s, scope = excluded.scope, category = excluded.category`,
    [d.callId, offeredAt, answeredAt, within10s, scope, d.category ?? null],
  );
  ctx.changes.scopes.add(scope);
}

/** `camera.upserted`: the camera and a status record at the same instant. */
export function projectCamera(db: ReadDb, ctx: ProjectionContext, seq: number, at: number, d: Record<string, unknown>): void {
  const location = d.location as [number, number];
  const scope = ctx.placer.byGridOrLocation(d.gridCode as string | undefined, location);
  db.run(
    `INSERT INTO p_cameras (camera_id, name, lng, lat, scope, stream, registered_at, online, status_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (camera_id) DO UPDATE SET name = excluded.name, lng = excluded.lng, lat = excluded.lat, scope = excluded.scope,
       stream = excluded.stream,
       registered_at = CASE WHEN p_cameras.registered_at < excluded.registered_at THEN p_cameras.registered_at ELSE excluded.registered_at END`,
    [d.cameraId, d.name, location[0], location[1], scope, JSON.stringify(d.stream), at, d.online ? 1 : 0, at],
  );
  ctx.cameras.refresh(db, d.cameraId as string);
  statusChange(db, ctx, seq, at, d.cameraId as string, d.online as boolean);
  ctx.changes.scopes.add(scope);
}

/** `camera.status`: online or offline from `occurredAt`; a late status does not override a newer one. */
export function projectCameraStatus(db: ReadDb, ctx: ProjectionContext, seq: number, at: number, d: Record<string, unknown>): void {
  const camera = statusChange(db, ctx, seq, at, d.cameraId as string, d.online as boolean);
  if (camera) ctx.changes.scopes.add(camera.scope);
}

/** Records the status; a registered camera's row takes it unless it holds a newer one. */
function statusChange(db: ReadDb, ctx: ProjectionContext, seq: number, at: number, cameraId: string, online: boolean): CameraRow | undefined {
  db.run('INSERT INTO p_camera_status (camera_id, occurred_at, seq, online) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', [cameraId, at, seq, online ? 1 : 0]);
  const camera = ctx.cameras.get(db, cameraId);
  if (camera) db.run('UPDATE p_cameras SET online = ?, status_at = ? WHERE rowid = ? AND status_at <= ?', [online ? 1 : 0, at, camera.rowid, at]);
  return camera;
}

/** `building.upserted`: attributes and rental level (出租屋 when it has one). */
export function projectBuilding(db: ReadDb, ctx: ProjectionContext, at: number, d: Record<string, unknown>): void {
  const location = d.location as [number, number];
  const scope = ctx.placer.byGridOrLocation(undefined, location);
  const rental = (d.rental as { level: string } | undefined)?.level ?? null;
  db.run(
    `INSERT INTO p_buildings (building_id, address, scope, lng, lat, floors, households, residents, rental_level, registered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (building_id) DO UPDATE SET address = excluded.address, scope = excluded.scope, lng = excluded.lng, lat = excluded.lat,
       floors = excluded.floors, households = excluded.households, residents = excluded.residents, rental_level = excluded.rental_level`,
    [d.buildingId, d.address, scope, location[0], location[1], d.floors, d.households, d.residents, rental, at],
  );
  ctx.buildings.registered(db, d.buildingId as string, scope);
  ctx.changes.scopes.add(scope);
}

/**
 * `population.upserted`: the record's categories and place, with history for counts "as of" a
 * past instant. No personal field is copied here: aggregates hold counts only.
 */
export function projectPerson(db: ReadDb, ctx: ProjectionContext, seq: number, at: number, d: Record<string, unknown>): void {
  const buildingId = d.buildingId as string | undefined;
  const scope = (buildingId && ctx.buildings.scopeOf(db, buildingId)) || ctx.placer.byGridOrLocation(undefined, d.location as [number, number] | undefined);
  const categories = JSON.stringify([...(d.categories as string[])].sort());
  db.run(
    `INSERT INTO p_persons (person_id, categories, scope, building_id, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (person_id) DO UPDATE SET categories = excluded.categories, scope = excluded.scope, building_id = excluded.building_id,
       updated_at = excluded.updated_at WHERE p_persons.updated_at <= excluded.updated_at`,
    [d.personId, categories, scope, buildingId ?? null, at],
  );
  db.run('INSERT INTO p_person_history (person_id, seq, occurred_at, categories, scope) VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_id, seq) DO NOTHING', [
    d.personId,
    seq,
    at,
    categories,
    scope,
  ]);
  ctx.changes.scopes.add(scope);
}

/** `population.removed`: no longer counted from `occurredAt`. */
export function projectPersonRemoved(db: ReadDb, ctx: ProjectionContext, seq: number, at: number, d: Record<string, unknown>): void {
  const person = db.get<{ scope: string }>('SELECT scope FROM p_persons WHERE person_id = ?', [d.personId]);
  db.run('UPDATE p_persons SET categories = NULL, updated_at = ? WHERE person_id = ? AND updated_at <= ?', [at, d.personId, at]);
  if (!person) return;
  db.run('INSERT INTO p_person_history (person_id, seq, occurred_at, categories, scope) VALUES (?, ?, ?, NULL, ?) ON CONFLICT (person_id, seq) DO NOTHING', [
    d.personId,
    seq,
    at,
    person.scope,
  ]);
  ctx.changes.scopes.add(person.scope);
}

/** `staff.upserted`: a grid chief or worker; name and phone stay sealed as stored. */
export function projectStaff(db: ReadDb, ctx: ProjectionContext, at: number, d: Record<string, unknown>): void {
  db.run(
    `INSERT INTO p_staff (staff_id, role, grid, name, phone, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (staff_id) DO UPDATE SET role = excluded.role, grid = excluded.grid, name = excluded.name, phone = excluded.phone,
       updated_at = excluded.updated_at WHERE p_staff.updated_at <= excluded.updated_at`,
    [d.staffId, d.role, d.gridCode, d.name, d.phone, at],
  );
  ctx.changes.scopes.add(d.gridCode as string);
}

/** `patrol.recorded`: a visit, counted toward its building's monthly patrols. */
export function projectPatrol(db: ReadDb, ctx: ProjectionContext, at: number, d: Record<string, unknown>): void {
  const buildingId = d.buildingId as string | undefined;
  const scope = (buildingId && ctx.buildings.scopeOf(db, buildingId)) || ctx.placer.byGridOrLocation(undefined, d.location as [number, number] | undefined);
  db.run('INSERT INTO p_patrols (patrol_id, staff_id, building_id, occurred_at, scope) VALUES (?, ?, ?, ?, ?) ON CONFLICT (patrol_id) DO NOTHING', [
    d.patrolId,
    d.staffId,
    buildingId ?? null,
    at,
    scope,
  ]);
  ctx.changes.scopes.add(scope);
}
