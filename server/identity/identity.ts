import type { Role } from './identity-store';

/**
 * Who is calling, once a token has been checked: a person signed in with a login token, or a
 * wall screen with its display token. Everything that decides access reads this (see `access.ts`).
 */
export type Identity =
  | {
      kind: 'user';
      username: string;
      role: Role;
      scope: string;
      /** The server-side session of the login token (logout and the idle timeout end it); absent only for identities built in tests or tools. */
      sessionId?: string;
    }
  | { kind: 'display'; id: number; name: string; scope: string };

/** How the identity appears in the audit trail and logs: a username or `display:<name>`. */
export function identityName(identity: Identity): string {
  return identity.kind === 'user' ? identity.username : `display:${identity.name}`;
}

/** The role recorded in the audit trail; display tokens have none of the account roles. */
export function identityRole(identity: Identity): string {
  return identity.kind === 'user' ? identity.role : 'display';
}
