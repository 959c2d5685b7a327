import { describe, expect, it } from 'vitest';
import { deskScopeOf } from '../../../web/desk/desk-search-scope';

const DISTRICT = '320612';
const GRID = '320612001001001';
const MICRO = `${GRID}01`;

describe('deskScopeOf', () => {
  it('shows a scope result as itself, whatever its level', () => {
    expect(deskScopeOf({ kind: 'scope', scope: '320612001' }, DISTRICT)).toBe('320612001');
    expect(deskScopeOf({ kind: 'scope', scope: MICRO }, DISTRICT)).toBe(MICRO);
  });

  it('shows a building, an incident or an order through the grid that holds it', () => {
    expect(deskScopeOf({ kind: 'building', scope: MICRO }, DISTRICT)).toBe(GRID);
    expect(deskScopeOf({ kind: 'incident', scope: MICRO }, DISTRICT)).toBe(GRID);
    expect(deskScopeOf({ kind: 'workorder', scope: GRID }, DISTRICT)).toBe(GRID);
  });

  it('keeps the micro-grid for someone whose own scope is that micro-grid', () => {
    expect(deskScopeOf({ kind: 'building', scope: MICRO }, MICRO)).toBe(MICRO);
  });
});
