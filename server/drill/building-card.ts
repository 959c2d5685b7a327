import type { BuildingCard } from '@protocol/drill';
import { KEY_POPULATION_CATEGORIES, type KeyPopulationCategory } from '@geo/registers';
import { metresPerDegree } from '@geo/measure';
import type { Scope } from '@geo/territory';
import { scopeUpper } from '../projections/place';
import type { ReadDb } from '../projections/read-db';
import { incidentItem, iso, type IncidentRow } from '../http/work-order-view';
import type { BuildingRecord } from './building-directory';
import { CARD_LIST_LIMIT, scopePath } from './grid-card';

/** "At that address": incidents located within this distance of the building's point (metres). */
export const ADDRESS_RADIUS_M = 30;
/** How far back the building card looks for incidents. */
export const BUILDING_INCIDENT_DAYS = 90;

/**
 * The building card. Incidents "at that address" are those whose location lies within 30 m of
 * the building's point (its footprint's centroid, or the register's location): incidents carry
 * a location, not a building id, and a reporter's GPS fix lands within metres of the door. They
 * are limited to the caller's scope (`within`), since the circle may reach past a boundary.
 */
export function buildingCard(db: ReadDb, byCode: ReadonlyMap<string, Scope>, b: BuildingRecord, within: string, now: number): BuildingCard {
  const scope = byCode.get(b.scope);
  const gridCode = b.scope.length >= 15 ? b.scope.slice(0, 15) : b.scope;
  const since = now - BUILDING_INCIDENT_DAYS * 86_400_000;
  return {
    buildingId: b.id,
    address: b.address,
    scope: b.scope,
    scopeName: scope?.name ?? b.scope,
    gridCode,
    gridName: byCode.get(gridCode)?.name ?? gridCode,
    path: scopePath(byCode, b.scope),
    location: b.location,
    floors: b.floors,
    households: b.households,
    residents: b.residents,
    rentalLevel: b.rental,
    registered: b.registered,
    keyPopulations: keyPopulationsIn(db, b.id),
    incidents: { ...incidentsNear(db, b.location, within, since, now), since: iso(since), radiusM: ADDRESS_RADIUS_M },
  };
}

/** Current key-population records in the building, by category (a person may count in several). */
function keyPopulationsIn(db: ReadDb, buildingId: string): Record<KeyPopulationCategory, number> {
  const out = Object.fromEntries(KEY_POPULATION_CATEGORIES.map((c) => [c, 0])) as Record<KeyPopulationCategory, number>;
  const rows = db.all<{ categories: string; n: number }>('SELECT categories, COUNT(*) AS n FROM p_persons WHERE building_id = ? AND categories IS NOT NULL GROUP BY categories', [buildingId]);
  for (const r of rows) for (const c of JSON.parse(r.categories) as KeyPopulationCategory[]) if (c in out) out[c] += r.n;
  return out;
}

function incidentsNear(db: ReadDb, at: readonly [number, number], within: string, since: number, now: number): { total: number; items: BuildingCard['incidents']['items'] } {
  const m = metresPerDegree(at[1]);
  const dx = ADDRESS_RADIUS_M / m.x;
  const dy = ADDRESS_RADIUS_M / m.y;
  // The box on the (lng, lat) index, then the circle and the rest here.
  const rows = db.all<IncidentRow>(
    `SELECT * FROM p_incidents WHERE lng >= ? AND lng <= ? AND lat >= ? AND lat <= ? AND occurred_at >= ? AND occurred_at <= ? AND scope >= ? AND scope < ?`,
    [at[0] - dx, at[0] + dx, at[1] - dy, at[1] + dy, since, now, within, scopeUpper(within)],
  )
    .filter((r) => Math.hypot((r.lng - at[0]) * m.x, (r.lat - at[1]) * m.y) <= ADDRESS_RADIUS_M)
    .sort((a, b) => b.occurred_at - a.occurred_at || (a.incident_id < b.incident_id ? -1 : 1));
  return { total: rows.length, items: rows.slice(0, CARD_LIST_LIMIT).map(incidentItem) };
}
