import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { IngestEvent } from '@protocol/index';
import type { KeyPersonPage, UnmaskResponse } from '@protocol/people';
import { PiiCipher } from '../../../server/pii/pii-cipher';
import { ingest } from '../../support/kpi-fixture';
import { call, signedIn } from '../../support/security-helpers';
import { runCli } from '../../support/server-process';
import { startTestServer, type RunningTestServer } from '../../support/test-server';

let running: RunningTestServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

const OLD = randomBytes(32).toString('hex');
const NEW = randomBytes(32).toString('hex');
const person = (i: number): IngestEvent =>
  ({
    id: `pop-${i}`,
    type: 'population.upserted',
    occurredAt: '2026-11-23T08:00:00+08:00',
    data: { personId: `P${i}`, categories: ['elderly-alone'], location: [121.05, 32.06], name: `王秀英${i}`, idNumber: '32061219450307002X', phone: `1391234567${i}` },
  }) as IngestEvent;

/** Key ids of the sealed fields in the log, counted. */
async function keyIdsInLog(r: RunningTestServer): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const e of await r.server.store.readAfter(0, 10_000)) {
    for (const v of Object.values(e.data as Record<string, unknown>)) {
      const id = typeof v === 'string' ? PiiCipher.keyIdOfSealed(v) : undefined;
      if (id !== undefined) counts[id] = (counts[id] ?? 0) + 1;
    }
  }
  return counts;
}

describe('npm run pii:rotate', () => {
  it('re-seals every personal field under the new key while the server runs; reads, duplicates and unmasking go on', async () => {
    const oldId = new PiiCipher(Buffer.from(OLD, 'hex')).keyId;
    const newId = new PiiCipher(Buffer.from(NEW, 'hex')).keyId;
    // Before: a server on the old key.
    let r = (running = await startTestServer({ config: { PII_KEY: OLD } }));
    await ingest(r, [person(1), person(2), person(3)]);
    const env = { ...process.env, DATA_DIR: r.dataDir, STORE: 'sqlite', PII_KEY: OLD };
    const hashKey = runCli(env, 'pii-rotate.ts', 'hash-key');
    expect(hashKey).toMatch(/^PII_HASH_KEY=[0-9a-f]{64}$/);
    await r.stop({ keepData: true });

    // Step 2: the node restarts with both keys; nothing is re-sealed yet.
    const rotation = { PII_KEY: NEW, PII_PREVIOUS_KEYS: OLD, PII_HASH_KEY: hashKey.split('=')[1]! };
    r = running = await startTestServer({ dataDir: r.dataDir, config: rotation });
    expect(await keyIdsInLog(r)).toEqual({ [oldId]: 9 });
    await ingest(r, [person(4)]); // new fields go under the new key

    // Step 3: the rotation runs beside the live server.
    const out = runCli({ ...env, ...rotation }, 'pii-rotate.ts');
    expect(out).toMatch(/read model p_staff|event log/);
    expect(await keyIdsInLog(r)).toEqual({ [newId]: 12 });

    // The live server reads the re-sealed records (masked list, unmasking) and a resent old event is a duplicate, not a conflict.
    const security = await signedIn(r, 'sec1', 'security');
    const duty = await signedIn(r, 'duty1', 'duty');
    expect((await call(r, 'PUT', '/api/users/duty1/rights/unmask', security)).status).toBe(201);
    const list = (await (await call(r, 'GET', '/api/key-populations?scope=320612', duty)).json()) as KeyPersonPage;
    expect(list.items.map((p) => p.name)).toEqual(['王**1', '王**2', '王**3', '王**4']);
    const clear = (await (await call(r, 'POST', '/api/key-populations/P2/unmask', duty, { reason: '轮换后核对' })).json()) as UnmaskResponse;
    expect(clear).toMatchObject({ name: '王秀英2', phone: '13912345672' });
    const resent = await fetch(`${r.url}/api/ingest/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${r.apiKey}` }, body: JSON.stringify({ events: [person(1)] }) });
    expect(await resent.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    await r.stop({ keepData: true });

    // Step 4: the old key dropped, everything still opens.
    r = running = await startTestServer({ dataDir: r.dataDir, config: { PII_KEY: NEW, PII_HASH_KEY: rotation.PII_HASH_KEY } });
    const duty2 = await signedIn(r, 'duty2', 'duty');
    await call(r, 'PUT', '/api/users/duty2/rights/unmask', await signedIn(r, 'sec2', 'security'));
    expect(((await (await call(r, 'POST', '/api/key-populations/P3/unmask', duty2, { reason: '旧钥匙已移除' })).json()) as UnmaskResponse).name).toBe('王秀英3');
    const trail: string[] = [];
    for await (const e of r.server.stores.audit.all()) trail.push(`${e.action}:${e.result}`);
    expect(trail).toContain('pii.rotate:ok');
  }, 120_000);
});
