import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** One config for the web build (root `web/`, output `dist/web/`) and for Vitest (root: repo). */
export default defineConfig({
  root: here('./web'),
  plugins: [vue()],
  resolve: {
    alias: {
      '@protocol': here('./server/protocol'),
      '@geo': here('./geo'),
    },
  },
  build: {
    outDir: here('./dist/web'),
    emptyOutDir: true,
    // maplibre, deck.gl and ECharts are large by nature; they are split into their own chunks.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ },
            { name: 'deckgl', test: /node_modules[\\/]@(deck|luma|math|loaders)\.gl/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|vue-echarts)/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/media': 'http://localhost:8080',
      '/socket.io': { target: 'ws://localhost:8080', ws: true },
    },
  },
  test: {
    root: here('.'),
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      { extends: true, test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false } },
    ],
  },
});
