import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncidentReportedEvent } from '../../server/protocol/index';
import { seededRandom } from '../../geo/random';
import { runCli, startServerProcess, stopServerProcess } from '../support/server-process';
import { median, type Bench } from './bench-kit';

const here = import.meta.dirname;

/** Sustained ingest over HTTP into each store, and start-up time with a long log. */
export const ingestBench: Bench = {
  name: 'ingest',
  async run() {
    const rows = [
      '### Sustained ingest over HTTP (loopback; the server in its own process, the sender in another with its request bodies built beforehand; keep-alive; 20,000 events sent first to warm up)',
      '',
      '| store | batch | in flight | occurredAt | events/s | request p50 | request p99 | events |',
      '| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
    ];
    const day: string[] = [];
    for (const store of stores()) {
      // The server runs in its own process, as in production; this process only sends.
      const dataDir = mkdtempSync(join(tmpdir(), 'cc-ingest-bench-'));
      const env = { ...process.env, ...store.config, DATA_DIR: dataDir, SCENARIO: 'tiny', MOCK: 'off', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD: 'bench-admin-password', RATE_INGEST_PER_S: '1000000' };
      const key = runCli(env, 'keys.ts', 'create', 'bench');
      const server = await startServerProcess(env);
      const send = sender(server.url, key);
      try {
        await sustained(send, 100, 4, 20_000, 'in order');
        for (const [batch, inFlight, total, order] of [
          [100, 4, 200_000, 'in order'],
          [100, 4, 200_000, 'shuffled'],
          [1, 16, 20_000, 'in order'],
        ] as const) {
          const r = await sustained(send, batch, inFlight, total, order);
          rows.push(`| ${store.name} | ${batch} | ${inFlight} | ${order} | **${Math.round(r.rate).toLocaleString('en')}** | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${total.toLocaleString('en')} |`);
        }
        const runs: number[] = [];
        for (let k = 0; k < 5; k++) {
          const events = incidents(3100, `day${k}`, 'in order');
          const t = performance.now();
          for (let i = 0; i < events.length; i += 100) await send(JSON.stringify({ events: events.slice(i, i + 100) }));
          runs.push(performance.now() - t);
        }
        day.push(`${store.name}: **${(median(runs) / 1000).toFixed(2)} s** (median of 5, 31 sequential batches of 100)`);
      } finally {
        send.close();
        await stopServerProcess(server.child);
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
    return [...rows, '', `A day of Dongguan's incidents (3,100) through the API: ${day.join('; ')}.`, '', ...startup()].join('\n');
  },
};

function stores(): { name: string; config: Record<string, string> }[] {
  const list: { name: string; config: Record<string, string> }[] = [{ name: 'sqlite', config: { STORE: 'sqlite' } }];
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  list.push({ name: 'postgres', config: { STORE: 'postgres', DATABASE_URL: `${url}${url.includes('?') ? '&' : '?'}schema=bench_${Date.now()}` } });
  return list;
}

/**
 * Sends a request body to the ingest API over kept-alive connections, with node:http rather than
 * fetch: the sender shares the server's two cores here, and fetch cost it twice the CPU.
 */
function sender(url: string, key: string): ((body: string) => Promise<void>) & { close(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const { hostname, port } = new URL(url);
  const send = (body: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        { host: hostname, port, path: '/api/ingest/events', method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`ingest: HTTP ${res.statusCode} ${text}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return Object.assign(send, { close: () => agent.destroy() });
}

/**
 * `n` incidents spread over the hour before now. In order: as senders forward what happens, each
 * within 30 s of its place; shuffled: anywhere in the hour, so the read models' time indexes take
 * them at random places (a harder case for the projector, which shares the two cores).
 */
let serial = 0;
function incidents(n: number, tag: string, order: 'in order' | 'shuffled'): IncidentReportedEvent[] {
  const random = seededRandom(n + serial);
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => {
    serial++;
    const at = order === 'shuffled' ? now - Math.floor(random() * 3.6e6) : now - 3.6e6 + Math.floor(((i + 0.5) / n) * 3.6e6 + (random() - 0.5) * 60e3);
    return {
      id: `bench-${tag}-${serial}`,
      type: 'incident.reported',
      occurredAt: new Date(Math.min(at, now)).toISOString(),
      data: {
        incidentId: `BI-${tag}-${serial}`,
        category: 'garbage',
        source: 'grid',
        location: [121.04 + random() * 0.03, 32.05 + random() * 0.02],
        severity: 1 + Math.floor(random() * 2),
        description: '生活垃圾两天未清运',
      },
    };
  });
}

async function sustained(send: (body: string) => Promise<void>, batch: number, inFlight: number, total: number, order: 'in order' | 'shuffled'): Promise<{ rate: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  // The bodies are built before the clock starts: a real sender runs on another machine, and
  // here it shares the server's two cores.
  const events = incidents(total, `s${batch}`, order);
  const bodies = Array.from({ length: Math.ceil(total / batch) }, (_, k) => JSON.stringify({ events: events.slice(k * batch, (k + 1) * batch) }));
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const t = performance.now();
        await send(body);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { rate: total / seconds, p50: latencies[Math.floor(latencies.length * 0.5)]!, p99: latencies[Math.floor(latencies.length * 0.99)]! };
}

/** Start-up with a long log, in a child process (its own memory): see startup-child.ts. */
function startup(): string[] {
  const free = statfsSync(tmpdir());
  const freeGiB = (free.bavail * free.bsize) / 2 ** 30;
  const events = Number(process.env.BENCH_STARTUP_EVENTS ?? 10_000_000);
  if (events === 0) return ['Start-up with a long log: not measured in this run (`BENCH_STARTUP_EVENTS=0`).'];
  if (freeGiB < 12) return [`Start-up with ${events.toLocaleString('en')} events: skipped, only ${freeGiB.toFixed(0)} GiB free in ${tmpdir()}.`];
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=4000', join(here, 'startup-child.ts'), String(events)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`start-up bench failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout.trim().split('\n').pop()!) as { seedS: number; bytes: number; startS: number; fullReplayS: number; tail: number };
  return [
    `### Start-up with ${events.toLocaleString('en')} events in the log (SQLite; ${freeGiB.toFixed(0)} GiB were free)`,
    '',
    `- The log costs **${((m.bytes / events) * 1e6 / 2 ** 20).toFixed(0)} MiB per million events** (${(m.bytes / 2 ** 30).toFixed(1)} GiB in all, seeded by appending to the store directly in ${m.seedS.toFixed(0)} s).`,
    `- \`createServer\` with the checkpoint and ${m.tail.toLocaleString('en')} events after it: **${m.startS.toFixed(1)} s** (target 10 s).`,
    `- For comparison, the same start without a checkpoint (a full replay): ${m.fullReplayS.toFixed(1)} s.`,
  ];
}
