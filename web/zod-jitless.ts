import { config } from 'zod';

/**
 * zod compiles fast parsers with `new Function` when it may, and probes whether it may by calling
 * `Function('')`: under the wall's CSP (no 'unsafe-eval') that probe is refused and reported as a
 * `script-src` violation on every page load. The browser parses little, so the plain parsers do.
 * Imported first by main.ts, before any schema is used.
 */
config({ jitless: true });
