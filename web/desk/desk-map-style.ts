import type { StyleSpecification } from 'maplibre-gl';
import type { GeoManifest } from '../map/geo-manifest';
import { LIGHT } from '../theme/palette';

const C = LIGHT.map;
const empty = (): GeoJSON.FeatureCollection => ({ type: 'FeatureCollection', features: [] });

/** The GeoJSON sources the desk's map fills: the shown scope's outline and its children's. */
export const DESK_SOURCES = { scope: 'scope', children: 'children', hover: 'hover' } as const;

/**
 * The desk's small map: the district's land and arterial roads from our own server (the wall's
 * basemap, light and without buildings or minor roads), and above it the shown scope and its
 * children, which the desk fills in. No glyphs or sprites: the children's names are HTML labels.
 */
export function deskMapStyle(m: GeoManifest, origin: string): StyleSpecification {
  const abs = (path: string): string => origin + path;
  return {
    version: 8,
    sources: {
      district: { type: 'geojson', data: abs(m.boundaries.district) },
      roads: { type: 'vector', tiles: [abs(m.tiles.roads.url)], minzoom: m.tiles.roads.minzoom, maxzoom: m.tiles.roads.maxzoom },
      [DESK_SOURCES.children]: { type: 'geojson', data: empty() },
      [DESK_SOURCES.hover]: { type: 'geojson', data: empty() },
      [DESK_SOURCES.scope]: { type: 'geojson', data: empty() },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': C.background } },
      { id: 'district-land', type: 'fill', source: 'district', paint: { 'fill-color': C.land } },
      { id: 'roads-arterial', type: 'line', source: 'roads', 'source-layer': 'roads', filter: ['==', ['get', 'kind'], 'arterial'], paint: { 'line-color': C.local, 'line-width': 1 } },
      { id: 'children-fill', type: 'fill', source: DESK_SOURCES.children, paint: { 'fill-color': C.community, 'fill-opacity': 0.08 } },
      { id: 'hover-fill', type: 'fill', source: DESK_SOURCES.hover, paint: { 'fill-color': LIGHT.accent, 'fill-opacity': 0.22 } },
      { id: 'children-line', type: 'line', source: DESK_SOURCES.children, paint: { 'line-color': C.community, 'line-width': 1 } },
      { id: 'scope-line', type: 'line', source: DESK_SOURCES.scope, paint: { 'line-color': LIGHT.accent, 'line-width': 2.5 } },
    ],
  };
}
