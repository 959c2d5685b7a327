import { toWgs84, type Crs } from './crs';
import { attribute, codeText, countValue, isBlank, textValue, type ImportFeature, type Problem, type Validation } from './feature-attributes';
import { LevelLocator } from './locate';
import { readPolygons } from './read-polygons';
import { RENTAL_LEVELS, type Building, type RentalLevel, type Scope } from './territory';

/** Which attributes hold a building's id, address, floors, households, residents and rental level. */
export interface BuildingFields {
  id: string;
  address: string;
  floors: string;
  households: string;
  residents: string;
  rental: string;
}

/** What to validate: building footprints, and the stored grids they are assigned to. */
export interface BuildingImport {
  crs: Crs;
  fields: BuildingFields;
  features: readonly ImportFeature[];
  grids: readonly Scope[];
}

/** Problems, and the buildings in WGS-84 with their grid (complete only without a fatal problem). */
export interface BuildingValidation extends Validation {
  buildings: Building[];
}

/**
 * Checks a file of building footprints and converts it to WGS-84. Fatal: no or duplicate id, a
 * count that is not a whole number ≥ 0, a rental level other than 宽管 警示 严管 禁租, a footprint
 * that is not one valid polygon (see `readPolygons`), a footprint whose centroid lies in no
 * stored grid. Warnings: a missing address or count (stored as '' or 0), holes (dropped: a
 * building keeps its outer ring only).
 */
export function validateBuildings(input: BuildingImport): BuildingValidation {
  const { crs, fields, features } = input;
  const fatal: Problem[] = [];
  const warnings: Problem[] = [];
  const buildings: Building[] = [];
  const locator = new LevelLocator(input.grids);
  const firstIndexOf = new Map<string, number>();

  features.forEach((feature, index) => {
    const before = fatal.length;
    const read = isBlank(attribute(feature, fields.id)) ? undefined : codeText(attribute(feature, fields.id), 'id');
    const id = read && 'text' in read ? read.text : '';
    const problem = (message: string): number => fatal.push({ index, code: id, message });
    const warn = (message: string): number => warnings.push({ index, code: id, message });

    if (!read) problem(`no id in attribute "${fields.id}"`);
    else if ('problem' in read) problem(read.problem);
    if (id !== '') {
      const first = firstIndexOf.get(id);
      if (first === undefined) firstIndexOf.set(id, index);
      else problem(`duplicate id (also feature #${first})`);
    }

    const address = textValue(attribute(feature, fields.address));
    if (!address) warn(`no address in attribute "${fields.address}"`);
    const count = (field: string, what: string): number => {
      const value = attribute(feature, field);
      if (isBlank(value)) {
        warn(`no ${what} in attribute "${field}"; stored as 0`);
        return 0;
      }
      const n = countValue(value);
      if (n === undefined) problem(`${what} ${JSON.stringify(value)} is not a whole number ≥ 0`);
      return n ?? 0;
    };
    const floors = count(fields.floors, 'floors');
    const households = count(fields.households, 'households');
    const residents = count(fields.residents, 'residents');
    const rental = rentalLevel(attribute(feature, fields.rental), problem);

    const geometry = readPolygons(feature.geometry);
    for (const message of geometry.fatal) problem(message);
    for (const message of geometry.warnings) warn(message);
    if (geometry.fatal.length > 0 || !geometry.polygons) return;
    if (geometry.polygons.length > 1) {
      problem(`footprint has ${geometry.polygons.length} parts; a building has one outline`);
      return;
    }
    const rings = geometry.polygons[0]!;
    if (rings.length > 1) warn(`footprint has ${rings.length - 1} hole(s); only its outline is kept`);
    const footprint = rings[0]!.map(([lng, lat]) => {
      const [x, y] = toWgs84(lng, lat, crs);
      return [x, y] as [number, number];
    });
    const [cx, cy] = centroid(footprint);
    const grid = locator.locate(cx, cy);
    if (!grid) problem(`its centroid [${cx.toFixed(6)}, ${cy.toFixed(6)}] lies in no stored grid`);

    if (fatal.length === before && grid) {
      buildings.push({ id, gridCode: grid.code, address: address ?? '', floors, households, residents, rental, footprint });
    }
  });
  return { fatal, warnings, buildings };
}

/** The rental level, `undefined` when blank (not a rental building); anything else is a problem. */
function rentalLevel(value: unknown, problem: (m: string) => void): RentalLevel | undefined {
  if (isBlank(value)) return undefined;
  const text = textValue(value) ?? '';
  if ((RENTAL_LEVELS as readonly string[]).includes(text)) return text as RentalLevel;
  problem(`rental level ${JSON.stringify(value)} is not one of ${RENTAL_LEVELS.join(' ')}`);
  return undefined;
}

/**
 * The area centroid of a closed ring. The vertex mean would be pulled toward densely digitised
 * sides, which for an L-shaped block can move it into the neighbouring grid.
 */
export function centroid(ring: readonly (readonly [number, number])[]): [number, number] {
  // Relative to the first vertex, so the products stay small and exact enough.
  const [x0, y0] = ring[0]!;
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const xi = ring[i]![0] - x0;
    const yi = ring[i]![1] - y0;
    const xj = ring[i + 1]![0] - x0;
    const yj = ring[i + 1]![1] - y0;
    const f = xi * yj - xj * yi;
    a += f;
    cx += (xi + xj) * f;
    cy += (yi + yj) * f;
  }
  if (a === 0) return [x0, y0];
  return [x0 + cx / (3 * a), y0 + cy / (3 * a)];
}
