import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { CRS_NAMES, type Crs } from '@geo/crs';
import { anyHasAttribute, type ImportFeature, type Problem } from '@geo/feature-attributes';
import { LEVEL_NAMES, type ScopeLevel } from '@geo/scope-code';
import { validateBuildings, type BuildingFields } from '@geo/validate-buildings';
import { validateScopes, type ScopeFields } from '@geo/validate-scopes';
import { ConfigError, loadConfig } from '../config';
import { recordCliAction } from './cli-context';
import { databaseFile, openDatabase } from '../store/sqlite-database';
import { ReadFeaturesError, readFeatures } from '../territory/read-features';
import { TerritoryStore } from '../territory/territory-store';

/**
 * `npm run geo:import -- --level LEVEL --crs CRS [field flags] FILE`: reads real boundaries (or
 * buildings) from GeoJSON or a zipped shapefile, validates them, and replaces that level of the
 * stored territory. Any fatal problem imports nothing. Exit codes: 0 imported, 1 refused or
 * unreadable, 2 bad arguments.
 */
const LEVELS = [...LEVEL_NAMES, 'building'] as const;
const SCOPE_FLAGS = ['code-field', 'name-field', 'parent-field'] as const;
const BUILDING_FLAGS = ['id-field', 'address-field', 'floors-field', 'households-field', 'residents-field', 'rental-field'] as const;

const usage =
  `usage: npm run geo:import -- --level <${LEVELS.join('|')}> --crs <${CRS_NAMES.join('|')}>\n` +
  '         [--code-field F --name-field F --parent-field F]             (scope levels)\n' +
  '         [--id-field F --address-field F --floors-field F --households-field F --residents-field F --rental-field F]  (buildings)\n' +
  '         FILE   (GeoJSON, or a zipped shapefile)';

process.exitCode = await main();
// A geo import changes what every scope means: leave a trace whatever the outcome (not for bad arguments).
if (process.exitCode !== 2) {
  const args = parseArguments();
  if (typeof args !== 'string') {
    await recordCliAction('geo.import', args.level, process.exitCode === 0 ? 'ok' : 'failed', { file: basename(args.file), crs: args.crs });
  }
}

async function main(): Promise<number> {
  const args = parseArguments();
  if (typeof args === 'string') {
    console.error(`${args}\n${usage}`);
    return 2;
  }
  let file;
  try {
    file = await readFeatures(args.file);
  } catch (err) {
    if (err instanceof ReadFeaturesError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
  const fields: Readonly<Record<string, string | undefined>> = args.level === 'building' ? { ...args.buildingFields } : { ...args.scopeFields };
  const missing = missingField(file.features, fields, args.explicit);
  if (missing) {
    console.error(missing);
    return 1;
  }

  let db;
  try {
    db = openDatabase(databaseFile(loadConfig(process.env).DATA_DIR));
  } catch (err) {
    console.error(err instanceof ConfigError ? `configuration error: ${err.message}` : String(err));
    return 1;
  }
  try {
    const store = new TerritoryStore(db);
    const stored = store.load()?.scopes ?? [];
    if (args.level === 'building') {
      const grids = stored.filter((s) => s.level === 3);
      if (grids.length === 0) {
        console.error('nothing imported: the store holds no grids; import --level grid first');
        return 1;
      }
      const result = validateBuildings({ crs: args.crs, fields: args.buildingFields, features: file.features, grids });
      if (!report(result.fatal, result.warnings)) return 1;
      store.replaceBuildings(result.buildings);
      const gridCount = new Set(result.buildings.map((b) => b.gridCode)).size;
      console.log(`imported ${result.buildings.length} buildings in ${gridCount} grids${warningNote(result.warnings)}`);
      return 0;
    }
    const level = LEVEL_NAMES.indexOf(args.level) as ScopeLevel;
    const parents = stored.filter((s) => s.level === level - 1);
    const result = validateScopes({ level, crs: args.crs, fields: args.scopeFields, features: file.features, parents });
    if (!report(result.fatal, result.warnings)) return 1;
    const { dropped } = store.replaceLevel(level, result.scopes);
    console.log(`imported ${result.scopes.length} ${plural(args.level)} (dropped ${dropped} scopes below that no longer nest)${warningNote(result.warnings)}`);
    return 0;
  } finally {
    db.close();
  }
}

interface Arguments {
  level: (typeof LEVELS)[number];
  crs: Crs;
  file: string;
  /** Attribute names, defaults filled in (only those of the level's kind are used). */
  scopeFields: ScopeFields;
  buildingFields: BuildingFields;
  /** Fields named by a flag (a mistyped one is then an error, not a silent default). */
  explicit: Set<string>;
}

/** The parsed arguments, or what is wrong with them. */
function parseArguments(): Arguments | string {
  const fieldOptions = Object.fromEntries([...SCOPE_FLAGS, ...BUILDING_FLAGS].map((f) => [f, { type: 'string' as const }]));
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { level: { type: 'string' }, crs: { type: 'string' }, ...fieldOptions } });
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  const positionals = parsed.positionals;
  const values = parsed.values as Record<string, string | undefined>;
  const { level, crs } = values;
  if (!level || !(LEVELS as readonly string[]).includes(level)) return `--level must be one of ${LEVELS.join(', ')}`;
  if (!crs || !(CRS_NAMES as readonly string[]).includes(crs)) return `--crs must be one of ${CRS_NAMES.join(', ')}`;
  if (positionals.length !== 1) return positionals.length === 0 ? 'give one FILE to import' : `give one FILE, not ${positionals.length}`;
  const isBuilding = level === 'building';
  const wrong = (isBuilding ? SCOPE_FLAGS : BUILDING_FLAGS).find((f) => values[f] !== undefined);
  if (wrong) return `--${wrong} does not apply to --level ${level}`;

  const field = (key: string): string => values[`${key}-field`] ?? key;
  const buildingFields = {
    id: field('id'),
    address: field('address'),
    floors: field('floors'),
    households: field('households'),
    residents: field('residents'),
    rental: field('rental'),
  };
  const scopeFields = { code: field('code'), name: field('name'), parent: values['parent-field'] };
  const explicit = new Set(Object.keys(values).filter((k) => k.endsWith('-field')).map((k) => fieldKey(k)));
  return { level: level as Arguments['level'], crs: crs as Crs, file: positionals[0]!, scopeFields, buildingFields, explicit };
}

/** `households-field` → `households`, `code-field` → `code`. */
function fieldKey(flag: string): string {
  return flag.slice(0, -'-field'.length);
}

/**
 * A required attribute (code, name, id) or one named by a flag that no feature has: said once,
 * with the attributes the file does have, instead of once per feature.
 */
function missingField(features: readonly ImportFeature[], fields: Readonly<Record<string, string | undefined>>, explicit: Set<string>): string | undefined {
  for (const [key, field] of Object.entries(fields)) {
    if (field === undefined || !(explicit.has(key) || ['code', 'name', 'id'].includes(key))) continue;
    if (anyHasAttribute(features, field)) continue;
    const names = [...new Set(features.slice(0, 50).flatMap((f) => Object.keys(f.properties ?? {})))];
    return `nothing imported: no feature has an attribute "${field}" (the file has: ${names.join(', ') || 'no attributes'}); map it with --${key}-field`;
  }
  return undefined;
}

/** Prints warnings and fatal problems; whether the import may go on. */
function report(fatal: readonly Problem[], warnings: readonly Problem[]): boolean {
  for (const p of warnings) console.error(`warning: ${line(p)}`);
  for (const p of fatal) console.error(line(p));
  if (fatal.length > 0) console.error(`nothing imported: ${fatal.length} problem${fatal.length === 1 ? '' : 's'}`);
  return fatal.length === 0;
}

function line(p: Problem): string {
  return `feature #${p.index} ${p.code || '(no code)'}: ${p.message}`;
}

function warningNote(warnings: readonly Problem[]): string {
  return warnings.length > 0 ? `, ${warnings.length} warning${warnings.length === 1 ? '' : 's'} above` : '';
}

function plural(level: string): string {
  return level === 'community' ? 'communities' : `${level}s`;
}
