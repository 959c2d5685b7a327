import { z } from 'zod';
import { KEY_POPULATION_CATEGORIES } from '@geo/registers';
import { RENTAL_LEVELS } from '@geo/territory';
import { isoInstant, lngLat, scopeCode } from './primitives';
import { WORKORDER_ACTIONS, WORKORDER_STATES } from './workorder';

/**
 * The leaders' drill-down (issue 8): the cards a click on the map opens (a grid, a building, an
 * incident) and the one search box. Personal fields are always masked here; times are ISO 8601
 * instants (UTC), locations WGS-84 `[lng, lat]`.
 */

/** One scope on the way down from the district: `{ code, name, level }` (level 0 district … 4 micro-grid). */
export const scopeRef = z.object({ code: scopeCode, name: z.string(), level: z.number().int().min(0).max(4) });
export type ScopeRef = z.infer<typeof scopeRef>;

/** How an order stands now: `not-open` once resolved (or before its first dispatch). */
export const deadlineStatus = z.enum(['not-open', 'on-time', 'at-risk', 'overdue']);
export type DeadlineStatus = z.infer<typeof deadlineStatus>;

/** The deadline that applies to an open order: acceptance while dispatched, resolution after. */
export const applicableDeadline = z.object({ kind: z.enum(['acceptance', 'resolution']), deadline: isoInstant }).nullable();

/** Kinds of camera stream pointers (where a stream is served is the player's business). */
export const streamKind = z.enum(['hls', 'rtsp', 'gb28181']);

/** A camera as the cards list it. */
export const drillCamera = z.object({ cameraId: z.string(), name: z.string(), location: lngLat, online: z.boolean(), streamKind });
export type DrillCamera = z.infer<typeof drillCamera>;

/** A camera near an incident, with its distance (metres, great-circle). */
export const nearCamera = drillCamera.extend({ distanceM: z.number() });
export type NearCamera = z.infer<typeof nearCamera>;

/** An incident as `GET /api/incidents` lists it. */
export const incidentItem = z.object({
  incidentId: z.string(),
  occurredAt: isoInstant,
  scope: scopeCode,
  category: z.string(),
  source: z.string(),
  severity: z.number().int(),
  location: lngLat,
  description: z.string(),
  workOrderId: z.string().nullable(),
  firstResolvedAt: isoInstant.nullable(),
  closedAt: isoInstant.nullable(),
});
export type IncidentItem = z.infer<typeof incidentItem>;

/** A work order as `GET /api/workorders` lists it, with its deadline status now. */
export const workOrderItem = z.object({
  workOrderId: z.string(),
  incidentId: z.string(),
  incidentAt: isoInstant.nullable(),
  scope: scopeCode.nullable(),
  category: z.string().nullable(),
  source: z.string().nullable(),
  state: z.enum(WORKORDER_STATES).nullable(),
  level: z.string().nullable(),
  department: z.string().nullable(),
  openedAt: isoInstant.nullable(),
  acceptanceDeadline: isoInstant.nullable(),
  resolutionDeadline: isoInstant.nullable(),
  firstResolvedAt: isoInstant.nullable(),
  firstResolvedOnTime: z.boolean().nullable(),
  closedAt: isoInstant.nullable(),
  returned: z.number().int(),
  extended: z.number().int(),
  supervised: z.number().int(),
  anomalies: z.number().int(),
  deadlineStatus,
  applicableDeadline,
});
export type WorkOrderItem = z.infer<typeof workOrderItem>;

/** One step of an order's life as `GET /api/workorders/{id}` gives it (illegal moves included, marked). */
export const timelineStep = z.object({
  seq: z.number().int(),
  at: isoInstant,
  to: z.enum([...WORKORDER_STATES, ...WORKORDER_ACTIONS]),
  department: z.string(),
  level: z.string(),
  actor: z.string(),
  note: z.string().nullable(),
  deadline: isoInstant.nullable(),
  legal: z.boolean(),
  reason: z.string().nullable(),
  stateAfter: z.enum(WORKORDER_STATES).nullable(),
});
export type TimelineStep = z.infer<typeof timelineStep>;

/** Key-population counts by category (counts only: no person is named on a card). */
export const keyPopulationCounts = z.record(z.enum(KEY_POPULATION_CATEGORIES), z.number().int());

// ---------------------------------------------------------------------------------------------
// GET /api/grids/{code}/card

/** A grid chief (网格长) or grid worker (网格员): name and phone always masked. */
export const gridStaff = z.object({ staffId: z.string(), role: z.enum(['chief', 'worker']), name: z.string(), phone: z.string(), masked: z.literal(true) });
export type GridStaff = z.infer<typeof gridStaff>;

/**
 * Rental buildings (出租屋) of one management level: how many, how many were patrolled as often
 * as the level asks in the 30 days ending now, and that as a fraction (`null` without any).
 */
export const rentalLevelRow = z.object({
  level: z.enum(RENTAL_LEVELS),
  buildings: z.number().int(),
  patrolled: z.number().int(),
  /** Patrols the level asks for in 30 days. */
  required: z.number().int(),
  patrolCompletion: z.number().nullable(),
});
export type RentalLevelRow = z.infer<typeof rentalLevelRow>;

/** An open incident (no order yet, or its order open) with its order's state and deadline now. */
export const openIncident = z.object({
  incidentId: z.string(),
  occurredAt: isoInstant,
  scope: scopeCode,
  category: z.string(),
  severity: z.number().int(),
  location: lngLat,
  description: z.string(),
  workOrderId: z.string().nullable(),
  workOrderState: z.enum(WORKORDER_STATES).nullable(),
  applicableDeadline,
  deadlineStatus,
});
export type OpenIncident = z.infer<typeof openIncident>;

/** A bounded list: `items` holds at most the bound, `total` says how many there are. */
const bounded = <T extends z.ZodType>(item: T) => z.object({ total: z.number().int(), items: z.array(item) });

/** Answer of `GET /api/grids/{code}/card` (a grid or a micro-grid). */
export const gridCard = z.object({
  code: scopeCode,
  name: z.string(),
  level: z.number().int(),
  /** district > street > community > grid (> micro-grid), the card's own scope last. */
  path: z.array(scopeRef),
  /** The instant the states (open, overdue, online, patrolled) were read. */
  asOf: isoInstant,
  staff: z.array(gridStaff),
  counts: z.object({ buildings: z.number().int(), residents: z.number().int(), households: z.number().int() }),
  rentals: z.array(rentalLevelRow),
  keyPopulations: keyPopulationCounts,
  incidents: bounded(openIncident),
  workOrders: bounded(workOrderItem),
  cameras: bounded(drillCamera).extend({ online: z.number().int() }),
});
export type GridCard = z.infer<typeof gridCard>;

// ---------------------------------------------------------------------------------------------
// GET /api/buildings/at, GET /api/buildings/{id}/card

/** Answer of `GET /api/buildings/at?lng=&lat=`: the building under (or nearest within 30 m of) a point. */
export const buildingAt = z.object({ buildingId: z.string(), address: z.string(), scope: scopeCode, location: lngLat, distanceM: z.number() });
export type BuildingAt = z.infer<typeof buildingAt>;

/** Answer of `GET /api/buildings/{id}/card`. */
export const buildingCard = z.object({
  buildingId: z.string(),
  address: z.string(),
  /** The deepest scope holding the building (grid or micro-grid). */
  scope: scopeCode,
  scopeName: z.string(),
  gridCode: scopeCode,
  gridName: z.string(),
  path: z.array(scopeRef),
  location: lngLat,
  floors: z.number().int(),
  households: z.number().int(),
  residents: z.number().int(),
  rentalLevel: z.enum(RENTAL_LEVELS).nullable(),
  /** Whether an upstream register sent it (`building.upserted`); else from the territory's geometry. */
  registered: z.boolean(),
  keyPopulations: keyPopulationCounts,
  /** Incidents within `radiusM` of the building's point since `since`, newest first. */
  incidents: bounded(incidentItem).extend({ since: isoInstant, radiusM: z.number() }),
});
export type BuildingCard = z.infer<typeof buildingCard>;

// ---------------------------------------------------------------------------------------------
// GET /api/incidents/{id}

/** Answer of `GET /api/incidents/{id}?radius=`. */
export const incidentCard = z.object({
  incident: incidentItem,
  workOrder: workOrderItem.nullable(),
  /** Every step of the order, in history order (empty without an order). */
  timeline: z.array(timelineStep),
  /** Cameras within `radiusM`, online first, then by distance; at most 8. */
  nearestCameras: z.object({ radiusM: z.number(), items: z.array(nearCamera) }),
});
export type IncidentCard = z.infer<typeof incidentCard>;

// ---------------------------------------------------------------------------------------------
// GET /api/search

export const SEARCH_KINDS = ['scope', 'building', 'incident', 'workorder'] as const;

/** One search hit; `scope` is where to drill to (the scope itself, or the grid of the thing). */
export const searchResult = z.object({
  kind: z.enum(SEARCH_KINDS),
  id: z.string(),
  label: z.string(),
  detail: z.string(),
  scope: scopeCode,
  location: lngLat.optional(),
  level: z.number().int().min(0).max(4).optional(),
  /** A work order's incident (its card shows the order's timeline). */
  incidentId: z.string().optional(),
});
export type SearchResult = z.infer<typeof searchResult>;

/** A number in a query string (`12`, `-3.5`): an empty or repeated parameter is refused, not read as 0. */
const queryNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/, 'a number')
    .transform(Number)
    .pipe(z.number().min(min, `at least ${min}`).max(max, `at most ${max}`));

/** Query of `GET /api/search`. */
export const searchQuery = z.object({
  q: z.string().trim().min(1, '1-64 characters').max(64, '1-64 characters'),
  limit: queryNumber(1, 50).pipe(z.number().int('a whole number')).optional(),
});

/** Answer of `GET /api/search?q=&limit=`: exact code or id matches first, then prefixes, then substrings. */
export const searchResponse = z.object({ q: z.string(), items: z.array(searchResult) });
export type SearchResponse = z.infer<typeof searchResponse>;

/** Query of `GET /api/buildings/at`. */
export const buildingAtQuery = z.object({ lng: queryNumber(-180, 180), lat: queryNumber(-90, 90) });

/** Query of `GET /api/incidents/{id}`: the radius of the nearest-camera search, metres. */
export const incidentCardQuery = z.object({ radius: queryNumber(1, 5000).optional() });
