/**
 * Coordinates carry their system in their type, so the only way from one system to another is
 * through a conversion function of `geo/`. The wire and the store are always WGS-84.
 */
declare const wgs84Brand: unique symbol;
declare const gcj02Brand: unique symbol;
declare const bd09Brand: unique symbol;

/** `[lng, lat]` in WGS-84 (GPS, the wire, GeoJSON). */
export type LngLatWgs84 = readonly [number, number] & { readonly [wgs84Brand]: true };
/** `[lng, lat]` in GCJ-02 (Chinese web maps). */
export type LngLatGcj02 = readonly [number, number] & { readonly [gcj02Brand]: true };
/** `[lng, lat]` in BD-09 (Baidu maps: GCJ-02 with a further shift of its own). */
export type LngLatBd09 = readonly [number, number] & { readonly [bd09Brand]: true };

/** Marks a pair as WGS-84; use only where the source is known to be WGS-84. */
export function wgs84(lng: number, lat: number): LngLatWgs84 {
  return [lng, lat] as unknown as LngLatWgs84;
}

/** Marks a pair as GCJ-02; use only where the source is known to be GCJ-02 (AMap, Tencent). */
export function gcj02(lng: number, lat: number): LngLatGcj02 {
  return [lng, lat] as unknown as LngLatGcj02;
}

/** Marks a pair as BD-09; use only where the source is known to be BD-09 (Baidu). */
export function bd09(lng: number, lat: number): LngLatBd09 {
  return [lng, lat] as unknown as LngLatBd09;
}

/** A bounding box `[west, south, east, north]`. */
export type Bounds = readonly [number, number, number, number];
