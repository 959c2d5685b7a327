import type { LoggerOptions } from 'pino';

/**
 * What the server's log never holds in clear (PIPL; the "no personal data in log lines"):
 * secrets a request carries, and the personal fields of events and records, wherever an object
 * that is logged holds them (one or two levels down). Personal fields are sealed at ingest, so
 * this is the second line of defence for a log call that passes a body or an event by mistake.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.token',
  '*.idNumber',
  '*.phone',
  '*.*.idNumber',
  '*.*.phone',
  'data.name',
  '*.data.name',
  'event.data',
  'events',
];

/** pino options of the server's logger at `level`. */
export function loggerOptions(level: string): LoggerOptions {
  return { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
}
