import pino from 'pino';
import { httpIngestClient } from '../mock/ingest-client';
import { startIncidentSimulator } from '../mock/incident-simulator';
import { nearBuildings } from '../mock/place-sampler';
import { createServer } from './app';
import { ConfigError, loadConfig, type Config } from './config';

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
  const logger = pino({ level: config.LOG_LEVEL });
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
    server.apiKeys.revokeAll('simulator');
    const key = server.apiKeys.create('simulator');
    const sim = startIncidentSimulator({
      place: nearBuildings(server.territory.buildings),
      rate: config.MOCK_RATE,
      send: httpIngestClient(`http://127.0.0.1:${port}`, key),
      onError: (err) => logger.warn({ err: String(err) }, 'simulator batch failed'),
    });
    stopSimulator = () => sim.stop();
  }

  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  logger.info(
    { port, store: server.store.kind, dataDir: config.DATA_DIR, mock: config.MOCK, seq: server.engine.seq },
    'command center listening',
  );
  console.log(`\n  Command center ready: http://${host}:${port}/\n`);

  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    void stopSimulator()
      .then(() => server.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
