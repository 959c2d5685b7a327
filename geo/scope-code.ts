/**
 * Scope codes follow the statistical division code: 6-digit district, +3 street, +3 community,
 * +3 grid, +2 micro-grid. A child's code starts with its parent's, so ancestry is string work.
 */

/** Level of a scope: 0 district, 1 street, 2 community, 3 grid, 4 micro-grid. */
export type ScopeLevel = 0 | 1 | 2 | 3 | 4;

export const LEVEL_NAMES = ['district', 'street', 'community', 'grid', 'micro-grid'] as const;
export type LevelName = (typeof LEVEL_NAMES)[number];

const CODE_LENGTHS = [6, 9, 12, 15, 17] as const;

/** The level a code's length says, or `undefined` for a malformed code. */
export function levelOf(code: string): ScopeLevel | undefined {
  if (!/^\d+$/.test(code)) return undefined;
  const level = CODE_LENGTHS.indexOf(code.length as (typeof CODE_LENGTHS)[number]);
  return level < 0 ? undefined : (level as ScopeLevel);
}

/** The parent's code, or `undefined` for a district (or a malformed code). */
export function parentOf(code: string): string | undefined {
  const level = levelOf(code);
  if (level === undefined || level === 0) return undefined;
  return code.slice(0, CODE_LENGTHS[level - 1]);
}

/** The code itself and every ancestor up to its district, most precise first (do not mutate). */
export function selfAndAncestors(code: string): readonly string[] {
  let out = ancestry.get(code);
  if (!out) {
    const list: string[] = [];
    for (let c: string | undefined = code; c !== undefined; c = parentOf(c)) list.push(c);
    out = list;
    // Memoised: the hot path of ingest asks it for every event, and codes are few (one per scope).
    if (ancestry.size > 100_000) ancestry.clear();
    ancestry.set(code, out);
  }
  return out;
}

const ancestry = new Map<string, readonly string[]>();

/** Whether `code` is `ancestor` or lies inside it. */
export function isWithin(code: string, ancestor: string): boolean {
  return code.startsWith(ancestor) && levelOf(code) !== undefined && levelOf(ancestor) !== undefined;
}
