import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock';
import { createEngine } from '../../server/aggregate/create-engine';
import { presetPeriod } from '../../server/aggregate/periods';
import { summarize } from '../../server/aggregate/summary/summarize';
import { ReadDb } from '../../server/projections/read-db';
import { ensureProjectionSchema } from '../../server/projections/schema';
import { scopeSeeks } from '../../server/projections/place';
import type { IngestEvent } from '../../server/protocol/index';
import { childrenOf } from '../../geo/territory';
import { generateScenario } from '../../geo/scenarios/generate';
import { TINY_OUTLINE, TINY_SPEC } from '../../geo/scenarios/specs';
import { simulate } from '../../mock/simulation';
import { worldFromScenario } from '../../mock/sim-world';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { ingest } from '../support/kpi-fixture';

/**
 * A simulated week fed through the API in the order it happened (batches of 200, as senders
 * would), against the same week rebuilt from the log in one pass: the read models and every
 * summary must agree exactly.
 */
const START = Date.parse('2026-11-16T00:00:00+08:00');
const END = START + 7 * 86_400_000;
const clock = new ManualClock(END);
let running: RunningTestServer;
let replayDb: ReadDb;
let replayFolded: (id: string) => ReturnType<ReturnType<typeof createEngine>['projector']['folded']>;

beforeAll(async () => {
  running = await startTestServer({ clock });
  const world = worldFromScenario(generateScenario(TINY_SPEC, TINY_OUTLINE));
  const events: IngestEvent[] = [];
  for (const t of simulate({ world, seed: 11, rate: 25, origin: START, from: START, to: END })) events.push(t.event);
  for (let i = 0; i < events.length; i += 200) await ingest(running, events.slice(i, i + 200));

  replayDb = new ReadDb(':memory:');
  const { engine, projector } = createEngine({
    store: running.server.store,
    territory: running.server.territory,
    buildingGrid: (id) => running.server.territoryStore.buildingGrid(id),
    readDb: replayDb,
    logIdentity: 'replay',
    clock,
    timeZone: 'Asia/Shanghai',
  });
  await engine.start();
  replayFolded = (id) => projector.folded(id);
}, 120_000);
afterAll(async () => {
  replayDb.close();
  await running.stop();
});

const TABLES = ['p_incidents', 'p_workorders', 'p_moves', 'p_dispatches', 'p_ratings', 'p_calls', 'p_cameras', 'p_camera_status', 'p_buildings', 'p_patrols', 'p_persons', 'p_person_history', 'p_staff'];

describe('replay equals incremental (a simulated week)', () => {
  it('has a week of activity to compare', () => {
    const n = running.server.readDb.get<{ n: number }>('SELECT COUNT(*) AS n FROM p_incidents')!.n;
    expect(n).toBeGreaterThan(2000);
    expect(running.server.readDb.get<{ n: number }>('SELECT COUNT(*) AS n FROM p_moves')!.n).toBeGreaterThan(5 * n);
  });

  it('builds identical read models, row for row', () => {
    for (const table of TABLES) {
      const incremental = running.server.readDb.all(`SELECT * FROM ${table} ORDER BY 1, 2`);
      const replayed = replayDb.all(`SELECT * FROM ${table} ORDER BY 1, 2`);
      expect(replayed.length, table).toBe(incremental.length);
      expect(replayed, table).toEqual(incremental);
    }
  });

  it('gives identical summaries at every level, for days, the week and a custom range', () => {
    const t = running.server.territory.territory;
    const periods = [
      ...[0, 3, 6].map((d) => presetPeriod('day', START + d * 86_400_000, 'Asia/Shanghai')),
      presetPeriod('week', START, 'Asia/Shanghai'),
      { from: START + 5 * 3_600_000, to: END - 7 * 3_600_000 },
    ];
    // One scope of each level: the district, its street, a community, a grid, a micro-grid.
    const scopes = [0, 1, 2, 3, 4].map((level) => t.scopes.find((s) => s.level === level)!);
    const fromServer = { db: running.server.readDb, folded: (id: string) => running.server.engine.folded(id), timeZone: 'Asia/Shanghai' };
    for (const scope of scopes) {
      for (const p of periods) {
        const a = summarize(fromServer, scope, childrenOf(t, scope.code), p, END);
        const b = summarize({ db: replayDb, folded: replayFolded, timeZone: 'Asia/Shanghai' }, scope, childrenOf(t, scope.code), p, END);
        expect(b, `${scope.code} ${new Date(p.from).toISOString()}`).toEqual(a);
      }
    }
  }, 60_000);

  it('records every scope code the models place items in (summaries read a scope through p_placed)', () => {
    for (const db of [running.server.readDb, replayDb]) {
      const placed = new Set(db.all<{ code: string }>('SELECT code FROM p_placed').map((r) => r.code));
      for (const table of ['p_incidents', 'p_workorders', 'p_dispatches', 'p_calls', 'p_cameras', 'p_buildings', 'p_patrols', 'p_persons', 'p_person_history']) {
        const missing = db.all<{ scope: string }>(`SELECT DISTINCT scope FROM ${table} WHERE scope IS NOT NULL`).filter((r) => !placed.has(r.scope));
        expect(missing, table).toEqual([]);
      }
    }
  });

  it('fills p_placed for models folded before it existed, and their summaries stay the same', () => {
    const t = running.server.territory.territory;
    const scopes = [0, 1, 3].map((level) => t.scopes.find((s) => s.level === level)!);
    const week = presetPeriod('week', START, 'Asia/Shanghai');
    const deps = { db: replayDb, folded: replayFolded, timeZone: 'Asia/Shanghai' };
    const before = scopes.map((s) => summarize(deps, s, childrenOf(t, s.code), week, END));
    const codes = replayDb.get<{ n: number }>('SELECT COUNT(*) AS n FROM p_placed')!.n;
    expect(codes).toBeGreaterThan(10);
    // The earlier version's shape: no p_placed, the narrow (scope, time) indexes.
    replayDb.exec('DROP TABLE p_placed; DROP INDEX p_incidents_scope_time_c; CREATE INDEX p_incidents_scope_time ON p_incidents (scope, occurred_at)');
    expect(ensureProjectionSchema(replayDb, 'replay').rebuilt).toBe(false);
    expect(replayDb.get<{ n: number }>('SELECT COUNT(*) AS n FROM p_placed')!.n).toBe(codes);
    const indexes = replayDb.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'p_incidents'").map((r) => r.name);
    expect(indexes).toContain('p_incidents_scope_time_c');
    expect(indexes).not.toContain('p_incidents_scope_time');
    expect(scopes.map((s) => summarize(deps, s, childrenOf(t, s.code), week, END))).toEqual(before);
  });

  it('gives the same summaries whether a scope is read by seeks per placed code or by its prefix range', () => {
    const t = running.server.territory.territory;
    const scopes = [0, 1, 2, 3].map((level) => t.scopes.find((s) => s.level === level)!);
    const periods = [presetPeriod('day', START + 3 * 86_400_000, 'Asia/Shanghai'), presetPeriod('week', START, 'Asia/Shanghai')];
    const deps = { db: replayDb, folded: replayFolded, timeZone: 'Asia/Shanghai' };
    const read = (rowsPerCode: number) => {
      scopeSeeks.rowsPerCode = rowsPerCode;
      return scopes.map((s) => periods.map((p) => summarize(deps, s, childrenOf(t, s.code), p, END)));
    };
    try {
      const byRange = read(Number.POSITIVE_INFINITY);
      const bySeeks = read(0);
      expect(bySeeks).toEqual(byRange);
      expect(bySeeks[0]![1]!.kpis.reported).toBeGreaterThan(1000);
      expect(bySeeks[0]![1]!.counts.ratings).toBeGreaterThan(10);
    } finally {
      scopeSeeks.rowsPerCode = 30;
    }
  });
});
