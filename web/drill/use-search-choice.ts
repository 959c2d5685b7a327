import type { SearchResult } from '@protocol/drill';
import { useDrillStore } from '../stores/drill';

/**
 * What choosing a search result does: a scope is drilled into; a building, an incident or a work
 * order drills into its grid and opens its card (a work order's card is its incident's, which
 * holds the order's timeline).
 */
export function useSearchChoice(): (r: SearchResult) => void {
  const drill = useDrillStore();
  return (r) => {
    drill.drillTo(r.scope);
    if (r.kind === 'building') drill.openCard({ kind: 'building', buildingId: r.id });
    else if (r.kind === 'incident') drill.openCard({ kind: 'incident', incidentId: r.id });
    else if (r.kind === 'workorder' && r.incidentId) drill.openCard({ kind: 'incident', incidentId: r.incidentId });
  };
}
