import { Router } from 'express';
import { z } from 'zod';
import {
  PROTOCOL_VERSION,
  errorBody,
  healthResponse,
  ingestRequest,
  ingestResponse,
  loginRequest,
  loginResponse,
  meResponse,
  newAccountInput,
  newAccountResponse,
  newDisplayTokenInput,
  newDisplayTokenResponse,
  realtimeMetrics,
} from '@protocol/index';
import { SERVER_VERSION } from '../version';
import { REPORT_ROUTES } from './report-docs';
import { SECURITY_ROUTES } from './openapi-security';
import { CAMERA_ROUTES } from './camera-docs';
import { DRILL_ROUTES } from './openapi-drill';

type Auth = 'none' | 'bearer' | 'apiKey' | 'reportTicket';

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  /** One scheme, or several of which any one is enough. */
  auth: Auth | readonly Auth[];
  request?: { name: string; schema: z.ZodType };
  response?: { status: number; name?: string; schema?: z.ZodType; contentType?: string; description?: string };
  errors: number[];
  parameters?: { name: string; in: 'path' | 'query'; required: boolean; description: string; schema: Record<string, unknown> }[];
}

/**
 * The HTTP API as integrators see it, generated from the same zod schemas that validate the
 * requests (`server/protocol/`), so the document cannot drift from what the server accepts.
 * Add a route here when you add one to the server.
 */
const ROUTES: RouteDoc[] = [
  { method: 'get', path: '/api/health', summary: 'Liveness, version, protocol and store; 503 with status degraded and the problem when this node cannot fold its log (its numbers may be stale)', auth: 'none', response: { status: 200, name: 'Health', schema: healthResponse }, errors: [] },
  {
    method: 'post',
    path: '/api/ingest/events',
    summary: 'Append a batch of up to 1,000 events (1 MiB). The batch is atomic; the answer comes once it is durable. A resent id with identical content is a duplicate; with other content, 409.',
    auth: 'apiKey',
    request: { name: 'IngestRequest', schema: ingestRequest },
    response: { status: 200, name: 'IngestResponse', schema: ingestResponse },
    errors: [400, 401, 409, 413, 415],
  },
  { method: 'post', path: '/api/auth/login', summary: 'Sign in; returns a signed, expiring token', auth: 'none', request: { name: 'LoginRequest', schema: loginRequest }, response: { status: 200, name: 'LoginResponse', schema: loginResponse }, errors: [400, 401, 429] },
  { method: 'get', path: '/api/metrics', summary: "This node's realtime figures: sockets, rooms, slow clients demoted, deltas, snapshots and changes sent (admin)", auth: 'bearer', response: { status: 200, name: 'RealtimeMetrics', schema: realtimeMetrics }, errors: [401, 403] },
  { method: 'get', path: '/api/auth/me', summary: 'Who the token is', auth: 'bearer', response: { status: 200, name: 'Me', schema: meResponse }, errors: [401] },
  { method: 'post', path: '/api/users', summary: 'Create an account (admin or security officer); the generated password is returned once', auth: 'bearer', request: { name: 'NewAccount', schema: newAccountInput }, response: { status: 201, name: 'NewAccountResponse', schema: newAccountResponse }, errors: [400, 401, 403, 409] },
  { method: 'post', path: '/api/display-tokens', summary: "Create a wall display's token (admin); returned once", auth: 'bearer', request: { name: 'NewDisplayToken', schema: newDisplayTokenInput }, response: { status: 201, name: 'NewDisplayTokenResponse', schema: newDisplayTokenResponse }, errors: [400, 401, 403] },
  {
    method: 'delete',
    path: '/api/display-tokens/{id}',
    summary: "Revoke a display token (admin); the wall's connections are dropped",
    auth: 'bearer',
    parameters: [{ name: 'id', in: 'path', required: true, description: 'token id', schema: { type: 'integer' } }],
    response: { status: 204, description: 'revoked' },
    errors: [401, 403, 404],
  },
  { method: 'get', path: '/api/geo/manifest', summary: 'Where the static geometry is: boundary and tile URLs versioned by the territory hash, counts', auth: 'bearer', response: { status: 200, contentType: 'application/json', description: 'the manifest' }, errors: [401] },
  {
    method: 'get',
    path: '/api/geo/scopes.geojson',
    summary: 'Scope boundaries of one level as RFC 7946 GeoJSON (WGS-84); properties code, name, level, parent, label',
    auth: 'bearer',
    parameters: [
      { name: 'level', in: 'query', required: true, description: 'district, street, community, grid or micro-grid', schema: { type: 'string', enum: ['district', 'street', 'community', 'grid', 'micro-grid'] } },
      { name: 'v', in: 'query', required: false, description: 'the territory hash from the manifest: the answer is then immutable', schema: { type: 'string' } },
    ],
    response: { status: 200, contentType: 'application/geo+json', description: 'a FeatureCollection' },
    errors: [400, 401],
  },
  {
    method: 'get',
    path: '/api/tiles/{layer}/{z}/{x}/{y}.pbf',
    summary: 'Mapbox vector tiles of buildings (from z14; properties floors, height, rental) or roads (kind, name); 204 when empty',
    auth: 'bearer',
    parameters: ['layer', 'z', 'x', 'y'].map((name) => ({ name, in: 'path' as const, required: true, description: name === 'layer' ? 'buildings or roads' : `tile ${name}`, schema: { type: name === 'layer' ? 'string' : 'integer' } })),
    response: { status: 200, contentType: 'application/vnd.mapbox-vector-tile', description: 'a vector tile' },
    errors: [400, 401, 404],
  },
  ...REPORT_ROUTES,
  ...SECURITY_ROUTES,
  ...CAMERA_ROUTES,
  ...DRILL_ROUTES,
];

const ERROR_TEXT: Record<number, string> = {
  400: 'invalid request: `issues` name each problem (for ingest: the event index and field path)',
  401: 'no, unknown, expired or revoked credentials',
  403: 'not allowed for this identity',
  404: 'not found',
  409: 'an event id was already accepted with other content; nothing of the batch was stored',
  413: 'body larger than the limit',
  415: 'body is not JSON',
  410: 'the report ticket was already used or has expired',
  429: 'too many attempts; see Retry-After',
  503: 'a part the request needs is not installed on this server (the PDF printer: Chromium)',
};

/** The OpenAPI 3.1 document. */
export function openApiDocument(): Record<string, unknown> {
  const schemas: Record<string, unknown> = { Error: toSchema(errorBody) };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTES) {
    const op: Record<string, unknown> = { summary: r.summary, responses: {} as Record<string, unknown> };
    const auths = (typeof r.auth === 'string' ? [r.auth] : r.auth).filter((a) => a !== 'none');
    if (auths.length > 0) op.security = auths.map((a) => ({ [a]: [] }));
    if (r.parameters) op.parameters = r.parameters;
    if (r.request) {
      schemas[r.request.name] = toSchema(r.request.schema);
      op.requestBody = { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${r.request.name}` } } } };
    }
    const responses = op.responses as Record<string, unknown>;
    if (r.response) {
      const { status, name, schema, contentType, description } = r.response;
      if (name && schema) schemas[name] = toSchema(schema);
      responses[String(status)] =
        name && schema
          ? { description: description ?? 'ok', content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } }
          : { description: description ?? 'ok', ...(contentType ? { content: { [contentType]: {} } } : {}) };
    }
    for (const code of r.errors) {
      responses[String(code)] = { description: ERROR_TEXT[code] ?? 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    (paths[r.path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Grid governance command center', version: SERVER_VERSION, description: `Wire protocol version ${PROTOCOL_VERSION}. Socket.IO events are typed in server/protocol/socket.ts.` },
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'a login token (POST /api/auth/login) or a display token' },
        apiKey: { type: 'http', scheme: 'bearer', description: "an upstream system's API key (npm run keys -- create NAME)" },
        reportTicket: { type: 'apiKey', in: 'query', name: 'ticket', description: 'a single-use ticket of POST /api/reports/tickets, valid for a minute (the printable page in a new tab)' },
      },
    },
  };
}

function toSchema(schema: z.ZodType): unknown {
  // Refinements (cross-field rules) cannot be written in JSON Schema; the server still applies them.
  return z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' });
}

/** `GET /api/openapi.json` (no authentication: it describes, it does not reveal data). */
export function openApiRouter(): Router {
  const router = Router();
  const body = JSON.stringify(openApiDocument());
  router.get('/api/openapi.json', (_req, res) => {
    res.type('application/json').send(body);
  });
  return router;
}
