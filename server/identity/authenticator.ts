import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { DISPLAY_TOKEN_PREFIX } from './display-tokens';
import type { Identity } from './identity';
import type { Account, IdentityStore } from './identity-store';
import { dummyPasswordHash, verifyPassword } from './password-hash';
import { LOCKOUT, type LockoutPolicy, type SecurityStore, type Session } from './security-store';
import { SessionTokens } from './session-tokens';
import { tokenHash } from './token-hash';

/** Name of the login tokens' signing key among the identity store's secrets. */
export const SIGNING_KEY_SECRET = 'token-signing-key';

/**
 * Activity is written to a session at most this often: a desk polling every few seconds must not
 * turn each request into a write, and the idle timeout (minutes) does not need more precision.
 */
const TOUCH_EVERY_MS = 15_000;

/** Why a request or socket was not let in. */
export type AuthFailureReason = 'missing' | 'invalid' | 'expired' | 'revoked' | 'idle';

export type AuthResult =
  | { ok: true; identity: Identity; /** ms since the epoch; `undefined` for display tokens, which do not expire. */ expiresAt: number | undefined }
  | { ok: false; reason: AuthFailureReason; message: string };

const MESSAGES: Record<AuthFailureReason, string> = {
  missing: 'sign in first: a token is required (Authorization: Bearer <token>)',
  invalid: 'the token is not valid: sign in again',
  expired: 'the session has expired: sign in again',
  revoked: 'the token was revoked, its session ended or its account disabled',
  idle: 'the session ended after a time without activity: sign in again',
};

export type LoginResult =
  | { ok: true; token: string; expiresAt: number; identity: Identity & { kind: 'user' } }
  | { ok: false; /** Set when the username is locked (now or by this failure): ms since the epoch. */ lockedUntil: number | undefined };

export interface AuthenticatorOptions {
  /** How long a login token lasts at most. */
  sessionMs: number;
  /** A session without a request for this long ends (its sockets are dropped by the recheck). */
  idleMs: number;
  lockout?: LockoutPolicy;
  /** Told when a session ends by itself (idle), so it can be audited. */
  onSessionEnded?(session: Session, reason: 'idle'): void;
}

/**
 * Turns a bearer token into an `Identity`: a display token (`gcd_…`, looked up by its hash) or a
 * login token (a signed JWT naming an account and a server-side session, both checked as they
 * are now: a disabled account, an ended or idle session are refused).
 */
export class Authenticator {
  private constructor(
    private readonly identity: IdentityStore,
    private readonly security: SecurityStore,
    private readonly sessions: SessionTokens,
    private readonly clock: Clock,
    private readonly options: AuthenticatorOptions,
  ) {}

  /** Reads (or, on first start, creates) the shared signing key. */
  static async create(identity: IdentityStore, security: SecurityStore, clock: Clock, options: AuthenticatorOptions): Promise<Authenticator> {
    const key = await identity.secret(SIGNING_KEY_SECRET, () => randomBytes(32).toString('base64url'));
    return new Authenticator(identity, security, new SessionTokens(key, options.sessionMs, clock), clock, options);
  }

  /** The identity of a token presented with a request; the request counts as the session's activity. */
  authenticate(token: string | undefined): Promise<AuthResult> {
    return this.check(token, true);
  }

  /** The same check without counting as activity (a socket handshake, which a screen repeats by itself). */
  authenticateQuietly(token: string | undefined): Promise<AuthResult> {
    return this.check(token, false);
  }

  /**
   * Whether an identity let in earlier still holds: its display token not revoked, its account
   * not disabled, its session neither ended nor idle (for long-lived connections, which outlive
   * the check at their handshake). Not activity.
   */
  async stillValid(identity: Identity): Promise<boolean> {
    if (identity.kind === 'display') {
      const display = await this.identity.getDisplayToken(identity.id);
      return display !== undefined && display.revokedAt === undefined;
    }
    const account = await this.identity.findAccount(identity.username);
    if (account === undefined || account.disabledAt !== undefined) return false;
    if (identity.sessionId === undefined) return true;
    return (await this.sessionState(identity.sessionId, false)) === 'open';
  }

  /**
   * Checks a username and password; on success opens a session and issues its login token.
   * Unknown usernames, wrong passwords and disabled accounts look the same to the caller, and take
   * as long. `LOCKOUT.max` failures in a row lock the username (known or not) for `LOCKOUT.lockMs`;
   * while locked, even the right password is refused.
   */
  async login(username: string, password: string): Promise<LoginResult> {
    const now = this.clock.now();
    const policy = this.options.lockout ?? LOCKOUT;
    const account = await this.identity.findAccount(username);
    const matches = await verifyPassword(password, account?.passwordHash ?? (await dummyPasswordHash()));
    const locked = await this.security.lockedUntil(username, now);
    if (locked !== undefined) return { ok: false, lockedUntil: locked };
    if (!account || !matches || account.disabledAt !== undefined) {
      return { ok: false, lockedUntil: await this.security.noteLoginFailure(username, now, policy) };
    }
    await this.security.clearLoginFailures(username);
    const sessionId = randomUUID();
    await this.security.createSession({ id: sessionId, username: account.username, at: now });
    const { token, expiresAt } = await this.sessions.issue(account.username, sessionId);
    return { ok: true, token, expiresAt, identity: { ...userIdentity(account), sessionId } };
  }

  /** Ends the session of a login token (logout); false when it had ended already. */
  logout(identity: Identity): Promise<boolean> {
    if (identity.kind !== 'user' || identity.sessionId === undefined) return Promise.resolve(false);
    return this.security.endSession(identity.sessionId, this.clock.now(), 'logout');
  }

  private async check(token: string | undefined, activity: boolean): Promise<AuthResult> {
    if (!token) return failure('missing');
    if (token.startsWith(DISPLAY_TOKEN_PREFIX)) {
      const display = await this.identity.findDisplayTokenByHash(tokenHash(token));
      if (!display) return failure('invalid');
      if (display.revokedAt !== undefined) return failure('revoked');
      return { ok: true, identity: { kind: 'display', id: display.id, name: display.name, scope: display.scope }, expiresAt: undefined };
    }
    const verified = await this.sessions.verify(token);
    if (!verified.ok) return failure(verified.reason);
    const account = await this.identity.findAccount(verified.username);
    if (!account || account.disabledAt !== undefined) return failure('revoked');
    const state = await this.sessionState(verified.sessionId, activity, verified.username);
    if (state !== 'open') return failure(state);
    return { ok: true, identity: { ...userIdentity(account), sessionId: verified.sessionId }, expiresAt: verified.expiresAt };
  }

  /** Whether a session is open; ends it (and says so) when it has been idle too long. */
  private async sessionState(sessionId: string, activity: boolean, username?: string): Promise<'open' | 'invalid' | 'revoked' | 'idle'> {
    const session = await this.security.findSession(sessionId);
    if (!session || (username !== undefined && session.username !== username)) return 'invalid';
    if (session.endedAt !== undefined) return session.endReason === 'idle' ? 'idle' : 'revoked';
    const now = this.clock.now();
    if (now - session.lastActiveAt > this.options.idleMs) {
      if (await this.security.endSession(session.id, now, 'idle')) this.options.onSessionEnded?.(session, 'idle');
      return 'idle';
    }
    if (activity && now - session.lastActiveAt >= TOUCH_EVERY_MS) await this.security.touchSession(session.id, now);
    return 'open';
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
