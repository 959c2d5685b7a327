import { polygonsBounds, type PolygonRings } from '../polygon';
import type { Random } from '../random';
import type { ScopeLevel } from '../scope-code';
import type { Scope } from '../territory';
import { DensityField, townCentres, type TownCentre } from './density';
import type { LocalFrame } from './local-frame';
import { chineseNumber, PlaceNames } from './place-names';
import type { ScenarioSpec } from './specs';
import { allocate, centroidXY, densitySeeds, relax, voronoiSplit, xyBounds, type XYPolygons } from './voronoi-split';
import { inPolygons } from '../locate';

/** A generated scope with its shape in the local frame and its name stem (for road names). */
export interface GeneratedScope {
  scope: Scope;
  xy: XYPolygons;
  stem: string;
  urbanity: number;
  /** Relative population mass (density integrated over the area), for allocating children. */
  mass: number;
}

export interface GeneratedScopes {
  density: DensityField;
  centres: TownCentre[];
  streetStems: string[];
  /** By level, parents before children. */
  levels: GeneratedScope[][];
}

/**
 * The district subdivided into streets, communities, grids and micro-grids: Voronoi cells of
 * density-weighted seeds, each level clipped to its parent so the children tile it exactly.
 * Streets are relaxed (Lloyd) so towns have comparable areas; lower levels shrink where density
 * rises, as real grids do (a grid is drawn around a number of households, not an area).
 */
export function generateScopes(spec: ScenarioSpec, outline: readonly PolygonRings[], frame: LocalFrame, random: Random): GeneratedScopes {
  const names = new PlaceNames(random);
  const regionXY = frame.polygonsToXY(outline);
  const uniform = new DensityField([], 1);

  // Street seats: evenly spread, then relaxed; the one nearest the middle is the district seat.
  let seats = relax(regionXY, densitySeeds(regionXY, spec.streets, uniform, random), spec.streets > 1 ? 3 : 0);
  const middle = centroidXY(regionXY) ?? [0, 0];
  const seatIndex = seats.reduce((best, p, i) => (dist(p, middle) < dist(seats[best]!, middle) ? i : best), 0);
  seats = [seats[seatIndex]!, ...seats.filter((_, i) => i !== seatIndex)];
  const centres = townCentres(seats, random, spec.seatSigma, spec.townSigma);
  const density = new DensityField(centres);

  const district: GeneratedScope = {
    scope: toScope(spec.districtCode, spec.districtName, 0, undefined, regionXY, frame),
    xy: regionXY,
    stem: spec.districtName.slice(0, 2),
    urbanity: 1,
    mass: 1,
  };

  // Streets: one cell per seat; the most urban three are 街道 (subdistricts), the others 镇 (towns).
  const streetCells = voronoiSplit(regionXY, seats);
  const urbanRank = seats.map((p, i) => [density.urbanity(p[0], p[1]), i] as const).sort((a, b) => b[0] - a[0]);
  const isSubdistrict = new Set(urbanRank.slice(0, Math.min(3, Math.ceil(seats.length / 4))).map(([, i]) => i));
  let subdistrictNo = 0;
  let townNo = 99;
  const streetStems: string[] = [];
  const streets = streetCells.map((xy, i) => {
    const stem = names.stem();
    streetStems.push(stem);
    const urban = isSubdistrict.has(i);
    const code = spec.districtCode + String(urban ? ++subdistrictNo : ++townNo).padStart(3, '0');
    return made(code, `${stem}${urban ? '街道' : '镇'}`, 1, district, xy, stem);
  });

  const communities = splitLevel(streets, spec.communities, 2, (parent, k, xy, urbanity, counters) => {
    const stem = names.stem();
    const urban = urbanity > 0.2;
    const no = urban ? ++counters.urban : ++counters.rural + 199;
    return made(parent.scope.code + String(no).padStart(3, '0'), `${stem}${urban ? '社区' : '村'}`, 2, parent, xy, stem);
  });

  const grids = splitLevel(communities, spec.grids, 3, (parent, k, xy) =>
    made(parent.scope.code + String(k + 1).padStart(3, '0'), `${parent.scope.name}第${chineseNumber(k + 1)}网格`, 3, parent, xy, parent.stem),
  );

  const microGrids =
    spec.microGrids > 0
      ? splitLevel(grids, spec.microGrids, 4, (parent, k, xy) =>
          made(parent.scope.code + String(k + 1).padStart(2, '0'), `${parent.scope.name}${k + 1}号微网格`, 4, parent, xy, parent.stem),
        )
      : [];

  return { density, centres, streetStems, levels: [[district], streets, communities, grids, microGrids] };

  function made(code: string, name: string, level: ScopeLevel, parent: GeneratedScope, xy: XYPolygons, stem: string): GeneratedScope {
    const c = centroidXY(xy) ?? [0, 0];
    return {
      scope: toScope(code, name, level, parent.scope.code, xy, frame),
      xy,
      stem,
      urbanity: density.urbanity(c[0], c[1]),
      mass: massOf(xy, density, random),
    };
  }

  /** Splits every parent into children; the total is shared out by population mass. */
  function splitLevel(
    parents: GeneratedScope[],
    total: number,
    level: number,
    make: (parent: GeneratedScope, k: number, xy: XYPolygons, urbanity: number, counters: { urban: number; rural: number }) => GeneratedScope,
  ): GeneratedScope[] {
    const counts = allocate(total, parents.map((p) => p.mass));
    const out: GeneratedScope[] = [];
    parents.forEach((parent, i) => {
      const n = counts[i]!;
      const seeds = densitySeeds(parent.xy, n, density, random);
      const cells = voronoiSplit(parent.xy, seeds);
      const counters = { urban: 0, rural: 0 };
      // Order children by position (north-west first) so codes read like a real numbering.
      const order = cells.map((xy, k) => ({ xy, seed: seeds[k]! })).sort((a, b) => b.seed[1] - a.seed[1] || a.seed[0] - b.seed[0]);
      order.forEach(({ xy, seed }, k) => {
        if (xy.length === 0) throw new Error(`empty cell at level ${level} in ${parent.scope.code}`);
        out.push(make(parent, k, xy, density.urbanity(seed[0], seed[1]), counters));
      });
    });
    return out;
  }
}

function toScope(code: string, name: string, level: ScopeLevel, parent: string | undefined, xy: XYPolygons, frame: LocalFrame): Scope {
  const polygons = frame.polygonsToLngLat(xy);
  return { code, name, level, parent, polygons, bounds: polygonsBounds(polygons) };
}

/** Density integrated over the shape (Monte Carlo over its bounds, 200 samples), × area in km². */
function massOf(xy: XYPolygons, density: DensityField, random: Random): number {
  const [w, s, e, n] = xyBounds(xy);
  let sum = 0;
  const samples = 200;
  for (let k = 0; k < samples; k++) {
    const x = w + (e - w) * random();
    const y = s + (n - s) * random();
    if (inPolygons(x, y, xy)) sum += density.at(x, y);
  }
  return (sum / samples) * ((e - w) * (n - s)) / 1e6;
}

function dist(a: readonly [number, number], b: readonly [number, number]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}
