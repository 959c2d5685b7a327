import type { ErrorRequestHandler } from 'express';
import type { ErrorBody } from '@protocol/index';
import type { Logger } from 'pino';

/** An error that becomes an HTTP answer with this status and body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly issues?: ErrorBody['issues'],
  ) {
    super(message);
  }
}

/**
 * Turns every error into the JSON error body of the contract: `{ error, message, issues? }`.
 * Body-parser failures get their own status (413 too large, 400 malformed JSON).
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    const body = toBody(err);
    if (body.status >= 500) logger.error({ err }, 'request failed');
    res.status(body.status).json(body.body);
  };
}

function toBody(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof HttpError) {
    return { status: err.status, body: { error: err.error, message: err.message, ...(err.issues ? { issues: err.issues } : {}) } };
  }
  const type = (err as { type?: unknown }).type;
  if (type === 'entity.too.large') {
    return { status: 413, body: { error: 'too-large', message: 'request body is larger than the limit (1 MiB)' } };
  }
  if (type === 'entity.parse.failed') {
    return { status: 400, body: { error: 'malformed-json', message: 'request body is not valid JSON' } };
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return { status: 415, body: { error: 'unsupported-encoding', message: 'request body must be UTF-8 JSON' } };
  }
  return { status: 500, body: { error: 'internal', message: 'internal server error' } };
}
