import { ScatterplotLayer } from '@deck.gl/layers';
import { PALETTE } from '../../theme/palette';

/** A camera as the map draws it: position and state, no stream address. */
export interface CameraPoint {
  cameraId: string;
  name: string;
  location: [number, number];
  online: boolean;
}

/** Cameras: green online, grey offline (the colours reserved for those states). */
export function cameraLayer(cameras: readonly CameraPoint[]): ScatterplotLayer<CameraPoint> {
  return new ScatterplotLayer<CameraPoint>({
    id: 'cameras',
    data: cameras,
    getPosition: (d) => d.location,
    getRadius: 3,
    radiusUnits: 'pixels',
    getFillColor: (d) => (d.online ? [60, 207, 110, 220] : [127, 139, 166, 220]),
    getLineColor: PALETTE.deck.outline,
    getLineWidth: 1,
    lineWidthUnits: 'pixels',
    stroked: true,
    billboard: true,
    pickable: true,
  });
}
