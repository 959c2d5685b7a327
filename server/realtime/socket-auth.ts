import type { Logger } from 'pino';
import type { Clock } from '../clock';
import type { Authenticator } from '../identity/authenticator';
import { identityName, type Identity } from '../identity/identity';
import type { TypedServer, TypedSocket } from './typed-io';

/** Longest delay `setTimeout` takes (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * How often connected identities are checked again: a token revoked through the CLI, or on
 * another node whose message was lost, drops its connections within this (under 5 s). Each
 * identity is asked once a round, whatever its number of connections.
 */
const RECHECK_MS = 4000;

/** The room every connection of display token `id` is in, so revoking it can drop them (on every node). */
export function displayRoom(id: number): string {
  return `display:${id}`;
}

/** Drops this node's connections of display token `id` (revoked here or on another node). */
export function disconnectDisplay(io: TypedServer, id: number): void {
  io.in(displayRoom(id)).disconnectSockets(true);
}

/** Drops this node's connections signed in as `username` (account disabled here or on another node). */
export function disconnectAccount(io: TypedServer, username: string): void {
  for (const socket of io.of('/').sockets.values()) {
    const { identity } = socket.data;
    if (identity.kind === 'user' && identity.username === username) socket.disconnect(true);
  }
}

/** Drops this node's connections of one login session (signed out here or on another node). */
export function disconnectSession(io: TypedServer, sessionId: string): void {
  for (const socket of io.of('/').sockets.values()) {
    const { identity } = socket.data;
    if (identity.kind === 'user' && identity.sessionId === sessionId) socket.disconnect(true);
  }
}

/**
 * The handshake's door: a connection needs `auth.token` (a login or display token). Without one,
 * or with a bad, expired or revoked one, it is refused with a `connect_error` whose `message`
 * says why and whose `data` is `{ error: 'unauthorized', reason }`, so a screen can tell "sign in
 * again" from a network failure. A connection is dropped when its login token expires, and within
 * `RECHECK_MS` of its display token being revoked or its account disabled anywhere (at once
 * when the revocation is announced, see server/cluster/).
 */
export function attachSocketAuth(io: TypedServer, auth: Authenticator, clock: Clock, logger: Logger): { close(): void } {
  io.use((socket, next) => {
    const token: unknown = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    // A screen reconnects by itself: a handshake is not a person's activity, so it does not keep an idle session alive.
    auth
      .authenticateQuietly(typeof token === 'string' ? token : undefined)
      .then((result) => {
        if (!result.ok) {
          logger.info({ reason: result.reason, address: socket.handshake.address }, 'socket refused: not signed in');
          next(Object.assign(new Error(result.message), { data: { error: 'unauthorized', reason: result.reason } }));
          return;
        }
        socket.data.identity = result.identity;
        socket.data.expiresAt = result.expiresAt;
        next();
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'socket authentication failed');
        next(new Error('the server could not check the token; retrying'));
      });
  });

  io.on('connection', (socket: TypedSocket) => {
    const { identity, expiresAt } = socket.data;
    if (identity.kind === 'display') void socket.join(displayRoom(identity.id));
    if (expiresAt !== undefined) {
      const timer = setTimeout(() => {
        logger.info({ who: identityName(identity) }, 'socket closed: session expired');
        socket.disconnect(true);
      }, Math.min(Math.max(expiresAt - clock.now(), 0), MAX_TIMER_MS));
      timer.unref();
      socket.once('disconnect', () => clearTimeout(timer));
    }
  });

  let checking = false;
  const recheck = setInterval(() => {
    // A round still running (a slow store) is not doubled.
    if (checking) return;
    checking = true;
    const asked = new Map<string, Promise<boolean>>();
    const rounds: Promise<void>[] = [];
    for (const socket of io.of('/').sockets.values()) {
      const { identity } = socket.data;
      const key = identityKey(identity);
      let valid = asked.get(key);
      if (!valid) {
        valid = auth.stillValid(identity);
        asked.set(key, valid);
      }
      rounds.push(
        valid.then(
          (ok) => {
            if (ok) return;
            logger.info({ who: identityName(identity) }, 'socket closed: token revoked, session ended or idle, or account disabled');
            socket.disconnect(true);
          },
          (err: unknown) => logger.warn({ err }, 'socket recheck failed'),
        ),
      );
    }
    void Promise.all(rounds).finally(() => {
      checking = false;
    });
  }, RECHECK_MS);
  recheck.unref();

  return {
    close() {
      clearInterval(recheck);
    },
  };
}

function identityKey(identity: Identity): string {
  return identity.kind === 'display' ? `display:${identity.id}` : `user:${identity.username}:${identity.sessionId ?? ''}`;
}
