import type { IngestEvent } from '../../server/protocol/index';
import { call, incident, move } from './kpi-fixture';

/**
 * Events at the edges of periods in Asia/Shanghai, for the report model and its exports.
 * 2026-02-01 is a Sunday: its last second closes the week of Monday 2026-01-26, and
 * 2026-02-02T00:00:00 opens the next.
 */

/** When the tests read: February 2026 is over, so it is read "as of" 2026-03-01 00:00. */
export const REPORT_NOW = Date.parse('2026-03-10T12:00:00+08:00');

export const REPORT_EVENTS: IngestEvent[] = [
  // A year earlier, for 同比 of February.
  incident('Y1', '2025-02-10T12:00:00+08:00'),
  // January's last second; its order is opened in February with a sender's deadline it misses.
  incident('IA', '2026-01-31T23:59:59+08:00'),
  move('WOA', 'IA', 'dispatched', '2026-02-01T00:05:00+08:00', { deadline: '2026-02-01T12:00:00+08:00' }),
  move('WOA', 'IA', 'accepted', '2026-02-01T01:00:00+08:00'),
  move('WOA', 'IA', 'handling', '2026-02-01T02:00:00+08:00'),
  move('WOA', 'IA', 'resolved', '2026-02-02T00:00:00+08:00'),
  // February's first second, resolved on its last second of the day, on time (street: 1 day).
  incident('IB', '2026-02-01T00:00:00+08:00'),
  move('WOB', 'IB', 'dispatched', '2026-02-01T00:10:00+08:00'),
  move('WOB', 'IB', 'accepted', '2026-02-01T01:00:00+08:00'),
  move('WOB', 'IB', 'handling', '2026-02-01T02:00:00+08:00'),
  move('WOB', 'IB', 'resolved', '2026-02-01T23:59:59+08:00'),
  // Sunday's last second (week of 01-26), never dispatched.
  incident('IC', '2026-02-01T23:59:59+08:00'),
  // Monday's first second (week of 02-02), from the hotline: returned, re-dispatched, extended, then overdue.
  incident('ID', '2026-02-02T00:00:00+08:00', { source: 'hotline' }),
  move('WOD', 'ID', 'dispatched', '2026-02-02T01:00:00+08:00'),
  move('WOD', 'ID', 'returned', '2026-02-02T02:00:00+08:00'),
  move('WOD', 'ID', 'dispatched', '2026-02-02T03:00:00+08:00', { level: 'district' }),
  move('WOD', 'ID', 'accepted', '2026-02-02T04:00:00+08:00'),
  move('WOD', 'ID', 'extended', '2026-02-03T04:00:00+08:00', { deadline: '2026-02-20T00:00:00+08:00' }),
  // Calls: one offered five seconds before midnight (answered after it), one at midnight, never answered.
  call('C1', '2026-02-01T23:59:55+08:00', 5),
  call('C2', '2026-02-02T00:00:00+08:00', undefined),
];

