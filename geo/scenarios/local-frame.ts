import { metresPerDegree } from '../measure';
import type { PolygonRings } from '../polygon';

/**
 * A flat frame in metres around a district's centre, so the generator can think in metres
 * (Voronoi cells, road spacing, building sizes) and return WGS-84. Over a district (≤ 100 km) the
 * equirectangular error is far below what a synthetic map needs.
 */
export class LocalFrame {
  private readonly kx: number;
  private readonly ky: number;

  constructor(
    readonly lng0: number,
    readonly lat0: number,
  ) {
    const k = metresPerDegree(lat0);
    this.kx = k.x;
    this.ky = k.y;
  }

  toXY(lng: number, lat: number): [number, number] {
    return [(lng - this.lng0) * this.kx, (lat - this.lat0) * this.ky];
  }

  /** Full precision: shared boundary vertices stay identical, so scopes tile exactly. */
  toLngLat(x: number, y: number): [number, number] {
    return [this.lng0 + x / this.kx, this.lat0 + y / this.ky];
  }

  /** Rounded to 7 decimals (about 1 cm), for points and footprints that tile nothing. */
  toLngLatRounded(x: number, y: number): [number, number] {
    return [round7(this.lng0 + x / this.kx), round7(this.lat0 + y / this.ky)];
  }

  polygonsToXY(polygons: readonly PolygonRings[]): [number, number][][][] {
    return polygons.map((rings) => rings.map((ring) => ring.map(([lng, lat]) => this.toXY(lng, lat))));
  }

  polygonsToLngLat(polygons: readonly PolygonRings[]): [number, number][][][] {
    return polygons.map((rings) => rings.map((ring) => ring.map(([x, y]) => this.toLngLat(x, y))));
  }
}

/** 7 decimals of a degree: about 1 cm, enough for any footprint and half the bytes of a double. */
function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}
