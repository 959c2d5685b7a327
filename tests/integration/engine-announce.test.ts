import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareEvent } from '../../server/ingest/prepare-event';
import { PiiCipher } from '../../server/pii/pii-cipher';
import { ingestEvent, type IngestEvent, type IncidentPoint } from '../../server/protocol/index';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { incident } from '../support/kpi-fixture';

let running: RunningTestServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** Appends the events as one page and hands it to the engine, as the ingest route does. */
async function appendAndFeed(events: IngestEvent[]): Promise<number> {
  const { store, engine } = running!.server;
  const cipher = new PiiCipher(randomBytes(32));
  const r = await store.append(events.map((e) => prepareEvent(ingestEvent.parse(e), cipher)));
  if (!r.ok) throw new Error('append refused');
  await engine.feed(r.accepted);
  return r.lastSeq;
}

describe('new incidents announced by the engine (the alarms)', () => {
  it('go out once each, before their page is folded into the read models', async () => {
    running = await startTestServer();
    const { engine } = running.server;
    const heard: { point: IncidentPoint; engineSeq: number }[] = [];
    engine.listen({ changed: () => undefined, incidentReported: (point) => heard.push({ point, engineSeq: engine.seq }) });
    const now = new Date().toISOString();
    const before = engine.seq;
    const lastSeq = await appendAndFeed([
      incident('A1', now, { severity: 4 }),
      incident('A1', now, { severity: 4 }), // a second report of the same incident
      incident('A2', now, { severity: 3 }),
      incident('OLD', new Date(Date.now() - 3 * 86_400_000).toISOString(), { severity: 4 }), // days ago: not today's
    ]);

    expect(heard.map((h) => h.point.incidentId)).toEqual(['A1', 'A2']);
    // Heard while the engine still stood before the page: the alarm did not wait for the fold.
    for (const h of heard) expect(h.engineSeq).toBe(before);
    expect(engine.seq).toBe(lastSeq);

    // The page handed in again (a catch-up read that overlaps) announces nothing twice, nor does
    // a later report of an incident already listed.
    await engine.feed(await running.server.store.readAfter(before, 100));
    await appendAndFeed([incident('A1', now, { severity: 4 }), incident('A3', now, { severity: 3 })]);
    expect(heard.map((h) => h.point.incidentId)).toEqual(['A1', 'A2', 'A3']);
  });
});
