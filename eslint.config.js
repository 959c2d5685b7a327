// @ts-check
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';

/** Imports that cross a folder boundary the architecture forbids (ARCHITECTURE.md, "Folder ownership"). */
const serverInternals = {
  group: ['**/server', '**/server/**'],
  message: 'web/ and mock/ may import only the wire contract, through its alias: @protocol/... (server/protocol/).',
};
const appLevel = {
  group: ['**/server/**', '**/web/**', '**/mock/**', '@protocol/*', 'vue', 'vue/**', 'pinia', 'express', 'socket.io', 'socket.io-client', 'maplibre-gl', '@deck.gl/*', 'echarts', 'echarts/**', 'pino', 'better-sqlite3'],
  message: 'geo/ is pure TypeScript: no framework or app-level import.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'tests/e2e/artifacts/**', '**/*.tmp.ts'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module', extraFileExtensions: ['.vue'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      // Formatting is not linted; these stylistic rules fight the compact templates.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/no-v-html': 'error',
    },
  },
  {
    files: ['web/**/*.{ts,vue}', 'mock/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [serverInternals] }] },
  },
  {
    files: ['geo/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [appLevel] }] },
  },
  {
    // Only the entry point composes server and in-process simulator.
    files: ['server/**/*.ts'],
    ignores: ['server/main.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/mock/**', '**/web/**'], message: 'server/ does not import mock/ or web/ (only server/main.ts starts the in-process simulator).' }] }] },
  },
);
