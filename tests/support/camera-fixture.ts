import type { IngestEvent } from '@protocol/index';
import { DEMO_HLS_URL } from '@geo/scenarios/generate';
import { ingest } from './kpi-fixture';
import type { RunningTestServer } from './test-server';

/** Cameras of every pointer kind in one scope, and one camera in a sibling scope. */
export interface CameraFixture {
  /** The scope holding the cameras below but `foreign`. */
  own: string;
  /** A sibling of `own`. */
  other: string;
  hls: string;
  rtsp: string;
  gb28181: string;
  /** An HLS camera registered offline. */
  offline: string;
  /** An HLS camera in `other`. */
  foreign: string;
  /** An HLS camera whose playlist does not exist (a gateway gone wrong). */
  broken: string;
  /** The RTSP camera's pointer as registered, with a user and password. */
  rtspRegistered: string;
  /** The same pointer as the player shows it: without the credentials. */
  rtspUrl: string;
  channelId: string;
}

/** Registers the fixture's cameras through the ingest API and waits until they are folded. */
export async function seedCameras(r: RunningTestServer): Promise<CameraFixture> {
  const [[own, atOwn], [other, atOther]] = siblingPoints(r);
  const f: CameraFixture = {
    own,
    other,
    hls: 'CAM-HLS-1',
    rtsp: 'CAM-RTSP-1',
    gb28181: 'CAM-GB-1',
    offline: 'CAM-HLS-OFF',
    foreign: 'CAM-FOREIGN-1',
    broken: 'CAM-HLS-BROKEN',
    rtspRegistered: 'rtsp://admin:Hik12345@10.33.4.17:554/Streaming/Channels/101',
    rtspUrl: 'rtsp://10.33.4.17:554/Streaming/Channels/101',
    channelId: '32061200001320000003',
  };
  const now = new Date().toISOString();
  const camera = (cameraId: string, name: string, at: [number, number], stream: unknown, online = true): IngestEvent =>
    ({ id: `reg-${cameraId}`, type: 'camera.upserted', occurredAt: now, data: { cameraId, name, location: at, stream, online } }) as IngestEvent;
  await ingest(r, [
    camera(f.hls, '人民路与建设路路口', atOwn, { kind: 'hls', url: DEMO_HLS_URL }),
    camera(f.rtsp, '青年路路口', atOwn, { kind: 'rtsp', url: f.rtspRegistered }),
    camera(f.gb28181, '工农路路口', atOwn, { kind: 'gb28181', channelId: f.channelId }),
    camera(f.offline, '跃龙路路口', atOwn, { kind: 'hls', url: DEMO_HLS_URL }, false),
    camera(f.foreign, '外区路口', atOther, { kind: 'hls', url: DEMO_HLS_URL }),
    camera(f.broken, '故障路口', atOwn, { kind: 'hls', url: '/media/test-clip/missing.m3u8' }),
  ]);
  return f;
}

/**
 * A point in each of two sibling scopes of the highest level that has two (streets; in the tiny
 * territory, communities), found by sampling the district's box.
 */
function siblingPoints(r: RunningTestServer): [[string, [number, number]], [string, [number, number]]] {
  const [minX, minY, maxX, maxY] = r.server.territory.territory.district.bounds;
  for (const level of [1, 2, 3] as const) {
    const found = new Map<string, [number, number]>();
    for (let i = 1; i < 40; i++) {
      for (let j = 1; j < 40; j++) {
        const p: [number, number] = [minX + ((maxX - minX) * i) / 40, minY + ((maxY - minY) * j) / 40];
        const scope = r.server.territory.locator.locate(p, level);
        if (scope && !found.has(scope.code)) found.set(scope.code, p);
      }
    }
    const [a, b] = [...found];
    if (a && b) return [a, b];
  }
  throw new Error('the territory has no two sibling scopes below the district');
}
