/** Types for `coordtransform` (CommonJS, untyped), the independent reference the CRS tests use. */
declare module 'coordtransform' {
  type Pair = [number, number];
  const coordtransform: {
    wgs84togcj02(lng: number, lat: number): Pair;
    /** One-step approximation (not iterated): off by up to a few metres. */
    gcj02towgs84(lng: number, lat: number): Pair;
    gcj02tobd09(lng: number, lat: number): Pair;
    bd09togcj02(lng: number, lat: number): Pair;
  };
  export default coordtransform;
}
