// The event log's writer thread starts here: it registers tsx (TypeScript, tsconfig paths) in
// this thread, which a worker does not inherit from its parent, then loads the real entry.
import { register } from 'tsx/esm/api';

register({ tsconfig: new URL('../../tsconfig.json', import.meta.url).pathname });
await import('./log-writer-worker.ts');
