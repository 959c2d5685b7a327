import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import * as msgpack from 'socket.io-msgpack-parser';
import { PROTOCOL_VERSION, type ScopeDelta, type IncidentPoint } from '../../server/protocol/index';
import type { TestSocket } from '../support/socket-client';

/**
 * Clients of the realtime benchmark, in a process of their own (forked with an IPC channel; one
 * process holds a few thousand sockets). On `connect` it opens one socket.io client per scope
 * given (websocket only) and subscribes it; then it records, per socket, when each benchmark
 * incident arrives in a delta and as `incident:reported`. On `report` with the instants the
 * parent's ingest was acknowledged, it answers with latency histograms (0.1 ms buckets).
 */
interface Connect {
  kind: 'connect';
  url: string;
  token: string;
  scopes: string[];
  parser: 'json' | 'msgpack';
}
interface Report {
  kind: 'report';
  /** Ack instant (ms, performance.timeOrigin-based) per incident number. */
  acks: Record<string, number>;
}

const now = (): number => performance.timeOrigin + performance.now();
const sockets: TestSocket[] = [];
/** Receipts as parallel arrays: incident number and instant. */
const deltaN: number[] = [];
const deltaT: number[] = [];
const alarmN: number[] = [];
const alarmT: number[] = [];
let recording = false;
/** This process's CPU time and wall clock when recording started (to report its CPU share). */
let cpuFrom = process.cpuUsage();
let wallFrom = performance.now();
/** Frame bytes (UTF-8) received while recording, and sockets, by the level of the socket's scope. */
const bytesByLevel: Record<string, number> = {};
const socketsByLevel: Record<string, number> = {};
const LEVELS: Record<number, string> = { 6: 'district', 9: 'street', 12: 'community', 15: 'grid' };

/** Incidents a socket was sent in two deltas (a protocol fault): how many, and the first few described. */
let duplicateCount = 0;
const duplicates: string[] = [];

/** Benchmark incidents are named `B<number>`. */
function numberOf(p: IncidentPoint): number {
  return p.incidentId.startsWith('B') ? Number(p.incidentId.slice(1)) : NaN;
}

async function connect(msg: Connect): Promise<void> {
  const options: Partial<ManagerOptions & SocketOptions> = {
    auth: { token: msg.token, protocol: PROTOCOL_VERSION },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(msg.parser === 'msgpack' ? { parser: { Encoder: msgpack.Encoder, Decoder: msgpack.Decoder } as unknown as ManagerOptions['parser'] } : {}),
  };
  let next = 0;
  const one = async (): Promise<void> => {
    while (next < msg.scopes.length) {
      const scope = msg.scopes[next++]!;
      const socket: TestSocket = io(msg.url, options);
      // The `seq` of the delta that carried each incident to this socket: a second one is a duplicate.
      const carriedBy = new Map<number, number>();
      socket.on('scope:delta', (d: ScopeDelta) => {
        if (!recording || !d.incidents) return;
        const t = now();
        for (const p of d.incidents.added) {
          const n = numberOf(p);
          const before = carriedBy.get(n);
          if (before !== undefined && duplicateCount++ < 5) duplicates.push(`${p.incidentId} in the delta of ${d.scope} up to ${before}, again in its delta ${d.prevSeq}→${d.seq}`);
          carriedBy.set(n, d.seq);
          deltaN.push(n);
          deltaT.push(t);
        }
      });
      socket.on('incident:reported', (p: IncidentPoint) => {
        if (!recording) return;
        alarmN.push(numberOf(p));
        alarmT.push(now());
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      const level = LEVELS[scope.length] ?? 'other';
      socketsByLevel[level] = (socketsByLevel[level] ?? 0) + 1;
      socket.io.engine.on('data', (data: unknown) => {
        if (!recording) return;
        bytesByLevel[level] = (bytesByLevel[level] ?? 0) + (typeof data === 'string' ? Buffer.byteLength(data) : (data as ArrayBuffer).byteLength);
      });
      const answer = await socket.timeout(60_000).emitWithAck('scope:subscribe', { scope });
      if (!answer.ok) throw new Error(answer.error);
      sockets.push(socket);
    }
  };
  // A few hundred handshakes in flight at once.
  await Promise.all(Array.from({ length: 200 }, one));
}

/** Latencies in 0.1 ms buckets (negative ones, a receipt before the ack, count as 0). */
function histogram(ns: number[], ts: number[], acks: Record<string, number>): Record<string, number> {
  const h: Record<string, number> = {};
  for (let i = 0; i < ns.length; i++) {
    const ack = acks[String(ns[i])];
    if (ack === undefined) continue;
    const bucket = Math.max(0, Math.round((ts[i]! - ack) * 10));
    h[bucket] = (h[bucket] ?? 0) + 1;
  }
  return h;
}

process.on('message', (raw: unknown) => {
  const msg = raw as Connect | Report | { kind: 'record' } | { kind: 'stop' };
  if (msg.kind === 'connect') {
    connect(msg).then(
      () => process.send!({ kind: 'connected', sockets: sockets.length }),
      (err: unknown) => process.send!({ kind: 'error', message: String(err) }),
    );
  } else if (msg.kind === 'record') {
    recording = true;
    cpuFrom = process.cpuUsage();
    wallFrom = performance.now();
    process.send!({ kind: 'recording' });
  } else if (msg.kind === 'report') {
    recording = false;
    const cpu = process.cpuUsage(cpuFrom);
    const cpuPct = ((cpu.user + cpu.system) / 1000 / (performance.now() - wallFrom)) * 100;
    process.send!({ kind: 'report', cpuPct, duplicates: { count: duplicateCount, first: duplicates }, deltas: histogram(deltaN, deltaT, msg.acks), alarms: histogram(alarmN, alarmT, msg.acks), bytesByLevel, socketsByLevel });
  } else if (msg.kind === 'stop') {
    for (const s of sockets) s.disconnect();
    process.exit(0);
  }
});
process.send!({ kind: 'ready' });
