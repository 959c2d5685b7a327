import { z } from 'zod';
import { KEY_POPULATION_CATEGORIES } from '@geo/registers';
import { RENTAL_LEVELS } from '@geo/territory';
import { crs, isoInstant, lngLat, polygonRings, scopeCode } from './primitives';

/** A camera's stream pointer: the dashboard stores pointers, never video. */
export const cameraStream = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hls'), url: z.string().min(1).max(1000) }),
  z.object({ kind: z.literal('rtsp'), url: z.string().regex(/^rtsp:\/\//, 'an rtsp:// URL').max(1000) }),
  z.object({ kind: z.literal('gb28181'), channelId: z.string().regex(/^\d{20}$/, 'a 20-digit GB/T 28181 channel id') }),
]);

/** `data` of `camera.upserted`: a camera registered or changed. */
export const cameraUpsertedData = z.object({
  cameraId: z.string().min(1).max(128),
  name: z.string().min(1).max(200),
  location: lngLat,
  crs: crs.optional(),
  gridCode: scopeCode.optional(),
  stream: cameraStream,
  online: z.boolean(),
});

/** `data` of `camera.status`: online or offline since `occurredAt`. */
export const cameraStatusData = z.object({
  cameraId: z.string().min(1).max(128),
  online: z.boolean(),
});

/** `data` of `building.upserted`. */
export const buildingUpsertedData = z.object({
  buildingId: z.string().min(1).max(128),
  address: z.string().min(1).max(500),
  location: lngLat,
  crs: crs.optional(),
  footprint: polygonRings.optional(),
  floors: z.number().int().min(0).max(300),
  households: z.number().int().min(0).max(100_000),
  residents: z.number().int().min(0).max(1_000_000),
  rental: z.object({ level: z.enum(RENTAL_LEVELS) }).optional(),
});

/** Personal fields are encrypted by the server before they are stored (see server/pii/). */
const personal = z.string().min(1).max(200);

/** `data` of `population.upserted`: a key-population record (重点人群). */
export const populationUpsertedData = z
  .object({
    personId: z.string().min(1).max(128),
    categories: z.array(z.enum(KEY_POPULATION_CATEGORIES)).min(1).max(10),
    buildingId: z.string().min(1).max(128).optional(),
    location: lngLat.optional(),
    crs: crs.optional(),
    name: personal,
    idNumber: z.string().regex(/^\d{17}[\dXx]$/, 'an 18-character resident ID number'),
    phone: z.string().regex(/^[\d+\-\s]{5,20}$/, 'a phone number'),
    note: z.string().max(2000).optional(),
  })
  .refine((p) => p.buildingId !== undefined || p.location !== undefined, { message: 'buildingId or location is required', path: ['buildingId'] });

/** `data` of `population.removed`. */
export const populationRemovedData = z.object({ personId: z.string().min(1).max(128) });

/** `data` of `staff.upserted`: a grid chief or grid worker. */
export const staffUpsertedData = z.object({
  staffId: z.string().min(1).max(128),
  name: personal,
  role: z.enum(['chief', 'worker']),
  gridCode: scopeCode,
  phone: z.string().regex(/^[\d+\-\s]{5,20}$/, 'a phone number'),
});

/** `data` of `patrol.recorded`: a grid worker's visit (a finding is followed by an incident). */
export const patrolRecordedData = z
  .object({
    patrolId: z.string().min(1).max(128),
    staffId: z.string().min(1).max(128),
    buildingId: z.string().min(1).max(128).optional(),
    location: lngLat.optional(),
    crs: crs.optional(),
    finding: z.string().max(2000).optional(),
    /** When the visit ended, if it differs from `occurredAt` (its start). */
    endedAt: isoInstant.optional(),
  })
  .refine((p) => p.buildingId !== undefined || p.location !== undefined, { message: 'buildingId or location is required', path: ['buildingId'] });
