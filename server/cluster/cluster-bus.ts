import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * What one node must tell the others. Nodes share the event log (PostgreSQL) but each folds it
 * into its own engine and sends its own clients their deltas, so only two things travel:
 *
 * - `appended`: the log grew to `lastSeq` (after an append that stored anything: ingest, the
 *   reminder scheduler, an alarm acknowledgement). The others read the log from their own
 *   position; the message carries no events, so a lost or late one costs only delay.
 * - `display-revoked` / `account-disabled`: drop that identity's live connections now.
 *
 * Messages are hints: the log and the identity store remain the truth, and each node also reads
 * the log every few seconds and re-checks its connections' identities on its own.
 */
export const clusterMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('appended'), lastSeq: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('display-revoked'), id: z.number().int().positive() }),
  z.object({ kind: z.literal('account-disabled'), username: z.string().min(1) }),
]);
export type ClusterMessage = z.infer<typeof clusterMessage>;

/** A message as it travels: who sent it, so a node ignores its own. */
export const clusterEnvelope = z.object({ from: z.string(), message: clusterMessage });

/** The channel between the nodes of one deployment. */
export interface ClusterBus {
  /** This process's id among the nodes (random per start). */
  readonly node: string;
  /** Sends to every other node; never throws (a message that cannot go now is dropped: see above). */
  publish(message: ClusterMessage): void;
  /** `handler` gets every other node's messages; `reconnected` runs when the channel came back (messages may have been missed). */
  subscribe(handler: (message: ClusterMessage, from: string) => void, reconnected?: () => void): void;
  close(): Promise<void>;
}

/** One node alone (no REDIS_URL): nothing to tell anyone. */
export function localBus(): ClusterBus {
  return {
    node: randomUUID(),
    publish: () => undefined,
    subscribe: () => undefined,
    close: () => Promise.resolve(),
  };
}
