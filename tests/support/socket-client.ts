import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type ClientToServerEvents, type Result, type ScopeSnapshot, type SubscribeAnswer, type ServerToClientEvents } from '../../server/protocol/index';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A real socket.io client connected to a test server (websocket only, so tests do not wait for
 * upgrades), signed in with the server's test display token unless another `token` is given.
 * Rejects with the `connect_error` when the server refuses the handshake.
 */
export async function connectClient(
  server: { url: string; token: string },
  options: { token?: string; protocol?: number } = {},
): Promise<TestSocket> {
  const auth = { token: 'token' in options ? options.token : server.token, protocol: options.protocol ?? PROTOCOL_VERSION };
  const socket: TestSocket = io(server.url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Resubscribes with a position: the answer is a snapshot or the changes since `lastSeq`. */
export function resubscribe(socket: TestSocket, scope: string, lastSeq: number, day: string): Promise<Result<SubscribeAnswer>> {
  return socket.timeout(5000).emitWithAck('scope:subscribe', { scope, lastSeq, day });
}

export function subscribe(socket: TestSocket, scope: string, lastSeq?: number, day?: string): Promise<Result<ScopeSnapshot>> {
  return socket.timeout(5000).emitWithAck('scope:subscribe', { scope, ...(lastSeq === undefined ? {} : { lastSeq }), ...(day === undefined ? {} : { day }) });
}

/** Resolves with the first value `pick` returns for an event, or rejects after `ms`. */
export function waitFor<E extends keyof ServerToClientEvents, T>(
  socket: TestSocket,
  event: E,
  pick: (...args: Parameters<ServerToClientEvents[E]>) => T | undefined,
  ms = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler as never);
      reject(new Error(`timed out after ${ms} ms waiting for ${String(event)}`));
    }, ms);
    const handler = (...args: Parameters<ServerToClientEvents[E]>): void => {
      const v = pick(...args);
      if (v !== undefined) {
        clearTimeout(timer);
        socket.off(event, handler as never);
        resolve(v);
      }
    };
    socket.on(event, handler as never);
  });
}

/** The scope's snapshot as a client connecting now gets it (a socket of its own, closed after). */
export async function freshSnapshot(url: string, token: string, scope: string): Promise<ScopeSnapshot> {
  const socket = await connectClient({ url, token });
  try {
    const answer = await subscribe(socket, scope);
    if (!answer.ok) throw new Error(answer.error);
    return answer.data;
  } finally {
    socket.disconnect();
  }
}
