import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@protocol/index';
import type { Identity } from '../identity/identity';

/** Nothing travels between nodes yet (single process). */
export type InterServerEvents = Record<string, never>;

/** What the server remembers about each connection. */
export interface SocketData {
  protocol: number;
  /** Who connected, checked at the handshake (see socket-auth.ts). */
  identity: Identity;
  /** When the login token expires (ms since the epoch); `undefined` for display tokens. */
  expiresAt: number | undefined;
}

export type TypedServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type TypedSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
