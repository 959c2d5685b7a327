import { describe, expect, it } from 'vitest';
import { isWithin, levelOf, parentOf, selfAndAncestors } from '../../../geo/scope-code';
import { childrenOf } from '../../../geo/territory';
import { generateScenario } from '../../../geo/scenarios/generate';
import { TINY_OUTLINE, TINY_SPEC } from '../../../geo/scenarios/specs';

describe('scope codes', () => {
  it('read their level from their length and reject malformed codes', () => {
    expect(['320612', '320612001', '320612001001', '320612001001001', '32061200100100101'].map(levelOf)).toEqual([0, 1, 2, 3, 4]);
    expect(['32061', '3206120011', '32061a', ''].map(levelOf)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('know their parent and ancestors by prefix', () => {
    expect(parentOf('32061200100100101')).toBe('320612001001001');
    expect(parentOf('320612')).toBeUndefined();
    expect(selfAndAncestors('320612001001001')).toEqual(['320612001001001', '320612001001', '320612001', '320612']);
    expect(isWithin('320612001001001', '320612001')).toBe(true);
    expect(isWithin('320612001001001', '320612002')).toBe(false);
  });

  it('find the children of a scope in a territory', () => {
    const { territory } = generateScenario(TINY_SPEC, TINY_OUTLINE);
    const community = territory.scopes.find((s) => s.level === 2)!;
    const grids = childrenOf(territory, community.code);
    expect(grids.length).toBeGreaterThan(0);
    expect(grids.every((g) => g.level === 3 && parentOf(g.code) === community.code)).toBe(true);
  });
});
