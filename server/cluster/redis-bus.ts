import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { clusterEnvelope, type ClusterBus, type ClusterMessage } from './cluster-bus';

/**
 * The cluster channel over Redis pub/sub (`REDIS_URL`): one connection publishes, one listens on
 * `channel` (named after the shared log, so deployments or test runs sharing a Redis never hear
 * each other). Pub/sub keeps nothing: a node that was disconnected misses what was said
 * meanwhile, which is why it catches up from the log when the channel comes back.
 *
 * The publisher does not queue while Redis is away (a queue of hints would only grow); the
 * listener reconnects and resubscribes by itself, forever, with a capped backoff.
 */
export function openRedisBus(url: string, channel: string, logger: Logger): ClusterBus {
  const node = randomUUID();
  const retryStrategy = (attempt: number): number => Math.min(attempt * 200, 2000);
  const publisher = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy, lazyConnect: false });
  const listener = new Redis(url, { retryStrategy, lazyConnect: false });
  let down = false;
  const onError = (err: Error): void => {
    // ioredis reports every failed reconnection attempt: say it once per outage.
    if (!down) logger.error({ err: err.message }, 'redis: cluster channel unavailable; nodes catch up from the log every few seconds until it is back');
    down = true;
  };
  publisher.on('error', onError);
  listener.on('error', onError);

  let reconnected: (() => void) | undefined;
  let subscribed = false;
  listener.on('ready', () => {
    if (down) logger.info('redis: cluster channel back');
    down = false;
    // The first `ready` is the start; later ones follow an outage, when messages may have been lost.
    if (subscribed) reconnected?.();
    subscribed = true;
  });

  return {
    node,
    publish(message: ClusterMessage) {
      if (publisher.status !== 'ready') return;
      publisher.publish(channel, JSON.stringify({ from: node, message })).catch((err: unknown) => onError(err instanceof Error ? err : new Error(String(err))));
    },
    subscribe(handler, onReconnected) {
      reconnected = onReconnected;
      listener.on('message', (ch: string, text: string) => {
        if (ch !== channel) return;
        let parsed;
        try {
          parsed = clusterEnvelope.safeParse(JSON.parse(text));
        } catch {
          parsed = undefined;
        }
        if (!parsed?.success) {
          logger.warn({ channel }, 'redis: ignored a message that is not a cluster message');
          return;
        }
        if (parsed.data.from !== node) handler(parsed.data.message, parsed.data.from);
      });
      // ioredis resubscribes by itself after a reconnection.
      listener.subscribe(channel).catch((err: unknown) => onError(err instanceof Error ? err : new Error(String(err))));
    },
    async close() {
      await Promise.allSettled([publisher.quit(), listener.quit()]);
      publisher.disconnect();
      listener.disconnect();
    },
  };
}
