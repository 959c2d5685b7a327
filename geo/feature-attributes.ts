/**
 * The shared vocabulary of the boundary and building importers: a feature as read from a file,
 * the problems found in it, and the reading of its attributes under names the user maps.
 */

/** A feature as read from a GeoJSON file or a shapefile; its index is its position in the file (from 0). */
export interface ImportFeature {
  properties: Readonly<Record<string, unknown>> | null;
  geometry: unknown;
}

/** One problem of one feature: its index in the file, its code (or building id) as read, and what is wrong. */
export interface Problem {
  index: number;
  /** The feature's code or building id, `''` when it has none. */
  code: string;
  message: string;
}

/** What validation found: fatal problems refuse the whole import, warnings do not. */
export interface Validation {
  fatal: Problem[];
  warnings: Problem[];
}

/**
 * The value of attribute `field`. Shapefile fields are often upper-case (DBF tradition) while
 * GeoJSON ones are not, so when no attribute has exactly that name, one that differs only in
 * case is taken.
 */
export function attribute(feature: ImportFeature, field: string): unknown {
  const props = feature.properties ?? {};
  if (Object.hasOwn(props, field)) return props[field];
  const lower = field.toLowerCase();
  const key = Object.keys(props).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : props[key];
}

/** Whether any feature has attribute `field` (by `attribute`'s rules), to catch a mistyped field flag once. */
export function anyHasAttribute(features: readonly ImportFeature[], field: string): boolean {
  return features.some((f) => attribute(f, field) !== undefined);
}

/** A value that is missing: absent, null, or blank text (DBF pads empty fields with spaces). */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * A code or id as text (`what` names it in the problem). A DBF numeric field hands codes over as numbers, which are exact only up
 * to 2^53 (16 digits): a 17-digit micro-grid code stored as a number has already lost its last
 * digits, so it is refused rather than silently changed.
 */
export function codeText(value: unknown, what = 'code'): { text: string } | { problem: string } {
  if (typeof value === 'string') return { text: value.trim() };
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) {
      return { problem: `${what} ${value} is a number too large (or not whole) to be exact; store ${what}s as text` };
    }
    return { text: String(value) };
  }
  return { problem: `${what} ${JSON.stringify(value)} is not text` };
}

/** A count (floors, households, residents): a whole number ≥ 0, given as a number or as digits. */
export function countValue(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.0*)?\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** Text of a name or address attribute (numbers become their digits). */
export function textValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
