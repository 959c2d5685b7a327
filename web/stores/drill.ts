import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { isWithin, parentOf } from '@geo/scope-code';
import { useLiveScopeStore } from './live-scope';
import type { ScopeEntry, ScopeIndex } from '../drill/scope-index';
import { readUrlState } from '../url-state';

/** What a card over the map shows. */
export type DrillCard = { kind: 'grid'; code: string } | { kind: 'building'; buildingId: string } | { kind: 'incident'; incidentId: string };

/** A camera of the map (centre, zoom, pitch, bearing), kept per scope so going back restores it. */
export interface MapCamera {
  center: [number, number];
  zoom: number;
  pitch: number;
  bearing: number;
}

/** Where the map should go next: a scope's frame, or a camera saved when the leader left it. */
export type MapTarget = ({ kind: 'bounds'; bounds: [[number, number], [number, number]] } | { kind: 'camera'; camera: MapCamera }) & {
  /** The view the page opened on (a link, a reload): not a viewer's action. */
  initial?: boolean;
};

/** A camera drawn on the map near an incident (the incident card's list). */
export interface NearbyCamera {
  cameraId: string;
  name: string;
  location: [number, number];
  online: boolean;
}

/** `history.state` of the entries the drill pushes: how deep below the entry the page opened on. */
interface DrillHistoryState {
  drillScope: string;
  depth: number;
  /** Scope of each entry from the first (depth 0) to this one: survives a reload, unlike the page's memory. */
  trail: string[];
}

/**
 * The leader's drill-down: which scope the screen shows (the live store follows), the way back up
 * (breadcrumb, Esc, the browser's back button, each returning to the view that was left), the card
 * open over the map, and the camera player. The scope lives in the address bar (`?scope=`), so a
 * link or a reload lands on the same view.
 */
export const useDrillStore = defineStore('drill', () => {
  const live = useLiveScopeStore();
  const index = shallowRef<ScopeIndex | undefined>();
  /** Bumped when a level is added to the index (micro-grids load late), so views recompute. */
  const indexVersion = ref(0);
  /** The identity's own scope: the top of the breadcrumb (nothing above it may be read). */
  const home = ref<string | undefined>();
  const card = shallowRef<DrillCard | undefined>();
  /** The camera whose player is open (`?camera=` opens one at start; closing drops the parameter). */
  const cameraId = ref<string | undefined>(readUrlState().camera);
  const nearbyCameras = shallowRef<readonly NearbyCamera[]>([]);
  const target = shallowRef<MapTarget | undefined>();
  /** The map's camera when each scope was left for a child, to restore on the way back. */
  const savedViews = new Map<string, MapCamera>();
  /** Scope of each history entry of the drill, by depth (kept in each entry's state too, for reloads). */
  const stack: string[] = [];
  /** Reads the map's current camera (set by the map once it exists). */
  let currentCamera: () => MapCamera | undefined = () => undefined;

  const current = computed(() => live.scope);
  /** Breadcrumb: from the home scope down to the one shown. */
  const path = computed<ScopeEntry[]>(() => {
    void indexVersion.value;
    const code = current.value;
    if (!code || !index.value) return [];
    return index.value.path(code).filter((e) => !home.value || isWithin(e.code, home.value));
  });

  /** The identity's own scope (known at sign-in, before the outlines are loaded). */
  function setHome(code: string): void {
    home.value = code;
  }

  /** Starts on the scope of the address bar (or home) once the territory's outlines are known. */
  function start(scopeIndex: ScopeIndex): void {
    index.value = scopeIndex;
    const homeScope = home.value ?? live.scope ?? '';
    const state = history.state as Partial<DrillHistoryState> | null;
    if (typeof state?.depth === 'number' && Array.isArray(state.trail)) stack.push(...state.trail);
    else history.replaceState({ drillScope: live.scope ?? homeScope, depth: 0, trail: [live.scope ?? homeScope] } satisfies DrillHistoryState, '');
    // Opened on a scope below the district (a link, a reload, a street's account): frame it.
    const entry = live.scope ? scopeIndex.get(live.scope) : undefined;
    if (entry && entry.level !== 'district' && !readUrlState().view) target.value = { kind: 'bounds', bounds: entry.bounds, initial: true };
    window.addEventListener('popstate', onPopState);
  }

  /** Adds a level's outlines to the index (loaded on demand). */
  function addLevel(add: (i: ScopeIndex) => void): void {
    if (!index.value) return;
    add(index.value);
    indexVersion.value++;
  }

  function setCameraReader(read: () => MapCamera | undefined): void {
    currentCamera = read;
  }

  /** Drills to a scope (a click on the map, the breadcrumb going down, a search result). */
  function drillTo(code: string): void {
    const entry = index.value?.get(code);
    if (!entry || code === current.value || (home.value && !isWithin(code, home.value))) return;
    const from = current.value;
    const camera = currentCamera();
    if (from && camera) savedViews.set(from, camera);
    const depth = (depthNow() ?? 0) + 1;
    stack.length = depth;
    stack[depth] = code;
    history.pushState({ drillScope: code, depth, trail: [...stack] } satisfies DrillHistoryState, '', urlWithScope(code));
    show(code, { kind: 'bounds', bounds: entry.bounds });
  }

  /**
   * One level up (Esc, the breadcrumb's parent). Through the browser's history when the parent is
   * the entry before this one, so the back button and Esc agree; otherwise (a link opened deep)
   * by replacing this entry.
   */
  function up(): void {
    if (cameraId.value) return closeCamera();
    if (card.value) return closeCard();
    const code = current.value;
    if (!code || code === home.value) return;
    const parent = parentOf(code);
    if (!parent) return;
    goTo(parent);
  }

  /**
   * Goes to an ancestor shown in the breadcrumb: back through the browser's history to the entry
   * that showed it when there is one (so back and forward keep meaning what they say), else by
   * replacing this entry.
   */
  function goTo(ancestor: string): void {
    const code = current.value;
    if (!code || ancestor === code || !isWithin(code, ancestor)) return;
    const depth = depthNow();
    if (depth !== undefined) {
      const at = stack.lastIndexOf(ancestor, depth - 1);
      if (at >= 0) {
        history.go(at - depth);
        return;
      }
    }
    stack.length = (depth ?? 0) + 1;
    stack[depth ?? 0] = ancestor;
    history.replaceState({ drillScope: ancestor, depth: depth ?? 0, trail: [...stack] } satisfies DrillHistoryState, '', urlWithScope(ancestor));
    restore(ancestor);
  }

  function onPopState(): void {
    const state = history.state as Partial<DrillHistoryState> | null;
    if (Array.isArray(state?.trail)) state.trail.forEach((code, i) => (stack[i] = code));
    const code = readUrlState().scope ?? home.value;
    if (code && code !== current.value) restore(code);
  }

  /** Shows a scope that was shown before: the view saved when it was left, else its frame. */
  function restore(code: string): void {
    const saved = savedViews.get(code);
    const entry = index.value?.get(code);
    show(code, saved ? { kind: 'camera', camera: saved } : entry ? { kind: 'bounds', bounds: entry.bounds } : undefined);
  }

  function show(code: string, to: MapTarget | undefined): void {
    card.value = undefined;
    closeCamera();
    nearbyCameras.value = [];
    live.showScope(code);
    if (to) target.value = to;
  }

  function openCard(c: DrillCard): void {
    card.value = c;
    closeCamera();
    nearbyCameras.value = [];
  }

  function closeCard(): void {
    card.value = undefined;
    nearbyCameras.value = [];
  }

  function openCamera(id: string): void {
    cameraId.value = id;
  }

  function closeCamera(): void {
    cameraId.value = undefined;
    const url = new URL(window.location.href);
    if (!url.searchParams.has('camera')) return;
    // Replaced, not added: the back button keeps its meaning for the drill, and a reload does not reopen it.
    url.searchParams.delete('camera');
    history.replaceState(history.state, '', url);
  }

  function showNearbyCameras(list: readonly NearbyCamera[]): void {
    nearbyCameras.value = list;
  }

  return { index, indexVersion, addLevel, home, current, path, card, cameraId, nearbyCameras, target, setHome, start, setCameraReader, drillTo, up, goTo, openCard, closeCard, openCamera, closeCamera, showNearbyCameras };
});

/** The current address with `scope` set (other parameters kept: language, theme, layers). */
function urlWithScope(code: string): string {
  const q = new URLSearchParams(window.location.search);
  q.set('scope', code);
  return `${window.location.pathname}?${q.toString()}`;
}

/** Depth of the current history entry below the one the page opened on, if the drill made it. */
function depthNow(): number | undefined {
  const depth = (history.state as Partial<DrillHistoryState> | null)?.depth;
  return typeof depth === 'number' ? depth : undefined;
}
