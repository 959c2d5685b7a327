import type { AuditEntry } from '../../server/audit/audit-store';
import { CLI_ACTOR } from '../../server/audit/audit-log';
import { createAccount } from '../../server/identity/accounts';
import type { Role } from '../../server/identity/identity-store';
import type { RunningTestServer } from './test-server';

/** `POST /api/auth/login`. */
export function login(r: RunningTestServer, username: string, password: string): Promise<Response> {
  return fetch(`${r.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
}

/** A request with a bearer token (and a JSON body when given). */
export function call(r: RunningTestServer, method: string, path: string, token: string | undefined, body?: unknown): Promise<Response> {
  return fetch(`${r.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Creates an account from the shell (as `npm run users` would); its generated password. */
export async function newAccount(r: RunningTestServer, username: string, role: Role, scope = r.server.territory.territory.district.code): Promise<string> {
  const { password } = await createAccount({ identity: r.server.stores.identity, audit: r.server.audit }, CLI_ACTOR, { username, role, scope });
  return password;
}

/** Creates an account and signs it in; its login token. */
export async function signedIn(r: RunningTestServer, username: string, role: Role, scope?: string): Promise<string> {
  const res = await login(r, username, await newAccount(r, username, role, scope));
  if (res.status !== 200) throw new Error(`${username} could not sign in: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** The whole audit trail, oldest first. */
export async function trail(r: RunningTestServer): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of r.server.stores.audit.all()) out.push(e);
  return out;
}
