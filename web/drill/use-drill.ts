import { onBeforeUnmount, onMounted, watch } from 'vue';
import { levelOf } from '@geo/scope-code';
import { loadBoundaries, loadLevel } from '../map/boundaries';
import type { GeoManifest } from '../map/geo-manifest';
import { useDrillStore } from '../stores/drill';
import { ScopeIndex } from './scope-index';

/**
 * Starts the drill-down on the wall: the scope index from the territory's outlines (the map loads
 * the same files, fetched once), and Esc for "up one level" (close the player, the card, then the
 * scope), as the browser's back button does.
 */
export function useDrill(manifest: GeoManifest): void {
  const drill = useDrillStore();
  const onKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape' || (e.target instanceof HTMLInputElement && e.target.value !== '')) return;
    drill.up();
  };
  onMounted(async () => {
    window.addEventListener('keydown', onKey);
    drill.start(new ScopeIndex(await loadBoundaries(manifest)));
  });
  // Micro-grids are thousands in a district: their outlines load when a grid is first shown.
  watch(
    () => [drill.current, drill.index] as const,
    ([code]) => {
      if (!code || (levelOf(code) ?? 0) < 3 || !drill.index || drill.index.has('micro-grid')) return;
      void loadLevel(manifest, 'micro-grid').then((fc) => drill.addLevel((i) => i.add('micro-grid', fc)));
    },
    { immediate: true },
  );
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}
