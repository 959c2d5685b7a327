import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createServer, type CommandCenterServer } from '../../server/app';
import { defaultConfig, type Config } from '../../server/config';
import type { Clock } from '../../server/clock';

export interface RunningTestServer {
  server: CommandCenterServer;
  url: string;
  dataDir: string;
  /** An ingest API key created for the test. */
  apiKey: string;
  /** Closes the server; removes its data directory unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** Starts the real server on 127.0.0.1, port 0 unless given, with a fresh (or given) data directory. */
export async function startTestServer(options: { config?: Partial<Config>; clock?: Clock; dataDir?: string; port?: number } = {}): Promise<RunningTestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cc-test-'));
  const config = defaultConfig({ DATA_DIR: dataDir, MOCK: 'off', SCENARIO: 'tiny', ...options.config });
  const server = await createServer({ config, clock: options.clock, logger: pino({ level: 'silent' }) });
  await new Promise<void>((resolve) => server.httpServer.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  const apiKey = server.apiKeys.create('test');
  return {
    server,
    url: `http://127.0.0.1:${address.port}`,
    dataDir,
    apiKey,
    async stop({ keepData = false } = {}) {
      await server.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
