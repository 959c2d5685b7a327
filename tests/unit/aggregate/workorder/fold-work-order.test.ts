import { describe, expect, it } from 'vitest';
import { foldWorkOrder } from '../../../../server/aggregate/workorder/fold-work-order';
import type { MoveInput } from '../../../../server/aggregate/workorder/fold-work-order';
import { D, H, T0, mv } from './moves';

const legality = (moves: MoveInput[]): [string, boolean][] => foldWorkOrder(moves).moves.map((m) => [m.to, m.legal]);

describe('history order and late arrivals', () => {
  it('makes a previously illegal move legal when the missing move arrives late', () => {
    // Arrived: dispatched (0 h), handling (2 h): handling straight from dispatched is refused.
    const arrived = [mv(1, 'dispatched', 0), mv(2, 'handling', 2)];
    const before = foldWorkOrder(arrived);
    expect(before.moves[1]).toMatchObject({ legal: false, reason: 'handling is not allowed from dispatched', stateAfter: 'dispatched' });
    expect(before.summary.state).toBe('dispatched');
    // Then accepted (1 h) arrives with a later seq: it takes its place between the two.
    const after = foldWorkOrder([...arrived, mv(3, 'accepted', 1)]);
    expect(after.moves.map((m) => [m.seq, m.to, m.legal])).toEqual([
      [1, 'dispatched', true],
      [3, 'accepted', true],
      [2, 'handling', true],
    ]);
    expect(after.summary.state).toBe('handling');
    expect(after.summary.anomalies).toEqual([]);
  });

  it('makes a previously legal move illegal when an earlier move arrives late', () => {
    expect(legality([mv(1, 'dispatched', 0), mv(2, 'accepted', 2)])).toEqual([['dispatched', true], ['accepted', true]]);
    // A return at 1 h arrives late: the acceptance at 2 h now comes after a return.
    const folded = foldWorkOrder([mv(1, 'dispatched', 0), mv(2, 'accepted', 2), mv(3, 'returned', 1)]);
    expect(folded.moves.map((m) => [m.to, m.legal, m.reason])).toEqual([
      ['dispatched', true, undefined],
      ['returned', true, undefined],
      ['accepted', false, 'accepted is not allowed from returned'],
    ]);
    expect(folded.summary.state).toBe('returned');
  });

  it('breaks ties of occurredAt by seq, whatever the array order', () => {
    const moves = [mv(2, 'accepted', 0), mv(1, 'dispatched', 0), mv(3, 'handling', 0)];
    const folded = foldWorkOrder(moves);
    expect(folded.moves.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(folded.summary.state).toBe('handling');
    // Same instant, but the acceptance has the smaller seq: it comes before any dispatch.
    const swapped = foldWorkOrder([mv(1, 'accepted', 0), mv(2, 'dispatched', 0)]);
    expect(swapped.moves.map((m) => [m.to, m.legal])).toEqual([['accepted', false], ['dispatched', true]]);
    expect(swapped.summary.anomalies[0]!.reason).toBe('the first move must be a dispatch');
  });

  it('gives the same result for any arrival order and leaves the input alone', () => {
    const moves = [mv(1, 'dispatched', 0), mv(2, 'accepted', 1), mv(3, 'handling', 2), mv(4, 'resolved', 3)];
    const reversed = [...moves].reverse();
    const copy = structuredClone(reversed);
    expect(foldWorkOrder(reversed)).toEqual(foldWorkOrder(moves));
    expect(reversed).toEqual(copy);
  });

  it('has no state and no clocks without moves', () => {
    const folded = foldWorkOrder([]);
    expect(folded.moves).toEqual([]);
    expect(folded.summary).toMatchObject({ state: undefined, openedAt: undefined, resolutionDeadline: undefined, dispatches: [], anomalies: [] });
  });
});

describe('clocks', () => {
  it('restarts acceptance and resolution from the latest dispatch after a return', () => {
    const folded = foldWorkOrder([
      mv(1, 'dispatched', 0, { level: 'street', department: '城管' }),
      mv(2, 'returned', 2),
      mv(3, 'dispatched', 5, { level: 'district', department: '公安' }),
    ]);
    // First dispatch: acceptance T0+12h, resolution T0+24h (street); the return keeps them.
    expect(folded.moves[1]).toMatchObject({ latestDispatchAt: T0, acceptanceDeadline: T0 + 12 * H, resolutionDeadline: T0 + D });
    // Re-dispatch at 5 h: acceptance 5+12 = 17 h; resolution 5 h + 3 days (district) = 77 h.
    expect(folded.summary).toMatchObject({
      state: 'dispatched',
      openedAt: T0,
      latestDispatchAt: T0 + 5 * H,
      acceptanceDeadline: T0 + 17 * H,
      resolutionDeadline: T0 + 77 * H,
      level: 'district',
      department: '公安',
      returnedCount: 1,
    });
  });

  it('lets a deadline sent with the dispatch replace the 137 rule', () => {
    const sent = T0 + 48 * H;
    const folded = foldWorkOrder([mv(1, 'dispatched', 0, { level: 'city', deadline: sent })]);
    // City would be 7 days; the sent 48 h wins. Acceptance stays 12 h.
    expect(folded.summary).toMatchObject({ resolutionDeadline: sent, acceptanceDeadline: T0 + 12 * H });
  });

  it('lets an extension replace the resolution deadline from its place in history on', () => {
    const folded = foldWorkOrder([mv(1, 'dispatched', 0), mv(2, 'accepted', 1), mv(3, 'extended', 3, { deadline: T0 + 48 * H }), mv(4, 'handling', 4)]);
    expect(folded.moves.map((m) => m.resolutionDeadline)).toEqual([T0 + D, T0 + D, T0 + 48 * H, T0 + 48 * H]);
    expect(folded.summary).toMatchObject({ resolutionDeadline: T0 + 48 * H, extendedCount: 1, state: 'handling' });
  });

  it('keeps an extension without a deadline as an anomaly without effect', () => {
    const folded = foldWorkOrder([mv(1, 'dispatched', 0), mv(2, 'accepted', 1), mv(3, 'extended', 3)]);
    const ext = folded.moves[2]!;
    expect(ext).toMatchObject({ legal: false, reason: 'an extension without a deadline has no effect', stateBefore: 'accepted', stateAfter: 'accepted' });
    expect(ext.resolutionDeadline).toBe(T0 + D);
    expect(folded.summary).toMatchObject({ extendedCount: 0, resolutionDeadline: T0 + D, anomalies: [ext] });
  });

  it('drops earlier extensions on a re-dispatch', () => {
    const folded = foldWorkOrder([
      mv(1, 'dispatched', 0),
      mv(2, 'extended', 1, { deadline: T0 + 100 * H }),
      mv(3, 'returned', 2),
      mv(4, 'dispatched', 4),
    ]);
    // The return keeps the extended deadline (100 h); the re-dispatch at 4 h gives 4 + 24 = 28 h.
    expect(folded.moves[2]!.resolutionDeadline).toBe(T0 + 100 * H);
    expect(folded.summary.resolutionDeadline).toBe(T0 + 28 * H);
  });

  it('ignores a deadline on other moves', () => {
    const folded = foldWorkOrder([mv(1, 'dispatched', 0), mv(2, 'accepted', 1, { deadline: T0 + 99 * H }), mv(3, 'supervised', 2, { deadline: T0 + 99 * H })]);
    expect(folded.summary).toMatchObject({ resolutionDeadline: T0 + D, supervisedCount: 1 });
  });
});

describe('first resolution', () => {
  const upTo = (resolvedAt: number, extra: MoveInput[] = []): MoveInput[] => [
    mv(1, 'dispatched', 0),
    mv(2, 'accepted', 1),
    mv(3, 'handling', 2),
    ...extra,
    mv(9, 'resolved', 0, { occurredAt: resolvedAt }),
  ];

  it('is on time at the deadline itself (street: T0 + 24 h)', () => {
    expect(foldWorkOrder(upTo(T0 + D)).summary).toMatchObject({ firstResolvedAt: T0 + D, firstResolvedOnTime: true });
  });

  it('is late one millisecond after it', () => {
    expect(foldWorkOrder(upTo(T0 + D + 1)).summary).toMatchObject({ firstResolvedAt: T0 + D + 1, firstResolvedOnTime: false });
  });

  it('is judged against the deadline in force then, an extension included', () => {
    const folded = foldWorkOrder(upTo(T0 + 30 * H, [mv(4, 'extended', 3, { deadline: T0 + 48 * H })]));
    expect(folded.summary.firstResolvedOnTime).toBe(true);
  });

  it('keeps the first resolution when the order is reopened and resolved again', () => {
    // Resolved at 5 h (on time), verification fails at 6 h, resolved again at 30 h (past 24 h).
    const folded = foldWorkOrder([
      mv(1, 'dispatched', 0),
      mv(2, 'accepted', 1),
      mv(3, 'handling', 2),
      mv(4, 'resolved', 5),
      mv(5, 'handling', 6),
      mv(6, 'resolved', 30),
      mv(7, 'verified', 31),
      mv(8, 'closed', 32),
    ]);
    expect(folded.moves[4]).toMatchObject({ legal: true, stateBefore: 'resolved', stateAfter: 'handling' });
    expect(folded.summary).toMatchObject({ state: 'closed', firstResolvedAt: T0 + 5 * H, firstResolvedOnTime: true, closedAt: T0 + 32 * H });
  });

  it('does not count an illegal resolution', () => {
    const folded = foldWorkOrder([mv(1, 'dispatched', 0), mv(2, 'resolved', 1)]);
    expect(folded.summary).toMatchObject({ firstResolvedAt: undefined, firstResolvedOnTime: undefined, state: 'dispatched' });
  });
});

describe('dispatch accuracy and summary', () => {
  it('marks each dispatch with the return that followed it, if any', () => {
    const folded = foldWorkOrder([
      mv(1, 'dispatched', 0, { department: '城管' }),
      mv(2, 'accepted', 1),
      mv(3, 'returned', 2),
      mv(4, 'dispatched', 3, { department: '住建' }),
      mv(5, 'accepted', 4),
    ]);
    expect(folded.summary.dispatches).toEqual([
      { at: T0, department: '城管', returnedAfter: T0 + 2 * H },
      { at: T0 + 3 * H, department: '住建', returnedAfter: false },
    ]);
  });

  it('does not count an illegal dispatch', () => {
    const folded = foldWorkOrder([mv(1, 'dispatched', 0), mv(2, 'dispatched', 1)]);
    expect(folded.summary.dispatches).toHaveLength(1);
    expect(folded.summary.anomalies[0]!.reason).toBe('dispatched is not allowed from dispatched');
  });

  it('summarises a whole closed loop', () => {
    const folded = foldWorkOrder([
      mv(1, 'dispatched', 0, { level: 'district', department: '环保' }),
      mv(2, 'supervised', 1),
      mv(3, 'accepted', 2),
      mv(4, 'handling', 3),
      mv(5, 'accepted', 4),
      mv(6, 'resolved', 50),
      mv(7, 'verified', 51),
      mv(8, 'closed', 52),
    ]);
    expect(folded.summary).toEqual({
      state: 'closed',
      level: 'district',
      department: '环保',
      openedAt: T0,
      latestDispatchAt: T0,
      acceptanceDeadline: T0 + 12 * H,
      resolutionDeadline: T0 + 3 * D,
      firstResolvedAt: T0 + 50 * H,
      firstResolvedOnTime: true,
      closedAt: T0 + 52 * H,
      returnedCount: 0,
      extendedCount: 0,
      supervisedCount: 1,
      dispatches: [{ at: T0, department: '环保', returnedAfter: false }],
      anomalies: [folded.moves[4]],
    });
    expect(folded.moves[4]).toMatchObject({ to: 'accepted', legal: false, reason: 'accepted is not allowed from handling' });
  });
});
