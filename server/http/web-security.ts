import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { createHash } from 'node:crypto';
import helmet from 'helmet';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { ErrorBody } from '@protocol/index';

/**
 * The browser-facing hardening of every answer (helmet), with a strict Content Security Policy:
 * scripts, workers and styles only from the app's own origin (no inline script, no eval, no blob
 * workers: maplibre's worker is a file of the build), nothing framed, no plugins. `extraOrigins`
 * (`CSP_EXTRA_ORIGINS`: an intranet tile server, the video platform's HLS host) may be fetched,
 * drawn and played, never run. HSTS only on requests that arrived over TLS (directly, or through
 * a trusted proxy saying so), so a plain-HTTP intranet install is not told to insist on HTTPS.
 */
export function securityHeaders(extraOrigins: readonly string[]): RequestHandler[] {
  const extra = [...extraOrigins];
  const csp = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        workerSrc: ["'self'"],
        childSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...extra],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...extra],
        // Media Source Extensions (hls.js) play from blob: URLs made in the page.
        mediaSrc: ["'self'", 'blob:', ...extra],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  const hsts: RequestHandler = (req, res, next) => {
    if (req.secure) res.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
  return [csp, hsts];
}

/**
 * A limit of `limit` requests per `windowMs` for one key (the client address unless `key` says
 * otherwise), answered with 429, `Retry-After` and the contract's JSON error body. In memory, per
 * node: a deployment behind a load balancer multiplies it by its nodes.
 */
export function requestLimit(options: { windowMs: number; limit: number; what: string; key?: (req: Request) => string }): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    ...(options.key === undefined ? {} : { keyGenerator: options.key }),
    handler: (_req, res, _next, used) => {
      const retryAfter = Math.max(1, Math.ceil((used.windowMs - (Date.now() % used.windowMs)) / 1000));
      if (!res.get('Retry-After')) res.set('Retry-After', String(retryAfter));
      const body: ErrorBody = { error: 'rate-limited', message: `too many ${options.what}: try again in ${res.get('Retry-After')} s` };
      res.status(429).json(body);
    },
  });
}

/**
 * Whether a browser's `Origin` may open a socket (cross-site WebSocket hijacking: a page elsewhere
 * must not ride on a signed-in wall's connection). No `Origin` (a program, or a same-origin GET
 * that browsers send without one) is allowed: the token still decides. Otherwise the origin must
 * be listed in `ALLOWED_ORIGINS`, or, when that is empty, be the origin the request was sent to.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed.length > 0) return allowed.includes(origin);
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** The ingest limit's key: the API key presented (hashed: secrets are not kept in memory), else the address. */
export function ingestClientKey(req: Request): string {
  const key = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
  return key === undefined ? `ip:${ipKeyGenerator(req.ip ?? '')}` : `key:${createHash('sha256').update(key).digest('hex')}`;
}
