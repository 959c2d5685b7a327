import type { LevelLocator } from '../locate';
import { inPolygons } from '../locate';
import type { BuildingColumnsBuilder } from '../buildings';
import type { Random } from '../random';
import type { DensityField } from './density';
import type { LocalFrame } from './local-frame';
import type { RoadXY } from './roads';
import type { XYPolygons } from './voronoi-split';
import type { SegmentGrid } from './segment-grid';

/** What a placed building knows besides its footprint, for addresses. */
export interface PlacedBuilding {
  index: number;
  road: string;
  number: number;
}

/** A community's street network and what its buildings are placed from. */
export interface CommunityLayout {
  community: XYPolygons;
  /** Streets of the lattice family that buildings face (the "路"); the cross streets stay clear. */
  frontStreets: readonly RoadXY[];
  spacing: number;
  /** Arterials, which buildings keep clear of. */
  arterials: SegmentGrid;
  villages: 'sparse' | 'urban-village';
}

/** Half a local street's width (carriageway and verge) and a facade's setback, metres. */
const ROAD_HALF = 6;
const SETBACK = 4;
/** Half an arterial's width with its verge. */
const ARTERIAL_HALF = 14;

/** Building types by urbanity: towers in the core, mid-rise around it, houses outside. */
interface Kind {
  w: number;
  d: number;
  /** Gap between neighbours along the street, and between rows (sunlight spacing for towers). */
  gapAlong: number;
  rowGap: number;
  maxRows: number;
  lShapeShare: number;
}
const TOWER: Kind = { w: 34, d: 16, gapAlong: 14, rowGap: 24, maxRows: 3, lShapeShare: 0.08 };
const MIDRISE: Kind = { w: 26, d: 12, gapAlong: 10, rowGap: 12, maxRows: 3, lShapeShare: 0.2 };
const HOUSE: Kind = { w: 16, d: 11, gapAlong: 6, rowGap: 8, maxRows: 2, lShapeShare: 0.3 };
const VILLAGE: Kind = { w: 12, d: 10, gapAlong: 5, rowGap: 6, maxRows: 2, lShapeShare: 0.35 };
/** 城中村: narrow plots packed a few metres apart, many rows deep. */
const URBAN_VILLAGE: Kind = { w: 12, d: 11, gapAlong: 2, rowGap: 3, maxRows: 5, lShapeShare: 0.1 };

export function kindFor(u: number, villages: 'sparse' | 'urban-village'): Kind {
  if (u > 0.55) return TOWER;
  if (u > 0.25) return MIDRISE;
  if (villages === 'urban-village') return URBAN_VILLAGE;
  return u > 0.08 ? HOUSE : VILLAGE;
}

/** Street spacing of a community's lattice by urbanity: big compounds in the core, fields outside. */
export function spacingFor(u: number): number {
  return u > 0.55 ? 240 : u > 0.25 ? 190 : u > 0.08 ? 170 : 300;
}

interface Slot {
  ring: [number, number][];
  cx: number;
  cy: number;
  road: string;
  number: number;
  urbanity: number;
  key: number;
}

/**
 * Every place a building can stand in a community: rows of buildings parallel to the front
 * streets on both sides (as Chinese residential compounds are laid out), as many rows as the
 * block is deep, clear of the cross streets, wholly inside the community (so neighbours never
 * overlap). Each slot carries a density-weighted random key: the slots with the largest keys are
 * a weighted sample without replacement (Efraimidis–Spirakis).
 */
export function buildingSlots(layout: CommunityLayout, density: DensityField, random: Random): Slot[] {
  const slots: Slot[] = [];
  const half = layout.spacing / 2;
  for (const road of layout.frontStreets) {
    const [a, b] = [road.points[0]!, road.points[road.points.length - 1]!];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const tx = (b[0] - a[0]) / len;
    const ty = (b[1] - a[1]) / len;
    const u = density.urbanity((a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
    const kind = kindFor(u, layout.villages);
    const depth = kind.d * 1.15 + kind.rowGap;
    const rows = Math.max(1, Math.min(kind.maxRows, Math.floor((half - ROAD_HALF - SETBACK - 4 + kind.rowGap) / depth)));
    if (ROAD_HALF + SETBACK + kind.d * 1.15 > half - 2) continue;
    const backEdge = ROAD_HALF + SETBACK + rows * depth - kind.rowGap;
    const wingRoom = backEdge + 0.8 * kind.d * 1.15 <= half - 3;
    const margin = ROAD_HALF + 3;
    let number = 0;
    for (let s = margin; s + kind.w * 1.15 <= len - margin; s += kind.w * 1.15 + kind.gapAlong) {
      number += 1;
      for (const side of [1, -1]) {
        for (let row = 0; row < rows; row++) {
          const w = kind.w * (0.85 + 0.3 * random());
          const d = kind.d * (0.85 + 0.3 * random());
          const off = ROAD_HALF + SETBACK + row * depth + d / 2;
          const cx = a[0] + tx * (s + w / 2) - ty * side * off;
          const cy = a[1] + ty * (s + w / 2) + tx * side * off;
          const lShape = wingRoom && row === rows - 1 && kind.lShapeShare > random();
          const ring = footprint(cx, cy, tx, ty, side, w, d, lShape);
          const key = Math.log(random()) / density.at(cx, cy);
          if (!ring.every(([x, y]) => inPolygons(x, y, layout.community))) continue;
          if (layout.arterials.near(cx, cy, Math.max(w, d) * 0.75 + ARTERIAL_HALF)) continue;
          slots.push({ ring, cx, cy, road: road.name, number: number * 2 - (side > 0 ? 1 : 0), urbanity: u, key });
        }
      }
    }
  }
  return slots;
}

/** Places the `target` highest-keyed slots as buildings; returns what was placed. */
export function placeBuildings(args: {
  slots: Slot[];
  target: number;
  frame: LocalFrame;
  grids: LevelLocator;
  random: Random;
  out: BuildingColumnsBuilder;
  villages: 'sparse' | 'urban-village';
}): PlacedBuilding[] {
  const { frame, random, out } = args;
  const slots = [...args.slots].sort((p, q) => q.key - p.key);
  const placed: PlacedBuilding[] = [];
  for (const slot of slots) {
    if (placed.length >= args.target) break;
    const [clng, clat] = frame.toLngLatRounded(slot.cx, slot.cy);
    const grid = args.grids.locateIndex(clng, clat);
    if (grid < 0) continue;
    const ring = slot.ring.map(([x, y]) => frame.toLngLatRounded(x, y));
    const floors = floorsFor(slot.urbanity, args.villages, random);
    const households = householdsFor(floors, slot.urbanity, random);
    const residents = Math.max(1, Math.round(households * (2.1 + random() * 1.1)));
    const index = out.add(ring, floors, households, residents, rentalFor(slot.urbanity, random), grid);
    placed.push({ index, road: slot.road, number: slot.number });
  }
  return placed;
}

function floorsFor(u: number, villages: 'sparse' | 'urban-village', random: Random): number {
  if (u > 0.55) return 11 + Math.floor(random() * random() * 23);
  if (u > 0.25) return 5 + Math.floor(random() * 5);
  if (villages === 'urban-village') return 3 + Math.floor(random() * 5);
  if (u > 0.08) return 3 + Math.floor(random() * 3);
  return 1 + Math.floor(random() * 3);
}

function householdsFor(floors: number, u: number, random: Random): number {
  if (u > 0.25) return floors * (2 + Math.floor(random() * 3));
  if (u > 0.08) return floors * (1 + Math.floor(random() * 2));
  return 1 + (random() < 0.3 ? 1 : 0);
}

/** Rental share falls from the towns (where migrant workers rent) to the fields. */
function rentalFor(u: number, random: Random): number {
  const share = 0.05 + 0.1 * u;
  if (random() >= share) return 0;
  const r = random();
  return r < 0.6 ? 1 : r < 0.85 ? 2 : r < 0.97 ? 3 : 4;
}

/**
 * The footprint ring in the local frame, closed and counter-clockwise: a rectangle, or an L with
 * a wing reaching back from the street.
 */
function footprint(x: number, y: number, tx: number, ty: number, side: number, w: number, d: number, lShape: boolean): [number, number][] {
  // Local axes: u along the street, v away from it.
  const vx = -ty * side;
  const vy = tx * side;
  const hw = w / 2;
  const hd = d / 2;
  const local: [number, number][] = lShape
    ? [
        [-hw, -hd],
        [hw, -hd],
        [hw, hd + d * 0.8],
        [hw - w * 0.4, hd + d * 0.8],
        [hw - w * 0.4, hd],
        [-hw, hd],
      ]
    : [
        [-hw, -hd],
        [hw, -hd],
        [hw, hd],
        [-hw, hd],
      ];
  let ring = local.map(([u, v]) => [x + tx * u + vx * v, y + ty * u + vy * v] as [number, number]);
  let area = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) area += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  if (area < 0) ring = ring.reverse();
  ring.push(ring[0]!);
  return ring;
}
