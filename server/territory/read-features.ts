import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { ImportFeature } from '@geo/feature-attributes';

/** A file that cannot be read as features; its message is the one line to print. */
export class ReadFeaturesError extends Error {}

/** The features of an import file, in file order, and what kind of file it was. */
export interface FeatureFile {
  format: 'geojson' | 'shapefile';
  features: ImportFeature[];
}

/** A GeoJSON object as shpjs returns it (one per layer of the zip). */
interface ShpCollection {
  type: 'FeatureCollection';
  features: { properties: Record<string, unknown> | null; geometry: unknown }[];
  fileName?: string;
}
type ShpInput = Uint8Array | { shp: Uint8Array; dbf?: Uint8Array; prj?: string; cpg?: string };
type Shp = (input: ShpInput) => Promise<ShpCollection | ShpCollection[]>;

/**
 * Reads the features of a boundary or building file:
 * - a zipped shapefile (recognised by the zip signature, whatever its name) through shpjs, which
 *   reads the .dbf attributes in the encoding of the .cpg file (UTF-8 without one) and, when a
 *   .prj is present, unprojects the coordinates to longitude/latitude;
 * - a bare `.shp`, with its `.dbf`, `.prj` and `.cpg` beside it;
 * - GeoJSON: a FeatureCollection or a single Feature.
 * The geometry is not checked here (that is `geo/validate-*`), only that there are features.
 */
export async function readFeatures(file: string): Promise<FeatureFile> {
  const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new ReadFeaturesError(err.code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${err.message}`);
  });
  if (isZip(bytes)) return { format: 'shapefile', features: fromShp(await parseShapefile(bytes, file)) };
  if (extname(file).toLowerCase() === '.shp') return { format: 'shapefile', features: fromShp(await parseShapefile(await shpParts(file), file)) };
  return { format: 'geojson', features: fromGeoJson(bytes, file) };
}

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

async function shpParts(file: string): Promise<ShpInput> {
  const base = file.slice(0, -4);
  const optional = (ext: string): Promise<Buffer | undefined> => readFile(base + ext).catch(() => readFile(base + ext.toUpperCase()).catch(() => undefined));
  const [shp, dbf, prj, cpg] = await Promise.all([readFile(file), optional('.dbf'), optional('.prj'), optional('.cpg')]);
  return { shp, dbf, prj: prj?.toString('utf8'), cpg: cpg?.toString('utf8') };
}

async function parseShapefile(input: ShpInput, file: string): Promise<ShpCollection> {
  // shpjs ships no type declarations: it is imported by a name TypeScript does not resolve and
  // typed by `Shp` above; loading it lazily also keeps proj4 out of GeoJSON imports.
  const { default: shp } = (await import('shpjs' as string)) as { default: Shp };
  let parsed: ShpCollection | ShpCollection[];
  try {
    parsed = await shp(input);
  } catch (err) {
    throw new ReadFeaturesError(`cannot read the shapefile ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (Array.isArray(parsed)) {
    const names = parsed.map((p) => p.fileName ?? '?').join(', ');
    throw new ReadFeaturesError(`${file} holds ${parsed.length} layers (${names}); zip one layer per import`);
  }
  return parsed;
}

function fromShp(collection: ShpCollection): ImportFeature[] {
  if (collection.features.length === 0) throw new ReadFeaturesError('the shapefile has no features');
  return collection.features.map((f) => ({ properties: f.properties ?? null, geometry: f.geometry }));
}

function fromGeoJson(bytes: Uint8Array, file: string): ImportFeature[] {
  // Files saved by Windows tools often start with a byte-order mark, which JSON.parse refuses.
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ReadFeaturesError(`${file} is neither a zipped shapefile nor valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const root = json as { type?: unknown; features?: unknown };
  const list = root?.type === 'FeatureCollection' && Array.isArray(root.features) ? (root.features as unknown[]) : root?.type === 'Feature' ? [root] : undefined;
  if (!list) throw new ReadFeaturesError(`${file} is not a GeoJSON FeatureCollection or Feature`);
  if (list.length === 0) throw new ReadFeaturesError(`${file} has no features`);
  return list.map((f) => {
    const feature = (f ?? {}) as { properties?: unknown; geometry?: unknown };
    const props = feature.properties;
    return {
      properties: props !== null && typeof props === 'object' && !Array.isArray(props) ? (props as Record<string, unknown>) : null,
      geometry: feature.geometry ?? null,
    };
  });
}
