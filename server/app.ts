import express, { type Express, type Request } from 'express';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Server as SocketServer, type ServerOptions } from 'socket.io';
import pino, { type Logger } from 'pino';
import type Database from 'better-sqlite3';
import compression from 'compression';
import type { Config } from './config';
import { loggerOptions } from './log-options';
import { systemClock, type Clock } from './clock';
import { randomUUID } from 'node:crypto';
import type { Engine } from './aggregate/engine';
import { createEngine } from './aggregate/create-engine';
import type { ProjectorPort } from './projections/projector-port';
import { ReadDb, readModelFile } from './projections/read-db';
import { startCheckpointer } from './aggregate/checkpointer';
import { ReminderScheduler } from './aggregate/reminder-scheduler';
import { ApiKeys } from './auth/api-keys';
import { actorOf, AuditLog } from './audit/audit-log';
import { ensureFirstAdmin } from './identity/accounts';
import { Authenticator } from './identity/authenticator';
import { LoginThrottle } from './identity/login-throttle';
import { PiiCipher } from './pii/pii-cipher';
import { loadPiiKeyring } from './pii/pii-key';
import { adminRouter } from './http/admin-router';
import { auditRouter } from './http/audit-router';
import { accountRouter } from './http/account-router';
import { peopleRouter } from './http/people-router';
import { authRouter } from './http/auth-router';
import { errorHandler, HttpError } from './http/http-error';
import { requireIdentity, sourceOf } from './http/require-identity';
import { geoRouter } from './http/geo-router';
import { healthRouter } from './http/health-router';
import { openApiRouter } from './http/openapi';
import { queryRouter } from './http/query-router';
import { drillRouter } from './http/drill-router';
import { reportRouter, type ExportRecord } from './http/report-router';
import { reportTicketRouter } from './http/report-ticket-router';
import { ReportTickets } from './reports/report-tickets';
import { chromiumPrinter, type PdfPrinter } from './reports/pdf-printer';
import { staticWeb } from './http/static-web';
import { mediaRouter } from './http/media-router';
import { cameraStreamRouter } from './http/camera-stream-router';
import { ingestClientKey, originAllowed, requestLimit, securityHeaders } from './http/web-security';
import { ingestRouter } from './ingest/ingest-router';
import { attachScopeRooms } from './realtime/scope-rooms';
import { attachAlarmAcks } from './realtime/alarm-acks';
import { attachSocketAuth, disconnectAccount, disconnectDisplay, disconnectSession } from './realtime/socket-auth';
import { newRealtimeCounters } from './realtime/realtime-counters';
import type { SlowClientLimits } from './realtime/slow-clients';
import { announcingStore } from './cluster/announcing-store';
import { localBus, type ClusterBus } from './cluster/cluster-bus';
import { startClusterSync } from './cluster/cluster-sync';
import { openRedisBus } from './cluster/redis-bus';
import { metricsRouter } from './http/metrics-router';
import type { TypedServer } from './realtime/typed-io';
import type { EventStore } from './store/event-store';
import { databaseFile, openDatabase } from './store/sqlite-database';
import { openStores, type Stores } from './store/open-stores';
import { SERVER_VERSION } from './version';
import { loadTerritory, type LoadedTerritory } from './territory/load-territory';
import { TerritoryStore } from './territory/territory-store';

export interface ServerDeps {
  config: Config;
  clock?: Clock;
  logger?: Logger;
  /** Built web app to serve; defaults to `dist/web` of the repository. */
  webDir?: string;
  /** Socket.IO options beyond the defaults (the benchmarks compare parsers this way). */
  socketOptions?: Partial<ServerOptions>;
  /** Prints report PDFs; defaults to Debian's Chromium at /usr/bin/chromium (503 when absent). */
  pdfPrinter?: PdfPrinter;
  /** When a socket counts as too slow for deltas (tests make it small); see realtime/slow-clients.ts. */
  slowClients?: SlowClientLimits;
}

/** A server ready to listen: the app, its Socket.IO server and the parts tests reach into. */
export interface CommandCenterServer {
  app: Express;
  httpServer: HttpServer;
  io: TypedServer;
  engine: Engine;
  /** The read models (their own SQLite file in DATA_DIR). */
  readDb: ReadDb;
  /** What folds the log into the read models (its own thread). */
  projector: ProjectorPort;
  /** Writes overtime reminders; tests call `tick()` after moving the clock. */
  reminders: ReminderScheduler;
  /** The event log (`stores.events`), kept under its old name. */
  store: EventStore;
  /** What this node tells the other nodes (a no-op without REDIS_URL). */
  bus: ClusterBus;
  apiKeys: ApiKeys;
  stores: Stores;
  audit: AuditLog;
  auth: Authenticator;
  /** Set on the start that created the first admin; `password` only when it was generated (to print once). */
  firstAdmin: { username: string; scope: string; password: string | undefined } | undefined;
  territory: LoadedTerritory;
  territoryStore: TerritoryStore;
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
  const logger = deps.logger ?? pino(loggerOptions(config.LOG_LEVEL));
  const webDir = deps.webDir ?? fileURLToPath(new URL('../dist/web', import.meta.url));

  const db: Database.Database = openDatabase(databaseFile(config.DATA_DIR));
  // postgres: see open-postgres-stores.ts (openStores picks the backend config.STORE names).
  const opened = await openStores(config, db);
  // Identifies the log: the read models know which log they were folded from, and the nodes
  // sharing it talk on a channel named after it.
  const logIdentity = await opened.identity.secret('log-id', () => randomUUID());
  const bus = config.REDIS_URL === undefined ? localBus() : openRedisBus(config.REDIS_URL, `command-center:${logIdentity}`, logger);
  // Every append (ingest, reminders, alarm acknowledgements) is announced to the other nodes.
  const stores: Stores = { ...opened, events: announcingStore(opened.events, bus) };
  const store = stores.events;
  const audit = new AuditLog(stores.audit, clock);
  const apiKeys = new ApiKeys(stores.identity, audit);
  const keyring = loadPiiKeyring(config, logger);
  const cipher = new PiiCipher(keyring.key, { previous: keyring.previous, hashKey: keyring.hashKey });
  const territoryStore = new TerritoryStore(db);
  const territory = loadTerritory(territoryStore, config.SCENARIO, logger);
  const readDb = new ReadDb(readModelFile(config.DATA_DIR));
  const { engine, projector } = createEngine({
    store,
    territory,
    readDb,
    logIdentity,
    clock,
    timeZone: config.TZ_REPORTS,
    logger,
    worker: { readModelFile: readModelFile(config.DATA_DIR), territoryFile: databaseFile(config.DATA_DIR), logInTerritoryFile: opened.kind === 'sqlite' },
  });
  await engine.start();
  const checkpointer = startCheckpointer(engine, logger);
  const reminders = new ReminderScheduler({ db: readDb, store, engine, folded: (id) => projector.folded(id), clock, logger });
  reminders.start();
  const firstAdmin = await ensureFirstAdmin({ identity: stores.identity, audit }, territory.territory.district.code, config.ADMIN_PASSWORD);
  const auth = await Authenticator.create(stores.identity, stores.security, clock, {
    sessionMs: config.SESSION_HOURS * 3_600_000,
    idleMs: config.SESSION_IDLE_MINUTES * 60_000,
    onSessionEnded: (session, reason) => {
      audit.record({ actor: session.username, role: undefined, source: 'server' }, 'auth.logout', session.username, 'ok', { reason }).catch((err: unknown) => logger.error({ err }, 'could not audit a session end'));
    },
  });

  const app = express();
  const httpServer = createHttpServer(app);
  // The Origin is checked at the handshake of both transports (engine.io asks allowRequest for a
  // polling handshake and for a direct WebSocket alike); see http/web-security.ts.
  const io: TypedServer = new SocketServer(httpServer, {
    serveClient: false,
    allowRequest: (req, callback) => callback(null, originAllowed(req, config.ALLOWED_ORIGINS)),
    ...deps.socketOptions,
  });
  const counters = newRealtimeCounters();
  const startedAt = Date.now();
  app.disable('x-powered-by');
  if (config.TRUST_PROXY !== undefined) app.set('trust proxy', /^\d+$/.test(config.TRUST_PROXY) ? Number(config.TRUST_PROXY) : config.TRUST_PROXY);
  app.use(securityHeaders(config.CSP_EXTRA_ORIGINS));
  app.use('/api/auth/login', requestLimit({ windowMs: 60_000, limit: config.RATE_LOGIN_PER_MIN, what: 'sign-in attempts' }));
  app.use('/api/ingest', requestLimit({ windowMs: 1000, limit: config.RATE_INGEST_PER_S, what: 'ingest requests', key: ingestClientKey }));
  app.use(compression());
  // The demo cameras' test clip, before the token check (see media-router.ts for why it needs none).
  app.use(mediaRouter());
  app.use(healthRouter({ version: SERVER_VERSION, store: stores.kind, startedAt: Date.now(), foldTrouble: () => engine.foldTrouble() }));
  app.use(openApiRouter());
  app.use(ingestRouter({ store, engine, apiKeys, cipher, onFoldError: (err) => logger.error({ err }, 'folding events failed') }));
  app.use(authRouter({ auth, audit, throttle: new LoginThrottle(clock), clock, disconnectSession: (id) => disconnectSession(io, id) }));
  // Every report file handed out is in the audit trail with its parameters, rows and hash.
  const onExport = (e: ExportRecord, req: Request): Promise<void> =>
    audit.exported(actorOf(e.identity, sourceOf(req)), {
      kind: 'summary',
      format: e.format,
      scope: e.scope,
      parameters: { scope: e.scope, from: e.from, to: e.to },
      rows: e.records,
      sha256: e.sha256,
      exportId: e.exportId,
    });
  const reportDeps = { db: readDb, folded: (id: string) => projector.folded(id), territory, clock, timeZone: config.TZ_REPORTS, onExport, tickets: new ReportTickets(clock) };
  // The printable report opened in a new tab with a single-use ticket instead of a token.
  app.use(reportTicketRouter(reportDeps));
  // Everything else under /api needs a login token or a display token; what each may read is
  // asked of identity/access.ts by the routes.
  app.use('/api', requireIdentity(auth));
  // Geometry of the whole district (boundaries, tiles) is the basemap: any valid identity reads
  // it, whatever its scope. It carries no live data.
  app.use(geoRouter(territory));
  app.use(queryRouter({ db: readDb, folded: (id) => projector.folded(id), territory, clock, timeZone: config.TZ_REPORTS }));
  app.use(cameraStreamRouter({ db: readDb, audit, gatewayHint: config.VIDEO_GATEWAY_HINT }));
  // The leaders' drill-down: grid, building and incident cards, the search box (issue 8).
  app.use(drillRouter({ db: readDb, folded: (id) => projector.folded(id), territory, territoryStore, cipher, clock }));
  // Period reports as files (XLSX, CSV zip, printable HTML, PDF), each in the audit trail.
  app.use(reportRouter({ ...reportDeps, pdfPrinter: deps.pdfPrinter ?? chromiumPrinter() }));
  app.use(
    adminRouter({
      identity: stores.identity,
      audit,
      hasScope: (code) => engine.hasScope(code),
      disconnectDisplay: (id) => {
        disconnectDisplay(io, id);
        bus.publish({ kind: 'display-revoked', id });
      },
    }),
  );
  app.use(auditRouter({ store: stores.audit, audit }));
  app.use(
    accountRouter({
      identity: stores.identity,
      security: stores.security,
      audit,
      clock,
      disconnectAccount: (username) => {
        disconnectAccount(io, username);
        bus.publish({ kind: 'account-disabled', username });
      },
    }),
  );
  app.use(
    peopleRouter({
      db: readDb,
      events: store,
      cipher,
      security: stores.security,
      audit,
      auditStore: stores.audit,
      clock,
      hasScope: (code) => engine.hasScope(code),
      unmaskPerHour: config.UNMASK_PER_HOUR,
    }),
  );
  app.use(
    metricsRouter(() => ({
      node: bus.node,
      uptimeS: Math.round((Date.now() - startedAt) / 1000),
      seq: engine.seq,
      socketsConnected: io.of('/').sockets.size,
      rooms: rooms.roomCount(),
      slowClientsNow: rooms.slowCount(),
      ...counters,
    })),
  );
  app.use('/api', (req) => {
    throw new HttpError(404, 'not-found', `no such endpoint: ${req.method} /api${req.path}`);
  });
  app.use(staticWeb(webDir));
  app.use(errorHandler(logger));

  const socketAuth = attachSocketAuth(io, auth, clock, logger);
  const rooms = attachScopeRooms(io, engine, { windowMs: config.DELTA_WINDOW_MS, heartbeatMs: 5000, logger, counters, slowClients: deps.slowClients });
  // Several nodes may append to a PostgreSQL log: read it every 2 s anyway (a lost message, or no Redis).
  const sync = startClusterSync({
    bus,
    engine,
    counters,
    logger,
    dropDisplay: (id) => disconnectDisplay(io, id),
    dropAccount: (username) => disconnectAccount(io, username),
    catchUpMs: config.STORE === 'postgres' ? 2000 : undefined,
  });
  attachAlarmAcks(io, { engine, store, readDb, audit, logger });

  return {
    app,
    httpServer,
    io,
    engine,
    readDb,
    projector,
    reminders,
    store,
    bus,
    apiKeys,
    stores,
    audit,
    auth,
    firstAdmin,
    territory,
    territoryStore,
    async close() {
      rooms.close();
      sync.close();
      await reminders.stop();
      socketAuth.close();
      await checkpointer.stop();
      await io.close(); // also closes the HTTP server
      await bus.close();
      await stores.close();
      await projector.close();
      readDb.close();
      db.close();
    },
  };
}
