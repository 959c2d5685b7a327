import { SYSTEM_ACTOR, type AuditActor, type AuditLog } from '../audit/audit-log';
import { DuplicateAccountError, type Account, type IdentityStore, type Role } from './identity-store';
import { generatePassword, hashPassword } from './password-hash';

type Deps = { identity: IdentityStore; audit: AuditLog };

/** The first administrator's username. */
export const FIRST_ADMIN = 'admin';

/**
 * Creates an account with a generated password (or `password`, for the first admin) and records
 * it. The password is returned to show once; only its scrypt hash is stored. Throws
 * `DuplicateAccountError` (recorded as `failed`) when the username is taken.
 */
export async function createAccount(
  deps: Deps,
  by: AuditActor,
  a: { username: string; role: Role; scope: string },
  password: string = generatePassword(),
): Promise<{ account: Account; password: string }> {
  try {
    const account = await deps.identity.createAccount({ ...a, passwordHash: await hashPassword(password) });
    await deps.audit.record(by, 'account.create', a.username, 'ok', { role: a.role, scope: a.scope });
    return { account, password };
  } catch (err) {
    if (err instanceof DuplicateAccountError) {
      await deps.audit.record(by, 'account.create', a.username, 'failed', { role: a.role, scope: a.scope, reason: 'exists' });
    }
    throw err;
  }
}

/**
 * On a store without any account, creates the administrator `admin` for the whole district, with
 * `ADMIN_PASSWORD` or a generated password. Returns what to tell the operator, or `undefined`
 * when accounts exist (or another node created the first admin at the same moment).
 */
export async function ensureFirstAdmin(
  deps: Deps,
  districtCode: string,
  adminPassword: string | undefined,
): Promise<{ username: string; scope: string; password: string | undefined } | undefined> {
  if ((await deps.identity.listAccounts()).length > 0) return undefined;
  try {
    const { password } = await createAccount(deps, SYSTEM_ACTOR, { username: FIRST_ADMIN, role: 'admin', scope: districtCode }, adminPassword);
    // A password from the environment is the operator's already: never echo it.
    return { username: FIRST_ADMIN, scope: districtCode, password: adminPassword === undefined ? password : undefined };
  } catch (err) {
    if (err instanceof DuplicateAccountError) return undefined;
    throw err;
  }
}

/** Gives an account a new generated password and returns it (to show once); `undefined` if unknown. */
export async function resetPassword(deps: Deps, by: AuditActor, username: string): Promise<string | undefined> {
  const account = await deps.identity.findAccount(username);
  if (!account) {
    await deps.audit.record(by, 'account.reset-password', username, 'failed', { reason: 'unknown account' });
    return undefined;
  }
  const password = generatePassword();
  await deps.identity.setPasswordHash(username, await hashPassword(password));
  await deps.audit.record(by, 'account.reset-password', username, 'ok');
  return password;
}
