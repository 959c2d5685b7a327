/**
 * The closed loop's state machine (domain.md, "Incidents and the closed loop"): which move is
 * allowed from which state, and why a move that is not allowed is refused. Pure: no clock, no I/O.
 */
import { WORKORDER_ACTIONS, WORKORDER_STATES } from '../../protocol/workorder';
import type { WorkOrderAction, WorkOrderState } from '../../protocol/workorder';

/** A state of the closed loop: `dispatched accepted handling returned resolved verified closed`. */
export type State = WorkOrderState;
/** An action on an open order that leaves its state as it is: `extended`, `supervised`. */
export type Action = WorkOrderAction;
/** What a move asks for: a new state or an action. */
export type MoveTarget = State | Action;

/** Every state, in the protocol's order. */
export const STATES: readonly State[] = WORKORDER_STATES;
/** Every action, in the protocol's order. */
export const ACTIONS: readonly Action[] = WORKORDER_ACTIONS;

/**
 * The only allowed moves between states, from domain.md's table. `closed` is final (no entry
 * leaves it). A new order (no state yet) may only be `dispatched`: see {@link FIRST_MOVE}.
 */
export const ALLOWED_MOVES: Readonly<Record<State, readonly State[]>> = {
  dispatched: ['accepted', 'returned'],
  accepted: ['handling', 'returned'],
  handling: ['resolved'],
  // Back to handling when the verification fails: the order is reopened.
  resolved: ['verified', 'handling'],
  verified: ['closed'],
  // Re-dispatch, possibly to another department.
  returned: ['dispatched'],
  closed: [],
};

/** The one move that starts an order: the work order exists from its first dispatch. */
export const FIRST_MOVE: State = 'dispatched';

/**
 * States in which `extended` and `supervised` are allowed: "any state from `dispatched` to
 * `handling`". `returned` is open but not in that range: nobody holds the order, so there is
 * nobody to extend or supervise until it is re-dispatched.
 */
export const ACTION_STATES: readonly State[] = ['dispatched', 'accepted', 'handling'];

/** Open states: the order still waits for someone (KPIs "overdue now", "at risk now"). */
export const OPEN_STATES: readonly State[] = ['dispatched', 'accepted', 'handling', 'returned'];

/** The verdict on one move, given the state before it (`undefined`: no legal dispatch yet). */
export type MoveCheck =
  | { legal: true; stateAfter: State }
  | { legal: false; reason: string };

/** Whether `to` names a state (as opposed to an action). */
export function isState(to: MoveTarget): to is State {
  return (STATES as readonly string[]).includes(to);
}

/** Whether `to` names an action (`extended`, `supervised`). */
export function isAction(to: MoveTarget): to is Action {
  return (ACTIONS as readonly string[]).includes(to);
}

/** Whether an order in `state` is open (`dispatched`, `accepted`, `handling`, `returned`). */
export function isOpen(state: State | undefined): boolean {
  return state !== undefined && OPEN_STATES.includes(state);
}

/**
 * Judges one move against the table. A legal state move yields the new state; a legal action
 * yields the state unchanged. An illegal move yields a human-readable reason for the anomaly list:
 * - "the first move must be a dispatch" (anything but `dispatched` before the first dispatch);
 * - "the order is closed" (anything after `closed`);
 * - "`to` is not allowed from `from`" (any other pair outside the table, actions included).
 *
 * Deadline-related checks (an `extended` without a deadline) are not the table's business: see
 * `foldWorkOrder`.
 */
export function checkMove(from: State | undefined, to: MoveTarget): MoveCheck {
  if (from === undefined) {
    return to === FIRST_MOVE ? { legal: true, stateAfter: FIRST_MOVE } : { legal: false, reason: 'the first move must be a dispatch' };
  }
  if (from === 'closed') return { legal: false, reason: 'the order is closed' };
  if (isAction(to)) {
    return ACTION_STATES.includes(from) ? { legal: true, stateAfter: from } : { legal: false, reason: `${to} is not allowed in ${from}` };
  }
  return ALLOWED_MOVES[from].includes(to) ? { legal: true, stateAfter: to } : { legal: false, reason: `${to} is not allowed from ${from}` };
}
