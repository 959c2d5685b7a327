import { spawnSync } from 'node:child_process';
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
    const rows = ['### Sustained ingest over HTTP (loopback; the server in its own process, the sender in another with its request bodies built beforehand; keep-alive)', '', '| store | batch | in flight | events/s | request p50 | request p99 | events |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |'];
    const day: string[] = [];
    for (const store of stores()) {
      // The server runs in its own process, as in production; this process only sends.
      const dataDir = mkdtempSync(join(tmpdir(), 'cc-ingest-bench-'));
      const env = { ...process.env, ...store.config, DATA_DIR: dataDir, SCENARIO: 'tiny', MOCK: 'off', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD: 'bench-admin-password', RATE_INGEST_PER_S: '1000000' };
      const key = runCli(env, 'keys.ts', 'create', 'bench');
      const server = await startServerProcess(env);
      try {
        const send = sender(server.url, key);
        for (const [batch, inFlight, total] of [
          [100, 4, 200_000],
          [1, 16, 20_000],
        ] as const) {
          const r = await sustained(send, batch, inFlight, total);
          rows.push(`| ${store.name} | ${batch} | ${inFlight} | **${Math.round(r.rate).toLocaleString('en')}** | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${total.toLocaleString('en')} |`);
        }
        const runs: number[] = [];
        for (let k = 0; k < 5; k++) {
          const events = incidents(3100, `day${k}`);
          const t = performance.now();
          for (let i = 0; i < events.length; i += 100) await send(events.slice(i, i + 100));
          runs.push(performance.now() - t);
        }
        day.push(`${store.name}: **${(median(runs) / 1000).toFixed(2)} s** (median of 5, 31 sequential batches of 100)`);
      } finally {
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

/** Sends a batch (or its body, serialised beforehand) to the ingest API. */
function sender(url: string, key: string): (events: IncidentReportedEvent[] | string) => Promise<void> {
  return async (events) => {
    const res = await fetch(`${url}/api/ingest/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: typeof events === 'string' ? events : JSON.stringify({ events }),
    });
    if (!res.ok) throw new Error(`ingest: HTTP ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
}

let serial = 0;
function incidents(n: number, tag: string): IncidentReportedEvent[] {
  const random = seededRandom(n + serial);
  const now = Date.now();
  return Array.from({ length: n }, () => {
    serial++;
    return {
      id: `bench-${tag}-${serial}`,
      type: 'incident.reported',
      occurredAt: new Date(now - Math.floor(random() * 3.6e6)).toISOString(),
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

async function sustained(send: (e: IncidentReportedEvent[] | string) => Promise<void>, batch: number, inFlight: number, total: number): Promise<{ rate: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  // The bodies are built before the clock starts: a real sender runs on another machine, and
  // here it shares the server's two cores.
  const bodies = Array.from({ length: Math.ceil(total / batch) }, () => JSON.stringify({ events: incidents(batch, `s${batch}`) }));
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
