import type { Logger } from 'pino';
import type { Engine } from './engine';

/**
 * Saves the engine's state now and then, so a restart replays only the tail of the log: every
 * `intervalMs` when something changed, sooner when many events arrived, and once more at close.
 */
export function startCheckpointer(engine: Engine, logger: Logger, options: { intervalMs?: number; everyEvents?: number } = {}): { stop(): Promise<void> } {
  const intervalMs = options.intervalMs ?? 60_000;
  const everyEvents = options.everyEvents ?? 200_000;
  let last = Date.now();
  let running: Promise<void> = Promise.resolve();
  const save = (): void => {
    running = running
      .then(() => engine.checkpoint())
      .then(() => {
        last = Date.now();
      })
      .catch((err: unknown) => logger.error({ err }, 'checkpoint failed'));
  };
  const timer = setInterval(() => {
    if (engine.sinceCheckpoint > 0 && (Date.now() - last >= intervalMs || engine.sinceCheckpoint >= everyEvents)) save();
  }, Math.min(intervalMs, 1000));
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      save();
      await running;
    },
  };
}
