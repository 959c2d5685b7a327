/**
 * Conversions between the coordinate systems Chinese sources use: WGS-84 (GPS, GeoJSON, our wire
 * and store), GCJ-02 (AMap, Tencent; the state-mandated obfuscation of WGS-84) and BD-09 (Baidu,
 * a further shift of GCJ-02). CGCS2000 is treated as WGS-84: the two datums agree within a few
 * centimetres, far below anything a district map can show, so converting between them is identity.
 *
 * The forward formulas come from `gcoord`. The inverses (GCJ-02 → WGS-84, BD-09 → GCJ-02) have no
 * closed form; we solve them here by a bounded fixed-point iteration on gcoord's forward formulas,
 * for two reasons measured against gcoord 1.0.7:
 * - its GCJ-02 → WGS-84 stops at a residual of 1e-6° (round trips up to 0.15 m) and, worse, never
 *   returns for points just inside the west or south edge of its China rectangle (the iterate
 *   falls outside, where the forward map is identity, and oscillates forever);
 * - its BD-09 → GCJ-02 is a closed-form approximation, off by up to 0.2 m.
 * With the iteration, round trips agree to well under a millimetre.
 */
import gcoord from 'gcoord';
import type { Bounds, LngLatBd09, LngLatGcj02, LngLatWgs84 } from './lnglat';

/** The coordinate systems an upstream source may declare. */
export const CRS_NAMES = ['wgs84', 'gcj02', 'bd09', 'cgcs2000'] as const;
export type Crs = (typeof CRS_NAMES)[number];

/**
 * The rectangle inside which GCJ-02 is applied (the classic rough extent of China, the same one
 * gcoord tests internally, so `isInChina` and gcoord's forward transform always agree). It is a
 * rectangle, not a border: it also covers Korea, Mongolia, northern Vietnam and more, which the
 * standard algorithm shifts just the same.
 */
export const GCJ02_EXTENT: Bounds = [72.004, 0.8293, 137.8347, 55.8271];

/** Whether GCJ-02 applies at this point (see `GCJ02_EXTENT`); outside, GCJ-02 equals WGS-84. */
export function isInChina(lng: number, lat: number): boolean {
  const [w, s, e, n] = GCJ02_EXTENT;
  return lng >= w && lng <= e && lat >= s && lat <= n;
}

/** WGS-84 → GCJ-02; points outside China are returned unchanged. */
export function wgs84ToGcj02(p: LngLatWgs84): LngLatGcj02 {
  return forwardGcj(p[0], p[1]) as unknown as LngLatGcj02;
}

/** GCJ-02 → WGS-84 (iterated to < 1e-10°, about 0.01 mm); points outside China are returned unchanged. */
export function gcj02ToWgs84(p: LngLatGcj02): LngLatWgs84 {
  if (!isInChina(p[0], p[1])) return [p[0], p[1]] as unknown as LngLatWgs84;
  return invert(forwardGcj, p[0], p[1]) as unknown as LngLatWgs84;
}

/** GCJ-02 → BD-09 (applied everywhere, as Baidu does; it is not limited to China). */
export function gcj02ToBd09(p: LngLatGcj02): LngLatBd09 {
  return forwardBd(p[0], p[1]) as unknown as LngLatBd09;
}

/** BD-09 → GCJ-02 (iterated to < 1e-10°). */
export function bd09ToGcj02(p: LngLatBd09): LngLatGcj02 {
  return invert(forwardBd, p[0], p[1]) as unknown as LngLatGcj02;
}

/** WGS-84 → BD-09 (through GCJ-02). */
export function wgs84ToBd09(p: LngLatWgs84): LngLatBd09 {
  return gcj02ToBd09(wgs84ToGcj02(p));
}

/** BD-09 → WGS-84 (through GCJ-02). */
export function bd09ToWgs84(p: LngLatBd09): LngLatWgs84 {
  return gcj02ToWgs84(bd09ToGcj02(p));
}

/** A pair declared in `crs`, in WGS-84. */
export function toWgs84(lng: number, lat: number, crs: Crs): LngLatWgs84 {
  switch (crs) {
    case 'wgs84':
    case 'cgcs2000': // within centimetres of WGS-84; see the file comment
      return [lng, lat] as unknown as LngLatWgs84;
    case 'gcj02':
      return gcj02ToWgs84([lng, lat] as unknown as LngLatGcj02);
    case 'bd09':
      return bd09ToWgs84([lng, lat] as unknown as LngLatBd09);
  }
}

const EARTH_RADIUS_M = 6_371_008.8; // IUGG mean radius
const DEG = Math.PI / 180;

/**
 * Great-circle distance in metres (haversine on the mean sphere; within 0.5 % of the ellipsoid).
 * Both points must be in the same system; across systems the answer is the shift, not a distance.
 */
export function distanceMetres(a: readonly [number, number], b: readonly [number, number]): number {
  const dLat = (b[1] - a[1]) * DEG;
  const dLng = (b[0] - a[0]) * DEG;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * DEG) * Math.cos(b[1] * DEG) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

type Forward = (lng: number, lat: number) => [number, number];

function forwardGcj(lng: number, lat: number): [number, number] {
  return gcoord.transform<[number, number]>([lng, lat], gcoord.WGS84, gcoord.GCJ02);
}

function forwardBd(lng: number, lat: number): [number, number] {
  return gcoord.transform<[number, number]>([lng, lat], gcoord.GCJ02, gcoord.BD09);
}

const TOLERANCE_DEG = 1e-10;
// Both shifts change by about 1e-3 of a step across a step (their Jacobians are within 1e-3 of
// identity), so each iteration gains about three digits: 5 iterations reach 1e-10° from a 500 m
// shift. The cap only matters where no exact preimage exists (see `invert`).
const MAX_ITERATIONS = 20;

/**
 * Solves `forward(x) = target` by fixed-point iteration `x ← x − (forward(x) − target)`. Near the
 * edge of `GCJ02_EXTENT` a GCJ-02 point may have no preimage (its WGS-84 origin would lie outside,
 * where nothing is shifted); there the iteration cannot converge and we return the iterate with
 * the smallest residual rather than loop forever.
 */
function invert(forward: Forward, lng: number, lat: number): [number, number] {
  let x: [number, number] = [lng, lat];
  let best = x;
  let bestResidual = Infinity;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const [fx, fy] = forward(x[0], x[1]);
    const dx = fx - lng;
    const dy = fy - lat;
    const residual = Math.max(Math.abs(dx), Math.abs(dy));
    if (residual < bestResidual) {
      best = x;
      bestResidual = residual;
    }
    if (residual < TOLERANCE_DEG) break;
    x = [x[0] - dx, x[1] - dy];
  }
  return best;
}
