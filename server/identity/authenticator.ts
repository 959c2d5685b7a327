import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { DISPLAY_TOKEN_PREFIX } from './display-tokens';
import type { Identity } from './identity';
import type { Account, IdentityStore } from './identity-store';
import { dummyPasswordHash, verifyPassword } from './password-hash';
import { SessionTokens } from './session-tokens';
import { tokenHash } from './token-hash';

/** Name of the login tokens' signing key among the identity store's secrets. */
export const SIGNING_KEY_SECRET = 'token-signing-key';

/** Why a request or socket was not let in. */
export type AuthFailureReason = 'missing' | 'invalid' | 'expired' | 'revoked';

export type AuthResult =
  | { ok: true; identity: Identity; /** ms since the epoch; `undefined` for display tokens, which do not expire. */ expiresAt: number | undefined }
  | { ok: false; reason: AuthFailureReason; message: string };

const MESSAGES: Record<AuthFailureReason, string> = {
  missing: 'sign in first: a token is required (Authorization: Bearer <token>)',
  invalid: 'the token is not valid: sign in again',
  expired: 'the session has expired: sign in again',
  revoked: 'the token was revoked or its account disabled',
};

/**
 * Turns a bearer token into an `Identity`: a display token (`gcd_…`, looked up by its hash) or a
 * login token (a signed JWT naming an account, checked against the account as it is now).
 */
export class Authenticator {
  private constructor(
    private readonly identity: IdentityStore,
    private readonly sessions: SessionTokens,
  ) {}

  /** Reads (or, on first start, creates) the shared signing key; sessions last `sessionMs`. */
  static async create(identity: IdentityStore, clock: Clock, sessionMs: number): Promise<Authenticator> {
    const key = await identity.secret(SIGNING_KEY_SECRET, () => randomBytes(32).toString('base64url'));
    return new Authenticator(identity, new SessionTokens(key, sessionMs, clock));
  }

  async authenticate(token: string | undefined): Promise<AuthResult> {
    if (!token) return failure('missing');
    if (token.startsWith(DISPLAY_TOKEN_PREFIX)) {
      const display = await this.identity.findDisplayTokenByHash(tokenHash(token));
      if (!display) return failure('invalid');
      if (display.revokedAt !== undefined) return failure('revoked');
      return { ok: true, identity: { kind: 'display', id: display.id, name: display.name, scope: display.scope }, expiresAt: undefined };
    }
    const session = await this.sessions.verify(token);
    if (!session.ok) return failure(session.reason);
    const account = await this.identity.findAccount(session.username);
    if (!account || account.disabledAt !== undefined) return failure('revoked');
    return { ok: true, identity: userIdentity(account), expiresAt: session.expiresAt };
  }

  /**
   * Whether an identity let in earlier still holds: its display token not revoked, its account
   * not disabled (for long-lived connections, which outlive the check at their handshake).
   */
  async stillValid(identity: Identity): Promise<boolean> {
    if (identity.kind === 'display') {
      const display = await this.identity.getDisplayToken(identity.id);
      return display !== undefined && display.revokedAt === undefined;
    }
    const account = await this.identity.findAccount(identity.username);
    return account !== undefined && account.disabledAt === undefined;
  }

  /**
   * Checks a username and password; on success issues a login token. Unknown usernames, wrong
   * passwords and disabled accounts look the same to the caller, and take as long.
   */
  async login(username: string, password: string): Promise<{ ok: true; token: string; expiresAt: number; identity: Identity & { kind: 'user' } } | { ok: false }> {
    const account = await this.identity.findAccount(username);
    const matches = await verifyPassword(password, account?.passwordHash ?? (await dummyPasswordHash()));
    if (!account || !matches || account.disabledAt !== undefined) return { ok: false };
    const { token, expiresAt } = await this.sessions.issue(account.username);
    return { ok: true, token, expiresAt, identity: userIdentity(account) };
  }
}

/** The header value's token, or `undefined` when the header is absent or not `Bearer <token>`. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
}

function userIdentity(account: Account): Identity & { kind: 'user' } {
  return { kind: 'user', username: account.username, role: account.role, scope: account.scope };
}

function failure(reason: AuthFailureReason): AuthResult {
  return { ok: false, reason, message: MESSAGES[reason] };
}
