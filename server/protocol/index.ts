/** The wire contract: the only part of `server/` that `web/` and `mock/` import. */
export * from './version';
export * from './primitives';
export * from './incident';
export * from './ingest';
export * from './workorder';
export * from './registers';
export * from './scope-state';
export * from './socket';
export * from './health';
export * from './auth';
export * from './summary';
export * from './metrics';
export * from './audit';
export * from './people';
export * from './camera-stream';
export * from './drill';
export * from './report-ticket';
