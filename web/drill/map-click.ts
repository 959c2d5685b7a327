import { LEVEL_NAMES, levelOf } from '@geo/scope-code';
import { apiFetch } from '../services/api';
import type { useDrillStore } from '../stores/drill';
import { isGridLevel, type ScopeIndex } from './scope-index';

/** A click on the map: where, at which zoom, and what deck.gl found under it, if anything. */
export interface MapClick {
  lng: number;
  lat: number;
  zoom: number;
  /** `double`: the second click of a double-click. */
  double: boolean;
  picked?: { layer: string; object: unknown };
}

type DrillStore = ReturnType<typeof useDrillStore>;

/** Counts clicks, so an answer that arrives after a newer click (a double-click's) is dropped. */
let clickCount = 0;

/**
 * What a click means, in order: a mark on the map (an incident, an overdue order, a camera) opens
 * its card or player; a double-click opens the card of the grid under it; at building zoom a
 * building opens its card; otherwise the child scope under the point is drilled into, and a click
 * inside a grid with nothing below it opens the grid's card (the "second click").
 */
export async function handleMapClick(drill: DrillStore, click: MapClick, buildingZoom: number): Promise<void> {
  const index = drill.index;
  const current = drill.current;
  if (!index || !current) return;
  const mine = ++clickCount;
  if (click.picked && openPicked(drill, click.picked)) return;
  if (click.double) {
    const grid = gridAt(index, current, click.lng, click.lat);
    if (grid) drill.openCard({ kind: 'grid', code: grid });
    return;
  }
  if (click.zoom >= buildingZoom) {
    const buildingId = await buildingAt(click.lng, click.lat);
    if (mine !== clickCount) return;
    if (buildingId) {
      drill.openCard({ kind: 'building', buildingId });
      return;
    }
  }
  const child = index.childAt(current, click.lng, click.lat);
  if (child) {
    drill.drillTo(child.code);
    return;
  }
  if (isGridLevel(current) && index.contains(current, click.lng, click.lat)) drill.openCard({ kind: 'grid', code: current.slice(0, 15) });
}

function openPicked(drill: DrillStore, picked: NonNullable<MapClick['picked']>): boolean {
  const o = picked.object as Record<string, unknown> | null;
  if (!o) return false;
  if ((picked.layer === 'incidents' || picked.layer === 'overdue-orders') && typeof o.incidentId === 'string') {
    drill.openCard({ kind: 'incident', incidentId: o.incidentId });
    return true;
  }
  if ((picked.layer === 'cameras' || picked.layer === 'nearby-cameras') && typeof o.cameraId === 'string') {
    drill.openCamera(o.cameraId);
    return true;
  }
  return false;
}

/** The grid (level 3) under a point, searching down from the scope shown (or the scope itself). */
function gridAt(index: ScopeIndex, from: string, lng: number, lat: number): string | undefined {
  const gridLevel = LEVEL_NAMES.indexOf('grid');
  let code = from;
  while ((levelOf(code) ?? 0) < gridLevel) {
    const child = index.childAt(code, lng, lat);
    if (!child) return undefined;
    code = child.code;
  }
  return code.slice(0, 15);
}

/** The building at a point (the server finds the nearest within a few metres, in the caller's scope). */
async function buildingAt(lng: number, lat: number): Promise<string | undefined> {
  const res = await apiFetch(`/api/buildings/at?lng=${lng.toFixed(7)}&lat=${lat.toFixed(7)}`);
  if (!res.ok) return undefined;
  const body = (await res.json()) as { buildingId?: unknown };
  return typeof body.buildingId === 'string' ? body.buildingId : undefined;
}
