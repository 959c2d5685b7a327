import type { FoldedWorkOrder } from '../workorder/fold-work-order';
import { statusAt, type StatusAt } from '../workorder/status-at';
import type { ReadDb } from '../../projections/read-db';
import { scopeFilter, scopeUpper } from '../../projections/place';

/** An order open at an instant, with its state and deadline then. */
export interface OpenOrderAt extends StatusAt {
  workOrderId: string;
  incidentId: string;
  scope: string | null;
  category: string | null;
  department: string | null;
}

/**
 * The orders of a scope that were open at `at` (past or present): candidates from the read model
 * (opened by then, not closed by then), each judged by its folded history as of `at`, so a past
 * period's "overdue now" is what the screen showed then.
 */
export function openOrdersAt(db: ReadDb, folded: (id: string) => FoldedWorkOrder, scope: string, at: number): OpenOrderAt[] {
  const columns = 'work_order_id, incident_id, scope, category, department';
  // Two exact seeks per placed code in p_workorders_scope_closed: never closed, closed after `at`.
  const rows = db.all<{ work_order_id: string; incident_id: string; scope: string | null; category: string | null; department: string | null }>(
    `SELECT ${columns} FROM p_workorders WHERE ${scopeFilter(db, 'p_workorders')} AND closed_at IS NULL AND opened_at <= ?
     UNION ALL
     SELECT ${columns} FROM p_workorders WHERE ${scopeFilter(db, 'p_workorders')} AND closed_at > ? AND opened_at <= ?`,
    [scope, scopeUpper(scope), at, scope, scopeUpper(scope), at, at],
  );
  const out: OpenOrderAt[] = [];
  for (const r of rows) {
    const s = statusAt(folded(r.work_order_id), at);
    if (!s.open) continue;
    out.push({ ...s, workOrderId: r.work_order_id, incidentId: r.incident_id, scope: r.scope, category: r.category, department: r.department });
  }
  return out;
}
