import { Router, type Response } from 'express';
import { LEVEL_NAMES } from '@geo/scope-code';
import { scopeFeature } from '@geo/geojson';
import { labelPoint } from '@geo/label-point';
import type { LoadedTerritory } from '../territory/load-territory';
import { BUILDING_MAX_ZOOM, BUILDING_MIN_ZOOM, BuildingTiles } from '../tiles/building-tiles';
import { ROAD_MAX_ZOOM, RoadTiles } from '../tiles/road-tiles';
import { validTile } from '../tiles/mercator';
import { HttpError } from './http-error';

/** What the map needs to find the static geometry; URLs carry the territory's hash. */
export interface GeoManifest {
  hash: string;
  district: { code: string; name: string; bounds: readonly [number, number, number, number] };
  counts: Record<(typeof LEVEL_NAMES)[number] | 'building' | 'road', number>;
  boundaries: Record<(typeof LEVEL_NAMES)[number], string>;
  tiles: {
    buildings: { url: string; minzoom: number; maxzoom: number };
    roads: { url: string; minzoom: number; maxzoom: number };
  };
}

/** Tiles kept encoded in memory (a busy wall asks for the same few hundred). */
const TILE_CACHE_SIZE = 4000;

/**
 * Static geometry: the manifest, scope boundaries per level as RFC 7946 GeoJSON, and vector
 * tiles of buildings and roads. Mounted behind `requireIdentity`: geometry of the whole district
 * is the basemap, so any valid identity may read it whatever its scope (no live data here). A URL with the current `v` (the territory hash) never changes
 * content, so it is cached for a year; without it, answers revalidate by ETag.
 */
export function geoRouter(loaded: LoadedTerritory): Router {
  const router = Router();
  const { territory, hash } = loaded;
  const buildingTiles = new BuildingTiles(loaded.buildings, loaded.buildingRowids);
  const roadTiles = new RoadTiles(loaded.roads);
  const geojsonByLevel = new Map<number, string>();
  const tileCache = new Map<string, Uint8Array | null>();

  const cache = (res: Response, v: unknown): void => {
    // private: answers to an authenticated request are not for shared caches (an intranet proxy).
    res.set('Cache-Control', v === hash ? 'private, max-age=31536000, immutable' : 'no-cache');
  };

  router.get('/api/geo/manifest', (_req, res) => {
    const counts = Object.fromEntries(LEVEL_NAMES.map((name, level) => [name, territory.scopes.filter((s) => s.level === level).length])) as GeoManifest['counts'];
    counts.building = loaded.buildings.count;
    counts.road = loaded.roads.length;
    const body: GeoManifest = {
      hash,
      district: { code: territory.district.code, name: territory.district.name, bounds: territory.district.bounds },
      counts,
      boundaries: Object.fromEntries(LEVEL_NAMES.map((name) => [name, `/api/geo/scopes.geojson?level=${name}&v=${hash}`])) as GeoManifest['boundaries'],
      tiles: {
        buildings: { url: `/api/tiles/buildings/{z}/{x}/{y}.pbf?v=${hash}`, minzoom: BUILDING_MIN_ZOOM, maxzoom: BUILDING_MAX_ZOOM },
        roads: { url: `/api/tiles/roads/{z}/{x}/{y}.pbf?v=${hash}`, minzoom: 0, maxzoom: ROAD_MAX_ZOOM },
      },
    };
    res.set('Cache-Control', 'no-cache').json(body);
  });

  router.get('/api/geo/scopes.geojson', (req, res) => {
    const level = typeof req.query.level === 'string' ? req.query.level : 'district';
    const index = LEVEL_NAMES.indexOf(level as (typeof LEVEL_NAMES)[number]);
    if (index < 0) {
      throw new HttpError(400, 'invalid', `level must be one of: ${LEVEL_NAMES.join(', ')}`, [{ path: 'level', message: `unknown level ${JSON.stringify(level)}` }]);
    }
    let body = geojsonByLevel.get(index);
    if (body === undefined) {
      const features = territory.scopes
        .filter((s) => s.level === index)
        .map((s) => {
          const f = scopeFeature(s);
          return { ...f, properties: { ...f.properties, label: labelPoint(s.polygons) } };
        });
      body = JSON.stringify({ type: 'FeatureCollection', features });
      geojsonByLevel.set(index, body);
    }
    cache(res, req.query.v);
    res.type('application/geo+json').send(body);
  });

  router.get('/api/tiles/:layer/:z/:x/:y.pbf', (req, res) => {
    const { layer } = req.params;
    const [z, x, y] = [Number(req.params.z), Number(req.params.x), Number(req.params.y)];
    if (layer !== 'buildings' && layer !== 'roads') throw new HttpError(404, 'not-found', `no tile layer ${JSON.stringify(layer)}: buildings, roads`);
    if (!validTile(z, x, y)) throw new HttpError(400, 'invalid', `no such tile ${req.params.z}/${req.params.x}/${req.params.y}`);
    const key = `${layer}/${z}/${x}/${y}`;
    let tile = tileCache.get(key);
    if (tile === undefined) {
      tile = (layer === 'buildings' ? buildingTiles.tile(z, x, y) : roadTiles.tile(z, x, y)) ?? null;
      if (tileCache.size >= TILE_CACHE_SIZE) tileCache.delete(tileCache.keys().next().value as string);
      tileCache.set(key, tile);
    }
    cache(res, req.query.v);
    if (!tile) {
      res.status(204).end();
      return;
    }
    res.type('application/vnd.mapbox-vector-tile').send(Buffer.from(tile.buffer, tile.byteOffset, tile.byteLength));
  });

  return router;
}
