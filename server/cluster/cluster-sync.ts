import type { Logger } from 'pino';
import type { Engine } from '../aggregate/engine';
import type { RealtimeCounters } from '../realtime/realtime-counters';
import type { ClusterBus } from './cluster-bus';

export interface ClusterSyncDeps {
  bus: ClusterBus;
  engine: Engine;
  counters: RealtimeCounters;
  logger: Logger;
  /** Drops this node's connections of a revoked display token. */
  dropDisplay(id: number): void;
  /** Drops this node's connections of a disabled account. */
  dropAccount(username: string): void;
  /**
   * How often the engine reads the log anyway, ms, as a safety net for a lost message (or for
   * nodes sharing a log without Redis); `undefined` when this node is the only writer.
   */
  catchUpMs: number | undefined;
}

/**
 * Keeps this node in step with the others: another node's append makes the engine read the
 * shared log from its own position (`engine.feed()`, which folds in order whatever it finds, so
 * a message's `lastSeq` is only a hint), a revocation drops the identity's connections here, and
 * a periodic catch-up covers whatever the channel lost.
 */
export function startClusterSync(deps: ClusterSyncDeps): { close(): void } {
  const { engine, logger } = deps;
  const catchUp = (): void => {
    engine.catchUp().catch((err: unknown) => logger.error({ err }, 'catching up from the shared log failed'));
  };
  deps.bus.subscribe(
    (message) => {
      deps.counters.clusterMessages += 1;
      switch (message.kind) {
        case 'appended':
          if (message.lastSeq > engine.seq) catchUp();
          break;
        case 'display-revoked':
          deps.dropDisplay(message.id);
          break;
        case 'account-disabled':
          deps.dropAccount(message.username);
          break;
      }
    },
    catchUp,
  );
  const timer = deps.catchUpMs === undefined ? undefined : setInterval(catchUp, deps.catchUpMs);
  timer?.unref();
  return {
    close() {
      if (timer) clearInterval(timer);
    },
  };
}
