import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '@protocol/index';

/** The app's one socket, typed from the wire contract. Only stores use it. */
export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: AppSocket | undefined;

/**
 * The shared socket, created on first use. It reconnects by itself forever (a wall runs for
 * weeks) with a capped backoff, so a restarted server is picked up within seconds.
 */
export function appSocket(): AppSocket {
  socket ??= io({
    auth: { protocol: PROTOCOL_VERSION },
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    timeout: 10_000,
  });
  return socket;
}
