import { onBeforeUnmount, ref, watch, type Ref } from 'vue';

/**
 * A number that moves to its new value over `ms` when the source changes (a changed KPI counts
 * up once, so an eye catches it), and jumps when nothing was shown before. No idle animation.
 */
export function useTween(source: Ref<number | null | undefined>, ms = 700): Ref<number | null | undefined> {
  const shown = ref<number | null | undefined>(source.value);
  let frame = 0;
  watch(source, (to, from) => {
    cancelAnimationFrame(frame);
    if (to === null || to === undefined || from === null || from === undefined || typeof window === 'undefined') {
      shown.value = to;
      return;
    }
    const start = performance.now();
    const step = (t: number): void => {
      const k = Math.min(1, (t - start) / ms);
      shown.value = from + (to - from) * (1 - (1 - k) ** 3);
      if (k < 1) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
  });
  onBeforeUnmount(() => cancelAnimationFrame(frame));
  return shown;
}
