import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread running the TypeScript module `entry`, whoever started us (tsx, vitest):
 * the thread boots through `tsx-worker-boot.mjs`, which registers tsx there first.
 */
export function tsxWorker(entry: URL, options: Omit<WorkerOptions, 'argv'> = {}): Worker {
  return new Worker(new URL('./tsx-worker-boot.mjs', import.meta.url), { ...options, argv: [entry.href] });
}
