import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@protocol/index';
import type { Identity } from '../identity/identity';
import type { BehindAt } from './slow-clients';

/**
 * Nothing travels between nodes through Socket.IO: each node computes its own deltas from its own
 * engine, and what nodes tell each other goes through `server/cluster/` (Redis pub/sub).
 */
export type InterServerEvents = Record<string, never>;

/** What the server remembers about each connection. */
export interface SocketData {
  protocol: number;
  /** Who connected, checked at the handshake (see socket-auth.ts). */
  identity: Identity;
  /** When the login token expires (ms since the epoch); `undefined` for display tokens. */
  expiresAt: number | undefined;
  /**
   * Set while the socket is in snapshot mode (too slow for deltas): per subscribed scope, the
   * position and day of the last delta or answer it was sent (see slow-clients.ts).
   */
  behind?: Map<string, BehindAt>;
}

export type TypedServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type TypedSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
