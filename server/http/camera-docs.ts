import { cameraStreamInfo } from '@protocol/camera-stream';
import type { RouteDoc } from './openapi';

/** The camera routes, for the OpenAPI document. */
export const CAMERA_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/cameras/{id}/stream',
    summary:
      "What the player needs for one camera in the caller's scope: an HLS URL the browser may load, or an RTSP / GB/T 28181 pointer with the deployment's gateway hint (VIDEO_GATEWAY_HINT). Each answer is audited (camera.view).",
    auth: 'bearer',
    parameters: [{ name: 'id', in: 'path', required: true, description: 'camera id', schema: { type: 'string' } }],
    response: { status: 200, name: 'CameraStreamInfo', schema: cameraStreamInfo },
    errors: [401, 404],
  },
];
