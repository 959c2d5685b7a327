import type { EventStore } from '../store/event-store';
import type { ClusterBus } from './cluster-bus';

/**
 * The event log, telling the other nodes after each append that stored anything (whoever
 * appends: ingest, the reminder scheduler, alarm acknowledgements), so none of them is missed.
 * Everything else passes through unchanged.
 */
export function announcingStore(store: EventStore, bus: ClusterBus): EventStore {
  return {
    get kind() {
      return store.kind;
    },
    async append(events) {
      const result = await store.append(events);
      if (result.ok && result.accepted.length > 0) bus.publish({ kind: 'appended', lastSeq: result.lastSeq });
      return result;
    },
    readAfter: (afterSeq, limit) => store.readAfter(afterSeq, limit),
    lastSeq: () => store.lastSeq(),
    findById: (id) => store.findById(id),
    saveCheckpoint: (name, seq, state) => store.saveCheckpoint(name, seq, state),
    loadCheckpoint: (name) => store.loadCheckpoint(name),
    close: () => store.close(),
  };
}
