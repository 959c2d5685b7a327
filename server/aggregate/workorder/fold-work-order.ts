/**
 * Folds one work order's full history of `workorder.transitioned` moves into its derived moves
 * (legal or anomaly, state before and after, deadlines in force) and a summary for projections
 * and KPIs. Deterministic and pure: the same moves in any arrival order give the same result.
 */
import type { MoveTarget, State } from './lifecycle';
import { checkMove } from './lifecycle';
import type { HandlingLevel, OrderClocks } from './deadlines';
import { clocksOfDispatch } from './deadlines';

/** One move as recorded (the `workorder.transitioned` event, instants as epoch ms). */
export interface MoveInput {
  /** The event's position in the log: breaks ties between moves with the same `occurredAt`. */
  seq: number;
  /** When it happened: decides the move's place in the order's history (not its arrival). */
  occurredAt: number;
  to: MoveTarget;
  department: string;
  level: HandlingLevel;
  actor: string;
  note?: string;
  /** With a dispatch: replaces the "137" resolution deadline. With `extended`: the new resolution deadline. Ignored otherwise. */
  deadline?: number;
}

/** A move as judged in its place in the history. Deadlines are those in force after the move. */
export interface DerivedMove extends MoveInput, OrderClocks {
  /** `false`: an anomaly, kept in the log but without any effect on the order. */
  legal: boolean;
  /** Why the move is an anomaly; absent on legal moves. */
  reason?: string;
  /** `undefined` before the first legal dispatch. */
  stateBefore: State | undefined;
  /** Equal to `stateBefore` for actions and anomalies. */
  stateAfter: State | undefined;
}

/** One legal dispatch, for the dispatch-accuracy KPI. */
export interface DispatchRecord {
  /** The dispatch's `occurredAt`. */
  at: number;
  department: string;
  /**
   * `occurredAt` of the `returned` that followed this dispatch, else `false`. A return always
   * follows the latest dispatch (it is only allowed from `dispatched` or `accepted`). The KPI
   * counts a dispatch as returned "by as of" when `returnedAfter !== false && returnedAfter <= asOf`.
   */
  returnedAfter: false | number;
}

/** The order as of the end of its known history. Instants are epoch ms. */
export interface WorkOrderSummary {
  /** `undefined` while there is no legal dispatch. */
  state: State | undefined;
  /** Of the latest legal dispatch. */
  level: HandlingLevel | undefined;
  /** Of the latest legal dispatch. */
  department: string | undefined;
  /** The first legal dispatch: the order exists from here. */
  openedAt: number | undefined;
  latestDispatchAt: number | undefined;
  /** 12 h after the latest dispatch. */
  acceptanceDeadline: number | undefined;
  /** From the latest dispatch ("137" rule or its sent deadline), replaced by later extensions. */
  resolutionDeadline: number | undefined;
  /** The first time the state became `resolved`; a reopening (resolved → handling → resolved) keeps it. */
  firstResolvedAt: number | undefined;
  /** `firstResolvedAt <= ` the resolution deadline in force at that moment; `undefined` if never resolved. */
  firstResolvedOnTime: boolean | undefined;
  closedAt: number | undefined;
  /** Legal moves only, here and in the two counts below. */
  returnedCount: number;
  extendedCount: number;
  supervisedCount: number;
  /** Every legal dispatch, in history order. */
  dispatches: DispatchRecord[];
  /** The illegal moves (`legal: false`), in history order. */
  anomalies: DerivedMove[];
}

/** The result of {@link foldWorkOrder}. */
export interface FoldedWorkOrder {
  /** Every move, in history order (`occurredAt`, then `seq`). */
  moves: DerivedMove[];
  summary: WorkOrderSummary;
}

/** History order: by `occurredAt`, ties by `seq`. */
export function compareMoves(a: MoveInput, b: MoveInput): number {
  return a.occurredAt - b.occurredAt || a.seq - b.seq;
}

/**
 * Folds the full history of one order. Moves are sorted by `occurredAt`, ties by `seq`, so a
 * late arrival lands in its place and may change the legality of the moves after it: callers
 * re-fold the whole history when a move arrives, never append to an earlier result.
 *
 * Rules beyond the state table (domain.md is silent on them):
 * - an `extended` without a `deadline` is an anomaly ("an extension without a deadline has no effect");
 * - a `deadline` on a move other than a dispatch or an extension is ignored;
 * - a re-dispatch restarts both clocks from itself and drops earlier extensions.
 */
export function foldWorkOrder(moves: readonly MoveInput[]): FoldedWorkOrder {
  const ordered = [...moves].sort(compareMoves);
  const summary = emptySummary();
  let state: State | undefined;
  let clocks: OrderClocks = NO_CLOCKS;
  const derived: DerivedMove[] = [];
  for (const move of ordered) {
    const d = foldMove(summary, state, clocks, move);
    derived.push(d);
    state = d.stateAfter;
    clocks = clocksOf(d);
  }
  return { moves: derived, summary };
}

/**
 * `foldWorkOrder([...history, move])` when `move` comes last in history order (the common case:
 * moves arrive in the order they happen), without re-judging the history: the same result, at
 * the cost of one step. A move that belongs earlier must go through `foldWorkOrder`. With
 * `inPlace`, `folded` itself is extended and returned (no copies).
 */
export function extendFold(folded: FoldedWorkOrder, move: MoveInput, options: { inPlace?: boolean } = {}): FoldedWorkOrder {
  const last = folded.moves[folded.moves.length - 1];
  if (last && compareMoves(last, move) > 0) throw new Error('extendFold: the move belongs before the last one; re-fold the history');
  // In place: the caller owns `folded` and drops the old value (the projector's cache does).
  const summary: WorkOrderSummary = options.inPlace
    ? folded.summary
    : { ...folded.summary, dispatches: folded.summary.dispatches.map((d) => ({ ...d })), anomalies: [...folded.summary.anomalies] };
  const d = foldMove(summary, last?.stateAfter, last ? clocksOf(last) : NO_CLOCKS, move);
  if (options.inPlace) {
    folded.moves.push(d);
    return folded;
  }
  return { moves: [...folded.moves, d], summary };
}

type Step = { legal: true; stateAfter: State } | { legal: false; reason: string };

/** Before the first dispatch no clock runs. */
const NO_CLOCKS: OrderClocks = { latestDispatchAt: undefined, acceptanceDeadline: undefined, resolutionDeadline: undefined };

/**
 * One step of the fold, shared by `foldWorkOrder` and `extendFold` so both judge a move alike:
 * judges `move` after a history that ended in `state` with `clocks` in force, brings `summary` up
 * to the end of the history with it, and returns the move as derived.
 */
function foldMove(summary: WorkOrderSummary, state: State | undefined, clocks: OrderClocks, move: MoveInput): DerivedMove {
  const step = judge(state, move);
  const after = step.legal ? clocksAfter(clocks, move) : clocks;
  if (step.legal) record(summary, move, after, step.stateAfter);
  // Property by property, not spreads: moves come in several shapes (with or without note and
  // deadline), and spreading them took the slow generic copy, several µs a move.
  const d: DerivedMove = {
    seq: move.seq,
    occurredAt: move.occurredAt,
    to: move.to,
    department: move.department,
    level: move.level,
    actor: move.actor,
    legal: step.legal,
    stateBefore: state,
    stateAfter: step.legal ? step.stateAfter : state,
    latestDispatchAt: after.latestDispatchAt,
    acceptanceDeadline: after.acceptanceDeadline,
    resolutionDeadline: after.resolutionDeadline,
  };
  if (move.note !== undefined) d.note = move.note;
  if (move.deadline !== undefined) d.deadline = move.deadline;
  if (!step.legal) d.reason = step.reason;
  if (!d.legal) summary.anomalies.push(d);
  summary.state = d.stateAfter;
  summary.latestDispatchAt = after.latestDispatchAt;
  summary.acceptanceDeadline = after.acceptanceDeadline;
  summary.resolutionDeadline = after.resolutionDeadline;
  return d;
}

/** The clocks a derived move carries, apart from the move (a spread of the move would copy all of it). */
function clocksOf(m: OrderClocks): OrderClocks {
  return { latestDispatchAt: m.latestDispatchAt, acceptanceDeadline: m.acceptanceDeadline, resolutionDeadline: m.resolutionDeadline };
}

/** The table's verdict, plus the one rule on content: an extension must say until when. */
function judge(state: State | undefined, move: MoveInput): Step {
  const check = checkMove(state, move.to);
  if (check.legal && move.to === 'extended' && move.deadline === undefined) {
    return { legal: false, reason: 'an extension without a deadline has no effect' };
  }
  return check;
}

/** The clocks after a legal move: a dispatch restarts them, an extension moves the resolution deadline. */
function clocksAfter(clocks: OrderClocks, move: MoveInput): OrderClocks {
  if (move.to === 'dispatched') return clocksOfDispatch(move.occurredAt, move.level, move.deadline);
  if (move.to === 'extended') return { ...clocks, resolutionDeadline: move.deadline };
  return clocks;
}

/** Updates the summary's history facts with one legal move (`clocks`: in force after it). */
function record(summary: WorkOrderSummary, move: MoveInput, clocks: OrderClocks, stateAfter: State): void {
  switch (move.to) {
    case 'dispatched':
      summary.openedAt ??= move.occurredAt;
      summary.level = move.level;
      summary.department = move.department;
      summary.dispatches.push({ at: move.occurredAt, department: move.department, returnedAfter: false });
      break;
    case 'returned': {
      summary.returnedCount += 1;
      const last = summary.dispatches[summary.dispatches.length - 1];
      if (last) last.returnedAfter = move.occurredAt;
      break;
    }
    case 'extended':
      summary.extendedCount += 1;
      break;
    case 'supervised':
      summary.supervisedCount += 1;
      break;
    case 'closed':
      summary.closedAt = move.occurredAt;
      break;
    default:
      break;
  }
  if (stateAfter === 'resolved' && summary.firstResolvedAt === undefined) {
    summary.firstResolvedAt = move.occurredAt;
    // Resolving does not move the clocks, so `clocks` holds the deadline in force at that moment.
    summary.firstResolvedOnTime = clocks.resolutionDeadline !== undefined && move.occurredAt <= clocks.resolutionDeadline;
  }
}

function emptySummary(): WorkOrderSummary {
  return {
    state: undefined,
    level: undefined,
    department: undefined,
    openedAt: undefined,
    latestDispatchAt: undefined,
    acceptanceDeadline: undefined,
    resolutionDeadline: undefined,
    firstResolvedAt: undefined,
    firstResolvedOnTime: undefined,
    closedAt: undefined,
    returnedCount: 0,
    extendedCount: 0,
    supervisedCount: 0,
    dispatches: [],
    anomalies: [],
  };
}
