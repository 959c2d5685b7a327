import { createApp } from 'vue';
import { createPinia } from 'pinia';
import type { createAppI18n } from '../i18n';
import DeskScreen from './DeskScreen.vue';
import { apiJson } from '../services/api';
import { storedSession } from '../services/session';
import { useSessionStore } from '../stores/session';

/**
 * `/desk`: people only (a wall's display token has no desk: back to the wall); opens on
 * `?scope=` or the person's own scope.
 */
export async function bootstrapDesk(scope: string | undefined, i18n: ReturnType<typeof createAppI18n>, selector: string): Promise<void> {
  if (storedSession()?.kind !== 'user') {
    window.location.replace('/');
    return;
  }
  const pinia = createPinia();
  // A refused token sends the person back to /login.
  useSessionStore(pinia).start();
  const me = await apiJson<{ scope: string }>('/api/auth/me', 'identity');
  createApp(DeskScreen, { scope: scope ?? me.scope, home: me.scope }).use(pinia).use(i18n).mount(selector);
}
