import { z } from 'zod';

/**
 * `GET /api/metrics` (admins only): what this node's realtime layer is doing. Counters count
 * since the node started; gauges are read at the request. Each node answers for itself (a load
 * balancer's health checks or a scraper ask each node).
 */
export const realtimeMetrics = z.object({
  /** A random id of this node's process, as it appears in its logs and cluster messages. */
  node: z.string(),
  uptimeS: z.number().int().nonnegative(),
  /** The log position this node's state is complete up to. */
  seq: z.number().int().nonnegative(),
  /** Gauge: sockets connected to this node. */
  socketsConnected: z.number().int().nonnegative(),
  /** Gauge: scope rooms with at least one member. */
  rooms: z.number().int().nonnegative(),
  /** Gauge: sockets in snapshot mode now (too slow to take deltas). */
  slowClientsNow: z.number().int().nonnegative(),
  /** Sockets moved to snapshot mode (see `scope:delta` in scope-state.ts). */
  slowClientsDemoted: z.number().int().nonnegative(),
  /** Demoted sockets that drained and were caught up. */
  slowClientsRestored: z.number().int().nonnegative(),
  /** `scope:delta` messages sent, one per receiving socket (catch-up deltas included). */
  deltasSent: z.number().int().nonnegative(),
  /** `incident:reported` messages sent, one per receiving room. */
  alarmsSent: z.number().int().nonnegative(),
  /** `scope:subscribe` answered with a full snapshot. */
  snapshotsSent: z.number().int().nonnegative(),
  /** `scope:subscribe` answered with the changes since the client's `lastSeq`. */
  changesAnswers: z.number().int().nonnegative(),
  /** Catch-up deltas sent to demoted sockets once they drained. */
  catchUpDeltas: z.number().int().nonnegative(),
  /** Messages received from other nodes (new log positions, revocations); 0 without REDIS_URL. */
  clusterMessages: z.number().int().nonnegative(),
});
export type RealtimeMetrics = z.infer<typeof realtimeMetrics>;
