/**
 * Coordinates carry their system in their type, so the only way from one system to another is
 * through a conversion function of `geo/`. The wire and the store are always WGS-84.
 */
declare const wgs84Brand: unique symbol;
declare const gcj02Brand: unique symbol;

/** `[lng, lat]` in WGS-84 (GPS, the wire, GeoJSON). */
export type LngLatWgs84 = readonly [number, number] & { readonly [wgs84Brand]: true };
/** `[lng, lat]` in GCJ-02 (Chinese web maps). */
export type LngLatGcj02 = readonly [number, number] & { readonly [gcj02Brand]: true };

/** Marks a pair as WGS-84; use only where the source is known to be WGS-84. */
export function wgs84(lng: number, lat: number): LngLatWgs84 {
  return [lng, lat] as unknown as LngLatWgs84;
}

/** A bounding box `[west, south, east, north]`. */
export type Bounds = readonly [number, number, number, number];
