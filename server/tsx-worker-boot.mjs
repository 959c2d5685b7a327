// Every worker thread starts here (see tsx-worker.ts): it registers tsx (TypeScript, tsconfig
// paths) in this thread, which a worker does not inherit from its parent, then loads the entry
// the thread was started for, the last of its arguments.
import { register } from 'tsx/esm/api';

register({ tsconfig: new URL('../tsconfig.json', import.meta.url).pathname });
await import(process.argv.at(-1));
