import express, { type Express } from 'express';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Server as SocketServer } from 'socket.io';
import pino, { type Logger } from 'pino';
import type Database from 'better-sqlite3';
import compression from 'compression';
import type { Config } from './config';
import { systemClock, type Clock } from './clock';
import { Engine } from './aggregate/engine';
import { ApiKeys } from './auth/api-keys';
import { errorHandler, HttpError } from './http/http-error';
import { geoRouter } from './http/geo-router';
import { healthRouter } from './http/health-router';
import { staticWeb } from './http/static-web';
import { ingestRouter } from './ingest/ingest-router';
import { attachScopeRooms } from './realtime/scope-rooms';
import type { TypedServer } from './realtime/typed-io';
import type { EventStore } from './store/event-store';
import { databaseFile, openDatabase } from './store/sqlite-database';
import { SqliteEventStore } from './store/sqlite-event-store';
import { SERVER_VERSION } from './version';
import { loadTerritory, type LoadedTerritory } from './territory/load-territory';
import { TerritoryStore } from './territory/territory-store';

export interface ServerDeps {
  config: Config;
  clock?: Clock;
  logger?: Logger;
  /** Built web app to serve; defaults to `dist/web` of the repository. */
  webDir?: string;
}

/** A server ready to listen: the app, its Socket.IO server and the parts tests reach into. */
export interface CommandCenterServer {
  app: Express;
  httpServer: HttpServer;
  io: TypedServer;
  engine: Engine;
  store: EventStore;
  apiKeys: ApiKeys;
  territory: LoadedTerritory;
  /** Stops timers and sockets and closes the store; the HTTP server too if it listens. */
  close(): Promise<void>;
}

/**
 * Builds the whole server from its dependencies without listening: opens the store, replays the
 * log into the engine, mounts the HTTP routes and attaches Socket.IO. `main.ts` listens.
 */
export async function createServer(deps: ServerDeps): Promise<CommandCenterServer> {
  const { config } = deps;
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? pino({ level: config.LOG_LEVEL });
  const webDir = deps.webDir ?? fileURLToPath(new URL('../dist/web', import.meta.url));

  const db: Database.Database = openDatabase(databaseFile(config.DATA_DIR));
  const store = new SqliteEventStore(db);
  const apiKeys = new ApiKeys(db);
  const territory = loadTerritory(new TerritoryStore(db), config.SCENARIO, logger);
  const engine = new Engine(store, territory, clock, config.TZ_REPORTS);
  await engine.start();

  const app = express();
  app.disable('x-powered-by');
  app.use(compression());
  app.use(healthRouter({ version: SERVER_VERSION, store: store.kind, startedAt: Date.now() }));
  app.use(ingestRouter({ store, engine, apiKeys }));
  app.use(geoRouter(territory));
  app.use('/api', (req) => {
    throw new HttpError(404, 'not-found', `no such endpoint: ${req.method} /api${req.path}`);
  });
  app.use(staticWeb(webDir));
  app.use(errorHandler(logger));

  const httpServer = createHttpServer(app);
  const io: TypedServer = new SocketServer(httpServer, { serveClient: false });
  const rooms = attachScopeRooms(io, engine, { windowMs: config.DELTA_WINDOW_MS, heartbeatMs: 5000, logger });

  return {
    app,
    httpServer,
    io,
    engine,
    store,
    apiKeys,
    territory,
    async close() {
      rooms.close();
      await io.close(); // also closes the HTTP server
      await store.close();
      db.close();
    },
  };
}
