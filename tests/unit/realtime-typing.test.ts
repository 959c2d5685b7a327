import { describe, expectTypeOf, it } from 'vitest';
import type { Socket as ClientSocket } from 'socket.io-client';
import type { Socket as ServerSocket } from 'socket.io';
import type { ClientToServerEvents, ScopeDelta, ServerToClientEvents } from '../../server/protocol/index';
import type { InterServerEvents, SocketData, TypedSocket } from '../../server/realtime/typed-io';
import type { AppSocket } from '../../web/services/socket';

// Checked by vue-tsc in `npm test`: a change of one end that the other does not follow fails the typecheck.
describe('both ends of the socket are typed from one contract', () => {
  it('pairs the server socket and the web socket with the same event maps, mirrored', () => {
    expectTypeOf<TypedSocket>().toEqualTypeOf<ServerSocket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>>();
    expectTypeOf<AppSocket>().toEqualTypeOf<ClientSocket<ServerToClientEvents, ClientToServerEvents>>();
    expectTypeOf<Parameters<ServerToClientEvents['scope:delta']>[0]>().toEqualTypeOf<ScopeDelta>();
  });
});
