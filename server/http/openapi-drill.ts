import { buildingAt, buildingCard, gridCard, incidentCard, searchResponse } from '@protocol/index';
import type { RouteDoc } from './openapi';

const id = (what: string) => ({ name: 'id', in: 'path' as const, required: true, description: what, schema: { type: 'string' } });

/** The leaders' drill-down (issue 8), in the generated OpenAPI document. */
export const DRILL_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/grids/{code}/card',
    summary: 'The grid card of a grid or micro-grid: its path, staff (masked), buildings, residents, households, rental buildings by level with patrol completion, key populations, open incidents and work orders with deadlines, cameras',
    auth: 'bearer',
    parameters: [{ name: 'code', in: 'path', required: true, description: 'a grid (15 digits) or micro-grid (17 digits) code', schema: { type: 'string' } }],
    response: { status: 200, name: 'GridCard', schema: gridCard },
    errors: [401, 404],
  },
  {
    method: 'get',
    path: '/api/buildings/at',
    summary: 'The building under a point, or the nearest within 30 m, among those you may read',
    auth: 'bearer',
    parameters: [
      { name: 'lng', in: 'query', required: true, description: 'WGS-84 longitude', schema: { type: 'number', minimum: -180, maximum: 180 } },
      { name: 'lat', in: 'query', required: true, description: 'WGS-84 latitude', schema: { type: 'number', minimum: -90, maximum: 90 } },
    ],
    response: { status: 200, name: 'BuildingAt', schema: buildingAt },
    errors: [400, 401, 404],
  },
  {
    method: 'get',
    path: '/api/buildings/{id}/card',
    summary: 'The building card: address, floors, households, residents, rental level, key populations in it, incidents within 30 m in the last 90 days',
    auth: 'bearer',
    parameters: [id('building id')],
    response: { status: 200, name: 'BuildingCard', schema: buildingCard },
    errors: [401, 404],
  },
  {
    method: 'get',
    path: '/api/incidents/{id}',
    summary: "An incident with its work order, the order's full timeline, and the nearest cameras (online first, then by distance, at most 8)",
    auth: 'bearer',
    parameters: [id('incident id'), { name: 'radius', in: 'query', required: false, description: 'camera search radius in metres (default 500)', schema: { type: 'number', minimum: 1, maximum: 5000 } }],
    response: { status: 200, name: 'IncidentCard', schema: incidentCard },
    errors: [400, 401, 404],
  },
  {
    method: 'get',
    path: '/api/search',
    summary: 'One search box: scopes by code, name or pinyin initials, buildings by address, work orders and incidents by id; exact matches first, then prefixes, then substrings; only inside your scope',
    auth: 'bearer',
    parameters: [
      { name: 'q', in: 'query', required: true, description: '1-64 characters', schema: { type: 'string', minLength: 1, maxLength: 64 } },
      { name: 'limit', in: 'query', required: false, description: 'at most this many results (1-50, default 20)', schema: { type: 'integer', minimum: 1, maximum: 50 } },
    ],
    response: { status: 200, name: 'SearchResponse', schema: searchResponse },
    errors: [400, 401],
  },
];
