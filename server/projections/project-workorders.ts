import { extendFold, foldWorkOrder, compareMoves, type DerivedMove, type DispatchRecord, type FoldedWorkOrder, type MoveInput } from '../aggregate/workorder/fold-work-order';
import { zonedParts } from '../aggregate/zoned-time';
import type { ProjectionContext } from './projector';
import type { ReadDb } from './read-db';

/**
 * The fold of recently touched orders, so a new move costs one fold in memory and the writes of
 * what changed, not a read of the order's history. Least recently used leave. An entry is
 * updated in place: what it holds lives as long as the order stays cached, and every object a
 * move adds here is copied by the young generation's collections before it settles.
 */
interface CachedOrder {
  /** Its moves are the order's history, in history order (a derived move carries its input). */
  folded: FoldedWorkOrder;
  /** The order's incident as the read model has it (`undefined`: not looked up yet; `null`: unknown). */
  incident?: IncidentFacts | null;
  /** The order's row as last written (`ORDER_COLUMNS` order), so the next write sets only what changed. */
  written?: unknown[];
  /**
   * The row's rowid once this cache inserted it: an update by rowid finds the row in the table's
   * own B-tree, without first seeking the text key's index (no VACUUM ever renumbers these rows).
   */
  rowid?: number;
}

/** The columns of `p_workorders` a move may change, in the order `row` lists them. */
const ORDER_COLUMNS = [
  'incident_id',
  'scope',
  'source',
  'category',
  'state',
  'level',
  'department',
  'opened_at',
  'latest_dispatch_at',
  'acceptance_deadline',
  'resolution_deadline',
  'first_resolved_at',
  'first_resolved_on_time',
  'handling_ms',
  'closed_at',
  'returned_count',
  'extended_count',
  'supervised_count',
  'anomalies',
  'last_move_at',
] as const;

/**
 * Writes a row's columns that changed, and only those: SQLite rewrites the entries of every
 * index over a column named in SET, changed or not. One SQL text per set of columns, the same
 * string each time, so the statement cache finds it without hashing a new text each write.
 */
class ChangedColumnsUpdate {
  private readonly texts = new Map<number, string>();

  constructor(
    private readonly table: string,
    private readonly columns: readonly string[],
    private readonly key: string,
  ) {}

  /** Sets the columns of `row` (in `columns` order) that differ from `prior` (every one without it). */
  run(db: ReadDb, keyValue: unknown, row: readonly unknown[], prior: readonly unknown[] | undefined): void {
    let changed = 0;
    const values: unknown[] = [];
    for (let k = 0; k < this.columns.length; k++) {
      if (prior !== undefined && prior[k] === row[k]) continue;
      changed |= 1 << k;
      values.push(row[k]);
    }
    if (changed === 0) return;
    values.push(keyValue);
    db.run(this.sql(changed), values);
  }

  private sql(changed: number): string {
    let sql = this.texts.get(changed);
    if (sql === undefined) {
      const set = this.columns.filter((_, k) => (changed & (1 << k)) !== 0).map((c) => `${c} = ?`);
      sql = `UPDATE ${this.table} SET ${set.join(', ')} WHERE ${this.key} = ?`;
      this.texts.set(changed, sql);
    }
    return sql;
  }
}

const orderUpdateById = new ChangedColumnsUpdate('p_workorders', ORDER_COLUMNS, 'work_order_id');
const orderUpdateByRowid = new ChangedColumnsUpdate('p_workorders', ORDER_COLUMNS, 'rowid');
/** An incident's order, first resolution and closing (the covering scope-time index holds the last two). */
const incidentUpdate = new ChangedColumnsUpdate('p_incidents', ['work_order_id', 'first_resolved_at', 'closed_at'], 'rowid');

interface IncidentFacts {
  /** Its row, for updates by rowid (see `CachedOrder.rowid`). */
  rowid: number;
  occurred_at: number;
  scope: string;
  source: string;
  category: string;
  /** As the row held them when read: only an order's first move compares with these. */
  work_order_id: string | null;
  first_resolved_at: number | null;
  closed_at: number | null;
}

export class WorkOrderCache {
  private readonly entries = new Map<string, CachedOrder>();

  constructor(private readonly capacity: number) {}

  get(db: ReadDb, id: string): CachedOrder {
    let entry = this.entries.get(id);
    if (entry) {
      this.entries.delete(id);
    } else {
      const rows = db.all<MoveRow>('SELECT * FROM p_moves WHERE work_order_id = ?', [id]);
      entry = { folded: foldWorkOrder(rows.map(moveOf)) };
    }
    this.entries.set(id, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }

  delete(id: string): void {
    this.entries.delete(id);
  }

  /** Forgets the incident facts of an order (its incident just arrived). */
  forgetIncident(id: string): void {
    const e = this.entries.get(id);
    if (e) {
      e.incident = undefined;
      e.written = undefined;
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

/** `incident.reported`: the incident, placed, with its day and hour in the reports' zone. */
export function projectIncident(db: ReadDb, ctx: ProjectionContext, seq: number, at: number, d: Record<string, unknown>): void {
  const incidentId = d.incidentId as string;
  const location = d.location as [number, number];
  const scope = ctx.placer.byGridOrLocation(d.gridCode as string | undefined, location);
  const { day, hour } = zonedParts(at, ctx.timeZone);
  const inserted = db.run(
    `INSERT INTO p_incidents (incident_id, seq, occurred_at, day, hour, scope, category, source, severity, lng, lat, description)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (incident_id) DO NOTHING`,
    [incidentId, seq, at, day, hour, scope, d.category, d.source, d.severity, location[0], location[1], d.description],
  );
  if (inserted === 0) return; // a second report of a known incident: the first one stands
  ctx.changes.scopes.add(scope);
  // Orders whose moves arrived before their incident get its place and source now.
  const orders = db.all<{ work_order_id: string; first_resolved_at: number | null; closed_at: number | null }>(
    'SELECT work_order_id, first_resolved_at, closed_at FROM p_workorders WHERE incident_id = ?',
    [incidentId],
  );
  for (const o of orders) {
    ctx.orders.forgetIncident(o.work_order_id);
    db.run('UPDATE p_workorders SET scope = ?, source = ?, category = ?, handling_ms = ? WHERE work_order_id = ?', [
      scope,
      d.source,
      d.category,
      o.first_resolved_at === null ? null : o.first_resolved_at - at,
      o.work_order_id,
    ]);
    db.run('UPDATE p_dispatches SET scope = ? WHERE work_order_id = ?', [scope, o.work_order_id]);
    db.run('UPDATE p_incidents SET work_order_id = ?, first_resolved_at = ?, closed_at = ? WHERE incident_id = ?', [o.work_order_id, o.first_resolved_at, o.closed_at, incidentId]);
    ctx.changes.orders.add(o.work_order_id);
  }
}

/**
 * `workorder.transitioned`: the move joins the order's history in its `occurredAt` place, the
 * order is folded again (a late move may change what was legal), and what changed is written:
 * the moves' judgements, the order's summary, its dispatches, its incident's resolution.
 */
export function projectTransition(db: ReadDb, ctx: ProjectionContext, seq: number, at: number, d: Record<string, unknown>): void {
  const id = d.workOrderId as string;
  const incidentId = d.incidentId as string;
  const cached = ctx.orders.get(db, id);
  const before = cached.folded;
  const moves = before.moves;
  if (moves.some((m) => m.seq === seq)) return;
  const move: MoveInput = {
    seq,
    occurredAt: at,
    to: d.to as MoveInput['to'],
    department: d.department as string,
    level: d.level as MoveInput['level'],
    actor: d.actor as string,
  };
  if (d.note !== undefined) move.note = d.note as string;
  if (d.deadline !== undefined) move.deadline = Date.parse(d.deadline as string);
  const last = moves[moves.length - 1];
  // In order (the usual case): one step on the previous fold. Late: the whole history again.
  const inOrder = last === undefined || compareMoves(last, move) < 0;
  // What the comparisons below need of the order before this move.
  const hadMoves = moves.length > 0;
  const beforeResolvedAt = before.summary.firstResolvedAt;
  const beforeClosedAt = before.summary.closedAt;
  // In order, the fold below extends `before` in place: what the dispatches' step needs is kept.
  const beforeDispatches: DispatchesBefore = inOrder
    ? { late: false, count: before.summary.dispatches.length, lastReturned: before.summary.dispatches.at(-1)?.returnedAfter }
    : { late: true, list: before.summary.dispatches };
  const previous = inOrder ? undefined : new Map(moves.map((m) => [m.seq, m] as const));
  const folded = inOrder ? extendFold(before, move, { inPlace: true }) : foldWorkOrder([...moves, move].sort(compareMoves));

  for (const m of inOrder ? [folded.moves[folded.moves.length - 1]!] : folded.moves) {
    const old = previous?.get(m.seq);
    if (!old) {
      db.run(
        `INSERT INTO p_moves (work_order_id, seq, occurred_at, to_state, department, level, actor, note, deadline, legal, reason, state_before, state_after)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, m.seq, m.occurredAt, m.to, m.department, m.level, m.actor, m.note ?? null, m.deadline ?? null, m.legal ? 1 : 0, m.reason ?? null, m.stateBefore ?? null, m.stateAfter ?? null],
      );
    } else if (judgementChanged(old, m)) {
      db.run('UPDATE p_moves SET legal = ?, reason = ?, state_before = ?, state_after = ? WHERE work_order_id = ? AND seq = ?', [
        m.legal ? 1 : 0,
        m.reason ?? null,
        m.stateBefore ?? null,
        m.stateAfter ?? null,
        id,
        m.seq,
      ]);
    }
  }

  let incident = cached.incident;
  if (incident === undefined) {
    incident = db.get<IncidentFacts>('SELECT rowid, occurred_at, scope, source, category, work_order_id, first_resolved_at, closed_at FROM p_incidents WHERE incident_id = ?', [incidentId]) ?? null;
  }
  // `get` put the entry back as the most recently used: updated in place.
  cached.folded = folded;
  cached.incident = incident;
  const s = folded.summary;
  const scope = incident?.scope ?? null;
  const row = [
    incidentId,
    scope,
    incident?.source ?? null,
    incident?.category ?? null,
    s.state ?? null,
    s.level ?? null,
    s.department ?? null,
    s.openedAt ?? null,
    s.latestDispatchAt ?? null,
    s.acceptanceDeadline ?? null,
    s.resolutionDeadline ?? null,
    s.firstResolvedAt ?? null,
    s.firstResolvedOnTime === undefined ? null : s.firstResolvedOnTime ? 1 : 0,
    s.firstResolvedAt !== undefined && incident ? s.firstResolvedAt - incident.occurred_at : null,
    s.closedAt ?? null,
    s.returnedCount,
    s.extendedCount,
    s.supervisedCount,
    s.anomalies.length,
    folded.moves[folded.moves.length - 1]!.occurredAt,
  ];
  // A known order is updated in place, in the columns that changed since it was last written.
  if (hadMoves) {
    if (cached.rowid === undefined) orderUpdateById.run(db, id, row, cached.written);
    else orderUpdateByRowid.run(db, cached.rowid, row, cached.written);
  } else {
    cached.rowid = db.insert(
      `INSERT INTO p_workorders (incident_id, scope, source, category, state, level, department, opened_at, latest_dispatch_at,
         acceptance_deadline, resolution_deadline, first_resolved_at, first_resolved_on_time, handling_ms, closed_at,
         returned_count, extended_count, supervised_count, anomalies, last_move_at, work_order_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [...row, id],
    );
  }
  if (cached.written) {
    for (let k = 0; k < row.length; k++) cached.written[k] = row[k];
  } else {
    cached.written = row;
  }
  writeDispatches(db, id, scope, s.dispatches, beforeDispatches);
  if (incident) {
    // The incident learns its order once, then its resolution and closing as they move: compared
    // with the order before this move, or with the incident's row at the order's first move.
    incidentUpdate.run(
      db,
      incident.rowid,
      [id, s.firstResolvedAt ?? null, s.closedAt ?? null],
      hadMoves ? [id, beforeResolvedAt ?? null, beforeClosedAt ?? null] : [incident.work_order_id, incident.first_resolved_at, incident.closed_at],
    );
    ctx.changes.scopes.add(incident.scope);
  }
  ctx.changes.orders.add(id);
}

/**
 * An order's dispatches before a move: after a move in order, their count and the last one's
 * return (one step either adds a dispatch or marks the last one returned); after a late move,
 * the list itself (the history was folded anew).
 */
type DispatchesBefore = { late: false; count: number; lastReturned: false | number | undefined } | { late: true; list: readonly DispatchRecord[] };

/**
 * The order's dispatches in `p_dispatches`: after a move in order, only the step it took; after a
 * late move, all of them again if any differs. Two dispatches at the same instant share a key,
 * the first one's row standing: such a history is written whole, as a replay writes it.
 */
function writeDispatches(db: ReadDb, id: string, scope: string | null, after: readonly DispatchRecord[], before: DispatchesBefore): void {
  const last = after.at(-1);
  const sameInstant = last !== undefined && after.length > 1 && after.at(-2)!.at === last.at;
  if (!before.late && !sameInstant) {
    if (last === undefined) return;
    if (after.length > before.count) insertDispatch(db, id, scope, last);
    else if (last.returnedAfter !== before.lastReturned) {
      db.run('UPDATE p_dispatches SET returned_at = ? WHERE work_order_id = ? AND at = ?', [last.returnedAfter === false ? null : last.returnedAfter, id, last.at]);
    }
    return;
  }
  if (before.late && before.list.length === after.length && before.list.every((d, k) => d.at === after[k]!.at && d.returnedAfter === after[k]!.returnedAfter)) return;
  db.run('DELETE FROM p_dispatches WHERE work_order_id = ?', [id]);
  for (const d of after) insertDispatch(db, id, scope, d);
}

function insertDispatch(db: ReadDb, id: string, scope: string | null, d: DispatchRecord): void {
  db.run('INSERT INTO p_dispatches (work_order_id, at, returned_at, scope) VALUES (?, ?, ?, ?) ON CONFLICT (work_order_id, at) DO NOTHING', [
    id,
    d.at,
    d.returnedAfter === false ? null : d.returnedAfter,
    scope,
  ]);
}

/** `workorder.rated`: one rating; its scope and source come from the order when queried. */
export function projectRating(db: ReadDb, seq: number, at: number, d: Record<string, unknown>): void {
  db.run('INSERT INTO p_ratings (work_order_id, seq, occurred_at, satisfied) VALUES (?, ?, ?, ?) ON CONFLICT (work_order_id, seq) DO NOTHING', [
    d.workOrderId,
    seq,
    at,
    d.satisfied ? 1 : 0,
  ]);
}

/** `workorder.reminded` (written by the server): remembered, so each reminder fires once. */
export function projectReminder(db: ReadDb, at: number, d: Record<string, unknown>): void {
  db.run('INSERT INTO p_reminders (work_order_id, reminder_key, kind, at) VALUES (?, ?, ?, ?) ON CONFLICT (work_order_id, reminder_key) DO NOTHING', [
    d.workOrderId,
    d.key,
    d.kind,
    at,
  ]);
}

interface MoveRow {
  seq: number;
  occurred_at: number;
  to_state: string;
  department: string;
  level: string;
  actor: string;
  note: string | null;
  deadline: number | null;
}

function moveOf(r: MoveRow): MoveInput {
  const move: MoveInput = {
    seq: r.seq,
    occurredAt: r.occurred_at,
    to: r.to_state as MoveInput['to'],
    department: r.department,
    level: r.level as MoveInput['level'],
    actor: r.actor,
  };
  if (r.note !== null) move.note = r.note;
  if (r.deadline !== null) move.deadline = r.deadline;
  return move;
}

function judgementChanged(a: DerivedMove, b: DerivedMove): boolean {
  return a.legal !== b.legal || a.reason !== b.reason || a.stateBefore !== b.stateBefore || a.stateAfter !== b.stateAfter;
}

/** `alarm.acknowledged` (written by the server): the alarm leaves every wall of its scopes. */
export function projectAlarmAck(db: ReadDb, ctx: ProjectionContext, at: number, d: Record<string, unknown>): void {
  db.run('INSERT INTO p_alarm_acks (incident_id, at, by_name) VALUES (?, ?, ?) ON CONFLICT (incident_id) DO NOTHING', [d.incidentId, at, d.by]);
  const incident = db.get<{ scope: string }>('SELECT scope FROM p_incidents WHERE incident_id = ?', [d.incidentId]);
  if (incident) ctx.changes.scopes.add(incident.scope);
}
