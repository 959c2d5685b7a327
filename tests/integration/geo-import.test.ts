import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { polygonsBounds } from '../../geo/polygon';
import type { Building, Scope } from '../../geo/territory';
import { databaseFile, openDatabase } from '../../server/store/sqlite-database';
import { TerritoryStore } from '../../server/territory/territory-store';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name: string): string => join(root, 'tests/fixtures/geo-import', name);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

type Ring = [number, number][];
const rect = (w: number, s: number, e: number, n: number): Ring => [[w, s], [e, s], [e, n], [w, n], [w, s]];

function scope(code: string, ring: Ring, parent?: string): Scope {
  const polygons = [[ring]];
  return { code, name: `scope ${code}`, level: [6, 9, 12, 15, 17].indexOf(code.length) as Scope['level'], parent, polygons, bounds: polygonsBounds(polygons) };
}

/** A fresh DATA_DIR whose store holds the given territory. */
function seeded(scopes: Scope[], buildings: Building[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'geo-import-'));
  dirs.push(dir);
  withStore(dir, (store) => store.replaceAll(scopes, buildings, 'test'));
  return dir;
}

function withStore<T>(dir: string, use: (store: TerritoryStore) => T): T {
  const db = openDatabase(databaseFile(dir));
  try {
    return use(new TerritoryStore(db));
  } finally {
    db.close();
  }
}

function storedScopes(dir: string): Scope[] {
  return withStore(dir, (store) => [...(store.load()?.scopes ?? [])]);
}

/** Runs the real CLI as a deployment would. */
function geoImport(dir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'server/cli/geo-import.ts', ...args], { cwd: root, env: { ...process.env, DATA_DIR: dir } }, (err, stdout, stderr) => {
      // npx may add its own warnings (about the user's npm config); they are not the CLI's output.
      const own = stderr.split('\n').filter((l) => !l.startsWith('npm warn')).join('\n');
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr: own });
    });
  });
}

const DISTRICT = scope('320612', rect(120.9, 31.9, 121.2, 32.2));

describe('npm run geo:import', () => {
  it('imports good streets with mapped attributes, dropping lower scopes that no longer nest', async () => {
    const dir = seeded([DISTRICT, scope('320612009', rect(120.9, 31.9, 121.0, 32.0), '320612'), scope('320612009001', rect(120.9, 31.9, 120.95, 31.95), '320612009')]);
    const run = await geoImport(dir, '--level', 'street', '--crs', 'wgs84', '--code-field', '街道代码', '--name-field', '街道名称', fixture('streets-good.geojson'));
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('imported 3 streets (dropped 1 scopes below that no longer nest)');
    expect(run.code).toBe(0);
    const scopes = storedScopes(dir);
    expect(scopes.map((s) => [s.code, s.name, s.parent])).toEqual([
      ['320612', 'scope 320612', undefined],
      ['320612001', '金沙街道', '320612'],
      ['320612002', '先锋街道', '320612'],
      ['320612003', '张芝山镇', '320612'],
    ]);
    expect(scopes[3]!.polygons).toHaveLength(2);
    expect(scopes[3]!.polygons[1]).toHaveLength(2); // the hole is kept
  });

  it('refuses a bad file whole, listing every problem, and leaves the store unchanged', async () => {
    const existing = scope('320612009', rect(120.9, 31.9, 121.0, 32.0), '320612');
    const dir = seeded([DISTRICT, existing]);
    const before = storedScopes(dir);
    const run = await geoImport(dir, '--level', 'street', '--crs', 'wgs84', fixture('streets-bad.geojson'));
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^feature #1 320612002: ring 0 \(outer\) is not closed/),
      'feature #2 320612001: duplicate code (also feature #0)',
      "feature #3 3206120040: code has 10 digits; a street's has 9",
      expect.stringMatching(/^feature #4 320612005: 100\.0 % of its area lies outside its parent 320612/),
      expect.stringMatching(/^feature #5 320612006: coordinates outside China .*swapped lat\/lng\?/),
      expect.stringMatching(/^feature #6 320612007: self-intersection: .* at \[121\.15/),
      'nothing imported: 6 problems',
    ]);
    expect(run.stdout).toBe('');
    expect(storedScopes(dir)).toEqual(before);
  });

  it('converts a GCJ-02 file to WGS-84 before storing it', async () => {
    const dir = seeded([DISTRICT]);
    const run = await geoImport(dir, '--level', 'street', '--crs', 'gcj02', fixture('streets-gcj02.geojson'));
    expect(run.stdout.trim()).toBe('imported 1 streets (dropped 0 scopes below that no longer nest)');
    const street = storedScopes(dir).find((s) => s.code === '320612004')!;
    // The file holds the GCJ-02 image of this WGS-84 rectangle (about 450 m away from it).
    const wgs = rect(121.0, 31.95, 121.1, 32.05);
    street.polygons[0]![0]!.forEach(([lng, lat], i) => {
      expect(Math.abs(lng - wgs[i]![0])).toBeLessThan(3e-5);
      expect(Math.abs(lat - wgs[i]![1])).toBeLessThan(3e-5);
    });
  });

  it('reads a zipped shapefile (upper-case DBF fields, numeric codes, UTF-8 names)', async () => {
    const dir = seeded([DISTRICT]);
    const file = join(dir, 'streets.zip');
    writeFileSync(
      file,
      zip({
        ...shapefile('streets', [
          { rings: [rect(120.9, 31.9, 121.05, 32.2)], code: 320612001, name: '金沙街道' },
          { rings: [rect(121.05, 31.9, 121.2, 32.2)], code: 320612002, name: '先锋街道' },
        ]),
        'streets.cpg': Buffer.from('UTF-8'),
      }),
    );
    const run = await geoImport(dir, '--level', 'street', '--crs', 'cgcs2000', file);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('imported 2 streets (dropped 0 scopes below that no longer nest)');
    const streets = storedScopes(dir).filter((s) => s.level === 1);
    expect(streets.map((s) => [s.code, s.name])).toEqual([
      ['320612001', '金沙街道'],
      ['320612002', '先锋街道'],
    ]);
    expect(streets[1]!.bounds).toEqual([121.05, 31.9, 121.2, 32.2]);
  });

  it('imports buildings with mapped attributes into the grids holding their centroids', async () => {
    const dir = seeded([
      DISTRICT,
      scope('320612001', rect(120.9, 31.9, 121.0, 32.2), '320612'),
      scope('320612001001', rect(120.9, 31.9, 121.0, 32.2), '320612001'),
      scope('320612001001001', rect(120.9, 31.9, 120.95, 32.2), '320612001001'),
      scope('320612001001002', rect(120.95, 31.9, 121.0, 32.2), '320612001001'),
    ]);
    const flags = ['--id-field', '编号', '--address-field', '地址', '--floors-field', '层数', '--households-field', '户数', '--residents-field', '人口', '--rental-field', '出租等级'];
    const run = await geoImport(dir, '--level', 'building', '--crs', 'wgs84', ...flags, fixture('buildings.geojson'));
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('imported 3 buildings in 2 grids');
    const buildings = withStore(dir, (store) => [...store.buildings()]);
    expect(buildings.map((b) => [b.id, b.gridCode, b.address, b.floors, b.households, b.residents, b.rental])).toEqual([
      ['B-0001', '320612001001001', '金沙街道幸福路 1 号', 6, 24, 61, '宽管'],
      ['B-0002', '320612001001002', '金沙街道幸福路 3 号', 18, 72, 190, '严管'],
      ['B-0003', '320612001001001', '金沙街道幸福路 5 号', 2, 1, 3, undefined],
    ]);
    expect(buildings[0]!.footprint).toHaveLength(5);
  });

  it('answers bad arguments and an unknown attribute with a clear line', async () => {
    const dir = seeded([DISTRICT]);
    const bad = await geoImport(dir, '--level', 'county', '--crs', 'wgs84', fixture('streets-good.geojson'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--level must be one of district, street, community, grid, micro-grid, building\nusage: npm run geo:import/);
    const field = await geoImport(dir, '--level', 'street', '--crs', 'wgs84', fixture('streets-good.geojson'));
    expect(field.code).toBe(1);
    expect(field.stderr.trim()).toBe('nothing imported: no feature has an attribute "code" (the file has: 街道代码, 街道名称); map it with --code-field');
  });
});

// --- a minimal shapefile and zip writer, so the test needs no binary fixture -------------------

interface ShpRecord {
  rings: Ring[];
  code: number;
  name: string;
}

/** `.shp` (polygons, outer rings clockwise as the format wants) and `.dbf` (CODE N(9), NAME C(40)). */
function shapefile(base: string, records: ShpRecord[]): Record<string, Buffer> {
  const bodies = records.map(({ rings }) => {
    const cw = rings.map((r) => [...r].reverse());
    const points = cw.flat();
    const body = Buffer.alloc(44 + 4 * cw.length + 16 * points.length);
    body.writeInt32LE(5, 0);
    const [w, s, e, n] = polygonsBounds([cw]);
    [w, s, e, n].forEach((v, i) => body.writeDoubleLE(v, 4 + 8 * i));
    body.writeInt32LE(cw.length, 36);
    body.writeInt32LE(points.length, 40);
    let start = 0;
    cw.forEach((r, i) => {
      body.writeInt32LE(start, 44 + 4 * i);
      start += r.length;
    });
    points.forEach(([x, y], i) => {
      body.writeDoubleLE(x, 44 + 4 * cw.length + 16 * i);
      body.writeDoubleLE(y, 52 + 4 * cw.length + 16 * i);
    });
    return body;
  });
  const header = Buffer.alloc(100);
  const length = 100 + bodies.reduce((sum, b) => sum + 8 + b.length, 0);
  header.writeInt32BE(9994, 0);
  header.writeInt32BE(length / 2, 24);
  header.writeInt32LE(1000, 28);
  header.writeInt32LE(5, 32);
  polygonsBounds(records.map((r) => r.rings)).forEach((v, i) => header.writeDoubleLE(v, 36 + 8 * i));
  const shp = Buffer.concat([
    header,
    ...bodies.flatMap((body, i) => {
      const rh = Buffer.alloc(8);
      rh.writeInt32BE(i + 1, 0);
      rh.writeInt32BE(body.length / 2, 4);
      return [rh, body];
    }),
  ]);

  const fields = [
    { name: 'CODE', type: 'N', size: 9 },
    { name: 'NAME', type: 'C', size: 40 },
  ];
  const recordSize = 1 + fields.reduce((sum, f) => sum + f.size, 0);
  const headerSize = 32 + 32 * fields.length + 1;
  const dbf = Buffer.alloc(headerSize + recordSize * records.length + 1, 0x20);
  dbf.fill(0, 0, headerSize);
  dbf.writeUInt8(0x03, 0);
  dbf.writeUInt32LE(records.length, 4);
  dbf.writeUInt16LE(headerSize, 8);
  dbf.writeUInt16LE(recordSize, 10);
  fields.forEach((f, i) => {
    dbf.write(f.name, 32 + 32 * i, 'latin1');
    dbf.write(f.type, 32 + 32 * i + 11, 'latin1');
    dbf.writeUInt8(f.size, 32 + 32 * i + 16);
  });
  dbf.writeUInt8(0x0d, headerSize - 1);
  records.forEach((r, i) => {
    const at = headerSize + recordSize * i + 1;
    dbf.write(String(r.code).padStart(9), at, 'latin1');
    dbf.write(r.name, at + 9, 'utf8');
  });
  dbf.writeUInt8(0x1a, dbf.length - 1);
  return { [`${base}.shp`]: shp, [`${base}.dbf`]: dbf };
}

/** A zip archive of stored (uncompressed) entries. */
function zip(files: Record<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(files)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
