import { describe, expect, it } from 'vitest';
import { compareMoves, extendFold, foldWorkOrder, type MoveInput } from '../../../../server/aggregate/workorder/fold-work-order';
import { seededRandom } from '../../../../geo/random';

const TARGETS = ['dispatched', 'accepted', 'handling', 'returned', 'resolved', 'verified', 'closed', 'extended', 'supervised'] as const;
const LEVELS = ['street', 'district', 'city'] as const;

describe('extendFold (the fast path for a move that comes last)', () => {
  it('equals a full re-fold for 2,000 random histories, legal and illegal moves alike', () => {
    const random = seededRandom(42);
    for (let run = 0; run < 2000; run++) {
      const moves: MoveInput[] = [];
      let t = 1_000_000;
      const n = 1 + Math.floor(random() * 10);
      // Mostly plausible sequences, with random moves mixed in (anomalies, actions, deadlines).
      const plausible = ['dispatched', 'accepted', 'handling', 'resolved', 'verified', 'closed'] as const;
      for (let i = 0; i < n; i++) {
        t += Math.floor(random() * 3) * 60_000; // ties happen: seq decides
        const to = random() < 0.6 ? plausible[Math.min(i, plausible.length - 1)]! : TARGETS[Math.floor(random() * TARGETS.length)]!;
        const withDeadline = random() < 0.3;
        moves.push({ seq: i + 1, occurredAt: t, to, department: random() < 0.5 ? 'A' : 'B', level: LEVELS[Math.floor(random() * 3)]!, actor: 'x', ...(withDeadline ? { deadline: t + Math.floor(random() * 4e8) } : {}) });
      }
      let folded = foldWorkOrder([]);
      for (const m of moves) folded = extendFold(folded, m);
      expect(folded).toEqual(foldWorkOrder(moves));
    }
  });

  it('refuses a move that belongs earlier in the history', () => {
    const a: MoveInput = { seq: 2, occurredAt: 10, to: 'dispatched', department: 'A', level: 'street', actor: 'x' };
    const b: MoveInput = { seq: 1, occurredAt: 5, to: 'accepted', department: 'A', level: 'street', actor: 'x' };
    expect(compareMoves(a, b)).toBeGreaterThan(0);
    expect(() => extendFold(foldWorkOrder([a]), b)).toThrow(/re-fold/);
  });
});
