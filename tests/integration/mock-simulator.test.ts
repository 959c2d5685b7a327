import { afterEach, describe, expect, it } from 'vitest';
import { httpIngestClient } from '../../mock/ingest-client';
import { startInProcessSimulator } from '../../mock/in-process';
import { sendRegisters } from '../../mock/register-loader';
import { parseSimState } from '../../mock/run-plan';
import { simulatorWorld } from '../../server/main';
import type { RunningPacer } from '../../mock/pacer';
import { storedRegisters } from '../../server/territory/load-territory';
import { startTestServer, type RunningTestServer } from '../support/test-server';

let running: RunningTestServer | undefined;
let sim: RunningPacer | undefined;

afterEach(async () => {
  await sim?.stop();
  await running?.stop();
  sim = undefined;
  running = undefined;
});

async function untilLive(p: RunningPacer): Promise<void> {
  while (p.progress.phase === 'backfill') await new Promise((r) => setTimeout(r, 50));
}

describe('the in-process simulator against a real server', () => {
  it('backfills on the first start with nothing refused, and a restart goes on with the same run', async () => {
    running = await startTestServer();
    const server = running.server;
    const send = httpIngestClient(running.url, running.apiKey);
    const registers = storedRegisters(server.territoryStore)!;
    await sendRegisters({ ...registers, rentals: [...server.territoryStore.rentalBuildings()] }, send);
    const world = simulatorWorld(server.territory, server.territoryStore);
    let stored: string | undefined;
    const errors: unknown[] = [];
    // A whole day of backfill: the simulation follows the local daily curve, so a 12-hour window
    // ending at night held too few events for the bounds below, depending on when the test ran.
    const options = { world, rate: 130, send, backfill: 24 * 3_600_000, state: { load: () => stored, save: (json: string) => void (stored = json) }, onError: (e: unknown) => errors.push(e) };

    sim = startInProcessSimulator(options);
    await untilLive(sim);
    await sim.stop();
    expect(errors).toEqual([]);
    expect(sim.progress.refused).toBe(0);
    expect(sim.progress.sent).toBeGreaterThan(5000);
    expect(sim.progress.byType['workorder.transitioned']).toBeGreaterThan(1000);
    const first = parseSimState(stored)!;
    expect(first.sentUntil).toBeGreaterThan(Date.now() - 60_000);

    // A restart resumes the run: the same ids with the same content, so nothing is refused.
    sim = startInProcessSimulator(options);
    await untilLive(sim);
    await sim.stop();
    expect(errors).toEqual([]);
    expect(sim.progress.refused).toBe(0);
    expect(parseSimState(stored)).toMatchObject({ origin: first.origin, patrolsFrom: first.patrolsFrom });
  });
});
