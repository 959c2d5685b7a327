import { z } from 'zod';

/** The gateway hint when `VIDEO_GATEWAY_HINT` is not set. */
export const DEFAULT_VIDEO_GATEWAY_HINT = '浏览器无法直接播放 RTSP 或 GB/T 28181 视频流，请在视频平台客户端中打开此点位。Browsers cannot play RTSP or GB/T 28181 streams: open this camera in the video platform\'s client.';

/**
 * Every setting the server reads from the environment, with its default. A bad value stops
 * start-up with one line naming the variable and what it accepts (see `loadConfig`).
 */
const envSchema = z.object({
  PORT: z.coerce.number({ message: 'a port number 0-65535' }).int('a whole number').min(0, 'a port number 0-65535').max(65535, 'a port number 0-65535').default(8080),
  HOST: z.string().min(1, 'a host name or address').default('0.0.0.0'),
  DATA_DIR: z.string().min(1, 'a directory path').default('./data'),
  /** The event log, accounts and audit trail: embedded SQLite in DATA_DIR, or PostgreSQL at DATABASE_URL. */
  STORE: z.enum(['sqlite', 'postgres'], { message: 'one of: sqlite, postgres' }).default('sqlite'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL').optional(),
  /** Redis that carries what one node tells the others (new log positions, revocations); only with STORE=postgres. */
  REDIS_URL: z.string().refine(isRedisUrl, 'a redis:// or rediss:// URL').optional(),
  /** Key of the personal fields' encryption: 32 bytes as 64 hex digits or base64. */
  PII_KEY: z
    .string()
    .refine((v) => /^[0-9a-fA-F]{64}$/.test(v) || Buffer.from(v, 'base64').length === 32, '32 bytes as 64 hex digits or base64')
    .optional(),
  /** Earlier PII keys (comma-separated), still opening what they sealed while `npm run pii:rotate` re-seals it under PII_KEY. */
  PII_PREVIOUS_KEYS: z
    .string()
    .refine((v) => v.split(',').every((k) => /^[0-9a-fA-F]{64}$/.test(k.trim()) || Buffer.from(k.trim(), 'base64').length === 32), 'comma-separated keys of 32 bytes as 64 hex digits or base64')
    .optional(),
  /** The keyed-hash key of the log's first PII key (printed by `npm run pii:rotate -- hash-key`), kept after that key is rotated away. */
  PII_HASH_KEY: z
    .string()
    .refine((v) => /^[0-9a-fA-F]{64}$/.test(v), '64 hex digits')
    .optional(),
  /** The first admin's password on first start (else one is generated and printed once). */
  ADMIN_PASSWORD: z.string().min(12, 'at least 12 characters').optional(),
  /** How long a sign-in (login token) lasts, in hours; display tokens do not expire, they are revoked. */
  SESSION_HOURS: z.coerce.number({ message: 'a number of hours' }).positive('a positive number of hours').max(720, 'at most 720 hours').default(12),
  /** A sign-in without any request for this many minutes ends, and its sockets are dropped. */
  SESSION_IDLE_MINUTES: z.coerce.number({ message: 'a number of minutes' }).positive('a positive number of minutes').max(1440, 'at most 1440 minutes').default(30),
  /** Key-population records one account may unmask per hour (each with a reason, each audited). */
  UNMASK_PER_HOUR: z.coerce.number({ message: 'a number of records' }).int('a whole number').min(1, 'at least 1').max(1000, 'at most 1000').default(20),
  /** Origins (scheme://host[:port], comma-separated) whose pages may open a socket; empty: only the server's own origin. */
  ALLOWED_ORIGINS: z
    .string()
    .refine((v) => v.split(',').every((o) => isOrigin(o.trim())), 'comma-separated origins such as https://cc.example.gov.cn')
    .transform((v) => v.split(',').map((o) => o.trim()))
    .default([]),
  /** Further origins the browser may fetch, draw and play from (an intranet tile server, the video platform's HLS host). */
  CSP_EXTRA_ORIGINS: z
    .string()
    .refine((v) => v.split(',').every((o) => isOrigin(o.trim())), 'comma-separated origins such as https://tiles.example.gov.cn')
    .transform((v) => v.split(',').map((o) => o.trim()))
    .default([]),
  /**
   * What the camera player says beside an RTSP or GB/T 28181 pointer, which browsers cannot play:
   * where the deployment's viewers watch such cameras (the video platform's client, its web portal).
   */
  VIDEO_GATEWAY_HINT: z
    .string()
    .trim()
    .min(1, 'a text of 1-500 characters')
    .max(500, 'a text of 1-500 characters')
    // Shown as text in the player; a control character there is a pasting mistake.
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'a text of 1-500 characters without control characters')
    .default(DEFAULT_VIDEO_GATEWAY_HINT),
  /** Which proxies to trust for the client address and TLS (Express `trust proxy`): `loopback`, a hop count, or addresses. */
  TRUST_PROXY: z.string().min(1, 'loopback, a number of hops, or addresses').optional(),
  /** Sign-in requests one address may make per minute (besides the lockout of a username). */
  RATE_LOGIN_PER_MIN: z.coerce.number({ message: 'a number of requests' }).int('a whole number').min(1, 'at least 1').default(30),
  /**
   * Ingest requests one API key (or address) may make per second: a guard against a runaway
   * upstream loop, above what a well-behaved sender needs (20,000 events/s in batches of 100 is
   * 200 requests/s; single-event senders go to about 1,000).
   */
  RATE_INGEST_PER_S: z.coerce.number({ message: 'a number of requests' }).int('a whole number').min(1, 'at least 1').default(2000),
  /** The built-in territory generated on first start (an imported territory is never replaced). */
  SCENARIO: z.enum(['district', 'city', 'tiny'], { message: 'one of: district, city, tiny' }).default('district'),
  MOCK: z.enum(['on', 'off'], { message: 'one of: on, off' }).default('on'),
  /** Mean incidents per simulated hour produced by the in-process simulator (130 ≈ 3,100 a day, the documents' Dongguan figure); its calls and register changes scale with it. */
  MOCK_RATE: z.coerce.number({ message: 'a number of incidents per hour' }).positive('a positive number of incidents per hour').default(130),
  TZ_REPORTS: z
    .string()
    .refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai')
    .default('Asia/Shanghai'),
  /** Coalescing window of scope deltas in milliseconds; 0 sends a delta after every fold (no coalescing). */
  DELTA_WINDOW_MS: z.coerce
    .number({ message: '0 or 10-5000 milliseconds' })
    .int('whole milliseconds')
    .refine((v) => v === 0 || (v >= 10 && v <= 5000), '0 (no coalescing) or 10-5000 milliseconds')
    .default(250),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'one of: fatal, error, warn, info, debug, trace, silent' }).default('info'),
});

export type Config = z.infer<typeof envSchema>;

/** Settings that only make sense together. */
const configSchema = envSchema
  .refine((c) => c.STORE !== 'postgres' || c.DATABASE_URL !== undefined, {
    message: 'a postgres:// URL (required with STORE=postgres)',
    path: ['DATABASE_URL'],
  })
  // Nodes share a log only in PostgreSQL: with SQLite there is one node and nothing to tell.
  .refine((c) => c.REDIS_URL === undefined || c.STORE === 'postgres', {
    message: 'STORE=postgres beside it (nodes share a log only in PostgreSQL; with STORE=sqlite there is one node: unset REDIS_URL)',
    path: ['REDIS_URL'],
  });

/** Thrown for a bad environment; its message is the one line to print. */
export class ConfigError extends Error {}

/** Reads and validates the configuration; unknown variables are ignored. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0]!;
  const name = String(first.path[0]);
  throw new ConfigError(`${name}=${JSON.stringify(present[name] ?? '')} is not accepted: expected ${first.message}`);
}

/** The defaults, for tests that override a few fields. */
export function defaultConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), ...overrides };
}

function isOrigin(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === v.replace(/\/$/, '');
  } catch {
    return false;
  }
}

function isRedisUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'redis:' || u.protocol === 'rediss:') && u.hostname !== '';
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
