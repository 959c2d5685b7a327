import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock';
import { CLI_ACTOR } from '../../server/audit/audit-log';
import { createAccount } from '../../server/identity/accounts';
import { reportTicketResponse, type ReportTicketResponse } from '../../server/protocol/index';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { ingest } from '../support/kpi-fixture';
import { REPORT_EVENTS, REPORT_NOW } from '../support/report-fixture';

/**
 * The printable page opened in a new tab through a single-use ticket: `POST /api/reports/tickets`
 * (with the token) checks what the page would, and `GET /api/reports/summary.html?ticket=`
 * (without one) serves it once, within a minute, audited as the token's HTML export is.
 */
const clock = new ManualClock(REPORT_NOW);
let running: RunningTestServer;
let analyst: Record<string, string>;
let streetAnalyst: Record<string, string>;
const FEB = { scope: '320612', from: '2026-02-01T00:00:00+08:00', to: '2026-03-01T00:00:00+08:00' };

async function signIn(username: string, scope: string): Promise<Record<string, string>> {
  const deps = { identity: running.server.stores.identity, audit: running.server.audit };
  await createAccount(deps, CLI_ACTOR, { username, role: 'analyst', scope }, 'analyst-password-1');
  const login = await running.server.auth.login(username, 'analyst-password-1');
  if (!login.ok) throw new Error(`${username} cannot sign in`);
  return running.authHeaders(login.token);
}

async function ticket(body: unknown, headers = analyst): Promise<Response> {
  return fetch(`${running.url}/api/reports/tickets`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function issued(body: unknown = FEB): Promise<ReportTicketResponse> {
  const res = await ticket(body);
  expect(res.status).toBe(201);
  return reportTicketResponse.parse(await res.json());
}

async function auditEntries(action: string): Promise<{ actor: string; target: string; detail?: Record<string, unknown> }[]> {
  const out: { actor: string; action: string; target: string; detail?: Record<string, unknown> }[] = [];
  for await (const e of running.server.stores.audit.all()) out.push(e as never);
  return out.filter((e) => e.action === action);
}

beforeAll(async () => {
  running = await startTestServer({ clock });
  await ingest(running, REPORT_EVENTS);
  analyst = await signIn('lisi', '320612');
  const street = running.server.territory.territory.scopes.find((s) => s.level === 1)!;
  streetAnalyst = await signIn('zhaoliu', street.code);
});
afterAll(async () => {
  await running.stop();
});

describe('POST /api/reports/tickets and GET /api/reports/summary.html?ticket=', () => {
  it('serves the page once, with a policy that allows its inline styles and no script, audited as export.html', async () => {
    const before = (await auditEntries('export.html')).length;
    const t = await issued();
    expect(new Date(t.expiresAt).getTime()).toBe(REPORT_NOW + 60_000);
    const res = await fetch(`${running.url}${t.url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/style-src 'unsafe-inline'/);
    expect(csp).not.toMatch(/script-src/);
    const html = await res.text();
    const district = running.server.territory.territory.district.name;
    expect(html).toContain(district);
    expect(html).toContain('2026-02-01');

    const entries = await auditEntries('export.html');
    expect(entries).toHaveLength(before + 1);
    const entry = entries.at(-1)!;
    expect(entry.actor).toBe('lisi');
    expect(entry.detail).toMatchObject({ kind: 'summary', scope: '320612', parameters: { scope: '320612', from: '2026-01-31T16:00:00.000Z', to: '2026-02-28T16:00:00.000Z' } });
    expect(entry.detail!.sha256).toBe(createHash('sha256').update(html).digest('hex'));

    // Single use: the same URL again is refused, and nothing more is audited.
    const again = await fetch(`${running.url}${t.url}`);
    expect(again.status).toBe(410);
    expect(await again.json()).toMatchObject({ error: 'gone', message: expect.stringContaining('already used') });
    expect(await auditEntries('export.html')).toHaveLength(before + 1);
  });

  it('gives the same page as the token does for the same parameters', async () => {
    const t = await issued();
    const withTicket = await (await fetch(`${running.url}${t.url}`)).text();
    const withToken = await (await fetch(`${running.url}/api/reports/summary.html?${new URLSearchParams(FEB)}`, { headers: analyst })).text();
    // Each file names its own export (a random id), and ECharts numbers its SVG classes per
    // render: the rest, every table and title, is the same.
    const ids = (html: string) => [...new Set(html.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g))];
    const comparable = (html: string) => html.replaceAll(ids(html)[0]!, 'ID').replace(/<img class="chart"[^>]*>/g, 'IMG');
    expect(ids(withTicket)).toHaveLength(1);
    expect(comparable(withTicket)).toContain('<table');
    expect(comparable(withTicket)).toBe(comparable(withToken));
  });

  it('refuses a ticket after its minute, and one it never issued', async () => {
    const t = await issued();
    clock.advance(60_000);
    try {
      const late = await fetch(`${running.url}${t.url}`);
      expect(late.status).toBe(410);
      expect(await late.json()).toMatchObject({ error: 'gone', message: expect.stringContaining('expired') });
    } finally {
      clock.set(REPORT_NOW);
    }
    const forged = await fetch(`${running.url}${t.url.replace(/ticket=.*/, 'ticket=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')}`);
    expect(forged.status).toBe(401);
    // Without a ticket the page still wants the token.
    expect((await fetch(`${running.url}/api/reports/summary.html?${new URLSearchParams(FEB)}`)).status).toBe(401);
  });

  it('checks the parameters and the access as the summary does, and issues nothing without a token', async () => {
    const bad = await ticket({ ...FEB, from: '2026-03-02T00:00:00+08:00' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid', issues: [{ path: 'to', message: 'must be after from' }] });
    const malformed = await ticket({ ...FEB, from: 'yesterday' });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).issues).toEqual([{ path: 'from', message: expect.stringContaining('ISO 8601') }]);
    const lonely = await ticket({ scope: '320612', to: FEB.to });
    expect((await lonely.json()).issues).toEqual([{ path: 'from', message: 'required with the other' }]);
    const typed = await ticket({ scope: 320612 });
    expect(typed.status).toBe(400);
    expect((await typed.json()).issues[0].path).toBe('scope');

    expect((await ticket({ ...FEB, scope: '999999' })).status).toBe(404);
    // A street's analyst cannot have the district's page: answered as unknown.
    const outside = await ticket(FEB, streetAnalyst);
    expect(outside.status).toBe(404);
    const summaryOutside = await fetch(`${running.url}/api/scopes/320612/summary?from=${encodeURIComponent(FEB.from)}&to=${encodeURIComponent(FEB.to)}`, { headers: streetAnalyst });
    expect(summaryOutside.status).toBe(404);
    // A wall display exports nothing.
    expect((await ticket(FEB, running.authHeaders())).status).toBe(403);
    expect((await fetch(`${running.url}/api/reports/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
  });

  it('defaults to the caller’s scope and today, as the page does', async () => {
    const t = await issued({});
    const html = await (await fetch(`${running.url}${t.url}`)).text();
    expect(html).toContain(running.server.territory.territory.district.name);
  });

  it('is in the OpenAPI document: the ticket route and the page’s second way in', async () => {
    const doc = (await (await fetch(`${running.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>; components: { schemas: Record<string, unknown> } };
    expect(doc.paths['/api/reports/tickets']!.post!.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(doc.paths['/api/reports/tickets']!.post!.responses)).toContain('201');
    expect(doc.paths['/api/reports/summary.html']!.get!.security).toEqual([{ bearer: [] }, { reportTicket: [] }]);
    expect(Object.keys(doc.paths['/api/reports/summary.html']!.get!.responses)).toContain('410');
    expect(doc.components.schemas.ReportTicketRequest).toBeDefined();
  });
});
