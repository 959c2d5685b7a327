/**
 * Real district outlines, committed as WGS-84 GeoJSON under `data/outlines/` (extracted from
 * AMap-derived data and converted from GCJ-02; see `data/outlines/SOURCE.md`). Static JSON imports,
 * so the same code works under Node (tsx) and in the Vite bundle.
 */
import tongzhou from './data/outlines/320612.json' with { type: 'json' };
import dongguan from './data/outlines/441900.json' with { type: 'json' };
import type { PolygonRings } from './polygon';

/** Codes of the districts whose outlines are committed. */
export const OUTLINE_CODES = ['320612', '441900'] as const;
export type OutlineCode = (typeof OUTLINE_CODES)[number];

/** A district's outline: WGS-84, rings closed, outer rings counter-clockwise (RFC 7946). */
export interface Outline {
  code: OutlineCode;
  name: string;
  polygons: readonly PolygonRings[];
}

/** The committed files as TypeScript sees a JSON import (plain number arrays). */
interface OutlineFile {
  properties: { code: string; name: string };
  geometry: { type: string; coordinates: number[][][] | number[][][][] };
}

const FILES: Record<OutlineCode, OutlineFile> = { '320612': tongzhou, '441900': dongguan };

/** The outline of `code`, as polygons (each outer ring first, then its holes). */
export function loadOutline(code: OutlineCode): Outline {
  const file = FILES[code];
  const { geometry } = file;
  // A Polygon is one polygon's rings; a MultiPolygon, a list of them.
  const polygons =
    geometry.type === 'Polygon' ? [geometry.coordinates as number[][][]] : (geometry.coordinates as number[][][][]);
  return {
    code,
    name: file.properties.name,
    polygons: polygons.map((rings) => rings.map((ring) => ring.map((p) => [p[0]!, p[1]!] as const))),
  };
}
