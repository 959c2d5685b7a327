import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import * as msgpack from 'socket.io-msgpack-parser';
import type { ServerOptions } from 'socket.io';
import { createServer } from '../../server/app';
import { loadConfig } from '../../server/config';

/**
 * The server of the realtime benchmark, in its own process (forked with an IPC channel): the real
 * `createServer` from the environment, with `BENCH_PARSER=msgpack` swapping Socket.IO's parser.
 * Answers the parent's messages: `mark` starts a measurement (CPU and event-loop delay),
 * `stats` ends it, `memory` reports heap and RSS after a full GC (run with --expose-gc).
 */
const config = loadConfig(process.env);
const parser: Partial<ServerOptions> = process.env.BENCH_PARSER === 'msgpack' ? { parser: { Encoder: msgpack.Encoder, Decoder: msgpack.Decoder } as unknown as ServerOptions['parser'] } : {};
const server = await createServer({ config, logger: pino({ level: 'warn' }), socketOptions: parser });
await new Promise<void>((resolve) => server.httpServer.listen(config.PORT, '127.0.0.1', resolve));
const address = server.httpServer.address();
const port = typeof address === 'object' && address ? address.port : config.PORT;

let cpu = process.cpuUsage();
let t0 = performance.now();
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();

process.on('message', (raw: unknown) => {
  const msg = raw as { kind: string };
  if (msg.kind === 'mark') {
    cpu = process.cpuUsage();
    t0 = performance.now();
    delay.reset();
    process.send!({ kind: 'marked' });
  } else if (msg.kind === 'stats') {
    const used = process.cpuUsage(cpu);
    const ms = performance.now() - t0;
    // Where the log and the engine stand, so that a run whose events did not all reach the
    // engine fails with that said instead of reporting empty latencies.
    void server.store.lastSeq().then((logSeq) =>
      process.send!({ kind: 'stats', cpuPct: ((used.user + used.system) / 1000 / ms) * 100, eldP99Ms: delay.percentile(99) / 1e6, eldMaxMs: delay.max / 1e6, logSeq, engineSeq: server.engine.seq, sockets: server.io.of('/').sockets.size }),
    );
  } else if (msg.kind === 'memory') {
    for (let i = 0; i < 3; i++) (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    process.send!({ kind: 'memory', heapUsed: m.heapUsed, rss: m.rss, sockets: server.io.of('/').sockets.size });
  } else if (msg.kind === 'stop') {
    void server.close().then(() => process.exit(0));
  }
});
process.send!({ kind: 'ready', url: `http://127.0.0.1:${port}` });
