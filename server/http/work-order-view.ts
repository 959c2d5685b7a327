import type { IncidentItem, TimelineStep, WorkOrderItem } from '@protocol/drill';
import type { FoldedWorkOrder } from '../aggregate/workorder/fold-work-order';
import type { statusAt } from '../aggregate/workorder/status-at';

/**
 * How work orders and incidents look on the wire, from their read-model rows: one mapping for
 * the lists (`GET /api/workorders`, `GET /api/incidents`), an order's page and the drill-down
 * cards, so they cannot disagree.
 */
export function orderItem(r: WorkOrderRow, s: ReturnType<typeof statusAt>): WorkOrderItem {
  return {
    workOrderId: r.work_order_id,
    incidentId: r.incident_id,
    incidentAt: r.incident_at === null ? null : iso(r.incident_at),
    scope: r.scope,
    category: r.category,
    source: r.source,
    state: r.state as WorkOrderItem['state'],
    level: r.level,
    department: r.department,
    openedAt: r.opened_at === null ? null : iso(r.opened_at),
    acceptanceDeadline: r.acceptance_deadline === null ? null : iso(r.acceptance_deadline),
    resolutionDeadline: r.resolution_deadline === null ? null : iso(r.resolution_deadline),
    firstResolvedAt: r.first_resolved_at === null ? null : iso(r.first_resolved_at),
    firstResolvedOnTime: r.first_resolved_on_time === null ? null : r.first_resolved_on_time === 1,
    closedAt: r.closed_at === null ? null : iso(r.closed_at),
    returned: r.returned_count,
    extended: r.extended_count,
    supervised: r.supervised_count,
    anomalies: r.anomalies,
    deadlineStatus: s.status,
    applicableDeadline: s.applicable ? { kind: s.applicable.kind, deadline: iso(s.applicable.deadline) } : null,
  };
}

/** Every move of an order in history order, illegal ones included (marked, with the reason). */
export function timelineOf(folded: FoldedWorkOrder): TimelineStep[] {
  return folded.moves.map((m) => ({
    seq: m.seq,
    at: iso(m.occurredAt),
    to: m.to,
    department: m.department,
    level: m.level,
    actor: m.actor,
    note: m.note ?? null,
    deadline: m.deadline === undefined ? null : iso(m.deadline),
    legal: m.legal,
    reason: m.reason ?? null,
    stateAfter: m.stateAfter ?? null,
  }));
}

export function incidentItem(r: IncidentRow): IncidentItem {
  return {
    incidentId: r.incident_id,
    occurredAt: iso(r.occurred_at),
    scope: r.scope,
    category: r.category,
    source: r.source,
    severity: r.severity,
    location: [r.lng, r.lat],
    description: r.description,
    workOrderId: r.work_order_id,
    firstResolvedAt: r.first_resolved_at === null ? null : iso(r.first_resolved_at),
    closedAt: r.closed_at === null ? null : iso(r.closed_at),
  };
}

/** Selects a `WorkOrderRow`: `FROM p_workorders w LEFT JOIN p_incidents i` (the incident's time). */
export const WORK_ORDER_COLUMNS = 'w.*, i.occurred_at AS incident_at';

export interface WorkOrderRow {
  work_order_id: string;
  incident_id: string;
  scope: string | null;
  source: string | null;
  category: string | null;
  state: string | null;
  level: string | null;
  department: string | null;
  opened_at: number | null;
  resolution_deadline: number | null;
  acceptance_deadline: number | null;
  first_resolved_at: number | null;
  first_resolved_on_time: number | null;
  closed_at: number | null;
  returned_count: number;
  extended_count: number;
  supervised_count: number;
  anomalies: number;
  incident_at: number | null;
}

export interface IncidentRow {
  incident_id: string;
  occurred_at: number;
  scope: string;
  category: string;
  source: string;
  severity: number;
  lng: number;
  lat: number;
  description: string;
  work_order_id: string | null;
  first_resolved_at: number | null;
  closed_at: number | null;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
