import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { ManualClock } from '../../server/clock';
import { createEngine } from '../../server/aggregate/create-engine';
import { presetPeriod } from '../../server/aggregate/periods';
import { summarize } from '../../server/aggregate/summary/summarize';
import { ReadDb } from '../../server/projections/read-db';
import { openDatabase } from '../../server/store/sqlite-database';
import { SqliteEventStore } from '../../server/store/sqlite-event-store';
import { loadTerritory } from '../../server/territory/load-territory';
import { TerritoryStore } from '../../server/territory/territory-store';
import { buildingGridLookup } from '../../server/territory/building-grid-lookup';
import { PiiCipher } from '../../server/pii/pii-cipher';
import { prepareEvent } from '../../server/ingest/prepare-event';
import { ingestEvent, type IngestEvent } from '../../server/protocol/index';
import type { NewEvent } from '../../server/store/event-store';
import { childrenOf } from '../../geo/territory';
import { simulate } from '../../mock/simulation';
import { registerEvents } from '../../mock/register-loader';
import { storedRegisters } from '../../server/territory/load-territory';
import { simulatorWorld } from '../../server/main';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, type Bench } from './bench-kit';
import type { FoldFigures } from './engine-fold-child';
import { spawnSync } from 'node:child_process';

/**
 * The governance engine's costs: folding events into the read models (per event, at the city's
 * size), and a street's summary over 30 days of about 100,000 events.
 */
export const engineBench: Bench = {
  name: 'engine',
  async run() {
    return [...(await aggregationCost()), '', ...(await summaryQuery())].join('\n');
  },
};

async function setUp(scenario: 'district' | 'city', dir: string) {
  const db = openDatabase(join(dir, 'log.sqlite'));
  const store = new SqliteEventStore(db);
  const territoryStore = new TerritoryStore(db);
  const territory = loadTerritory(territoryStore, scenario, pino({ level: 'silent' }));
  return { db, store, territoryStore, territory };
}

function prepared(events: IngestEvent[]): NewEvent[] {
  const cipher = new PiiCipher(randomBytes(32));
  return events.map((e) => prepareEvent(ingestEvent.parse(e), cipher));
}

/**
 * µs per event of the engine (read models + live lists) at the city's size: the log is written
 * here, and folded in a process of its own (`engine-fold-child.ts`), in batches of 500 in its
 * main thread and then as the server folds it, in the projector's thread.
 */
async function aggregationCost(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-engine-bench-'));
  try {
    const { db, store, territoryStore, territory } = await setUp('city', dir);
    const start = Date.parse('2026-11-16T00:00:00+08:00');
    const end = start + 2 * 86_400_000;
    const world = simulatorWorld(territory, territoryStore, 'bench-5');
    // The registers a server sends on its first start go first in the log, folded before the
    // measure: statuses then update registered cameras, patrols find registered rental buildings.
    const stored = storedRegisters(territoryStore);
    if (!stored) throw new Error('the city scenario has no registers');
    const registers = prepared(registerEvents({ ...stored, rentals: [...territoryStore.rentalBuildings()] }));
    const events = prepared([...simulate({ world, seed: 5, rate: 130, origin: start, from: start, to: end })].map((t) => t.event));
    const logged = [...registers, ...events];
    for (let i = 0; i < logged.length; i += 500) {
      const r = await store.append(logged.slice(i, i + 500));
      if (!r.ok) throw new Error('append refused');
    }
    db.close();
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'engine-fold-child.ts'), dir, String(end), String(registers.length)], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (child.status !== 0) throw new Error(`the fold's process failed: ${child.stderr}`);
    const f = JSON.parse(child.stdout.trim().split('\n').pop()!) as FoldFigures;
    const types = new Map<string, number>();
    for (const e of events) types.set(e.type, (types.get(e.type) ?? 0) + 1);
    const registered = new Map<string, number>();
    for (const e of registers) registered.set(e.type, (registered.get(e.type) ?? 0) + 1);
    const w = f.worker;
    return [
      `### Aggregation cost per event, city scenario (${territory.grids.length.toLocaleString('en')} grids, ${territory.buildings.count.toLocaleString('en')} buildings)`,
      '',
      `Two simulated days at 130 incidents an hour: ${f.events.toLocaleString('en')} events (${[...types].map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}), folded by the engine into the read models (SQLite file, WAL) and the live lists, in a process of its own that reads the territory from the store as the server does. Before them, not measured, the registers a server sends on its first start: ${[...registered].map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}.`,
      '',
      `Folding in batches of 500 in one thread: **${median(f.perBatch).toFixed(1)} µs per event** (median over ${f.perBatch.length} batches; p90 ${percentile(f.perBatch, 0.9).toFixed(1)} µs). Target: under 20 µs. ${f.batchCpu ? `On a core: the folding thread ${perEvent(f.batchCpu.ownMs)} µs per event over all the batches, the process's other threads (the collector's and the compiler's helpers) ${perEvent(f.batchCpu.othersMs)} µs per event beside it. ` : ''}The buildings' grid lookup (every building id of the territory in memory) was built beforehand in ${(f.lookupMs / 1000).toFixed(1)} s.`,
      '',
      `As the server runs it (a replay of the same log from the registers' end, pages of up to 5,000 events, once the projector's thread was ready: ${(w.readyMs / 1000).toFixed(1)} s to read the territory and build the lookup): the projector's thread is active **${perEvent(w.threadActiveMs)} µs per event**, the main thread (ingest, sockets) ${perEvent(w.mainActiveMs)} µs per event (event loops' active time), and the replay runs at ${Math.round(f.events / (w.wallMs / 1000)).toLocaleString('en')} events/s.${w.cpu ? ` On a core (the scheduler's count, without the moments a thread waited for one): the projector's thread **${perEvent(w.cpu.projectorMs)} µs per event**, the main thread ${perEvent(w.cpu.mainMs)}, the process's other threads ${perEvent(w.cpu.restMs)}.` : ''}`,
    ];
    function perEvent(ms: number): string {
      return ((ms * 1000) / f.events).toFixed(1);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A street's 30-day summary over about 100,000 events in the district. */
async function summaryQuery(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-summary-bench-'));
  try {
    const { store, territoryStore, territory } = await setUp('district', dir);
    const end = Date.parse('2026-11-23T00:00:00+08:00');
    const start = end - 30 * 86_400_000;
    const world = simulatorWorld(territory, territoryStore, 'bench-7');
    // About 100,000 events over the 30 days: each incident brings its order's moves, ratings, calls.
    const events = prepared([...simulate({ world, seed: 7, rate: 11, origin: start, from: start, to: end })].map((t) => t.event));
    const clock = new ManualClock(end);
    const readDb = new ReadDb(join(dir, 'read.sqlite'));
    const { engine, projector } = createEngine({ store, territory, buildingGrid: buildingGridLookup(territoryStore), readDb, logIdentity: 'bench', clock, timeZone: 'Asia/Shanghai' });
    await engine.start();
    for (let i = 0; i < events.length; i += 2000) {
      const r = await store.append(events.slice(i, i + 2000));
      if (r.ok) await engine.feed(r.accepted);
    }
    const t = territory.territory;
    const street = t.scopes.filter((s) => s.level === 1).sort((a, b) => count(readDb, b.code) - count(readDb, a.code))[0]!;
    const period = { from: start, to: end };
    const deps = { db: readDb, folded: (id: string) => projector.folded(id), timeZone: 'Asia/Shanghai' };
    const times: number[] = [];
    for (let k = 0; k < 20; k++) {
      const t0 = performance.now();
      summarize(deps, street, childrenOf(t, street.code), period, end);
      times.push(performance.now() - t0);
    }
    const district: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      summarize(deps, t.district, childrenOf(t, t.district.code), presetPeriod('month', end - 1, 'Asia/Shanghai'), end);
      district.push(performance.now() - t0);
    }
    readDb.close();
    return [
      `### Summary query: a street over 30 days (district scenario, ${events.length.toLocaleString('en')} events in the 30 days)`,
      '',
      `The busiest street (${street.name}, ${count(readDb, street.code, true).toLocaleString('en')} incidents): **${median(times).toFixed(1)} ms** median of 20 (p90 ${percentile(times, 0.9).toFixed(1)} ms), including 环比 and 同比 and every breakdown. Target: under 50 ms.`,
      `For comparison, the whole district for the month: ${median(district).toFixed(0)} ms (median of 5).`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const counts = new Map<string, number>();
function count(db: ReadDb, code: string, cached = false): number {
  if (cached && counts.has(code)) return counts.get(code)!;
  const n = db.get<{ n: number }>('SELECT COUNT(*) AS n FROM p_incidents WHERE scope >= ? AND scope < ?', [code, `${code}~`])!.n;
  counts.set(code, n);
  return n;
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}
