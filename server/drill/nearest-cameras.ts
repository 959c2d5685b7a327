import type { NearCamera } from '@protocol/drill';
import { metresPerDegree } from '@geo/measure';
import { scopeUpper } from '../projections/place';
import type { ReadDb } from '../projections/read-db';
import { cameraOf, type CameraRow } from './grid-card';

/** At most this many cameras are offered for an incident. */
export const NEAREST_CAMERAS = 8;

/**
 * Cameras within `radiusM` of a point, among those in `within` (the caller's scope: a camera the
 * caller may not read is not offered), online first, then nearest first (ties by id). The box is
 * read on the (lng, lat) index; distances on the local plane (metres; exact enough within 5 km).
 */
export function nearestCameras(db: ReadDb, at: readonly [number, number], radiusM: number, within: string): NearCamera[] {
  const m = metresPerDegree(at[1]);
  const dx = radiusM / m.x;
  const dy = radiusM / m.y;
  const rows = db.all<CameraRow>(
    'SELECT camera_id, name, lng, lat, online, stream FROM p_cameras WHERE lng >= ? AND lng <= ? AND lat >= ? AND lat <= ? AND scope >= ? AND scope < ?',
    [at[0] - dx, at[0] + dx, at[1] - dy, at[1] + dy, within, scopeUpper(within)],
  );
  return rows
    .map((r) => ({ ...cameraOf(r), distanceM: Math.round(Math.hypot((r.lng - at[0]) * m.x, (r.lat - at[1]) * m.y) * 10) / 10 }))
    .filter((c) => c.distanceM <= radiusM)
    .sort((a, b) => Number(b.online) - Number(a.online) || a.distanceM - b.distanceM || (a.cameraId < b.cameraId ? -1 : 1))
    .slice(0, NEAREST_CAMERAS);
}
