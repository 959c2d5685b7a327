import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import { apiJson } from '../services/api';
import type { GeoManifest } from '../map/geo-manifest';
import { useLiveScopeStore } from '../stores/live-scope';

/** How long any touch, click, key or wheel pauses the tour. */
const PAUSE_MS = 5 * 60_000;

interface StreetStop {
  code: string;
  name: string;
  bounds: [[number, number], [number, number]];
}

/**
 * The unattended tour (`?rotate=SECONDS`): the wall shows each street in turn (map and panels
 * follow the scope) and returns to the district; anyone touching the wall pauses it, so a duty
 * officer is never pulled away from what they are looking at.
 */
export function useRotation(seconds: number | undefined, manifest: GeoManifest, frame: (bounds: [[number, number], [number, number]]) => void): { current: Ref<string | undefined>; paused: Ref<boolean> } {
  const live = useLiveScopeStore();
  const current = ref<string | undefined>();
  const paused = ref(false);
  let stops: StreetStop[] = [];
  let index = -1;
  let timer: ReturnType<typeof setInterval> | undefined;
  let pausedUntil = 0;

  const district: StreetStop = {
    code: manifest.district.code,
    name: manifest.district.name,
    bounds: [
      [manifest.district.bounds[0], manifest.district.bounds[1]],
      [manifest.district.bounds[2], manifest.district.bounds[3]],
    ],
  };

  const pause = (): void => {
    pausedUntil = Date.now() + PAUSE_MS;
    paused.value = true;
  };

  const step = (): void => {
    if (Date.now() < pausedUntil) return;
    paused.value = false;
    if (stops.length === 0) return;
    index = (index + 1) % (stops.length + 1);
    const stop = index === stops.length ? district : stops[index]!;
    current.value = stop.code;
    live.showScope(stop.code);
    frame(stop.bounds);
  };

  onMounted(async () => {
    if (!seconds) return;
    const fc = await apiJson<{ features: { properties: { code: string; name: string }; geometry: { type: string; coordinates: unknown } }[] }>(manifest.boundaries.street, 'streets');
    stops = fc.features.map((f) => ({ code: f.properties.code, name: f.properties.name, bounds: boundsOf(f.geometry) }));
    for (const e of ['pointerdown', 'keydown', 'wheel'] as const) window.addEventListener(e, pause, { passive: true });
    timer = setInterval(step, seconds * 1000);
  });
  onBeforeUnmount(() => {
    clearInterval(timer);
    for (const e of ['pointerdown', 'keydown', 'wheel'] as const) window.removeEventListener(e, pause);
  });
  return { current, paused };
}

function boundsOf(geometry: { type: string; coordinates: unknown }): [[number, number], [number, number]] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    } else if (Array.isArray(c)) for (const x of c) visit(x);
  };
  visit(geometry.coordinates);
  return [
    [w, s],
    [e, n],
  ];
}
