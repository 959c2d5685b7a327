/**
 * A uniform hash grid of line segments in the local frame, answering "is any segment within r
 * of this point?" quickly. Keeps buildings off the arterials.
 */
export class SegmentGrid {
  private readonly cells = new Map<string, number[]>();
  private readonly segs: [number, number, number, number][] = [];

  constructor(private readonly cell = 200) {}

  add(polyline: readonly [number, number][]): void {
    for (let i = 1; i < polyline.length; i++) {
      const [x0, y0] = polyline[i - 1]!;
      const [x1, y1] = polyline[i]!;
      const id = this.segs.push([x0, y0, x1, y1]) - 1;
      const [cx0, cx1] = [Math.floor(Math.min(x0, x1) / this.cell), Math.floor(Math.max(x0, x1) / this.cell)];
      const [cy0, cy1] = [Math.floor(Math.min(y0, y1) / this.cell), Math.floor(Math.max(y0, y1) / this.cell)];
      for (let cx = cx0; cx <= cx1; cx++) {
        for (let cy = cy0; cy <= cy1; cy++) {
          const key = `${cx},${cy}`;
          const list = this.cells.get(key);
          if (list) list.push(id);
          else this.cells.set(key, [id]);
        }
      }
    }
  }

  /** Whether a segment passes within `r` metres of (x, y); `r` must not exceed the cell size. */
  near(x: number, y: number, r: number): boolean {
    const cx = Math.floor(x / this.cell);
    const cy = Math.floor(y / this.cell);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const id of this.cells.get(`${cx + dx},${cy + dy}`) ?? []) {
          if (distToSegment(x, y, this.segs[id]!) < r) return true;
        }
      }
    }
    return false;
  }
}

function distToSegment(px: number, py: number, [x0, y0, x1, y1]: [number, number, number, number]): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len2));
  return Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
}
