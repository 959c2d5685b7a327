import { errors, jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../clock';

/** Issuer and audience written into every login token, so a JWT minted for something else is refused. */
const ISSUER = 'grid-command-center';
const AUDIENCE = 'grid-command-center:session';

/** Why a login token was not accepted. */
export type SessionFailure = 'invalid' | 'expired';

/**
 * Login tokens: JWTs signed with HMAC-SHA256 (HS256) by a key every node shares (held by the
 * identity store), carrying the username and an expiry. Only the username is trusted from the
 * token; role and scope are read from the account on each use, so a change takes effect at once.
 */
export class SessionTokens {
  private readonly key: Uint8Array;

  /** `key`: the signing secret (at least 32 bytes); `lifetimeMs`: how long a token is valid. */
  constructor(
    key: string,
    private readonly lifetimeMs: number,
    private readonly clock: Clock,
  ) {
    this.key = new TextEncoder().encode(key);
    if (this.key.length < 32) throw new Error('the session signing key must be at least 32 bytes');
  }

  /** A token for `username` naming its server-side session `sessionId`, valid from now for the configured lifetime. */
  async issue(username: string, sessionId: string): Promise<{ token: string; expiresAt: number }> {
    const now = this.clock.now();
    const expiresAt = now + this.lifetimeMs;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(username)
      .setJti(sessionId)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(expiresAt / 1000))
      .sign(this.key);
    return { token, expiresAt: Math.floor(expiresAt / 1000) * 1000 };
  }

  /** The username and expiry of a valid token, or why it is not valid. */
  async verify(token: string): Promise<{ ok: true; username: string; sessionId: string; expiresAt: number } | { ok: false; reason: SessionFailure }> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ['sub', 'exp', 'jti'],
        currentDate: new Date(this.clock.now()),
        clockTolerance: 0,
      });
      return { ok: true, username: payload.sub!, sessionId: payload.jti!, expiresAt: payload.exp! * 1000 };
    } catch (err) {
      if (err instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
      if (err instanceof errors.JOSEError) return { ok: false, reason: 'invalid' };
      throw err;
    }
  }
}
