import { describe, expect, it } from 'vitest';
import { foldWorkOrder } from '../../../../server/aggregate/workorder/fold-work-order';
import type { MoveInput } from '../../../../server/aggregate/workorder/fold-work-order';
import { dueReminders } from '../../../../server/aggregate/workorder/reminders';
import type { Reminder } from '../../../../server/aggregate/workorder/reminders';
import { H, T0, mv } from './moves';

/** A caller that remembers what it sent, like the real reminder loop. */
function ticker(): { tick: (moves: MoveInput[], hours: number) => Reminder[] } {
  const sent = new Set<string>();
  return {
    tick(moves, hours) {
      const due = dueReminders(foldWorkOrder(moves), T0 + hours * H, sent);
      for (const r of due) sent.add(r.key);
      return due;
    },
  };
}

describe('dueReminders', () => {
  it('fires at risk then overdue once each for the acceptance deadline', () => {
    const moves = [mv(1, 'dispatched', 0)];
    const { tick } = ticker();
    expect(tick(moves, 9)).toEqual([]);
    // 80 % of 12 h = 9.6 h.
    expect(tick(moves, 9.6)).toEqual([
      { key: `at-risk:acceptance:${T0 + 12 * H}`, kind: 'at-risk', deadlineKind: 'acceptance', deadline: T0 + 12 * H, dueAt: T0 + 9.6 * H },
    ]);
    expect(tick(moves, 10)).toEqual([]);
    expect(tick(moves, 12)).toEqual([]);
    expect(tick(moves, 12.5)).toEqual([
      { key: `overdue:acceptance:${T0 + 12 * H}`, kind: 'overdue', deadlineKind: 'acceptance', deadline: T0 + 12 * H, dueAt: T0 + 12 * H + 1 },
    ]);
    expect(tick(moves, 13)).toEqual([]);
  });

  it('fires again for a new deadline after an extension', () => {
    const moves = [mv(1, 'dispatched', 0), mv(2, 'accepted', 1)];
    const { tick } = ticker();
    // Street: resolution due 24 h, at risk from 19.2 h.
    expect(tick(moves, 20).map((r) => r.key)).toEqual([`at-risk:resolution:${T0 + 24 * H}`]);
    expect(tick(moves, 25).map((r) => r.key)).toEqual([`overdue:resolution:${T0 + 24 * H}`]);
    // Extended at 26 h to 50 h: at risk from 0.8 * 50 = 40 h, overdue after 50 h.
    moves.push(mv(3, 'extended', 26, { deadline: T0 + 50 * H }));
    expect(tick(moves, 27)).toEqual([]);
    expect(tick(moves, 40)).toEqual([
      { key: `at-risk:resolution:${T0 + 50 * H}`, kind: 'at-risk', deadlineKind: 'resolution', deadline: T0 + 50 * H, dueAt: T0 + 40 * H },
    ]);
    expect(tick(moves, 45)).toEqual([]);
    expect(tick(moves, 51).map((r) => r.key)).toEqual([`overdue:resolution:${T0 + 50 * H}`]);
    expect(tick(moves, 52)).toEqual([]);
  });

  it('fires nothing new for an extension to the same instant', () => {
    const moves = [mv(1, 'dispatched', 0), mv(2, 'accepted', 1)];
    const { tick } = ticker();
    expect(tick(moves, 20)).toHaveLength(1);
    moves.push(mv(3, 'extended', 21, { deadline: T0 + 24 * H }));
    expect(tick(moves, 22)).toEqual([]);
  });

  it('moves on from the acceptance to the resolution deadline', () => {
    const moves = [mv(1, 'dispatched', 0)];
    const { tick } = ticker();
    expect(tick(moves, 10).map((r) => r.key)).toEqual([`at-risk:acceptance:${T0 + 12 * H}`]);
    moves.push(mv(2, 'accepted', 11));
    expect(tick(moves, 11)).toEqual([]);
    expect(tick(moves, 19.2).map((r) => r.key)).toEqual([`at-risk:resolution:${T0 + 24 * H}`]);
  });

  it('sends only the overdue reminder when the check comes after the deadline', () => {
    const { tick } = ticker();
    expect(tick([mv(1, 'dispatched', 0)], 30).map((r) => r.kind)).toEqual(['overdue']);
  });

  it('sends nothing for an order that is not open', () => {
    const { tick } = ticker();
    const resolved = [mv(1, 'dispatched', 0), mv(2, 'accepted', 1), mv(3, 'handling', 2), mv(4, 'resolved', 3)];
    expect(tick(resolved, 100)).toEqual([]);
    expect(tick([], 100)).toEqual([]);
  });
});
