import type { RealtimeMetrics } from '@protocol/index';

/** The counters of `GET /api/metrics`, bumped where things happen (gauges are read at the request). */
export type RealtimeCounters = Pick<
  RealtimeMetrics,
  'slowClientsDemoted' | 'slowClientsRestored' | 'deltasSent' | 'alarmsSent' | 'snapshotsSent' | 'changesAnswers' | 'catchUpDeltas' | 'clusterMessages'
>;

/** Fresh counters, all zero. */
export function newRealtimeCounters(): RealtimeCounters {
  return { slowClientsDemoted: 0, slowClientsRestored: 0, deltasSent: 0, alarmsSent: 0, snapshotsSent: 0, changesAnswers: 0, catchUpDeltas: 0, clusterMessages: 0 };
}
