import { describe, expect, it } from 'vitest';
import { ACTIONS, ALLOWED_MOVES, STATES, checkMove, isOpen } from '../../../../server/aggregate/workorder/lifecycle';
import type { MoveTarget, State } from '../../../../server/aggregate/workorder/lifecycle';
import { foldWorkOrder } from '../../../../server/aggregate/workorder/fold-work-order';
import { PATH_TO, pathThen } from './moves';

/** domain.md's table, written out again here so that the code's table is checked, not reused. */
const TABLE: Record<State, State[]> = {
  dispatched: ['accepted', 'returned'],
  accepted: ['handling', 'returned'],
  handling: ['resolved'],
  resolved: ['verified', 'handling'],
  verified: ['closed'],
  returned: ['dispatched'],
  closed: [],
};
const ACTION_OK: State[] = ['dispatched', 'accepted', 'handling'];
/** An extension needs a deadline to be legal; give one to every action. */
const WITH_DEADLINE = { deadline: Date.UTC(2026, 11, 31) };

const allowed = STATES.flatMap((from) => TABLE[from].map((to) => [from, to] as const));
const disallowed = STATES.flatMap((from) => STATES.filter((to) => !TABLE[from].includes(to)).map((to) => [from, to] as const));

describe('the state table', () => {
  it('is exactly domain.md\'s', () => {
    expect(ALLOWED_MOVES).toEqual(TABLE);
    // 7 states x 7 targets = 49 pairs: 9 allowed, 40 not.
    expect(allowed).toHaveLength(9);
    expect(disallowed).toHaveLength(40);
  });

  it('starts an order only with a dispatch', () => {
    const folded = foldWorkOrder(pathThen('dispatched'));
    expect(folded.moves[0]).toMatchObject({ legal: true, stateBefore: undefined, stateAfter: 'dispatched' });
    expect(folded.summary.state).toBe('dispatched');
  });

  it.each(allowed)('allows %s → %s', (from, to) => {
    const folded = foldWorkOrder(pathThen(from, to));
    const last = folded.moves.at(-1)!;
    expect(last).toMatchObject({ legal: true, stateBefore: from, stateAfter: to });
    expect(last.reason).toBeUndefined();
    expect(folded.summary.state).toBe(to);
    expect(folded.summary.anomalies).toEqual([]);
  });

  it.each(disallowed)('refuses %s → %s, keeps it as an anomaly and the state as it was', (from, to) => {
    const folded = foldWorkOrder(pathThen(from, to));
    const last = folded.moves.at(-1)!;
    const reason = from === 'closed' ? 'the order is closed' : `${to} is not allowed from ${from}`;
    expect(last).toMatchObject({ legal: false, reason, stateBefore: from, stateAfter: from, to });
    expect(folded.summary.state).toBe(from);
    expect(folded.summary.anomalies).toEqual([last]);
    // The moves before it are untouched.
    expect(folded.moves.slice(0, -1).every((m) => m.legal)).toBe(true);
  });

  it.each([...STATES.filter((s) => s !== 'dispatched'), ...ACTIONS])('refuses %s as the first move', (to) => {
    const folded = foldWorkOrder([{ seq: 1, occurredAt: 0, to, department: 'x', level: 'street', actor: 'a', ...WITH_DEADLINE }]);
    expect(folded.moves[0]).toMatchObject({ legal: false, reason: 'the first move must be a dispatch', stateBefore: undefined, stateAfter: undefined });
    expect(folded.summary.state).toBeUndefined();
    expect(folded.summary.openedAt).toBeUndefined();
  });

  it.each([...STATES, ...ACTIONS] as MoveTarget[])('refuses %s after closed', (to) => {
    const folded = foldWorkOrder(pathThen('closed', to, WITH_DEADLINE));
    expect(folded.moves.at(-1)).toMatchObject({ legal: false, reason: 'the order is closed', stateAfter: 'closed' });
    expect(folded.summary.state).toBe('closed');
  });

  it('refuses everything after closed, however many moves follow', () => {
    const moves = pathThen('closed');
    const after = ['dispatched', 'accepted', 'handling', 'closed'] as const;
    after.forEach((to, i) => moves.push({ ...moves[0]!, seq: 100 + i, to, occurredAt: moves[0]!.occurredAt + (10 + i) * 3_600_000 }));
    const folded = foldWorkOrder(moves);
    expect(folded.summary.anomalies.map((m) => m.reason)).toEqual(after.map(() => 'the order is closed'));
    expect(folded.summary.state).toBe('closed');
  });
});

describe('actions', () => {
  const cases = STATES.flatMap((state) => ACTIONS.map((action) => [action, state] as const));

  it.each(cases)('%s in %s: allowed from dispatched to handling, leaves the state as it is', (action, state) => {
    const folded = foldWorkOrder(pathThen(state, action, WITH_DEADLINE));
    const last = folded.moves.at(-1)!;
    expect(last.stateBefore).toBe(state);
    expect(last.stateAfter).toBe(state);
    expect(folded.summary.state).toBe(state);
    if (ACTION_OK.includes(state)) {
      expect(last.legal).toBe(true);
      expect(folded.summary[action === 'extended' ? 'extendedCount' : 'supervisedCount']).toBe(1);
    } else {
      const reason = state === 'closed' ? 'the order is closed' : `${action} is not allowed in ${state}`;
      expect(last).toMatchObject({ legal: false, reason });
      expect(folded.summary.extendedCount + folded.summary.supervisedCount).toBe(0);
    }
  });
});

describe('checkMove and isOpen', () => {
  it('judges pairs without a fold', () => {
    expect(checkMove(undefined, 'dispatched')).toEqual({ legal: true, stateAfter: 'dispatched' });
    expect(checkMove(undefined, 'supervised')).toEqual({ legal: false, reason: 'the first move must be a dispatch' });
    expect(checkMove('handling', 'accepted')).toEqual({ legal: false, reason: 'accepted is not allowed from handling' });
    expect(checkMove('handling', 'supervised')).toEqual({ legal: true, stateAfter: 'handling' });
    expect(checkMove('returned', 'extended')).toEqual({ legal: false, reason: 'extended is not allowed in returned' });
    expect(checkMove('closed', 'closed')).toEqual({ legal: false, reason: 'the order is closed' });
  });

  it('calls dispatched, accepted, handling and returned open', () => {
    expect(STATES.filter((s) => isOpen(s))).toEqual(['dispatched', 'accepted', 'handling', 'returned']);
    expect(isOpen(undefined)).toBe(false);
    expect(Object.keys(PATH_TO).sort()).toEqual([...STATES].sort());
  });
});
