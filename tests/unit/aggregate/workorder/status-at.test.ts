import { describe, expect, it } from 'vitest';
import { foldWorkOrder } from '../../../../server/aggregate/workorder/fold-work-order';
import { statusAt } from '../../../../server/aggregate/workorder/status-at';
import { D, H, T0, mv } from './moves';

describe('statusAt', () => {
  // Street level: acceptance due T0+12h (at risk from 9.6 h), resolution due T0+24h (at risk from 19.2 h).
  const folded = foldWorkOrder([
    mv(1, 'dispatched', 0),
    mv(2, 'accepted', 13),
    mv(3, 'handling', 14),
    mv(4, 'resolved', 20),
    mv(5, 'verified', 21),
    mv(6, 'closed', 22),
  ]);
  const acceptance = { kind: 'acceptance', start: T0, deadline: T0 + 12 * H };
  const resolution = { kind: 'resolution', start: T0, deadline: T0 + D };

  it('is not open before the first dispatch', () => {
    expect(statusAt(folded, T0 - 1)).toEqual({ state: undefined, open: false, applicable: undefined, status: 'not-open' });
  });

  it('counts a move at its own instant', () => {
    expect(statusAt(folded, T0)).toEqual({ state: 'dispatched', open: true, applicable: acceptance, status: 'on-time' });
  });

  it('reads the acceptance deadline while dispatched', () => {
    expect(statusAt(folded, T0 + 9.6 * H - 1).status).toBe('on-time');
    expect(statusAt(folded, T0 + 9.6 * H).status).toBe('at-risk');
    expect(statusAt(folded, T0 + 12 * H).status).toBe('at-risk');
    expect(statusAt(folded, T0 + 12 * H + 1)).toEqual({ state: 'dispatched', open: true, applicable: acceptance, status: 'overdue' });
  });

  it('reads the resolution deadline after acceptance', () => {
    // Accepted at 13 h: resolution due at 24 h, at risk from 19.2 h.
    expect(statusAt(folded, T0 + 13 * H)).toEqual({ state: 'accepted', open: true, applicable: resolution, status: 'on-time' });
    expect(statusAt(folded, T0 + 19.2 * H)).toMatchObject({ state: 'handling', status: 'at-risk' });
  });

  it('is not open once resolved, verified or closed', () => {
    expect(statusAt(folded, T0 + 20 * H)).toEqual({ state: 'resolved', open: false, applicable: undefined, status: 'not-open' });
    expect(statusAt(folded, T0 + 21 * H).state).toBe('verified');
    expect(statusAt(folded, T0 + 22 * H)).toEqual({ state: 'closed', open: false, applicable: undefined, status: 'not-open' });
    expect(statusAt(folded, T0 + 365 * D).status).toBe('not-open');
  });

  it('reads a past instant with the clocks of that time, not the latest dispatch', () => {
    const redispatched = foldWorkOrder([mv(1, 'dispatched', 0), mv(2, 'returned', 2), mv(3, 'dispatched', 30)]);
    // At 25 h the order is returned; the first dispatch's resolution deadline (24 h) applies: overdue.
    expect(statusAt(redispatched, T0 + 25 * H)).toEqual({ state: 'returned', open: true, applicable: resolution, status: 'overdue' });
    // At 31 h it was re-dispatched at 30 h: acceptance due 42 h, on time.
    expect(statusAt(redispatched, T0 + 31 * H)).toEqual({
      state: 'dispatched',
      open: true,
      applicable: { kind: 'acceptance', start: T0 + 30 * H, deadline: T0 + 42 * H },
      status: 'on-time',
    });
  });

  it('ignores anomalies and counts every move of the same instant', () => {
    const f = foldWorkOrder([mv(1, 'dispatched', 0), mv(2, 'accepted', 1), mv(3, 'closed', 2), mv(4, 'handling', 2)]);
    expect(statusAt(f, T0 + 2 * H)).toMatchObject({ state: 'handling', status: 'on-time' });
  });

  it('uses an extension from its instant on', () => {
    const f = foldWorkOrder([mv(1, 'dispatched', 0), mv(2, 'accepted', 1), mv(3, 'extended', 30, { deadline: T0 + 50 * H })]);
    expect(statusAt(f, T0 + 29 * H).status).toBe('overdue');
    // 50 h allowed from T0: at risk from 40 h.
    expect(statusAt(f, T0 + 30 * H)).toMatchObject({ status: 'on-time', applicable: { deadline: T0 + 50 * H } });
    expect(statusAt(f, T0 + 40 * H).status).toBe('at-risk');
  });
});
