import type { FoldedWorkOrder } from '../aggregate/workorder/fold-work-order';
import { WorkOrderCache } from './project-workorders';
import type { ProjectionChanges, Projector } from './projector';
import type { ReadDb } from './read-db';
import type { StoredEvent } from '../store/event-store';

/**
 * How the engine reaches the projector: `apply` folds a page into the read models and resolves
 * once it is committed; `folded` reads an order's history from them (for KPIs and timelines).
 * Two implementations: in this thread (tests, in-memory models) and in a worker thread (the
 * server), so folding never holds up ingest on the main thread.
 */
export interface ProjectorPort {
  apply(events: readonly StoredEvent[]): Promise<ProjectionChanges>;
  folded(id: string): FoldedWorkOrder;
  /** Set once the projector can fold nothing more (its thread ended or died). */
  failure?(): Error | undefined;
  close(): Promise<void>;
}

/** The projector in this thread. */
export class InlineProjector implements ProjectorPort {
  constructor(private readonly projector: Projector) {}

  apply(events: readonly StoredEvent[]): Promise<ProjectionChanges> {
    return Promise.resolve(this.projector.apply(events));
  }

  folded(id: string): FoldedWorkOrder {
    return this.projector.folded(id);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * The reading half of a projector that runs elsewhere: folds orders from the committed moves
 * with a cache of its own, forgetting the orders each applied page changed.
 */
export class FoldedReader {
  private readonly cache = new WorkOrderCache(20_000);

  constructor(private readonly db: ReadDb) {}

  folded(id: string): FoldedWorkOrder {
    return this.cache.get(this.db, id).folded;
  }

  forget(ids: Iterable<string>): void {
    for (const id of ids) this.cache.delete(id);
  }
}
