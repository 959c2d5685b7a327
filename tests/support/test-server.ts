import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createServer, type CommandCenterServer, type ServerDeps } from '../../server/app';
import { CLI_ACTOR } from '../../server/audit/audit-log';
import { defaultConfig, type Config } from '../../server/config';
import type { Clock } from '../../server/clock';
import { createDisplayToken } from '../../server/identity/display-tokens';

/** The first admin's password on test servers (set through ADMIN_PASSWORD). */
export const TEST_ADMIN_PASSWORD = 'test-admin-password';

export interface RunningTestServer {
  server: CommandCenterServer;
  url: string;
  dataDir: string;
  /** An ingest API key created for the test. */
  apiKey: string;
  /** A display token for the whole district, created for the test: reads every scope, like a wall. */
  token: string;
  displayTokenId: number;
  /** `{ authorization: 'Bearer <token>' }` with the display token (or the token given). */
  authHeaders(token?: string): Record<string, string>;
  /** A login token of the first admin (`admin`, password `TEST_ADMIN_PASSWORD`). */
  adminToken(): Promise<string>;
  /** Closes the server; removes its data directory unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** Starts the real server on 127.0.0.1, port 0 unless given, with a fresh (or given) data directory. */
export async function startTestServer(
  options: { config?: Partial<Config>; clock?: Clock; dataDir?: string; port?: number; deps?: Pick<ServerDeps, 'slowClients' | 'socketOptions' | 'pdfPrinter'> } = {},
): Promise<RunningTestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cc-test-'));
  const config = defaultConfig({ DATA_DIR: dataDir, MOCK: 'off', SCENARIO: 'tiny', ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, ...options.config });
  const server = await createServer({ ...options.deps, config, clock: options.clock, logger: pino({ level: 'silent' }) });
  await new Promise<void>((resolve) => server.httpServer.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  const apiKey = await server.apiKeys.create('test', CLI_ACTOR);
  const display = await createDisplayToken({ identity: server.stores.identity, audit: server.audit }, CLI_ACTOR, { name: 'test wall', scope: server.territory.territory.district.code });
  const url = `http://127.0.0.1:${address.port}`;
  let adminToken: Promise<string> | undefined;
  return {
    server,
    url,
    dataDir,
    apiKey,
    token: display.token,
    displayTokenId: display.id,
    authHeaders: (token = display.token) => ({ authorization: `Bearer ${token}` }),
    adminToken() {
      adminToken ??= server.auth.login('admin', config.ADMIN_PASSWORD ?? TEST_ADMIN_PASSWORD).then((r) => {
        if (!r.ok) throw new Error('the test admin could not sign in');
        return r.token;
      });
      return adminToken;
    },
    async stop({ keepData = false } = {}) {
      await server.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
