import type { StyleSpecification } from 'maplibre-gl';
import type { GeoManifest } from './geo-manifest';
import { PALETTE } from '../theme/palette';

/** The basemap's colours of the page's theme (no semantic colours here). */
const C = PALETTE.map;

/**
 * The project's own basemap, everything served by our server: district land, roads and building
 * extrusions from our vector tiles, and scope boundaries that appear as the zoom makes them
 * readable. No glyphs or sprites: labels are drawn by deck.gl from browser fonts.
 */
export function basemapStyle(m: GeoManifest, origin: string): StyleSpecification {
  // Not `new URL()`: it would percent-encode the {z}/{x}/{y} placeholders of tile templates.
  const abs = (path: string): string => origin + path;
  return {
    version: 8,
    sources: {
      district: { type: 'geojson', data: abs(m.boundaries.district) },
      street: { type: 'geojson', data: abs(m.boundaries.street) },
      community: { type: 'geojson', data: abs(m.boundaries.community) },
      grid: { type: 'geojson', data: abs(m.boundaries.grid) },
      roads: { type: 'vector', tiles: [abs(m.tiles.roads.url)], minzoom: m.tiles.roads.minzoom, maxzoom: m.tiles.roads.maxzoom },
      buildings: { type: 'vector', tiles: [abs(m.tiles.buildings.url)], minzoom: m.tiles.buildings.minzoom, maxzoom: m.tiles.buildings.maxzoom },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': C.background } },
      { id: 'district-land', type: 'fill', source: 'district', paint: { 'fill-color': C.land } },
      { id: 'roads-local', type: 'line', source: 'roads', 'source-layer': 'roads', minzoom: 13, filter: ['==', ['get', 'kind'], 'local'], paint: { 'line-color': C.local, 'line-width': ['interpolate', ['linear'], ['zoom'], 13, 0.6, 16, 3] } },
      { id: 'roads-arterial', type: 'line', source: 'roads', 'source-layer': 'roads', filter: ['==', ['get', 'kind'], 'arterial'], paint: { 'line-color': C.arterial, 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1, 12, 2.5, 16, 8] } },
      { id: 'grid-line', type: 'line', source: 'grid', minzoom: 12, paint: { 'line-color': C.grid, 'line-width': 1 } },
      { id: 'community-line', type: 'line', source: 'community', minzoom: 10.5, paint: { 'line-color': C.community, 'line-width': ['interpolate', ['linear'], ['zoom'], 10.5, 0.6, 14, 1.6] } },
      { id: 'street-line', type: 'line', source: 'street', paint: { 'line-color': C.street, 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1, 14, 2.5] } },
      {
        id: 'buildings',
        type: 'fill-extrusion',
        source: 'buildings',
        'source-layer': 'buildings',
        minzoom: m.tiles.buildings.minzoom,
        paint: { 'fill-extrusion-color': C.building, 'fill-extrusion-height': ['get', 'height'], 'fill-extrusion-opacity': 0.85 },
      },
      { id: 'district-line', type: 'line', source: 'district', paint: { 'line-color': C.district, 'line-width': 2.5, 'line-blur': 0.5 } },
    ],
  };
}
