import { z } from 'zod';

/** An instant as ISO 8601 with an explicit offset (`Z` or `+08:00`); a local time is ambiguous. */
export const isoInstant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset, e.g. 2026-11-23T14:05:00+08:00' });

/** A WGS-84 longitude/latitude pair, the only coordinate system on the wire. */
export const lngLat = z.tuple([
  z.number().min(-180).max(180),
  z.number().min(-90).max(90),
]);
export type WireLngLat = z.infer<typeof lngLat>;

/** Coordinate system of a location as sent: WGS-84 (GPS, the default), GCJ-02 (AMap, Tencent), BD-09 (Baidu). */
export const crs = z.enum(['wgs84', 'gcj02', 'bd09']);
export type WireCrs = z.infer<typeof crs>;

/** A polygon: rings of `[lng, lat]` (outer first), each closed (first position = last). */
export const polygonRings = z
  .array(z.array(lngLat).min(4, 'a ring needs at least 4 positions'))
  .min(1)
  .refine((rings) => rings.every((r) => r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1]), 'every ring must be closed (first position = last)');

/** A scope code: 6 (district), 9 (street), 12 (community), 15 (grid) or 17 (micro-grid) digits. */
export const scopeCode = z.string().regex(/^(\d{6}|\d{9}|\d{12}|\d{15}|\d{17})$/, 'must be a scope code of 6, 9, 12, 15 or 17 digits');

/** The answer of every socket command: `{ ok: true, data }` or `{ ok: false, error }`. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: string };

/** Body of every HTTP error answer. */
export const errorBody = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ index: z.number().int().optional(), path: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof errorBody>;
