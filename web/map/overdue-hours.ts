import type { LiveMapOverdue } from '@protocol/scope-state';

/** Hours an order on the map has been overdue at `serverNow` (the server's time, ms). */
export function overdueHours(o: Pick<LiveMapOverdue, 'overdueSince'>, serverNow: number): number {
  return (serverNow - Date.parse(o.overdueSince)) / 3_600_000;
}
