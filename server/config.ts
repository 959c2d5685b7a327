import { z } from 'zod';

/**
 * Every setting the server reads from the environment, with its default. A bad value stops
 * start-up with one line naming the variable and what it accepts (see `loadConfig`).
 */
const envSchema = z.object({
  PORT: z.coerce.number({ message: 'a port number 0-65535' }).int('a whole number').min(0, 'a port number 0-65535').max(65535, 'a port number 0-65535').default(8080),
  HOST: z.string().min(1, 'a host name or address').default('0.0.0.0'),
  DATA_DIR: z.string().min(1, 'a directory path').default('./data'),
  // PostgreSQL joins with the event-log issue; until then only the embedded store exists.
  STORE: z.enum(['sqlite'], { message: 'one of: sqlite' }).default('sqlite'),
  /** The built-in territory generated on first start (an imported territory is never replaced). */
  SCENARIO: z.enum(['district', 'city', 'tiny'], { message: 'one of: district, city, tiny' }).default('district'),
  MOCK: z.enum(['on', 'off'], { message: 'one of: on, off' }).default('on'),
  /** Mean incidents per real second produced by the in-process simulator. */
  MOCK_RATE: z.coerce.number({ message: 'a number of incidents per second' }).positive('a positive number of incidents per second').default(0.5),
  TZ_REPORTS: z
    .string()
    .refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai')
    .default('Asia/Shanghai'),
  /** Coalescing window of scope deltas in milliseconds. */
  DELTA_WINDOW_MS: z.coerce.number({ message: 'milliseconds' }).int('whole milliseconds').min(10, 'at least 10 ms').max(5000, 'at most 5000 ms').default(250),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'one of: fatal, error, warn, info, debug, trace, silent' }).default('info'),
});

export type Config = z.infer<typeof envSchema>;

/** Thrown for a bad environment; its message is the one line to print. */
export class ConfigError extends Error {}

/** Reads and validates the configuration; unknown variables are ignored. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0]!;
  const name = String(first.path[0]);
  throw new ConfigError(`${name}=${JSON.stringify(present[name] ?? '')} is not accepted: expected ${first.message}`);
}

/** The defaults, for tests that override a few fields. */
export function defaultConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), ...overrides };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
