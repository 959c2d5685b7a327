import { Router, type Request } from 'express';
import { rightInput, usernameInput, type AccountRightsResponse } from '@protocol/auth';
import { actorOf, type AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { canChangeAccount, canGrantRight } from '../identity/access';
import type { Account, IdentityStore, Role } from '../identity/identity-store';
import { isWithin } from '@geo/scope-code';
import type { SecurityStore } from '../identity/security-store';
import { HttpError } from './http-error';
import { identityOf, sourceOf } from './require-identity';

export interface AccountRouterDeps {
  identity: IdentityStore;
  security: SecurityStore;
  audit: AuditLog;
  clock: Clock;
  /** Drops the live connections of a disabled account (on every node). */
  disconnectAccount(username: string): void;
}

/**
 * Changes to existing accounts (behind `requireIdentity`), each asked of `access.ts` and audited:
 *
 * - `GET /api/users/{username}/rights`, `PUT` / `DELETE /api/users/{username}/rights/{right}`:
 *   the security officer grants and withdraws the right to unmask personal data, only to
 *   operational accounts in their scope, never to themselves;
 * - `POST /api/users/{username}/disable`: whoever may create such an account (admin for
 *   operators, security for the three duties), never one's own; sessions end, sockets drop.
 *
 * An account the caller may not change answers 404 like an unknown one when it is outside the
 * caller's scope, 403 when it is visible but not the caller's to change.
 */
export function accountRouter(deps: AccountRouterDeps): Router {
  const router = Router();

  router.get('/api/users/:username/rights', async (req, res) => {
    const target = await visibleAccount(deps, req, 'right.read', ['security']);
    const body: AccountRightsResponse = { username: target.username, role: target.role, rights: await deps.security.rightsOf(target.username) };
    res.set('Cache-Control', 'no-store').json(body);
  });

  router.put('/api/users/:username/rights/:right', async (req, res) => {
    const right = parseRight(req);
    const target = await visibleAccount(deps, req, 'right.grant', ['security']);
    const caller = identityOf(req);
    const by = actorOf(caller, sourceOf(req));
    if (!canGrantRight(caller, target, right)) {
      await deps.audit.record(by, 'right.grant', target.username, 'denied', { right });
      throw new HttpError(403, 'forbidden', rightRefusal(caller, target));
    }
    const granted = await deps.security.grantRight({ username: target.username, right, grantedBy: by.actor, grantedAt: deps.clock.now() });
    await deps.audit.record(by, 'right.grant', target.username, 'ok', { right, ...(granted ? {} : { note: 'already held' }) });
    res.status(granted ? 201 : 200).json({ username: target.username, role: target.role, rights: await deps.security.rightsOf(target.username) } satisfies AccountRightsResponse);
  });

  router.delete('/api/users/:username/rights/:right', async (req, res) => {
    const right = parseRight(req);
    const target = await visibleAccount(deps, req, 'right.withdraw', ['security']);
    const caller = identityOf(req);
    const by = actorOf(caller, sourceOf(req));
    if (!canGrantRight(caller, target, right)) {
      await deps.audit.record(by, 'right.withdraw', target.username, 'denied', { right });
      throw new HttpError(403, 'forbidden', rightRefusal(caller, target));
    }
    const withdrawn = await deps.security.withdrawRight(target.username, right);
    await deps.audit.record(by, 'right.withdraw', target.username, withdrawn ? 'ok' : 'failed', { right, ...(withdrawn ? {} : { reason: 'not held' }) });
    if (!withdrawn) throw new HttpError(404, 'not-found', `${target.username} does not hold ${right}`);
    res.status(204).end();
  });

  router.post('/api/users/:username/disable', async (req, res) => {
    const target = await visibleAccount(deps, req, 'account.disable', ['admin', 'security']);
    const caller = identityOf(req);
    const by = actorOf(caller, sourceOf(req));
    if (!canChangeAccount(caller, target)) {
      await deps.audit.record(by, 'account.disable', target.username, 'denied');
      throw new HttpError(403, 'forbidden', caller.kind === 'user' && caller.username === target.username ? 'no one disables their own account' : `you may not change ${target.role} accounts`);
    }
    const disabled = await deps.identity.disableAccount(target.username);
    const ended = await deps.security.endSessionsOf(target.username, deps.clock.now(), 'disabled');
    await deps.audit.record(by, 'account.disable', target.username, disabled ? 'ok' : 'failed', disabled ? { sessionsEnded: ended } : { reason: 'already disabled' });
    deps.disconnectAccount(target.username);
    res.status(204).end();
  });

  return router;
}

/**
 * The account named in the path, if it exists and lies in the caller's scope (only the managing
 * duties look accounts up here); otherwise 404, the same for unknown and out of scope.
 */
async function visibleAccount(deps: AccountRouterDeps, req: Request, action: string, roles: readonly Role[]): Promise<Account> {
  const caller = identityOf(req);
  if (caller.kind !== 'user' || !roles.includes(caller.role)) {
    await deps.audit.record(actorOf(caller, sourceOf(req)), action, String(req.params.username), 'denied');
    throw new HttpError(403, 'forbidden', roles.length === 1 ? 'only the security officer reads and changes rights' : 'only the admin and the security officer manage accounts');
  }
  const name = usernameInput.safeParse(req.params.username);
  const account = name.success ? await deps.identity.findAccount(name.data) : undefined;
  if (!account || !isWithin(account.scope, caller.scope)) {
    await deps.audit.record(actorOf(caller, sourceOf(req)), action, String(req.params.username), 'failed', { reason: 'unknown account' });
    throw new HttpError(404, 'not-found', `no account ${String(req.params.username)} you may manage`);
  }
  return account;
}

function parseRight(req: Request): 'unmask' {
  const parsed = rightInput.safeParse(req.params.right);
  if (!parsed.success) throw new HttpError(400, 'invalid', `right: ${parsed.error.issues[0]!.message}`, [{ path: 'right', message: parsed.error.issues[0]!.message }]);
  return parsed.data;
}

function rightRefusal(caller: ReturnType<typeof identityOf>, target: Account): string {
  if (caller.kind !== 'user' || caller.role !== 'security') return 'only the security officer grants and withdraws rights';
  if (caller.username === target.username) return 'no one grants a right to themselves';
  return `a ${target.role} account cannot hold this right (separation of duties)`;
}
