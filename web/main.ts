import { createApp } from 'vue';
import { createPinia } from 'pinia';
import type { FeatureCollection } from 'geojson';
import App from './App.vue';
import { createAppI18n } from './i18n';
import { readUrlState } from './url-state';
import { useLiveScopeStore } from './stores/live-scope';
import './styles.css';

/**
 * Starts the wall on `?scope=` or else on the server's district (until accounts and display
 * tokens carry their own scope).
 */
async function bootstrap(): Promise<void> {
  const url = readUrlState();
  const res = await fetch('/api/geo/scopes.geojson?level=district');
  const districts = res.ok ? ((await res.json()) as FeatureCollection) : undefined;
  const district = districts?.features[0]?.properties as { code: string; name: string } | undefined;
  const app = createApp(App, { districtName: district?.name ?? '' });
  app.use(createPinia());
  app.use(createAppI18n(url.lang));
  document.documentElement.lang = url.lang;
  const scope = url.scope ?? district?.code;
  if (scope) useLiveScopeStore().start(scope);
  app.mount('#app');
}

void bootstrap();
