import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

/**
 * The wall's scale: screen height over the 1080 px of the design canvas (styles.css scales rem
 * by the same factor). Charts draw text in pixels, so their option builders multiply by it.
 */
export function useScale(): Ref<number> {
  const scale = ref(window.innerHeight / 1080);
  const update = (): void => {
    scale.value = window.innerHeight / 1080;
  };
  onMounted(() => window.addEventListener('resize', update));
  onBeforeUnmount(() => window.removeEventListener('resize', update));
  return scale;
}
