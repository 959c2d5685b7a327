import type { IngestEvent } from '../../server/protocol/index';
import type { RunningTestServer } from './test-server';

/** Posts events through the ingest API and waits until the read models hold them. */
export async function ingest(running: RunningTestServer, events: IngestEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 500) {
    const res = await fetch(`${running.url}/api/ingest/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${running.apiKey}` },
      body: JSON.stringify({ events: events.slice(i, i + 500) }),
    });
    if (!res.ok) throw new Error(`ingest: HTTP ${res.status} ${await res.text()}`);
  }
  await running.server.engine.catchUp();
}

/** GET a JSON API path with the test's token. */
export async function getJson<T>(running: RunningTestServer, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${running.url}${path}`, { headers: running.authHeaders() });
  return { status: res.status, body: (await res.json()) as T };
}

let n = 0;
/** Builders for the worked examples: times as `HH:MM` on 2026-11-23 in Shanghai unless full ISO. */
export const at = (t: string): string => (t.includes('T') ? t : `2026-11-23T${t}:00+08:00`);

export function incident(id: string, time: string, extra: Record<string, unknown> = {}): IngestEvent {
  return {
    id: `ev-${++n}`,
    type: 'incident.reported',
    occurredAt: at(time),
    data: { incidentId: id, category: 'garbage', source: 'grid', location: [121.05, 32.06], severity: 1, description: '', ...extra },
  } as IngestEvent;
}

export function move(order: string, incidentId: string, to: string, time: string, extra: Record<string, unknown> = {}): IngestEvent {
  return {
    id: `ev-${++n}`,
    type: 'workorder.transitioned',
    occurredAt: at(time),
    data: { workOrderId: order, incidentId, to, department: '城管', level: 'street', actor: 'x', ...extra },
  } as IngestEvent;
}

export function rated(order: string, satisfied: boolean, time: string): IngestEvent {
  return { id: `ev-${++n}`, type: 'workorder.rated', occurredAt: at(time), data: { workOrderId: order, satisfied } } as IngestEvent;
}

export function call(id: string, offered: string, answeredAfterS: number | undefined): IngestEvent {
  const offeredAt = at(offered);
  return {
    id: `ev-${++n}`,
    type: 'hotline.call',
    occurredAt: offeredAt,
    data: { callId: id, offeredAt, ...(answeredAfterS === undefined ? {} : { answeredAt: new Date(Date.parse(offeredAt) + answeredAfterS * 1000).toISOString() }), location: [121.05, 32.06] },
  } as IngestEvent;
}
