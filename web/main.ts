import './zod-jitless';
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import LoginScreen from './screen/LoginScreen.vue';
import { bootstrapDesk } from './desk/boot-desk';
import AuditScreen from './audit/AuditScreen.vue';
import { createAppI18n } from './i18n';
import { readUrlState } from './url-state';
import { useLiveScopeStore } from './stores/live-scope';
import { useSessionStore } from './stores/session';
import { useDrillStore } from './stores/drill';
import { apiJson, UnauthorizedError } from './services/api';
import { adoptDisplayToken, storedSession } from './services/session';
import { fetchManifest, type GeoManifest } from './map/geo-manifest';
import { applyTheme } from './theme/palette';
import './styles.css';

/** Who the stored token is (`GET /api/auth/me`): the wall opens on that identity's scope. */
interface Me {
  kind: 'user' | 'display';
  name: string;
  role: string;
  scope: string;
}

/**
 * `/login` shows the sign-in page. Anything else is the wall: a display token given once as
 * `?display=` is kept and removed from the address bar; without a token the browser goes to
 * `/login`. The wall opens on `?scope=` or else on the identity's own scope.
 */
async function bootstrap(): Promise<void> {
  const url = readUrlState();
  if (url.display) adoptDisplayToken(url.display);
  const i18n = createAppI18n(url.lang);
  document.documentElement.lang = url.lang;
  applyTheme();

  if (window.location.pathname === '/login') {
    createApp(LoginScreen).use(i18n).mount('#app');
    return;
  }
  if (!storedSession()) {
    // The desk comes back to the desk after signing in.
    const q = new URLSearchParams(window.location.search);
    if (window.location.pathname === '/desk') q.set('next', 'desk');
    window.location.replace(`/login${q.toString() ? `?${q.toString()}` : ''}`);
    return;
  }
  if (window.location.pathname === '/desk') {
    await bootstrapDesk(url.scope, i18n, '#app');
    return;
  }
  // The auditor's desk view: the trail only, no live data.
  if (window.location.pathname === '/audit') {
    createApp(AuditScreen).use(i18n).mount('#app');
    return;
  }

  const pinia = createPinia();
  useSessionStore(pinia).start();
  let manifest: GeoManifest | undefined;
  let me: Me | undefined;
  try {
    [me, manifest] = await Promise.all([apiJson<Me>('/api/auth/me', 'identity'), fetchManifest()]);
  } catch (err) {
    // A refused token is already handled (back to /login, or the wall's notice).
    if (!(err instanceof UnauthorizedError)) throw err;
  }
  const app = createApp(App, { manifest, watermark: me?.name });
  app.use(pinia);
  app.use(i18n);
  if (me && manifest) {
    useDrillStore(pinia).setHome(me.scope);
    useLiveScopeStore(pinia).start(url.scope ?? me.scope);
  }
  app.mount('#app');
}

void bootstrap();
