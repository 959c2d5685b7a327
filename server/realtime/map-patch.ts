import type { LiveMap, LiveMapPatch } from '@protocol/scope-state';

/** The map as a room's members hold it: each grid's numbers as one key, the overdue list as JSON. */
export interface HeldMap {
  grids: ReadonlyMap<string, string>;
  overdue: string;
}

export function heldMapOf(map: LiveMap): HeldMap {
  return { grids: new Map(map.grids.map((g) => [g.code, gridKey(g)] as const)), overdue: JSON.stringify(map.overdue) };
}

/**
 * What turns the `held` map into `map` (`applyMapPatch` on the client), and the map then held;
 * `undefined` when nothing changed.
 */
export function diffMap(held: HeldMap, map: LiveMap): { patch: LiveMapPatch; held: HeldMap } | undefined {
  const next = heldMapOf(map);
  const grids = map.grids.filter((g) => held.grids.get(g.code) !== next.grids.get(g.code));
  const gridsRemoved = [...held.grids.keys()].filter((code) => !next.grids.has(code));
  const overdueChanged = next.overdue !== held.overdue;
  if (grids.length === 0 && gridsRemoved.length === 0 && !overdueChanged) return undefined;
  const patch: LiveMapPatch = { grids, gridsRemoved };
  if (overdueChanged) patch.overdue = map.overdue;
  return { patch, held: next };
}

function gridKey(g: LiveMap['grids'][number]): string {
  return `${g.reported}:${g.overdue}:${g.persons}`;
}
