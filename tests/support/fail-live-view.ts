import type { RunningTestServer } from './test-server';

/**
 * Makes the server's next live view fail (as a busy or broken read model would), whoever asks
 * for it (a subscription, a room's delta); counts the failures. Later views are answered.
 */
export function failLiveViewOnce(server: RunningTestServer): { count: number } {
  const { engine } = server.server;
  const live = engine.live.bind(engine);
  const failures = { count: 0 };
  engine.live = (scope) => {
    if (failures.count === 0) {
      failures.count += 1;
      throw new Error('the read models are busy');
    }
    return live(scope);
  };
  return failures;
}
