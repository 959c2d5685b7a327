import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cameraStreamInfo } from '@protocol/index';
import { DEMO_HLS_URL } from '@geo/scenarios/generate';
import { ConfigError, DEFAULT_VIDEO_GATEWAY_HINT, loadConfig } from '../../server/config';
import { seedCameras, type CameraFixture } from '../support/camera-fixture';
import { call, signedIn, trail } from '../support/security-helpers';
import { startTestServer, type RunningTestServer } from '../support/test-server';

/** The deployment's hint, configured, so the test sees the configured text reach the answer. */
const HINT = '请在雪亮工程视频平台客户端（10.1.2.3）中打开此点位';

let r: RunningTestServer;
let f: CameraFixture;
let leader: string;
let auditor: string;

beforeAll(async () => {
  r = await startTestServer({ config: { VIDEO_GATEWAY_HINT: HINT } });
  f = await seedCameras(r);
  leader = await signedIn(r, 'leader-own', 'leader', f.own);
  auditor = await signedIn(r, 'auditor-1', 'auditor');
});
afterAll(async () => {
  await r?.stop();
});

async function stream(id: string, token: string): Promise<{ status: number; body: unknown; text: string; cacheControl: string | null }> {
  const res = await call(r, 'GET', `/api/cameras/${encodeURIComponent(id)}/stream`, token);
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as unknown, text, cacheControl: res.headers.get('cache-control') };
}

describe('GET /api/cameras/{id}/stream', () => {
  it('gives an HLS camera a same-origin URL whose playlist and segments are served with HLS media types', async () => {
    const a = await stream(f.hls, leader);
    expect(a.status).toBe(200);
    expect(a.cacheControl).toBe('no-store');
    const info = cameraStreamInfo.parse(a.body);
    expect(info).toEqual({ cameraId: f.hls, name: '人民路与建设路路口', online: true, kind: 'hls', url: DEMO_HLS_URL });

    // The browser loads it without the API token (media-router.ts says why).
    const playlistUrl = new URL(info.url!, r.url);
    expect(playlistUrl.origin).toBe(r.url);
    const playlist = await fetch(playlistUrl);
    expect(playlist.status).toBe(200);
    expect(playlist.headers.get('content-type')).toMatch(/^application\/vnd\.apple\.mpegurl/);
    expect(playlist.headers.get('cache-control')).toBe('no-cache');
    const text = await playlist.text();
    expect(text.startsWith('#EXTM3U')).toBe(true);
    expect(text).toContain('#EXT-X-ENDLIST');

    const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(text)?.[1];
    const segments = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(init).toBeDefined();
    expect(segments.length).toBeGreaterThanOrEqual(4);
    let total = 0;
    for (const name of [init!, ...segments]) {
      const res = await fetch(new URL(name, playlistUrl));
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type'), name).toBe('video/mp4');
      expect(res.headers.get('cache-control'), name).toBe('public, max-age=3600');
      const bytes = new Uint8Array(await res.arrayBuffer());
      // ISO BMFF: a box size, then its type (`ftyp` opens the init segment, `styp`/`moof` a fragment).
      expect(['ftyp', 'styp', 'moof'], name).toContain(new TextDecoder().decode(bytes.subarray(4, 8)));
      total += bytes.length;
    }
    // About 10 s at a few hundred kbit/s: a few hundred KB in the repository.
    expect(total).toBeGreaterThan(50_000);
    expect(total).toBeLessThan(600_000);
  });

  it('gives RTSP and GB/T 28181 cameras their pointer (never its password) and the configured gateway hint', async () => {
    const rtsp = await stream(f.rtsp, leader);
    expect(rtsp.status).toBe(200);
    expect(rtsp.text).not.toContain('Hik12345');
    expect(cameraStreamInfo.parse(rtsp.body)).toEqual({ cameraId: f.rtsp, name: '青年路路口', online: true, kind: 'rtsp', url: f.rtspUrl, gatewayHint: HINT });
    const gb = await stream(f.gb28181, leader);
    expect(gb.status).toBe(200);
    expect(cameraStreamInfo.parse(gb.body)).toEqual({ cameraId: f.gb28181, name: '工农路路口', online: true, kind: 'gb28181', channelId: f.channelId, gatewayHint: HINT });
  });

  it('says when a camera is offline', async () => {
    const a = await stream(f.offline, leader);
    expect(a.status).toBe(200);
    expect(cameraStreamInfo.parse(a.body)).toMatchObject({ cameraId: f.offline, online: false, kind: 'hls' });
  });

  it('answers a camera outside the caller’s scope exactly like an unknown one', async () => {
    const foreign = await stream(f.foreign, leader);
    const unknown = await stream('CAM-NO-SUCH-1', leader);
    expect(foreign.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(foreign.text.split(f.foreign).join('<id>')).toBe(unknown.text.split('CAM-NO-SUCH-1').join('<id>'));
    expect(foreign.text).not.toContain('外区');
    // The district's wall (the test server's display token) reads both.
    expect((await stream(f.foreign, r.token)).status).toBe(200);
    // An auditor reads the trail and nothing else: not even cameras of its scope.
    const byAuditor = await stream(f.hls, auditor);
    expect(byAuditor.status).toBe(404);
    expect(byAuditor.text.split(f.hls).join('<id>')).toBe(unknown.text.split('CAM-NO-SUCH-1').join('<id>'));
  });

  it('needs a token', async () => {
    const res = await fetch(`${r.url}/api/cameras/${f.hls}/stream`);
    expect(res.status).toBe(401);
  });

  it('writes who viewed which camera to the audit trail, refused attempts too', async () => {
    const before = (await trail(r)).length;
    expect((await stream(f.rtsp, leader)).status).toBe(200);
    expect((await stream(f.foreign, leader)).status).toBe(404);
    expect((await stream(f.hls, r.token)).status).toBe(200);
    const added = (await trail(r)).slice(before);
    expect(added.map((e) => [e.action, e.actor, e.target, e.result])).toEqual([
      ['camera.view', 'leader-own', f.rtsp, 'ok'],
      ['camera.view', 'leader-own', f.foreign, 'failed'],
      ['camera.view', 'display:test wall', f.hls, 'ok'],
    ]);
    expect(added[0]!.role).toBe('leader');
    expect(added[0]!.detail).toEqual({ scope: expect.stringMatching(new RegExp(`^${f.own}`)) as unknown, kind: 'rtsp' });
  });
});

describe('/media', () => {
  it('answers unknown media and files that are not media with a 404, never the web app', async () => {
    for (const path of ['/media/test-clip/nope.m3u8', '/media/test-clip/SOURCE.md', '/media/nothing', '/media/test-clip/init.mp4.bak']) {
      const res = await fetch(`${r.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
    }
  });
});

describe('VIDEO_GATEWAY_HINT', () => {
  it('defaults to a text saying browsers cannot play the stream and where to open it', () => {
    expect(loadConfig({}).VIDEO_GATEWAY_HINT).toBe(DEFAULT_VIDEO_GATEWAY_HINT);
    expect(DEFAULT_VIDEO_GATEWAY_HINT).toMatch(/视频平台客户端/);
  });
  it('refuses an empty text, a control character and more than 500 characters, naming the variable', () => {
    for (const bad of ['   ', 'open\u0007it', 'x'.repeat(501)]) {
      expect(() => loadConfig({ VIDEO_GATEWAY_HINT: bad }), JSON.stringify(bad)).toThrow(ConfigError);
      expect(() => loadConfig({ VIDEO_GATEWAY_HINT: bad })).toThrow(/^VIDEO_GATEWAY_HINT=/);
    }
  });
});

describe('OpenAPI', () => {
  it('documents the stream endpoint with its answer schema', async () => {
    const doc = (await (await fetch(`${r.url}/api/openapi.json`)).json()) as { paths: Record<string, { get?: unknown }>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    expect(doc.paths['/api/cameras/{id}/stream']?.get).toBeDefined();
    expect(Object.keys(doc.components.schemas.CameraStreamInfo?.properties ?? {})).toEqual(['cameraId', 'name', 'online', 'kind', 'url', 'channelId', 'gatewayHint']);
  });
});
