import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareEvent } from '../../server/ingest/prepare-event';
import { PiiCipher } from '../../server/pii/pii-cipher';
import { ingestEvent } from '../../server/protocol/index';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { incident, ingest } from '../support/kpi-fixture';

let running: RunningTestServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** A test server whose engine has folded one ingested incident. */
async function serverWithOneFolded(id: string): Promise<RunningTestServer['server']> {
  running = await startTestServer();
  await ingest(running, [incident(id, new Date().toISOString())]);
  await running.server.engine.feed();
  return running.server;
}

describe('the engine fed pages it has already folded', () => {
  // Under concurrent ingest a catch-up read can fold a batch before the append's own answer
  // hands the same batch in. Such a page, arriving while no fold runs, used to leave the
  // finished fold marked as running: every later page waited behind it for ever, in silence.
  it('still folds what comes after', async () => {
    const { engine, store } = await serverWithOneFolded('S1');
    const folded = await store.readAfter(0, 100);
    expect(engine.seq).toBe(folded.at(-1)!.seq);

    await engine.feed(folded); // late: already folded
    await ingest(running!, [incident('S2', new Date().toISOString())]);
    await engine.feed();
    expect(engine.seq).toBe(await store.lastSeq());
    expect(engine.seq).toBeGreaterThan(folded.at(-1)!.seq);
  });
});

describe('events handed in and not folded', () => {
  it('are reported as a stall once they have waited 30 s with nothing folded, and no longer once folded', async () => {
    const { engine, store } = await serverWithOneFolded('W1');
    // Appended, and handed in as the ingest route hands a batch in: the loop folds it from the next tick.
    const r = await store.append([prepareEvent(ingestEvent.parse(incident('W2', new Date().toISOString())), new PiiCipher(randomBytes(32)))]);
    if (!r.ok) throw new Error('append refused');
    const fed = engine.feed(r.accepted);
    expect(engine.foldTrouble(Date.now() + 10_000)).toBeUndefined();
    expect(engine.foldTrouble(Date.now() + 31_000)).toMatch(/^folding stalled: events up to \d+ were handed in, none folded for 3\d s/);
    await fed;
    expect(engine.seq).toBe(r.lastSeq);
    expect(engine.foldTrouble(Date.now() + 31_000)).toBeUndefined();
  });
});

