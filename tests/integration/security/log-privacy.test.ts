import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storedRegisters } from '../../../server/territory/load-territory';
import { TerritoryStore } from '../../../server/territory/territory-store';
import { databaseFile, openDatabase } from '../../../server/store/sqlite-database';
import { runCli, startServerProcess, stopServerProcess } from '../../support/server-process';

const dataDir = mkdtempSync(join(tmpdir(), 'cc-log-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("the server's log", () => {
  it('holds no name, ID number or phone number in clear after a run with the simulator', async () => {
    const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, MOCK: 'on', SCENARIO: 'tiny', MOCK_RATE: '2000', LOG_LEVEL: 'trace', STORE: 'sqlite', ADMIN_PASSWORD: 'log-test-password' };
    const { child, url } = await startServerProcess(env);
    let log = '';
    child.stdout!.on('data', (b: Buffer) => (log += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (log += b.toString()));
    try {
      // Refused input carrying personal data: a bad event (its issues are logged nowhere in clear) and a bad login.
      const key = runCli(env, 'keys.ts', 'create', 'log-test');
      const leaked = { name: '测试泄露名', idNumber: '320612199001011234', phone: '13999990000' };
      const bad = await fetch(`${url}/api/ingest/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ events: [{ id: 'x1', type: 'population.upserted', occurredAt: new Date().toISOString(), data: { ...leaked, personId: 'X', categories: ['no-such-category'], location: [121.05, 32.06] } }] }),
      });
      expect(bad.status).toBe(400);
      await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: leaked.phone, password: leaked.idNumber }) });
      // Let the simulator send its registers (every key person and grid worker) and some history.
      const until = Date.now() + 90_000;
      while (!log.includes('scenario registers sent') && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 500));
      await new Promise((resolve) => setTimeout(resolve, 5000));
    } finally {
      await stopServerProcess(child);
    }
    const db = openDatabase(databaseFile(dataDir));
    const registers = storedRegisters(new TerritoryStore(db));
    db.close();
    expect(registers).toBeDefined();
    const values = [
      ...registers!.keyPersons.flatMap((p) => [p.name, p.idNumber, p.phone]),
      ...registers!.staff.flatMap((s) => [s.name, s.phone]),
      '测试泄露名',
      '320612199001011234',
    ];
    expect(values.length).toBeGreaterThan(50);
    // The run did log (so an empty log cannot pass this), and the simulator did send its registers.
    expect(log).toContain('scenario registers sent');
    // Names of one or two characters would match ordinary words: check the names of three or more, and every number.
    const found = values.filter((v) => (/^\d/.test(v) || Array.from(v).length >= 3) && log.includes(v));
    expect(found).toEqual([]);
  }, 180_000);
});
