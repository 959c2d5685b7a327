import { shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import { apiFetch } from '../services/api';

/** What a card shows while it loads its answer. */
export type DrillLoad<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'not-found' } | { status: 'failed'; message: string };

/**
 * Fetches `path()` whenever it changes (a card given another id), keeping only the newest answer:
 * a slow answer for the previous id never replaces the current one. 404 is its own state (unknown
 * and out of scope look the same, by design).
 */
export function useDrillFetch<T>(path: Ref<string> | (() => string)): ShallowRef<DrillLoad<T>> {
  const state = shallowRef<DrillLoad<T>>({ status: 'loading' });
  let generation = 0;
  watch(
    path,
    async (url) => {
      const mine = ++generation;
      state.value = { status: 'loading' };
      let next: DrillLoad<T>;
      try {
        const res = await apiFetch(url);
        if (res.status === 404) next = { status: 'not-found' };
        else if (!res.ok) next = { status: 'failed', message: `HTTP ${res.status}` };
        else next = { status: 'ready', data: (await res.json()) as T };
      } catch (err) {
        next = { status: 'failed', message: err instanceof Error ? err.message : String(err) };
      }
      if (mine === generation) state.value = next;
    },
    { immediate: true },
  );
  return state;
}
