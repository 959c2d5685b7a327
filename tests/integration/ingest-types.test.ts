import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestEvent } from '../../server/protocol/index';
import { wgs84ToGcj02 } from '../../geo/crs';
import { wgs84 } from '../../geo/lnglat';
import { startTestServer, type RunningTestServer } from '../support/test-server';

let running: RunningTestServer;
beforeAll(async () => {
  running = await startTestServer();
});
afterAll(async () => {
  await running.stop();
});

async function post(events: unknown[]): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${running.url}/api/ingest/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${running.apiKey}` },
    body: JSON.stringify({ events }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const at = '2026-11-23T09:00:00+08:00';
const one: IngestEvent[] = [
  { id: 'e-wo', type: 'workorder.transitioned', occurredAt: at, data: { workOrderId: 'W1', incidentId: 'I1', to: 'dispatched', department: '城管', level: 'street', actor: '派单员', deadline: '2026-11-24T09:00:00+08:00' } },
  { id: 'e-rate', type: 'workorder.rated', occurredAt: at, data: { workOrderId: 'W1', satisfied: true } },
  { id: 'e-call', type: 'hotline.call', occurredAt: at, data: { callId: 'H1', offeredAt: at, answeredAt: '2026-11-23T09:00:07+08:00', category: 'garbage' } },
  { id: 'e-cam', type: 'camera.upserted', occurredAt: at, data: { cameraId: 'C1', name: '路口', location: [121.05, 32.06], stream: { kind: 'gb28181', channelId: '32061200001320000001' }, online: true } },
  { id: 'e-camst', type: 'camera.status', occurredAt: at, data: { cameraId: 'C1', online: false } },
  { id: 'e-bld', type: 'building.upserted', occurredAt: at, data: { buildingId: 'B1', address: '某路1号', location: [121.05, 32.06], floors: 6, households: 24, residents: 60, rental: { level: '严管' } } },
  { id: 'e-pop', type: 'population.upserted', occurredAt: at, data: { personId: 'P1', categories: ['elderly-alone'], buildingId: 'B1', name: '王秀英', idNumber: '32061219450307002X', phone: '13912345678' } },
  { id: 'e-poprm', type: 'population.removed', occurredAt: at, data: { personId: 'P9' } },
  { id: 'e-staff', type: 'staff.upserted', occurredAt: at, data: { staffId: 'S1', name: '赵建国', role: 'worker', gridCode: '320612001001001', phone: '13800002222' } },
  { id: 'e-patrol', type: 'patrol.recorded', occurredAt: at, data: { patrolId: 'T1', staffId: 'S1', buildingId: 'B1' } },
];

describe('every event type of the contract', () => {
  it('is accepted, and a resend of the batch counts as duplicates', async () => {
    const first = await post(one);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ accepted: one.length, duplicates: 0 });
    const again = await post(one);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: one.length, lastSeq: first.body.lastSeq });
  });

  it('keeps personal fields sealed in the store: no name, ID number or phone in clear on disk', async () => {
    const stored = await running.server.store.findById('e-pop');
    const data = stored!.data as Record<string, string>;
    for (const f of ['name', 'idNumber', 'phone']) expect(data[f]).toMatch(/^pii:v1:/);
    const file = readFileSync(join(running.dataDir, 'command-center.sqlite'));
    const wal = (() => {
      try {
        return readFileSync(join(running.dataDir, 'command-center.sqlite-wal'));
      } catch {
        return Buffer.alloc(0);
      }
    })();
    for (const secret of ['王秀英', '32061219450307002X', '13912345678', '赵建国', '13800002222']) {
      expect(file.includes(Buffer.from(secret))).toBe(false);
      expect(wal.includes(Buffer.from(secret))).toBe(false);
    }
  });

  it('stores a GCJ-02 location in WGS-84 and keeps what was sent', async () => {
    const truth = wgs84(121.06, 32.065);
    const sent = wgs84ToGcj02(truth);
    const r = await post([{ id: 'e-gcj', type: 'incident.reported', occurredAt: at, data: { incidentId: 'I-gcj', category: 'garbage', source: 'snapshot', location: [sent[0], sent[1]], crs: 'gcj02', severity: 1, description: '随手拍' } }]);
    expect(r.status).toBe(200);
    const data = (await running.server.store.findById('e-gcj'))!.data as { location: number[]; sentLocation: { crs: string; location: number[] }; crs?: string };
    expect(data.location[0]).toBeCloseTo(truth[0], 6);
    expect(data.location[1]).toBeCloseTo(truth[1], 6);
    expect(data.sentLocation).toEqual({ crs: 'gcj02', location: [sent[0], sent[1]] });
    expect(data.crs).toBeUndefined();
  });

  it('refuses bad records of each kind with the field path', async () => {
    const bad = [
      { ...one[0]!, id: 'b1', data: { ...(one[0]!.data as object), to: 'teleported' } },
      { ...one[2]!, id: 'b2', data: { callId: 'H2', offeredAt: at, answeredAt: '2026-11-23T08:59:00+08:00' } },
      { ...one[3]!, id: 'b3', data: { ...(one[3]!.data as object), stream: { kind: 'rtsp', url: 'http://x' } } },
      { ...one[6]!, id: 'b4', data: { ...(one[6]!.data as object), idNumber: '12345' } },
      { ...one[9]!, id: 'b5', data: { patrolId: 'T2', staffId: 'S1' } },
    ];
    const r = await post(bad);
    expect(r.status).toBe(400);
    const issues = r.body.issues as { index: number; path: string }[];
    expect(issues.map((i) => `${i.index}:${i.path}`)).toEqual(['0:data.to', '1:data.answeredAt', '2:data.stream.url', '3:data.idNumber', '4:data.buildingId']);
  });
});
