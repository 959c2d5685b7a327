import type { FeatureCollection } from 'geojson';
import type { StyleSpecification } from 'maplibre-gl';

/** The wall's dark palette for the project's own basemap. */
const BASEMAP = {
  background: '#0b1733',
  districtFill: '#12244a',
  districtLine: '#4fa3ff',
};

/**
 * The project's own basemap: a background and the district outline, nothing fetched from
 * outside (no tiles, no glyphs, no sprites). Scope boundaries and buildings join it later.
 */
export function basemapStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {
      district: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': BASEMAP.background } },
      { id: 'district-fill', type: 'fill', source: 'district', paint: { 'fill-color': BASEMAP.districtFill, 'fill-opacity': 0.9 } },
      { id: 'district-line', type: 'line', source: 'district', paint: { 'line-color': BASEMAP.districtLine, 'line-width': 2.5, 'line-blur': 0.5 } },
    ],
  };
}

/** Bounds `[[west, south], [east, north]]` of every coordinate of a FeatureCollection of polygons. */
export function featureBounds(fc: FeatureCollection): [[number, number], [number, number]] | undefined {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const f of fc.features) {
    const g = f.geometry;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    for (const rings of polygons) for (const ring of rings) for (const [x, y] of ring) {
      if (x! < w) w = x!;
      if (x! > e) e = x!;
      if (y! < s) s = y!;
      if (y! > n) n = y!;
    }
  }
  return w <= e ? [[w, s], [e, n]] : undefined;
}
