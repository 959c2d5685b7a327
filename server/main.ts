import pino, { type Logger } from 'pino';
import { loggerOptions } from './log-options';
import { httpIngestClient, type SendBatch } from '../mock/ingest-client';
import { sendRegisters } from '../mock/register-loader';
import { startInProcessSimulator } from '../mock/in-process';
import { createServer, type CommandCenterServer } from './app';
import { worldFromTerritory, type SimWorld } from '../mock/sim-world';
import type { LoadedTerritory } from './territory/load-territory';
import { storedRegisters } from './territory/load-territory';
import type { TerritoryStore } from './territory/territory-store';
import { ConfigError, loadConfig, type Config } from './config';
import { SYSTEM_ACTOR } from './audit/audit-log';

/**
 * Reads the environment, starts the server and, unless `MOCK=off`, the in-process simulator,
 * which sends through the same ingest API as any upstream system.
 */
export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`configuration error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const logger = pino(loggerOptions(config.LOG_LEVEL));
  const server = await createServer({ config, logger });
  await new Promise<void>((resolve, reject) => {
    server.httpServer.once('error', reject);
    server.httpServer.listen(config.PORT, config.HOST, resolve);
  });
  const address = server.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;

  let stopSimulator = async (): Promise<void> => {};
  if (config.MOCK === 'on') {
    // A fresh key each start: keys are shown once and the previous run's is not kept anywhere.
    await server.apiKeys.revokeAll('simulator', SYSTEM_ACTOR);
    const key = await server.apiKeys.create('simulator', SYSTEM_ACTOR);
    const send = httpIngestClient(`http://127.0.0.1:${port}`, key);
    let sim: ReturnType<typeof startInProcessSimulator> | undefined;
    let stopping = false;
    // The registers go first: the simulation's history refers to their cameras, buildings and people.
    const started = loadScenarioRegisters(server, send, logger).then(() => {
      if (stopping) return;
      sim = startInProcessSimulator({
        world: simulatorWorld(server.territory, server.territoryStore),
        rate: config.MOCK_RATE,
        send,
        state: { load: () => server.territoryStore.getMeta('simulator-run'), save: (json) => server.territoryStore.setMeta('simulator-run', json) },
        onInfo: (message, details) => logger.info(details, message),
        onError: (err) => logger.warn({ err: String(err) }, 'simulator batch failed'),
      });
    }).catch((err: unknown) => logger.error({ err: String(err) }, 'the simulator could not start'));
    stopSimulator = async () => {
      stopping = true;
      await started;
      await sim?.stop();
    };
  }

  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  logger.info(
    { port, store: server.store.kind, dataDir: config.DATA_DIR, mock: config.MOCK, seq: server.engine.seq },
    'command center listening',
  );
  console.log(`\n  Command center ready: http://${host}:${port}/\n`);
  if (server.firstAdmin) announceFirstAdmin(server.firstAdmin, `http://${host}:${port}/login`);

  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    void stopSimulator()
      .then(() => server.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

/**
 * The simulator's world for a server's territory: its buildings and grids, the upstream registers
 * stored with it (cameras, staff, key persons; absent for an imported territory) and its rental
 * buildings. `fingerprint` keys the simulator's randomness; by default the territory's identity.
 * Benchmarks build their worlds with it too.
 */
export function simulatorWorld(territory: LoadedTerritory, store: TerritoryStore, fingerprint = `${territory.source}#${territory.hash}`): SimWorld {
  const registers = storedRegisters(store);
  return worldFromTerritory({
    fingerprint,
    districtCode: territory.territory.district.code,
    buildings: territory.buildings,
    grids: territory.grids,
    cameras: registers?.cameras,
    staff: registers?.staff,
    keyPersons: registers?.keyPersons,
    rentals: store.rentalBuildings(),
  });
}

/**
 * On the first start of a generated scenario, its base registers (cameras, staff, rental
 * buildings, key populations) enter through the ingest API, the path a deployment's upstream
 * systems use. Resending is harmless (same ids and content count as duplicates), so a start that
 * was interrupted simply sends again.
 */
async function loadScenarioRegisters(server: CommandCenterServer, send: SendBatch, logger: Logger): Promise<void> {
  const source = server.territory.source;
  const flag = `registers-sent:${source}`;
  const registers = storedRegisters(server.territoryStore);
  if (!source.startsWith('scenario:') || !registers || server.territoryStore.getMeta(flag)) return;
  const t0 = Date.now();
  try {
    const r = await sendRegisters({ ...registers, rentals: [...server.territoryStore.rentalBuildings()] }, send);
    server.territoryStore.setMeta(flag, new Date().toISOString());
    logger.info({ ...r, ms: Date.now() - t0 }, 'scenario registers sent through ingest');
  } catch (err) {
    logger.error({ err: String(err) }, 'sending the scenario registers failed; the next start tries again');
  }
}

/** What the in-process simulator knows: the stored territory and, for a generated scenario, its registers. */
/**
 * Tells the operator, once, about the administrator created on first start. A generated password
 * is printed here and nowhere else (not in the logs): only its hash is stored.
 */
function announceFirstAdmin(admin: NonNullable<CommandCenterServer['firstAdmin']>, loginUrl: string): void {
  console.log(`  First start: created the administrator account "${admin.username}" for scope ${admin.scope}.`);
  if (admin.password !== undefined) {
    console.log(`  FIRST ADMIN PASSWORD (shown only this once, note it now): ${admin.password}`);
  } else {
    console.log('  Its password is the one given in ADMIN_PASSWORD.');
  }
  console.log(`  Sign in at ${loginUrl}\n`);
}
