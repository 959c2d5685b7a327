import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../geo/random';
import { selfAndAncestors } from '../../geo/scope-code';
import type { IncidentReportedEvent } from '../../server/protocol/index';
import { runCli } from '../support/server-process';
import { kib, type Bench } from './bench-kit';

const here = import.meta.dirname;
/** Events ingested per second, each its own request (so each has its own acknowledgement). */
const RATE = 100;
const WARMUP_MS = 3000;
const MEASURE_MS = 15_000;
/** Share of the incidents severe enough to go out at once as `incident:reported`. */
const SEVERE = 0.2;
const WINDOW_MS = 250;

interface Run {
  name: string;
  clients: number;
  parser: 'json' | 'msgpack';
  /** DELTA_WINDOW_MS: 0 sends a delta per fold (per event at this rate). */
  windowMs: number;
  /** Also measure memory per idle client (0 → `clients`). */
  memory?: boolean;
}

const RUNS: Run[] = [
  { name: 'default (JSON parser, coalesced deltas)', clients: 1000, parser: 'json', windowMs: WINDOW_MS },
  { name: 'default (JSON parser, coalesced deltas)', clients: 5000, parser: 'json', windowMs: WINDOW_MS, memory: true },
  { name: 'msgpack parser, coalesced deltas', clients: 5000, parser: 'msgpack', windowMs: WINDOW_MS },
  { name: 'JSON parser, a delta per event', clients: 5000, parser: 'json', windowMs: 0 },
];

/**
 * Fan-out of the realtime layer on the district scenario (1,049 grids, 14 streets): a server in
 * its own process, clients in two other processes (websocket), spread over grid (60 %), street
 * (30 %) and district (10 %) rooms; this process ingests 100 incidents a second, one request
 * each, and times from each acknowledgement to each receipt.
 */
export const realtimeBench: Bench = {
  name: 'realtime',
  async run() {
    const template = await prepareTemplate();
    const rows: string[] = [];
    const notes: string[] = [];
    const received: string[] = [];
    try {
      // BENCH_REALTIME_RUNS=0,2 runs only those of RUNS (by index), e.g. while tuning.
      const only = process.env.BENCH_REALTIME_RUNS?.split(',').map(Number);
      for (const run of RUNS.filter((_, i) => !only || only.includes(i))) {
        console.log(`  realtime: ${run.name}, ${run.clients} clients…`);
        const r = await fanOut(template, run);
        console.log(`  → ${JSON.stringify(r)}`);
        rows.push(
          `| ${run.name} | ${run.clients.toLocaleString('en')} | ${ms(r.alarms.p50)} | **${ms(r.alarms.p99)}** | ${ms(r.deltas.p50)} | **${ms(r.deltas.p99)}** | ${r.cpuPct.toFixed(0)} % | ${r.clientsCpuPct.toFixed(0)} % | ${r.eldP99Ms.toFixed(1)} ms | ${receipts(r.alarms.count, r.expected.alarms)} / ${receipts(r.deltas.count, r.expected.deltas)} | ${r.duplicates} |`,
        );
        received.push(
          `| ${run.name} | ${run.clients.toLocaleString('en')} | ${['district', 'street', 'grid'].map((level) => perSecond(r.bytesPerClientS[level])).join(' | ')} |`,
        );
        if (r.memory) {
          const n = run.clients;
          notes.push(
            `Memory per connected, subscribed, idle client (server heap and RSS after a full GC, 0 → ${n.toLocaleString('en')} clients): **heap ${kib(r.memory.heap / n)}, RSS ${kib(r.memory.rss / n)}** per client (target under 30 KB; ${kib(r.memory.heap)} and ${kib(r.memory.rss)} in all).`,
          );
        }
      }
    } finally {
      rmSync(template.dir, { recursive: true, force: true });
    }
    return [
      `### Fan-out: ${RATE} incidents/s ingested (one request each, ${SEVERE * 100} % severe), loopback, ${MEASURE_MS / 1000} s measured after ${WARMUP_MS / 1000} s of warm-up`,
      '',
      'Latency from the ingest acknowledgement to the receipt by each subscribed client, for `incident:reported` (severity ≥ 3, sent at once) and for the `scope:delta` carrying the incident (coalesced over 250 ms, or sent after each fold). Server CPU in % of one core and event-loop delay p99 over the measured seconds; the clients\' CPU is both client processes\' together, in % of one core, over the same seconds and the 1.75 s after them. Receipts: of the measured incidents, counted against the number the rooms\' members should get (each incident once per member of its grid\'s, street\'s and district\'s rooms); duplicates: an incident a socket got in two deltas. The server, the clients (two processes) and the sender share the machine\'s 2 cores.',
      '',
      '| server | clients | alarm p50 | alarm p99 | delta p50 | delta p99 | server CPU | clients\' CPU | event loop p99 | receipts of expected (alarms / deltas) | duplicates |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      `Targets: alarm p99 under 100 ms at 5,000 clients; delta p99 under the window + 100 ms (${WINDOW_MS + 100} ms). Ingest requests retried after a network error: ${retried}.`,
      '',
      'What each client received per second, by the level of its room (the frames\' bytes, over the warm-up and the measured seconds):',
      '',
      '| server | clients | district room | street room | grid room |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...received,
      '',
      ...notes,
    ].join('\n');
  },
};

/** Receipts counted, with the expected number when they differ. */
function receipts(count: number, expected: number): string {
  return count === expected ? `${count.toLocaleString('en')} (all)` : `${count.toLocaleString('en')} of ${expected.toLocaleString('en')}`;
}

function perSecond(bytes: number | undefined): string {
  if (bytes === undefined) return '—';
  return bytes < 1024 ? `${Math.round(bytes)} B/s` : `${(bytes / 1024).toFixed(1)} KiB/s`;
}

function ms(v: number): string {
  return `${v.toFixed(1)} ms`;
}

interface Template {
  dir: string;
  key: string;
  token: string;
  grids: { code: string; at: [number, number] }[];
  streets: string[];
  district: string;
}

/** A data directory with the district scenario generated, an API key and a display token; copied for each run. */
async function prepareTemplate(): Promise<Template> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-rt-bench-'));
  const env = serverEnv(dir, WINDOW_MS, 'json');
  const server = await startServer(env);
  try {
    const key = runCli(env, 'keys.ts', 'create', 'bench');
    const token = runCli(env, 'display-tokens.ts', 'create', 'bench-wall', '--scope', '320612');
    const level = async (name: string): Promise<{ properties: { code: string }; geometry: { coordinates: number[][][] | number[][][][] } }[]> => {
      const res = await fetch(`${server.url}/api/geo/scopes.geojson?level=${name}`, { headers: { authorization: `Bearer ${token}` } });
      return ((await res.json()) as { features: never[] }).features;
    };
    const grids = (await level('grid')).map((f) => ({ code: f.properties.code, at: firstPoint(f.geometry.coordinates) }));
    const streets = (await level('street')).map((f) => f.properties.code);
    return { dir, key, token, grids, streets, district: '320612' };
  } finally {
    await stopServer(server.child);
  }
}

function firstPoint(c: unknown): [number, number] {
  let x = c;
  while (Array.isArray(x) && Array.isArray(x[0])) x = x[0];
  return x as [number, number];
}

function serverEnv(dir: string, windowMs: number, parser: 'json' | 'msgpack'): NodeJS.ProcessEnv {
  return { ...process.env, PII_KEY: '0'.repeat(64), DATA_DIR: dir, SCENARIO: 'district', MOCK: 'off', LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD: 'bench-admin-password', DELTA_WINDOW_MS: String(windowMs), BENCH_PARSER: parser, RATE_INGEST_PER_S: '1000000' };
}

/** Forks a TypeScript child with an IPC channel, its open-files limit raised to the hard limit. */
function fork(script: string, env: NodeJS.ProcessEnv, nodeArgs: string[] = []): ChildProcess {
  return spawn('bash', ['-c', 'ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"', process.execPath, ...nodeArgs, '--import', 'tsx', join(here, script)], {
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Sends `msg` (if any) and resolves with the child's next message of kind `kind`. */
function ask<T>(child: ChildProcess, kind: string, msg?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { kind: string; message?: string }): void => {
      if (m.kind === 'error') reject(new Error(m.message));
      if (m.kind !== kind && m.kind !== 'error') return;
      child.off('message', onMessage);
      resolve(m as T);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`child exited (${code}) while waiting for ${kind}`)));
    if (msg) child.send(msg);
  });
}

async function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = fork('realtime-server-child.ts', env, ['--expose-gc', '--max-old-space-size=4000', ...profile]);
  const { url } = await ask<{ url: string }>(child, 'ready');
  return { child, url };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.send({ kind: 'stop' });
  await exited;
}

interface Percentiles {
  p50: number;
  p99: number;
  count: number;
}

interface RunResult {
  alarms: Percentiles;
  deltas: Percentiles;
  cpuPct: number;
  /** Receipts the clients should have had of the measured incidents (see `expectedReceipts`). */
  expected: { deltas: number; alarms: number };
  /** Incidents a socket received in two deltas. */
  duplicates: number;
  /** Both client processes' CPU while recording, in % of one core (summed). */
  clientsCpuPct: number;
  eldP99Ms: number;
  memory?: { heap: number; rss: number };
  /** Frame bytes each client received per second while recording, by the level of its scope. */
  bytesPerClientS: Record<string, number>;
}

async function fanOut(template: Template, run: Run): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-rt-run-'));
  cpSync(template.dir, dir, { recursive: true });
  const server = await startServer(serverEnv(dir, run.windowMs, run.parser));
  const children = [fork('realtime-clients-child.ts', process.env), fork('realtime-clients-child.ts', process.env)];
  try {
    await Promise.all(children.map((c) => ask(c, 'ready')));
    const before = run.memory ? await ask<{ heapUsed: number; rss: number }>(server.child, 'memory', { kind: 'memory' }) : undefined;
    const scopes = spread(template, run.clients);
    const half = Math.ceil(scopes.length / children.length);
    await Promise.all(
      children.map((c, i) => ask(c, 'connected', { kind: 'connect', url: server.url, token: template.token, scopes: scopes.slice(i * half, (i + 1) * half), parser: run.parser })),
    );
    let memory: RunResult['memory'];
    if (before) {
      await new Promise((r) => setTimeout(r, 3000));
      const after = await ask<{ heapUsed: number; rss: number; sockets: number }>(server.child, 'memory', { kind: 'memory' });
      if (after.sockets !== run.clients) throw new Error(`${after.sockets} sockets connected, expected ${run.clients}`);
      memory = { heap: after.heapUsed - before.heapUsed, rss: after.rss - before.rss };
    }
    const recordedFrom = performance.now();
    await Promise.all(children.map((c) => ask(c, 'recording', { kind: 'record' })));
    const { acks, measured } = await ingest(server.url, template, async () => {
      await ask(server.child, 'marked', { kind: 'mark' });
    });
    await new Promise((r) => setTimeout(r, run.windowMs + 1500));
    const stats = await ask<{ cpuPct: number; eldP99Ms: number; logSeq: number; engineSeq: number; sockets: number }>(server.child, 'stats', { kind: 'stats' });
    const recordedS = (performance.now() - recordedFrom) / 1000;
    type Report = { cpuPct: number; duplicates: { count: number; first: string[] }; deltas: Record<string, number>; alarms: Record<string, number>; bytesByLevel: Record<string, number>; socketsByLevel: Record<string, number> };
    const reports = await Promise.all(children.map((c) => ask<Report>(c, 'report', { kind: 'report', acks })));
    const received = reports.reduce((a, r) => a + Object.values(r.deltas).reduce((x, y) => x + y, 0), 0);
    if (received === 0 || stats.engineSeq !== stats.logSeq || stats.sockets !== run.clients) {
      throw new Error(
        `the run went wrong: ${Object.keys(acks).length} incidents acknowledged, ${received} delta receipts of them, the log at ${stats.logSeq}, the engine at ${stats.engineSeq}, ${stats.sockets} sockets connected of ${run.clients}`,
      );
    }
    // Every receipt accounted for: none missing, none twice (a fault of the protocol, not noise).
    const expected = expectedReceipts(measured, scopes);
    const duplicates = reports.reduce((a, r) => a + r.duplicates.count, 0);
    for (const r of reports) for (const d of r.duplicates.first) console.log(`  duplicate: ${d}`);
    const bytesPerClientS: Record<string, number> = {};
    for (const level of ['district', 'street', 'grid']) {
      const bytes = reports.reduce((a, r) => a + (r.bytesByLevel[level] ?? 0), 0);
      const sockets = reports.reduce((a, r) => a + (r.socketsByLevel[level] ?? 0), 0);
      if (sockets > 0) bytesPerClientS[level] = bytes / sockets / recordedS;
    }
    return {
      bytesPerClientS,
      expected,
      duplicates,
      alarms: percentiles(reports.map((r) => r.alarms)),
      deltas: percentiles(reports.map((r) => r.deltas)),
      cpuPct: stats.cpuPct,
      clientsCpuPct: reports.reduce((a, r) => a + r.cpuPct, 0),
      eldP99Ms: stats.eldP99Ms,
      memory,
    };
  } finally {
    for (const c of children) c.send({ kind: 'stop' });
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    await stopServer(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Scope codes for `n` clients: 60 % grids, 30 % streets, 10 % the district, at random (seeded). */
function spread(t: Template, n: number): string[] {
  const random = seededRandom(n);
  return Array.from({ length: n }, () => {
    const r = random();
    if (r < 0.6) return t.grids[Math.floor(random() * t.grids.length)]!.code;
    if (r < 0.9) return t.streets[Math.floor(random() * t.streets.length)]!;
    return t.district;
  });
}

let serial = 0;
/** Ingest requests sent twice after a network error (reported with the figures). */
let retried = 0;
/**
 * Ingests `RATE` incidents a second, each in its own request, for the warm-up then the measured
 * seconds (`mark` is called between them); returns the acknowledgement instant of each measured
 * incident, by number.
 */
async function ingest(url: string, t: Template, mark: () => Promise<void>): Promise<{ acks: Record<string, number>; measured: Measured[] }> {
  const random = seededRandom(17);
  const acks: Record<string, number> = {};
  const measured: Measured[] = [];
  const send = async (isMeasured: boolean): Promise<void> => {
    const n = ++serial;
    const grid = t.grids[Math.floor(random() * t.grids.length)]!;
    const event: IncidentReportedEvent = {
      id: `bench-rt-${n}`,
      type: 'incident.reported',
      occurredAt: new Date().toISOString(),
      data: { incidentId: `B${n}`, category: 'garbage', source: 'grid', location: grid.at, gridCode: grid.code, severity: random() < SEVERE ? 3 : 1, description: 'bench' },
    };
    const post = (): Promise<Response> =>
      fetch(`${url}/api/ingest/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t.key}` },
        body: JSON.stringify({ events: [event] }),
      });
    // A keep-alive connection the server closed as it was reused fails (ECONNRESET); the
    // event id makes the retry harmless, and the latency counts from the acknowledgement.
    let res: Response | undefined;
    for (let attempt = 1; !res; attempt++) {
      try {
        res = await post();
      } catch (err) {
        if (attempt === 3) throw err;
        retried += 1;
      }
    }
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`ingest: HTTP ${res.status}`);
    if (isMeasured) {
      acks[String(n)] = performance.timeOrigin + performance.now();
      measured.push({ grid: grid.code, severe: event.data.severity >= 3 });
    }
  };
  const paced = async (durationMs: number, isMeasured: boolean): Promise<void> => {
    const start = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let k = 0; ; k++) {
      const due = start + (k * 1000) / RATE;
      if (due - start >= durationMs) break;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inFlight.push(send(isMeasured));
    }
    await Promise.all(inFlight);
  };
  await paced(WARMUP_MS, false);
  await mark();
  await paced(MEASURE_MS, true);
  return { acks, measured };
}

/** A measured incident: where it was placed and whether it raised an alarm. */
interface Measured {
  grid: string;
  severe: boolean;
}

/**
 * How many receipts of the measured incidents the clients should have: each incident once per
 * socket in its grid's, its street's and the district's rooms (as a delta; as an alarm too when severe).
 */
function expectedReceipts(measured: readonly Measured[], scopes: readonly string[]): { deltas: number; alarms: number } {
  const sockets = new Map<string, number>();
  for (const s of scopes) sockets.set(s, (sockets.get(s) ?? 0) + 1);
  let deltas = 0;
  let alarms = 0;
  for (const m of measured) {
    let audience = 0;
    for (const code of selfAndAncestors(m.grid)) audience += sockets.get(code) ?? 0;
    deltas += audience;
    if (m.severe) alarms += audience;
  }
  return { deltas, alarms };
}

/** p50 and p99 of merged histograms of 0.1 ms buckets. */
function percentiles(histograms: Record<string, number>[]): Percentiles {
  const merged = new Map<number, number>();
  for (const h of histograms) for (const [k, v] of Object.entries(h)) merged.set(Number(k), (merged.get(Number(k)) ?? 0) + v);
  const buckets = [...merged.entries()].sort((a, b) => a[0] - b[0]);
  const count = buckets.reduce((a, [, v]) => a + v, 0);
  const at = (q: number): number => {
    let seen = 0;
    for (const [k, v] of buckets) {
      seen += v;
      if (seen >= q * count) return k / 10;
    }
    return NaN;
  };
  return { p50: at(0.5), p99: at(0.99), count };
}
