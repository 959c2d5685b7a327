import { toWgs84, type Crs } from './crs';
import { codeText, isBlank, attribute, textValue, type ImportFeature, type Problem, type Validation } from './feature-attributes';
import { beyondTolerance, OUTSIDE_AREA_TOLERANCE, ParentOutline, type Outside } from './outside-parent';
import { polygonsBounds } from './polygon';
import { readPolygons, type RawPolygons } from './read-polygons';
import { LEVEL_NAMES, levelOf, type ScopeLevel } from './scope-code';
import type { Polygons, Scope } from './territory';

/** Which attributes hold a scope's code, name and (optionally) its parent's code. */
export interface ScopeFields {
  code: string;
  name: string;
  /** Without it, the parent is the code's prefix. */
  parent?: string | undefined;
}

/** What to validate: one level's features, and the stored scopes one level up (none for a district). */
export interface ScopeImport {
  level: ScopeLevel;
  /** The coordinate system of the file's degrees (the store is always WGS-84). */
  crs: Crs;
  fields: ScopeFields;
  features: readonly ImportFeature[];
  parents: readonly Scope[];
}

/** Problems, and the scopes in WGS-84 (complete only when there is no fatal problem). */
export interface ScopeValidation extends Validation {
  scopes: Scope[];
}

const PLURALS = ['districts', 'streets', 'communities', 'grids', 'micro-grids'] as const;

/** Code length per level, as in `scope-code.ts` (which keeps its table private). */
const CODE_LENGTHS = [6, 9, 12, 15, 17] as const;

/**
 * Checks a file of scope boundaries of one level and converts it to WGS-84. Every problem of
 * every feature is reported, so one run lists all that must be fixed:
 * - attributes: a code and a name; the code all digits, as long as the level says
 *   (district 6, street 9, community 12, grid 15, micro-grid 17), not used twice;
 * - nesting: the code starts with its parent's code, and that parent is stored one level up
 *   (the parent is the `parent` attribute when mapped, else the code's prefix);
 * - geometry: see `readPolygons` (rings, extent, self-intersections);
 * - containment: a child outside its parent beyond `OUTSIDE_*_TOLERANCE`; less is a warning.
 * A territory holds one district, so a second one in a district file is refused.
 */
export function validateScopes(input: ScopeImport): ScopeValidation {
  const { level, crs, fields, features } = input;
  const fatal: Problem[] = [];
  const warnings: Problem[] = [];
  const scopes: Scope[] = [];
  const parents = new Map(input.parents.map((p) => [p.code, p]));
  // Each parent's outline is prepared once for all its children.
  const outlines = new Map<string, ParentOutline>();
  const firstIndexOf = new Map<string, number>();
  const levelName = LEVEL_NAMES[level];
  const parentName = level > 0 ? LEVEL_NAMES[level - 1] : undefined;

  features.forEach((feature, index) => {
    const before = fatal.length;
    const readCode = isBlank(attribute(feature, fields.code)) ? undefined : codeText(attribute(feature, fields.code));
    const code = readCode && 'text' in readCode ? readCode.text : '';
    const problem = (message: string): number => fatal.push({ index, code, message });
    const warn = (message: string): number => warnings.push({ index, code, message });

    if (!readCode) problem(`no code in attribute "${fields.code}"`);
    else if ('problem' in readCode) problem(readCode.problem);
    else if (!/^\d+$/.test(code)) problem(`code "${code}" is not all digits`);
    else if (code.length !== CODE_LENGTHS[level]) {
      const says = levelOf(code);
      problem(`code has ${code.length} digits; a ${levelName}'s has ${CODE_LENGTHS[level]}${says === undefined ? '' : ` (this is a ${LEVEL_NAMES[says]} code)`}`);
    }
    if (code !== '') {
      const first = firstIndexOf.get(code);
      if (first === undefined) firstIndexOf.set(code, index);
      else problem(`duplicate code (also feature #${first})`);
    }
    const name = textValue(attribute(feature, fields.name));
    if (!name) problem(`no name in attribute "${fields.name}"`);
    if (level === 0 && index > 0) problem(`a territory holds one district; this file has ${features.length}`);

    // A code of the wrong shape has no meaningful prefix: its parent is not looked for.
    const codeOk = /^\d+$/.test(code) && code.length === CODE_LENGTHS[level];
    const parentCode = level > 0 && codeOk ? parentOfFeature(feature, code, level, fields, problem) : undefined;
    const parent = parentCode === undefined ? undefined : parents.get(parentCode);
    if (parentCode !== undefined && !parent) {
      const hint = parents.size === 0 ? ` (the store holds no ${PLURALS[level - 1]} yet: import that level first)` : '';
      problem(`parent ${parentName} ${parentCode} is not in the store${hint}`);
    }

    const geometry = readPolygons(feature.geometry);
    for (const message of geometry.fatal) problem(message);
    for (const message of geometry.warnings) warn(message);
    if (geometry.fatal.length > 0 || !geometry.polygons) return;
    const polygons = convertToWgs84(geometry.polygons, crs);

    if (parent) {
      let outline = outlines.get(parent.code);
      if (!outline) outlines.set(parent.code, (outline = new ParentOutline(parent.polygons)));
      const outside = measureOutside(polygons, outline);
      if (typeof outside === 'string') warn(outside);
      else if (outside.fraction > OUTSIDE_AREA_TOLERANCE / 10 || outside.farthestM > 1) {
        const text = `${(outside.fraction * 100).toFixed(1)} % of its area lies outside its parent ${parent.code}, up to ${Math.round(outside.farthestM)} m beyond its boundary`;
        if (beyondTolerance(outside)) problem(`${text} (tolerated: up to 1 % of the area or up to 50 m out)`);
        else warn(`${text} (within tolerance)`);
      }
    }
    if (fatal.length === before && name) {
      scopes.push({ code, name, level, parent: parentCode, polygons, bounds: polygonsBounds(polygons) });
    }
  });
  return { fatal, warnings, scopes };
}

/** The parent's code: the mapped attribute if given, else the code's prefix; a mismatch is a problem. */
function parentOfFeature(feature: ImportFeature, code: string, level: ScopeLevel, fields: ScopeFields, problem: (m: string) => void): string | undefined {
  const prefix = code.slice(0, CODE_LENGTHS[level - 1]);
  if (!fields.parent || isBlank(attribute(feature, fields.parent))) return prefix;
  const read = codeText(attribute(feature, fields.parent));
  if ('problem' in read) {
    problem(`parent ${read.problem}`);
    return undefined;
  }
  if (read.text.length !== CODE_LENGTHS[level - 1] || !/^\d+$/.test(read.text)) {
    problem(`parent code "${read.text}" is not a ${LEVEL_NAMES[level - 1]} code (${CODE_LENGTHS[level - 1]} digits)`);
    return undefined;
  }
  if (!code.startsWith(read.text)) {
    problem(`code does not nest in its parent ${read.text} (a child's code starts with its parent's)`);
    return undefined;
  }
  return read.text;
}

/** Every position converted from `crs` to WGS-84. */
function convertToWgs84(polygons: RawPolygons, crs: Crs): Polygons {
  return polygons.map((rings) =>
    rings.map((ring) =>
      ring.map(([lng, lat]) => {
        const [x, y] = toWgs84(lng, lat, crs);
        return [x, y] as [number, number];
      }),
    ),
  );
}

/** polygon-clipping can throw on inputs it finds too degenerate; that is reported, not fatal. */
function measureOutside(child: Polygons, parent: ParentOutline): Outside | string {
  try {
    return parent.outside(child);
  } catch (err) {
    return `could not compare with its parent's outline (${err instanceof Error ? err.message : String(err)})`;
  }
}
