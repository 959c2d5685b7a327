import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@protocol/index';

/** Nothing travels between nodes yet (single process). */
export type InterServerEvents = Record<string, never>;

/** What the server remembers about each connection. */
export interface SocketData {
  protocol: number;
}

export type TypedServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type TypedSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
