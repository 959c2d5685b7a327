import { apiJson } from '../services/api';

/**
 * The server's description of its static geometry (`GET /api/geo/manifest`): where boundaries
 * and tiles are, versioned by the territory's hash so the browser caches them for good.
 */
export interface GeoManifest {
  hash: string;
  district: { code: string; name: string; bounds: [number, number, number, number] };
  counts: Record<string, number>;
  boundaries: Record<'district' | 'street' | 'community' | 'grid' | 'micro-grid', string>;
  tiles: Record<'buildings' | 'roads', { url: string; minzoom: number; maxzoom: number }>;
}

export function fetchManifest(): Promise<GeoManifest> {
  return apiJson<GeoManifest>('/api/geo/manifest', 'geo manifest');
}
