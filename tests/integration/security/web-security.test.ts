import { afterEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION } from '@protocol/index';
import { startTestServer, type RunningTestServer } from '../../support/test-server';

let running: RunningTestServer | undefined;

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** Opens a socket on one transport with an `Origin` header; resolves 'connected' or the refusal's message. */
function connectWithOrigin(r: RunningTestServer, transport: 'polling' | 'websocket', origin: string | undefined): Promise<string> {
  const socket = io(r.url, {
    auth: { token: r.token, protocol: PROTOCOL_VERSION },
    transports: [transport],
    upgrade: false,
    reconnection: false,
    forceNew: true,
    ...(origin === undefined ? {} : { extraHeaders: { origin } }),
  });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.disconnect();
      resolve('connected');
    });
    socket.once('connect_error', (err) => {
      socket.disconnect();
      resolve(`refused: ${err.message}`);
    });
  });
}

describe('HTTP hardening', () => {
  it('sends a strict CSP (no inline script, no eval, workers from self), nosniff, no-referrer, no framing; HSTS only over TLS', async () => {
    const r = (running = await startTestServer({ config: { TRUST_PROXY: 'loopback' } }));
    for (const path of ['/', '/api/health']) {
      const res = await fetch(`${r.url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("worker-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-eval|unsafe-inline/);
      expect(csp).not.toMatch(/script-src[^;]*blob:/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('strict-transport-security')).toBeNull();
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
    // Behind a trusted TLS-terminating proxy the request counts as secure: HSTS is sent.
    const tls = await fetch(`${r.url}/api/health`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
  });

  it('rate-limits sign-ins per address and ingest per key: 429 with Retry-After and a JSON body', async () => {
    const r = (running = await startTestServer({ config: { RATE_LOGIN_PER_MIN: 3, RATE_INGEST_PER_S: 2 } }));
    const login = (): Promise<Response> => fetch(`${r.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `u${Math.random()}`, password: 'x' }) });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await login()).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await login();
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: 'rate-limited', message: expect.any(String) });

    const ingest = (): Promise<Response> =>
      fetch(`${r.url}/api/ingest/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${r.apiKey}` }, body: JSON.stringify({ events: [] }) });
    const answers = await Promise.all([ingest(), ingest(), ingest(), ingest()]);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses oversized bodies with 413 JSON', async () => {
    const r = (running = await startTestServer());
    const big = await fetch(`${r.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'a', password: 'x'.repeat(40_000) }) });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: 'too-large' });
    const huge = await fetch(`${r.url}/api/ingest/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${r.apiKey}` },
      body: JSON.stringify({ events: [], pad: 'x'.repeat(1_100_000) }),
    });
    expect(huge.status).toBe(413);
  });
});

describe('Socket.IO handshake Origin (cross-site WebSocket hijacking)', () => {
  it('refuses a foreign Origin on both transports and lets the own origin and non-browser clients in', async () => {
    const r = (running = await startTestServer());
    const own = new URL(r.url).origin;
    for (const transport of ['polling', 'websocket'] as const) {
      expect(await connectWithOrigin(r, transport, 'https://evil.example.com'), transport).toMatch(/^refused/);
      expect(await connectWithOrigin(r, transport, own), transport).toBe('connected');
      expect(await connectWithOrigin(r, transport, undefined), transport).toBe('connected');
    }
  });

  it('with ALLOWED_ORIGINS, only those origins get in, on both transports', async () => {
    const r = (running = await startTestServer({ config: { ALLOWED_ORIGINS: ['https://cc.example.gov.cn'] } }));
    for (const transport of ['polling', 'websocket'] as const) {
      expect(await connectWithOrigin(r, transport, 'https://cc.example.gov.cn'), transport).toBe('connected');
      expect(await connectWithOrigin(r, transport, new URL(r.url).origin), transport).toMatch(/^refused/);
    }
  });
});
