import { Router } from 'express';
import { cameraStream, type CameraStreamInfo } from '@protocol/index';
import { actorOf, type AuditLog } from '../audit/audit-log';
import { canReadScope } from '../identity/access';
import type { ReadDb } from '../projections/read-db';
import { HttpError } from './http-error';
import { identityOf, sourceOf } from './require-identity';

export interface CameraStreamRouterDeps {
  db: ReadDb;
  audit: AuditLog;
  /** `VIDEO_GATEWAY_HINT`: where RTSP and GB/T 28181 cameras are watched instead. */
  gatewayHint: string;
}

/**
 * `GET /api/cameras/{id}/stream` (behind `requireIdentity`): what the player needs to show one
 * camera (`CameraStreamInfo`). A camera outside the caller's scope is answered exactly like an
 * unknown one (404). Watching a live camera is a sensitive read in a government deployment, so
 * every answer is a `camera.view` entry in the audit trail (who, which camera, its scope and
 * kind), and so is every refused attempt; an entry that cannot be written fails the request.
 */
export function cameraStreamRouter(deps: CameraStreamRouterDeps): Router {
  const router = Router();

  router.get('/api/cameras/:id/stream', async (req, res) => {
    const caller = identityOf(req);
    const by = actorOf(caller, sourceOf(req));
    const cameraId = String(req.params.id);
    const row = deps.db.get<CameraRow>('SELECT camera_id, name, scope, stream, online FROM p_cameras WHERE camera_id = ?', [cameraId]);
    if (!row || !canReadScope(caller, row.scope)) {
      await deps.audit.record(by, 'camera.view', cameraId, 'failed', { why: 'unknown or out of scope' });
      throw new HttpError(404, 'not-found', `no camera ${cameraId} you may read`);
    }
    const body = streamInfo(row, deps.gatewayHint);
    await deps.audit.record(by, 'camera.view', cameraId, 'ok', { scope: row.scope, kind: body.kind });
    res.set('Cache-Control', 'no-store').json(body);
  });

  return router;
}

interface CameraRow {
  camera_id: string;
  name: string;
  scope: string;
  stream: string;
  online: number;
}

/** The answer for one camera: its pointer as the player shows it, with the hint where browsers cannot play. */
function streamInfo(row: CameraRow, gatewayHint: string): CameraStreamInfo {
  const base = { cameraId: row.camera_id, name: row.name, online: row.online === 1 };
  // The pointer was validated at ingest; reading it through the same schema keeps the answer honest.
  const stream = cameraStream.parse(JSON.parse(row.stream));
  switch (stream.kind) {
    case 'hls':
      return { ...base, kind: 'hls', url: withoutCredentials(stream.url) };
    case 'rtsp':
      return { ...base, kind: 'rtsp', url: withoutCredentials(stream.url), gatewayHint };
    case 'gb28181':
      return { ...base, kind: 'gb28181', channelId: stream.channelId, gatewayHint };
  }
}

/**
 * The pointer without a user and password (`rtsp://admin:12345@10.1.2.3/…`, common in camera
 * registers): the player shows it on a wall, and the video platform's client signs in on its own.
 * An HLS gateway that needs credentials takes them another way (a token in the query, a cookie).
 */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/i, '$1');
}
