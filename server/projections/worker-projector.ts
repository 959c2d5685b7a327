import type { Worker } from 'node:worker_threads';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { PendingRequests } from '../pending-requests';
import { tsxWorker } from '../tsx-worker';
import type { FoldedWorkOrder } from '../aggregate/workorder/fold-work-order';
import type { StoredEvent } from '../store/event-store';
import { FoldedReader, type ProjectorPort } from './projector-port';
import type { FromWorker, ProjectorWorkerData, ToWorker } from './projector-worker';
import type { ProjectionChanges } from './projector';
import type { ReadDb } from './read-db';

/** The smallest page the projector's thread reads from the log itself (see `message`). */
const RANGE_MIN_EVENTS = 16;

/**
 * The projector in a worker thread (`projector-worker.ts`): pages go out in order and come back
 * acknowledged once committed. This thread reads the committed models through its own connection.
 */
export class WorkerProjector implements ProjectorPort {
  private readonly worker: Worker;
  private readonly reader: FoldedReader;
  private readonly pending = new PendingRequests<ProjectionChanges>();
  private readonly ready: Promise<void>;
  private broken: Error | undefined;

  private readonly logInTerritoryFile: boolean;

  constructor(data: ProjectorWorkerData, readDb: ReadDb) {
    this.logInTerritoryFile = data.logInTerritoryFile === true;
    this.reader = new FoldedReader(readDb);
    this.worker = tsxWorker(new URL('./projector-worker.ts', import.meta.url), { workerData: data });
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (msg: FromWorker): void => {
        if (msg.type === 'ready') resolve();
        else this.settle(msg);
      };
      this.worker.on('message', onMessage);
      const fail = (err: Error): void => {
        this.broken ??= err;
        reject(this.broken);
        this.pending.rejectAll(this.broken);
      };
      this.worker.once('error', fail);
      // A thread that ends without an error (or is ended) answers nothing more: every page
      // waiting, and every page after, fails instead of waiting for ever.
      this.worker.once('exit', (code) => fail(new Error(`the projector's thread exited (${code})`)));
    });
  }

  async apply(events: readonly StoredEvent[]): Promise<ProjectionChanges> {
    await this.ready;
    if (this.broken) throw this.broken;
    const { id, answer } = this.pending.open();
    this.worker.postMessage(this.message(id, events));
    return answer;
  }

  /**
   * With the log in the projector's reach, a page of consecutive positions goes as its first and
   * last position (the events are committed: the engine feeds only what the store has appended).
   * A page of a few events is sent as it is: cloning it costs less than the read.
   */
  private message(id: number, events: readonly StoredEvent[]): ToWorker {
    const first = events[0];
    const last = events[events.length - 1];
    if (this.logInTerritoryFile && events.length >= RANGE_MIN_EVENTS && first && last && last.seq - first.seq + 1 === events.length) {
      return { type: 'applyRange', id, fromSeq: first.seq, toSeq: last.seq };
    }
    return { type: 'apply', id, events };
  }

  failure(): Error | undefined {
    return this.broken;
  }

  /** The thread's event loop utilisation (its active time is its folding), for benchmarks. */
  threadUtilization(): EventLoopUtilization {
    return this.worker.performance.eventLoopUtilization();
  }

  folded(id: string): FoldedWorkOrder {
    return this.reader.folded(id);
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    this.worker.postMessage({ type: 'close' } satisfies ToWorker);
    await this.worker.terminate();
  }

  private settle(msg: Exclude<FromWorker, { type: 'ready' }>): void {
    const w = this.pending.take(msg.id);
    if (!w) return;
    if (msg.type === 'failed') {
      w.reject(new Error(`projector: ${msg.message}`));
      return;
    }
    this.reader.forget(msg.orders);
    w.resolve({ scopes: new Set(msg.scopes), orders: new Set(msg.orders) });
  }
}
