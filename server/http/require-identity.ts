import type { Request, RequestHandler } from 'express';
import { bearerToken, type Authenticator } from '../identity/authenticator';
import type { Identity } from '../identity/identity';
import { HttpError } from './http-error';

const identities = new WeakMap<Request, Identity>();

/**
 * Lets a request through only with a valid `Authorization: Bearer <token>` (a login token or a
 * display token); otherwise 401 `{ error: 'unauthorized', message }`. Handlers after it read the
 * caller with `identityOf(req)`.
 */
export function requireIdentity(auth: Authenticator): RequestHandler {
  return async (req, res, next) => {
    const result = await auth.authenticate(bearerToken(req.get('authorization')));
    if (!result.ok) {
      res.set('WWW-Authenticate', `Bearer error="${result.reason === 'missing' ? 'invalid_request' : 'invalid_token'}"`);
      throw new HttpError(401, 'unauthorized', result.message);
    }
    identities.set(req, result.identity);
    next();
  };
}

/** The caller of a request that passed `requireIdentity`. */
export function identityOf(req: Request): Identity {
  const identity = identities.get(req);
  if (!identity) throw new Error(`${req.method} ${req.path} is served without requireIdentity in front of it`);
  return identity;
}

/** The address a request came from, as the audit trail records it. */
export function sourceOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
