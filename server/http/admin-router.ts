import express, { Router, type Request } from 'express';
import type { z } from 'zod';
import { actorOf, type AuditLog } from '../audit/audit-log';
import { canManageAccount, canManageDisplayTokens } from '../identity/access';
import { createAccount } from '../identity/accounts';
import { createDisplayToken, revokeDisplayToken } from '../identity/display-tokens';
import { DuplicateAccountError, type IdentityStore } from '../identity/identity-store';
import { newAccountInput, newDisplayTokenInput } from '@protocol/auth';
import { HttpError } from './http-error';
import { identityOf, sourceOf } from './require-identity';

export interface AdminRouterDeps {
  identity: IdentityStore;
  audit: AuditLog;
  /** Whether the territory has this scope (a typo must not create an account that sees nothing). */
  hasScope(code: string): boolean;
  /** Drops the live connections of a revoked display token. */
  disconnectDisplay(id: number): void;
}

/**
 * Managing who may sign in (mounted behind `requireIdentity`): `POST /api/users` (generated
 * password returned once), `POST /api/display-tokens` (token returned once) and
 * `DELETE /api/display-tokens/{id}`. Who may do which is asked of `access.ts`; every attempt,
 * allowed or not, is audited.
 */
export function adminRouter(deps: AdminRouterDeps): Router {
  const router = Router();
  const json = express.json({ limit: '16kb' });

  router.post('/api/users', json, async (req, res) => {
    const caller = identityOf(req);
    const by = actorOf(caller, sourceOf(req));
    const input = parse(newAccountInput, req);
    if (!canManageAccount(caller, input.role, input.scope)) {
      await deps.audit.record(by, 'account.create', input.username, 'denied', { role: input.role, scope: input.scope });
      throw new HttpError(403, 'forbidden', `you may not create ${input.role} accounts for scope ${input.scope}`);
    }
    if (!deps.hasScope(input.scope)) throw unknownScope(input.scope);
    try {
      const { account, password } = await createAccount(deps, by, input);
      res.status(201).json({ username: account.username, role: account.role, scope: account.scope, password });
    } catch (err) {
      if (err instanceof DuplicateAccountError) throw new HttpError(409, 'conflict', `an account named ${input.username} exists`);
      throw err;
    }
  });

  router.post('/api/display-tokens', json, async (req, res) => {
    const caller = identityOf(req);
    const by = actorOf(caller, sourceOf(req));
    const input = parse(newDisplayTokenInput, req);
    if (!canManageDisplayTokens(caller, input.scope)) {
      await deps.audit.record(by, 'display-token.create', input.name, 'denied', { scope: input.scope });
      throw new HttpError(403, 'forbidden', `you may not create display tokens for scope ${input.scope}`);
    }
    if (!deps.hasScope(input.scope)) throw unknownScope(input.scope);
    res.status(201).json(await createDisplayToken(deps, by, input));
  });

  router.delete('/api/display-tokens/:id', async (req, res) => {
    const caller = identityOf(req);
    const by = actorOf(caller, sourceOf(req));
    const id = Number(req.params.id);
    const token = Number.isSafeInteger(id) && id > 0 ? await deps.identity.getDisplayToken(id) : undefined;
    if (!canManageDisplayTokens(caller, caller.scope)) {
      await deps.audit.record(by, 'display-token.revoke', String(req.params.id), 'denied');
      throw new HttpError(403, 'forbidden', 'you may not revoke display tokens');
    }
    // A token outside the caller's scope is answered as unknown: its existence is not theirs to learn.
    if (!token || token.revokedAt !== undefined || !canManageDisplayTokens(caller, token.scope)) {
      await deps.audit.record(by, 'display-token.revoke', String(req.params.id), 'failed', { reason: 'unknown or already revoked' });
      throw new HttpError(404, 'not-found', `no active display token ${String(req.params.id)}`);
    }
    if (!(await revokeDisplayToken(deps, by, id))) throw new HttpError(404, 'not-found', `no active display token ${id}`);
    deps.disconnectDisplay(id);
    res.status(204).end();
  });

  return router;
}

function parse<T extends z.ZodType>(schema: T, req: Request): z.infer<T> {
  const parsed = schema.safeParse(req.body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
  throw new HttpError(400, 'invalid', `${issues[0]!.path}: ${issues[0]!.message}`, issues);
}

function unknownScope(code: string): HttpError {
  return new HttpError(400, 'invalid', `no scope ${code} in the territory`, [{ path: 'scope', message: `unknown scope ${code}` }]);
}
