import type { SearchResult } from '@protocol/drill';
import { isWithin, levelOf } from '@geo/scope-code';

/** A grid's code is 15 digits; a micro-grid's adds two. */
const GRID_CODE_LENGTH = 15;

/**
 * The scope the desk shows for a search result. A scope result is that scope. A building, an
 * incident or a work order is shown through the grid that holds it (its own scope may be a
 * micro-grid: the grid is what a report is read for), unless the grid lies outside the person's
 * own scope (someone scoped to a micro-grid), when its own scope is shown. The server searched
 * only inside the person's scope, so either is readable.
 */
export function deskScopeOf(result: Pick<SearchResult, 'kind' | 'scope'>, home: string): string {
  if (result.kind === 'scope') return result.scope;
  const level = levelOf(result.scope);
  if (level === undefined || level < 4) return result.scope;
  const grid = result.scope.slice(0, GRID_CODE_LENGTH);
  return isWithin(grid, home) ? grid : result.scope;
}
