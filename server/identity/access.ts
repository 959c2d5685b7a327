import { isWithin } from '@geo/scope-code';
import type { Identity } from './identity';
import type { Account, Role } from './identity-store';
import type { Right } from './security-store';

/**
 * The one place that decides who may do what. REST reads, socket subscriptions and (later)
 * exports ask here, never the identity's fields directly, so a rule changes in one place.
 *
 * Geometry of the whole district (boundaries, tiles) is not asked for here: it is the basemap,
 * readable by any valid identity, and carries no live data.
 */

/** Roles whose duty includes no live data (三员分立: the auditor reads the audit trail, nothing else). */
const NO_SCOPE_DATA: readonly Role[] = ['auditor'];

/** Roles that react to alarms on a wall or desk (display tokens may too). */
const ACKNOWLEDGERS: readonly Role[] = ['duty', 'leader'];

/** Account roles each managing role may create and manage (domain.md: admin for operators, security for the three duties). */
const MANAGES: Partial<Record<Role, readonly Role[]>> = {
  admin: ['duty', 'leader', 'analyst'],
  security: ['admin', 'security', 'auditor'],
};

/**
 * Whether `identity` may read the live data of `scopeCode`: its own scope or a scope inside it
 * (codes nest by prefix).
 */
export function canReadScope(identity: Identity, scopeCode: string): boolean {
  if (identity.kind === 'user' && NO_SCOPE_DATA.includes(identity.role)) return false;
  return isWithin(scopeCode, identity.scope);
}

/** Whether `identity` may acknowledge an alarm of an incident in `scopeCode`. */
export function canAcknowledgeAlarm(identity: Identity, scopeCode: string): boolean {
  if (identity.kind === 'user' && !ACKNOWLEDGERS.includes(identity.role)) return false;
  return canReadScope(identity, scopeCode);
}

/**
 * Whether `identity` may create (or manage) an account of `role` with `scopeCode`: admins manage
 * duty officers, leaders and analysts; security officers the admin, security and auditor accounts;
 * always within their own scope.
 */
export function canManageAccount(identity: Identity, role: Role, scopeCode: string): boolean {
  if (identity.kind !== 'user') return false;
  return (MANAGES[identity.role] ?? []).includes(role) && isWithin(scopeCode, identity.scope);
}

/**
 * Whether `identity` may disable (or otherwise change) the existing account `target`: the same
 * rule as creating it, and never one's own account (no one changes their own rights).
 */
export function canChangeAccount(identity: Identity, target: Account): boolean {
  return identity.kind === 'user' && identity.username !== target.username && canManageAccount(identity, target.role, target.scope);
}

/** Roles whose duty may include individual key-population records (lists of people, always masked). */
const PERSON_READERS: readonly Role[] = ['duty', 'leader', 'analyst'];

/**
 * Whether `identity` may list the key-population records of `scopeCode` (masked). Not wall
 * displays (a room full of people reads them), not the three separated duties (they manage the
 * system, not the people).
 */
export function canReadPersons(identity: Identity, scopeCode: string): boolean {
  return identity.kind === 'user' && PERSON_READERS.includes(identity.role) && canReadScope(identity, scopeCode);
}

/** Whether `identity`, holding `rights`, may see one record of `scopeCode` in clear (with a reason, audited, limited per hour). */
export function canUnmask(identity: Identity, rights: readonly Right[], scopeCode: string): boolean {
  return rights.includes('unmask') && canReadPersons(identity, scopeCode);
}

/**
 * Whether `identity` may grant or withdraw `right` of the account `target`: the security officer
 * only (三员分立), for an account whose duty reads people (never one of the three duties, so no
 * account holds two roles' powers), within the officer's scope, and never to themselves.
 */
export function canGrantRight(identity: Identity, target: Account, right: Right): boolean {
  if (identity.kind !== 'user' || identity.role !== 'security' || identity.username === target.username) return false;
  return right === 'unmask' && PERSON_READERS.includes(target.role) && isWithin(target.scope, identity.scope);
}

/** Whether `identity` may create or revoke a display token for a wall showing `scopeCode`. */
export function canManageDisplayTokens(identity: Identity, scopeCode: string): boolean {
  return isAdmin(identity) && isWithin(scopeCode, identity.scope);
}

/** Whether `identity` may create or revoke API keys of upstream systems. */
export function canManageApiKeys(identity: Identity): boolean {
  return isAdmin(identity);
}

/** Whether `identity` may read a node's operating figures (`GET /api/metrics`): they name no scope, so admins only. */
export function canReadMetrics(identity: Identity): boolean {
  return isAdmin(identity);
}

/**
 * Whether `identity` may export a period report of `scopeCode` (XLSX, CSV, PDF): people who may
 * read the scope; never a wall's display token (it reads its scope and acknowledges alarms only).
 */
export function canExportReport(identity: Identity, scopeCode: string): boolean {
  return identity.kind === 'user' && canReadScope(identity, scopeCode);
}

/** Whether `identity` may read the audit trail. */
export function canReadAudit(identity: Identity): boolean {
  return identity.kind === 'user' && identity.role === 'auditor';
}

function isAdmin(identity: Identity): boolean {
  return identity.kind === 'user' && identity.role === 'admin';
}
