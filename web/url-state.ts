/**
 * The UI state that lives in the address bar, declared in one place so a wall can be configured
 * by URL alone (contract.md: `?scope=CODE&rotate=SECONDS&lang=zh-CN|en&layers=a,b&theme=dark|light`,
 * and `?display=TOKEN` to sign a wall in once; `?camera=CAMERA_ID` opens that camera's player).
 * Parameters not yet used by the screen are still parsed here, so each has one meaning.
 */
export type Locale = 'zh-CN' | 'en';

export interface UrlState {
  /** Scope shown; `undefined` means the user's (or display's) own scope. */
  scope: string | undefined;
  lang: Locale;
  theme: 'dark' | 'light';
  /** Seconds per street in the unattended tour; `undefined` means no tour. */
  rotate: number | undefined;
  /** Layer ids switched on; `undefined` means the default set. */
  layers: string[] | undefined;
  /** `?sound=on`: a short tone with each new alarm (off by default: not every room wants it). */
  sound: boolean;
  /** Initial camera `lng,lat,zoom[,pitch]` instead of framing the scope (a wall watching one town). */
  view: { center: [number, number]; zoom: number; pitch: number } | undefined;
  /**
   * A wall display's token, given once to sign the wall in: kept in localStorage and removed from
   * the address bar at start (services/session.ts `adoptDisplayToken`), never read from the URL again.
   */
  display: string | undefined;
  /** `?camera=CAMERA_ID`: that camera's player over the map (cameras/CameraUrlOverlay.vue); closing it removes the parameter. */
  camera: string | undefined;
}

export function readUrlState(search: string = window.location.search): UrlState {
  const q = new URLSearchParams(search);
  const scope = q.get('scope');
  const rotate = Number(q.get('rotate'));
  const layers = q.get('layers');
  return {
    scope: scope && /^\d{6,17}$/.test(scope) ? scope : undefined,
    lang: q.get('lang') === 'en' ? 'en' : 'zh-CN',
    theme: q.get('theme') === 'light' ? 'light' : 'dark',
    rotate: Number.isFinite(rotate) && rotate >= 10 ? rotate : undefined,
    layers: layers ? layers.split(',').filter(Boolean) : undefined,
    view: parseView(q.get('view')),
    sound: q.get('sound') === 'on',
    display: q.get('display') || undefined,
    camera: cameraParam(q.get('camera')),
  };
}

/** A camera id as ingest accepts it (1-128 characters); sent URL-encoded and shown only as text. */
function cameraParam(v: string | null): string | undefined {
  return v !== null && v.length >= 1 && v.length <= 128 ? v : undefined;
}

function parseView(v: string | null): UrlState['view'] {
  if (!v) return undefined;
  const [lng, lat, zoom, pitch = 0] = v.split(',').map(Number);
  if (![lng, lat, zoom, pitch].every((x) => Number.isFinite(x))) return undefined;
  if (Math.abs(lng!) > 180 || Math.abs(lat!) > 90 || zoom! < 0 || zoom! > 22 || pitch < 0 || pitch > 60) return undefined;
  return { center: [lng!, lat!], zoom: zoom!, pitch };
}
