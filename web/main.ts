import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createAppI18n } from './i18n';
import { readUrlState } from './url-state';
import { useLiveScopeStore } from './stores/live-scope';
import { fetchManifest } from './map/geo-manifest';
import './styles.css';

/**
 * Starts the wall on `?scope=` or else on the server's district (until accounts and display
 * tokens carry their own scope).
 */
async function bootstrap(): Promise<void> {
  const url = readUrlState();
  const manifest = await fetchManifest();
  const app = createApp(App, { manifest });
  app.use(createPinia());
  app.use(createAppI18n(url.lang));
  document.documentElement.lang = url.lang;
  useLiveScopeStore().start(url.scope ?? manifest.district.code);
  app.mount('#app');
}

void bootstrap();
