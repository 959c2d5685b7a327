import { z } from 'zod';
import { scopeCode, type Result } from './primitives';
import type { IncidentPoint, ScopeDelta, SubscribeAnswer } from './scope-state';

/** Names of the socket events, so both ends spell them the same way. */
export const SOCKET_EVENTS = {
  subscribe: 'scope:subscribe',
  unsubscribe: 'scope:unsubscribe',
  delta: 'scope:delta',
  incidentReported: 'incident:reported',
  protocolError: 'protocol:error',
  acknowledge: 'alarm:acknowledge',
} as const;

/** `auth` payload of the Socket.IO handshake. */
export const handshakeAuth = z.object({
  token: z.string().optional(),
  protocol: z.number().int(),
});
export type HandshakeAuth = z.infer<typeof handshakeAuth>;

export const subscribeRequest = z.object({
  scope: scopeCode,
  /** The client's last applied log position; the server may answer with changes since then. */
  lastSeq: z.number().int().nonnegative().optional(),
  /** The day (`hourly.day`) of the client's state: changes are only possible within one day. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});
export type SubscribeRequest = z.infer<typeof subscribeRequest>;

export const unsubscribeRequest = z.object({ scope: scopeCode });

/** `alarm:acknowledge`: a duty officer (or the wall's display token) saw the alarm. */
export const acknowledgeRequest = z.object({ incidentId: z.string().min(1).max(128) });
export type AcknowledgeRequest = z.infer<typeof acknowledgeRequest>;
export type UnsubscribeRequest = z.infer<typeof unsubscribeRequest>;

export interface ProtocolError {
  expected: number;
  received: unknown;
  message: string;
}

/** Events the server emits. */
export interface ServerToClientEvents {
  'scope:delta': (delta: ScopeDelta) => void;
  /** Sent at once for severity 3 and 4, ahead of the coalesced delta that also carries it. */
  'incident:reported': (incident: IncidentPoint) => void;
  'protocol:error': (error: ProtocolError) => void;
}

/** Commands a client sends; each answers through its ack. */
export interface ClientToServerEvents {
  'scope:subscribe': (request: SubscribeRequest, ack: (result: Result<SubscribeAnswer>) => void) => void;
  'scope:unsubscribe': (request: UnsubscribeRequest, ack: (result: Result<null>) => void) => void;
  'alarm:acknowledge': (request: AcknowledgeRequest, ack: (result: Result<null>) => void) => void;
}
