import { z } from 'zod';

/** The kinds of camera stream pointer (see `cameraStream` in registers.ts); only `hls` plays in a browser. */
export const CAMERA_STREAM_KINDS = ['hls', 'rtsp', 'gb28181'] as const;
export type CameraStreamKind = (typeof CAMERA_STREAM_KINDS)[number];

/**
 * Answer of `GET /api/cameras/{id}/stream`: what the player needs to show one camera.
 *
 * - `hls`: `url` is a URL the browser may load (server-relative for the demo clip, or the video
 *   platform's gateway, which then has to be listed in `CSP_EXTRA_ORIGINS`);
 * - `rtsp`: `url` is the `rtsp://` pointer, shown as text;
 * - `gb28181`: `channelId` is the 20-digit GB/T 28181 channel, shown as text.
 *
 * `gatewayHint` (the deployment's `VIDEO_GATEWAY_HINT`) tells the viewer where such a camera can
 * be watched, for the kinds a browser cannot play.
 */
export const cameraStreamInfo = z.object({
  cameraId: z.string(),
  name: z.string(),
  online: z.boolean(),
  kind: z.enum(CAMERA_STREAM_KINDS),
  url: z.string().optional(),
  channelId: z.string().optional(),
  gatewayHint: z.string().optional(),
});
export type CameraStreamInfo = z.infer<typeof cameraStreamInfo>;
