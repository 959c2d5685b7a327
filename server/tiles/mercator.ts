/** Web Mercator tile maths (the scheme maplibre requests tiles in). */

/** Tile extent in MVT units. */
export const EXTENT = 4096;

/** The lng/lat bounds of tile z/x/y: [west, south, east, north]. */
export function tileBounds(z: number, x: number, y: number): [number, number, number, number] {
  const n = 2 ** z;
  const lng = (v: number): number => (v / n) * 360 - 180;
  const lat = (v: number): number => (Math.atan(Math.sinh(Math.PI * (1 - (2 * v) / n))) * 180) / Math.PI;
  return [lng(x), lat(y + 1), lng(x + 1), lat(y)];
}

/** A projector from lng/lat to the tile's MVT coordinates (0..EXTENT, y down), rounded. */
export function tileProjector(z: number, x: number, y: number): (lng: number, lat: number) => [number, number] {
  const n = 2 ** z;
  return (lng, lat) => {
    const wx = ((lng + 180) / 360) * n;
    const s = Math.sin((lat * Math.PI) / 180);
    const wy = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n;
    return [Math.round((wx - x) * EXTENT), Math.round((wy - y) * EXTENT)];
  };
}

/** Whether z/x/y names a tile. */
export function validTile(z: number, x: number, y: number): boolean {
  return Number.isInteger(z) && Number.isInteger(x) && Number.isInteger(y) && z >= 0 && z <= 22 && x >= 0 && y >= 0 && x < 2 ** z && y < 2 ** z;
}
