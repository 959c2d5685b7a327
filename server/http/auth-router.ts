import express, { Router } from 'express';
import { loginRequest, type LoginResponse, type MeResponse } from '@protocol/auth';
import { actorOf, type AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Authenticator } from '../identity/authenticator';
import type { LoginThrottle } from '../identity/login-throttle';
import { HttpError } from './http-error';
import { identityOf, requireIdentity, sourceOf } from './require-identity';


/**
 * `POST /api/auth/login` `{ username, password }` → `{ token, expiresAt, user: { username, role, scope } }`,
 * every attempt audited with its source address; and `GET /api/auth/me`, who the token is (the
 * wall learns its scope from it).
 */
export function authRouter(deps: {
  auth: Authenticator;
  audit: AuditLog;
  throttle: LoginThrottle;
  clock: Clock;
  /** Drops the sockets of a session that signed out. */
  disconnectSession(sessionId: string): void;
}): Router {
  const router = Router();

  router.post('/api/auth/login', express.json({ limit: '16kb' }), async (req, res) => {
    const parsed = loginRequest.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new HttpError(400, 'invalid', `${issue.path.join('.') || 'body'}: ${issue.message}`, [
        { path: issue.path.join('.') || '(body)', message: issue.message },
      ]);
    }
    const { username, password } = parsed.data;
    const source = sourceOf(req);
    const anonymous = { actor: username, role: undefined, source };

    const waitMs = deps.throttle.retryAfterMs(username, source);
    if (waitMs > 0) {
      await deps.audit.record(anonymous, 'auth.login', username, 'denied', { reason: 'too many failed attempts' });
      res.set('Retry-After', String(Math.ceil(waitMs / 1000)));
      throw new HttpError(429, 'too-many-attempts', `too many failed sign-ins: try again in ${Math.ceil(waitMs / 60_000)} min`);
    }

    const result = await deps.auth.login(username, password);
    if (!result.ok) {
      deps.throttle.failed(username, source);
      const locked = result.lockedUntil;
      await deps.audit.record(anonymous, 'auth.login', username, locked === undefined ? 'failed' : 'denied', locked === undefined ? undefined : { reason: 'locked', lockedUntil: new Date(locked).toISOString() });
      if (locked === undefined) throw new HttpError(401, 'unauthorized', 'wrong username or password');
      // Known and unknown usernames lock alike, so this answer does not tell which exist.
      const waitS = Math.max(1, Math.ceil((locked - deps.clock.now()) / 1000));
      res.set('Retry-After', String(waitS));
      throw new HttpError(429, 'account-locked', `too many failed sign-ins: this account is locked for ${Math.ceil(waitS / 60)} min`);
    }
    deps.throttle.succeeded(username, source);
    const { identity } = result;
    await deps.audit.record({ actor: identity.username, role: identity.role, source }, 'auth.login', identity.username, 'ok');
    const body: LoginResponse = {
      token: result.token,
      expiresAt: new Date(result.expiresAt).toISOString(),
      user: { username: identity.username, role: identity.role, scope: identity.scope },
    };
    res.json(body);
  });

  // Ends the session of the login token: the token is refused from now on, on every node, and
  // this node's sockets of that session are dropped (other nodes' within the recheck, < 5 s).
  router.post('/api/auth/logout', requireIdentity(deps.auth), async (req, res) => {
    const identity = identityOf(req);
    if (identity.kind !== 'user') throw new HttpError(400, 'invalid', 'a display token is revoked by an admin, not signed out');
    await deps.auth.logout(identity);
    await deps.audit.record(actorOf(identity, sourceOf(req)), 'auth.logout', identity.username, 'ok', { reason: 'logout' });
    if (identity.sessionId !== undefined) deps.disconnectSession(identity.sessionId);
    res.status(204).end();
  });

  router.get('/api/auth/me', requireIdentity(deps.auth), (req, res) => {
    const identity = identityOf(req);
    const body: MeResponse =
      identity.kind === 'user'
        ? { kind: 'user', name: identity.username, role: identity.role, scope: identity.scope }
        : { kind: 'display', name: identity.name, role: 'display', scope: identity.scope };
    res.set('Cache-Control', 'no-store').json(body);
  });

  return router;
}
