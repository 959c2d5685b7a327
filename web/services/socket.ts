import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '@protocol/index';
import { storedSession } from './session';

/** The app's one socket, typed from the wire contract. Only stores use it. */
export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: AppSocket | undefined;

/**
 * The shared socket, created on first use. It reconnects by itself forever (a wall runs for
 * weeks) with a capped backoff, so a restarted server is picked up within seconds. The handshake
 * carries the stored token, read again at every (re)connection.
 */
export function appSocket(): AppSocket {
  socket ??= io({
    auth: (cb) => cb({ token: storedSession()?.token, protocol: PROTOCOL_VERSION }),
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    timeout: 10_000,
  });
  return socket;
}
