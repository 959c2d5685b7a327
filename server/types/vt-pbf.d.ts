declare module 'vt-pbf' {
  /** A tile as geojson-vt produces it: features in tile coordinates (0..extent). */
  export interface VtFeature {
    id?: number;
    type: 1 | 2 | 3;
    geometry: [number, number][] | [number, number][][];
    tags: Record<string, string | number | boolean>;
  }
  export interface VtTile {
    features: VtFeature[];
  }
  export function fromGeojsonVt(layers: Record<string, VtTile>, options?: { version?: number; extent?: number }): Uint8Array;
}
