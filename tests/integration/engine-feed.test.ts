import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { incident, ingest } from '../support/kpi-fixture';

let running: RunningTestServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('the engine fed pages it has already folded', () => {
  // Under concurrent ingest a catch-up read can fold a batch before the append's own answer
  // hands the same batch in. Such a page, arriving while no fold runs, used to leave the
  // finished fold marked as running: every later page waited behind it for ever, in silence.
  it('still folds what comes after', async () => {
    running = await startTestServer();
    const { engine, store } = running.server;
    await ingest(running, [incident('S1', new Date().toISOString())]);
    await engine.feed();
    const folded = await store.readAfter(0, 100);
    expect(engine.seq).toBe(folded.at(-1)!.seq);

    await engine.feed(folded); // late: already folded
    await ingest(running, [incident('S2', new Date().toISOString())]);
    await engine.feed();
    expect(engine.seq).toBe(await store.lastSeq());
    expect(engine.seq).toBeGreaterThan(folded.at(-1)!.seq);
  });
});
