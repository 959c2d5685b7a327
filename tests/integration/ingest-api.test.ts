import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type IngestEvent } from '../../server/protocol/index';
import { startTestServer, type RunningTestServer } from '../support/test-server';

let running: RunningTestServer;
beforeAll(async () => {
  running = await startTestServer();
});
afterAll(async () => {
  await running.stop();
});

function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${running.url}/api/ingest/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${running.apiKey}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function incident(id: string, description = 'test'): IngestEvent {
  return {
    id,
    type: 'incident.reported',
    occurredAt: '2026-11-23T09:15:00+08:00',
    data: { incidentId: id, category: 'garbage', source: 'hotline', location: [121.05, 32.05], severity: 1, description },
  };
}

describe('POST /api/ingest/events', () => {
  it('refuses a batch with a bad event whole, naming the index and path of each problem', async () => {
    const before = await running.server.store.lastSeq();
    const bad = { ...incident('x2'), data: { ...incident('x2').data, severity: 9 } };
    const res = await post({ events: [incident('x1'), bad] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; issues: unknown[] };
    expect(body.error).toBe('invalid');
    expect(body.issues).toEqual([{ index: 1, path: 'data.severity', message: expect.any(String) }]);
    expect(await running.server.store.lastSeq()).toBe(before);
  });

  it('accepts, counts duplicates, and refuses an id reused with other content (409)', async () => {
    const first = await post({ events: [incident('d1'), incident('d2')] });
    expect(first.status).toBe(200);
    const a = (await first.json()) as { accepted: number; duplicates: number; lastSeq: number };
    expect(a).toMatchObject({ accepted: 2, duplicates: 0 });

    const again = (await (await post({ events: [incident('d1'), incident('d3')] })).json()) as typeof a;
    expect(again).toEqual({ accepted: 1, duplicates: 1, lastSeq: a.lastSeq + 1 });

    const conflict = await post({ events: [incident('d4'), incident('d1', 'changed')] });
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as { message: string }).message).toContain('d1');
    expect(await running.server.store.lastSeq()).toBe(a.lastSeq + 1);
  });

  it('answers 401 without a valid key, 415 for non-JSON, 400 for broken JSON, 413 over 1 MiB', async () => {
    expect((await post({ events: [incident('k1')] }, { authorization: '' })).status).toBe(401);
    expect((await post({ events: [incident('k1')] }, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await post('events=1', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    const broken = await post('{"events": [');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: string }).error).toBe('malformed-json');
    const huge = await post({ events: [incident('big', 'x'.repeat(1_100_000))] });
    expect(huge.status).toBe(413);
  });
});

describe('GET /api/health and /api/geo', () => {
  it('reports health with version, protocol and store', async () => {
    const body = (await (await fetch(`${running.url}/api/health`)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', protocol: PROTOCOL_VERSION, store: 'sqlite' });
    expect(typeof body.version).toBe('string');
  });

  it('serves the district outline as GeoJSON with a counter-clockwise outer ring, and 400 for a bad level', async () => {
    const res = await fetch(`${running.url}/api/geo/scopes.geojson?level=district`, { headers: running.authHeaders() });
    expect(res.headers.get('content-type')).toContain('application/geo+json');
    const fc = (await res.json()) as { features: { properties: { code: string; level: string }; geometry: { coordinates: number[][][] } }[] };
    expect(fc.features.map((f) => f.properties)).toMatchObject([{ code: '320612', level: 'district' }]);
    const ring = fc.features[0]!.geometry.coordinates[0]!;
    let area2 = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) area2 += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
    expect(area2).toBeGreaterThan(0);
    expect((await fetch(`${running.url}/api/geo/scopes.geojson?level=county`, { headers: running.authHeaders() })).status).toBe(400);
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await fetch(`${running.url}/api/nope`, { headers: running.authHeaders() });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toBe('not-found');
  });
});
