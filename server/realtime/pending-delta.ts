import type { IncidentPoint } from '@protocol/index';
import type { ScopeChange } from '../aggregate/today-incidents';

/**
 * The changes of one scope collected during a coalescing window. Adding then removing the same
 * incident inside a window cancels out, so a delta never tells a client to remove what it was
 * never sent.
 */
export class PendingDelta {
  readonly added = new Map<string, IncidentPoint>();
  readonly removed = new Set<string>();

  merge(change: ScopeChange): void {
    for (const p of change.added) {
      this.removed.delete(p.incidentId);
      this.added.set(p.incidentId, p);
    }
    for (const id of change.removed) {
      if (!this.added.delete(id)) this.removed.add(id);
    }
  }
}
