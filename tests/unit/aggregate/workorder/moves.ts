/** Builders shared by the work-order tests: instants are offsets from T0, in hours. */
import type { MoveInput } from '../../../../server/aggregate/workorder/fold-work-order';
import type { MoveTarget, State } from '../../../../server/aggregate/workorder/lifecycle';

/** 2026-11-23T08:00:00+08:00 = 2026-11-23T00:00:00Z. */
export const T0 = Date.UTC(2026, 10, 23);
export const H = 3_600_000;
export const D = 24 * H;

/** A move `to` at `T0 + hours` with log position `seq`; street level unless `extra` says otherwise. */
export function mv(seq: number, to: MoveTarget, hours: number, extra: Partial<MoveInput> = {}): MoveInput {
  return { seq, occurredAt: T0 + hours * H, to, department: '城管', level: 'street', actor: 'a1', ...extra };
}

/** The legal moves that bring a new order to `state`, one hour apart from T0. */
export const PATH_TO: Readonly<Record<State, readonly State[]>> = {
  dispatched: ['dispatched'],
  accepted: ['dispatched', 'accepted'],
  handling: ['dispatched', 'accepted', 'handling'],
  returned: ['dispatched', 'returned'],
  resolved: ['dispatched', 'accepted', 'handling', 'resolved'],
  verified: ['dispatched', 'accepted', 'handling', 'resolved', 'verified'],
  closed: ['dispatched', 'accepted', 'handling', 'resolved', 'verified', 'closed'],
};

/** `PATH_TO[state]` as moves, then `next` (if any) one hour after the last. */
export function pathThen(state: State, next?: MoveInput['to'], extra: Partial<MoveInput> = {}): MoveInput[] {
  const moves = PATH_TO[state].map((to, i) => mv(i + 1, to, i));
  if (next !== undefined) moves.push(mv(moves.length + 1, next, moves.length, extra));
  return moves;
}
