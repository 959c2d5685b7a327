import { describe, expect, it } from 'vitest';
import { applyMapPatch, liveMapPatch, type LiveMap } from '../../../server/protocol/index';
import { diffMap, heldMapOf } from '../../../server/realtime/map-patch';
import { seededRandom } from '../../../geo/random';

const grid = (code: string, reported: number, overdue = 0, persons = 0) => ({ code, reported, overdue, persons });
const order = (id: string, since: string) => ({ workOrderId: id, incidentId: `I-${id}`, location: [118.9, 32.1] as [number, number], category: 'road', overdueSince: since });

describe('the map as a delta changes it', () => {
  it('sends only the grids whose numbers changed, the grids gone, and the overdue list when it changed', () => {
    const before: LiveMap = { grids: [grid('320612001001001', 2), grid('320612001001002', 1, 1), grid('320612001001003', 0, 0, 4)], overdue: [order('W1', '2026-11-24T01:00:00.000Z')] };
    const after: LiveMap = { grids: [grid('320612001001001', 3), grid('320612001001003', 0, 0, 4), grid('320612001001004', 1)], overdue: [order('W1', '2026-11-24T01:00:00.000Z')] };
    const moved = diffMap(heldMapOf(before), after);
    expect(moved?.patch).toEqual({ grids: [grid('320612001001001', 3), grid('320612001001004', 1)], gridsRemoved: ['320612001001002'] });
    expect(liveMapPatch.parse(moved!.patch)).toEqual(moved!.patch);
    expect(applyMapPatch(before, moved!.patch)).toEqual(after);

    const later: LiveMap = { ...after, overdue: [order('W0', '2026-11-24T00:00:00.000Z'), ...after.overdue] };
    expect(diffMap(moved!.held, later)?.patch).toEqual({ grids: [], gridsRemoved: [], overdue: later.overdue });
  });

  it('sends nothing when nothing changed (the numbers recomputed the same)', () => {
    const map: LiveMap = { grids: [grid('320612001001001', 2)], overdue: [order('W1', '2026-11-24T01:00:00.000Z')] };
    expect(diffMap(heldMapOf(map), structuredClone(map))).toBeUndefined();
  });

  it('brings a held map to the new one through any chain of changes (random grids, kept in code order)', () => {
    const random = seededRandom(7);
    const codes = Array.from({ length: 40 }, (_, i) => `3206120010010${String(i).padStart(2, '0')}`);
    const randomMap = (): LiveMap => ({
      grids: codes.filter(() => random() < 0.5).map((code) => grid(code, Math.floor(random() * 3), Math.floor(random() * 2), 0)),
      overdue: random() < 0.5 ? [] : [order('W1', '2026-11-24T01:00:00.000Z')],
    });
    let held = randomMap();
    let heldKeys = heldMapOf(held);
    for (let step = 0; step < 200; step++) {
      const next = randomMap();
      const moved = diffMap(heldKeys, next);
      if (moved) {
        held = applyMapPatch(held, moved.patch);
        heldKeys = moved.held;
      }
      expect(held).toEqual(next);
    }
  });
});
