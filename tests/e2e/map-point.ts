import type { Page } from 'playwright-core';
import { pointInPolygon, polygonsBounds, type PolygonRings } from '../../geo/polygon';
import { labelPoint } from '../../geo/label-point';
import { seededRandom } from '../../geo/random';

/**
 * The helpers read the wall's map (`data-testid="map"`) unless told another map's test id (the
 * desk's `desk-map`); every such map carries the same view attributes.
 */
const WALL_MAP = 'map';

/** Waits until the map has stopped moving (its view attributes are then current). */
export async function mapSettled(page: Page, testId = WALL_MAP): Promise<void> {
  await page.locator(`[data-testid="${testId}"][data-map-loaded="true"][data-moving="false"]`).waitFor({ timeout: 30_000 });
  // One more frame so the view attributes set at moveend are rendered.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
}

/** Where a place is on screen, from the map's view attributes (Web Mercator, 512-pixel world at zoom 0, pitch 0). */
export async function screenPoint(page: Page, lngLat: readonly [number, number], testId = WALL_MAP): Promise<{ x: number; y: number }> {
  // Only data crosses into the page: functions declared in an evaluated body get esbuild's
  // `__name` wrapper under tsx, which the page does not have.
  const view = await page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`)!;
    const r = el.getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height, zoom: el.getAttribute('data-exact-zoom'), center: el.getAttribute('data-center') };
  }, testId);
  const world = 512 * 2 ** Number(view.zoom);
  const [clng, clat] = view.center!.split(',').map(Number) as [number, number];
  const px = (x: number): number => ((x + 180) / 360) * world;
  const py = (y: number): number => {
    const s = Math.sin((y * Math.PI) / 180);
    return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * world;
  };
  return { x: view.left + view.width / 2 + px(lngLat[0]) - px(clng), y: view.top + view.height / 2 + py(lngLat[1]) - py(clat) };
}

/**
 * A screen point inside a scope's outline where a click reaches the map itself (not a panel, the
 * breadcrumb or the legend over it): the label point first, then seeded random interior points.
 */
export async function interiorPoint(page: Page, polygons: readonly PolygonRings[], seed = 7, testId = WALL_MAP): Promise<{ x: number; y: number; lngLat: [number, number] }> {
  const random = seededRandom(seed);
  const candidates: [number, number][] = seed === 7 ? [labelPoint(polygons)] : [];
  const [w, s, e, n] = polygonsBounds(polygons);
  while (candidates.length < 200) {
    const p: [number, number] = [w + random() * (e - w), s + random() * (n - s)];
    if (polygons.some((rings) => pointInPolygon(p[0], p[1], rings))) candidates.push(p);
  }
  for (const lngLat of candidates) {
    const { x, y } = await screenPoint(page, lngLat, testId);
    if (await isOnMap(page, x, y, testId)) return { x, y, lngLat };
  }
  throw new Error('no point of the scope is clickable on screen');
}

/** Whether a click at the screen point reaches the map itself (not a panel, card or legend over it). */
export async function isOnMap(page: Page, x: number, y: number, testId = WALL_MAP): Promise<boolean> {
  return page.evaluate(
    ([px, py, id]) => {
      const hit = document.elementFromPoint(px, py);
      return hit instanceof HTMLCanvasElement && hit.closest(`[data-testid="${id}"]`) !== null;
    },
    [x, y, testId] as const,
  );
}

