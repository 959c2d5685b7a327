import { connectClient, subscribe } from './socket-client';
import type { RunningTestServer } from './test-server';

/**
 * Acknowledges every alarm of a scope, as another wall would, so that a screen opened next does
 * not fly its map to a fresh alarm (tests that click on computed map points need a still map).
 */
export async function acknowledgeAllAlarms(running: RunningTestServer, scope: string): Promise<void> {
  const client = await connectClient(running);
  try {
    for (;;) {
      const snap = await subscribe(client, scope);
      if (!snap.ok || snap.data.alarms.length === 0) break;
      for (const a of snap.data.alarms) await client.timeout(5000).emitWithAck('alarm:acknowledge', { incidentId: a.incidentId });
      await running.server.engine.catchUp();
    }
  } finally {
    client.disconnect();
  }
}
