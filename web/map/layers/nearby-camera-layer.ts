import { ScatterplotLayer } from '@deck.gl/layers';
import type { NearbyCamera } from '../../stores/drill';

/**
 * The cameras nearest an open incident, drawn large with a white ring so they stand out from the
 * district's other cameras; a click on one opens its player.
 */
export function nearbyCameraLayer(cameras: readonly NearbyCamera[], scale = 1): ScatterplotLayer<NearbyCamera> {
  return new ScatterplotLayer<NearbyCamera>({
    id: 'nearby-cameras',
    data: cameras,
    getPosition: (d) => d.location,
    getRadius: 8 * scale,
    radiusUnits: 'pixels',
    getFillColor: (d) => (d.online ? [60, 207, 110, 240] : [127, 139, 166, 240]),
    getLineColor: [255, 255, 255, 255],
    getLineWidth: 2.5 * scale,
    lineWidthUnits: 'pixels',
    stroked: true,
    billboard: true,
    pickable: true,
  });
}
