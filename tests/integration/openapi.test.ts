import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type RunningTestServer } from '../support/test-server';

let running: RunningTestServer;
beforeAll(async () => {
  running = await startTestServer();
});
afterAll(async () => {
  await running.stop();
});

interface Doc {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; requestBody?: unknown }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
}

describe('GET /api/openapi.json', () => {
  it('documents every contract endpoint, generated from the zod schemas', async () => {
    const res = await fetch(`${running.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/api/health', '/api/ingest/events', '/api/auth/login', '/api/users', '/api/display-tokens', '/api/display-tokens/{id}', '/api/geo/scopes.geojson', '/api/tiles/{layer}/{z}/{x}/{y}.pbf']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/ingest/events']!.post!.security).toEqual([{ apiKey: [] }]);
    expect(doc.paths['/api/health']!.get!.security).toBeUndefined();
    // The ingest body lists every event type with its data's fields.
    const text = JSON.stringify(doc.components.schemas.IngestRequest);
    for (const type of ['incident.reported', 'workorder.transitioned', 'workorder.rated', 'hotline.call', 'camera.upserted', 'camera.status', 'building.upserted', 'population.upserted', 'population.removed', 'staff.upserted', 'patrol.recorded']) {
      expect(text).toContain(`"${type}"`);
    }
    expect(text).toContain('"incidentId"');
    expect(doc.components.schemas.LoginRequest!.required).toEqual(['username', 'password']);
  });
});
