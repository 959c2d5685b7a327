import type { IngestEvent } from '@protocol/index';
import { toWgs84 } from '@geo/crs';
import type { NewEvent } from '../store/event-store';
import type { PiiCipher } from '../pii/pii-cipher';
import { sealPersonalFields } from '../pii/personal-fields';

/**
 * Turns a validated event into what the log stores:
 * - the content hash: a keyed hash of the event as sent (canonical JSON of the parsed event), so a resend is a
 *   duplicate and a changed event under a used id a conflict, without personal data in clear;
 * - locations in WGS-84: a location sent in GCJ-02 or BD-09 is converted, and what was sent is
 *   kept beside it (`sentLocation`);
 * - personal fields sealed (encrypted).
 */
export function prepareEvent(e: IngestEvent, cipher: PiiCipher): NewEvent {
  // zod rebuilds every parsed object with its keys in schema order (unknown keys dropped), so
  // plain JSON of the parsed event is already canonical: the same content gives the same text.
  const hash = cipher.keyedHash(JSON.stringify([e.type, e.occurredAt, e.data]));
  const data = sealPersonalFields(e.type, normaliseLocation(e.data as Record<string, unknown>), (v) => cipher.encrypt(v));
  return { id: e.id, type: e.type, occurredAt: e.occurredAt, data, hash };
}

function normaliseLocation(data: Record<string, unknown>): Record<string, unknown> {
  const crs = data.crs as 'wgs84' | 'gcj02' | 'bd09' | undefined;
  if (crs === undefined) return data;
  const { crs: _crs, ...rest } = data;
  if (crs === 'wgs84') return rest;
  const out: Record<string, unknown> = { ...rest };
  const location = data.location as [number, number] | undefined;
  if (location) {
    out.location = round(toWgs84(location[0], location[1], crs));
    out.sentLocation = { location, crs };
  }
  const footprint = data.footprint as [number, number][][] | undefined;
  if (footprint) out.footprint = footprint.map((ring) => ring.map(([lng, lat]) => round(toWgs84(lng, lat, crs))));
  return out;
}

/** 7 decimals (about 1 cm): a conversion's noise should not look like precision. */
function round(p: readonly [number, number]): [number, number] {
  return [Math.round(p[0] * 1e7) / 1e7, Math.round(p[1] * 1e7) / 1e7];
}
