import type { Worker } from 'node:worker_threads';
import { PendingRequests } from '../pending-requests';
import { tsxWorker } from '../tsx-worker';
import type { FromLogWriter, LogWriterData, ToLogWriter } from './log-writer-worker';
import type { BatchOutcome, LogRow } from './sqlite-log-append';

/**
 * The event log's writer thread (`log-writer-worker.ts`), seen from the thread that serves HTTP:
 * each batch goes out at once and comes back committed; the thread groups those that wait. It
 * keeps the process alive only while a request is in flight, so a tool that never closes the
 * store still exits.
 */
export class LogWriterThread {
  private readonly worker: Worker;
  private readonly pending = new PendingRequests<BatchOutcome | undefined>();
  private failure: Error | undefined;
  private readonly closed: Promise<void>;

  constructor(file: string) {
    this.worker = tsxWorker(new URL('./log-writer-worker.ts', import.meta.url), { workerData: { file } satisfies LogWriterData });
    this.worker.unref();
    this.closed = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.on('message', (msg: FromLogWriter) => this.settle(msg));
    this.worker.once('error', (err) => this.fail(err));
    this.worker.once('exit', (code) => this.fail(new Error(`the event log's writer thread exited (${code})`)));
  }

  /** Commits the batch in the writer thread (with the others waiting there); resolves once durable. */
  async append(rows: LogRow[], receivedAt: string): Promise<BatchOutcome> {
    return (await this.request((id) => ({ type: 'append', id, receivedAt, rows })))!;
  }

  /** Writes a checkpoint in the writer thread (between groups, never inside one). */
  async saveCheckpoint(name: string, seq: number, state: string, savedAt: string): Promise<void> {
    await this.request((id) => ({ type: 'checkpoint', id, name, seq, state, savedAt }));
  }

  private request(message: (id: number) => ToLogWriter): Promise<BatchOutcome | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    const { id, answer } = this.pending.open();
    if (this.pending.size === 1) this.worker.ref();
    this.worker.postMessage(message(id));
    return answer;
  }

  /** Closes the thread's connection and ends it, after the requests already posted. */
  async close(): Promise<void> {
    if (!this.failure) {
      this.worker.ref();
      this.worker.postMessage({ type: 'close' } satisfies ToLogWriter);
    }
    await this.closed;
  }

  private settle(msg: FromLogWriter): void {
    const w = this.pending.take(msg.id);
    if (!w) return;
    if (this.pending.size === 0) this.worker.unref();
    if (msg.type === 'failed') w.reject(new Error(`event log: ${msg.message}`));
    else w.resolve(msg.type === 'appended' ? msg.outcome : undefined);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.pending.rejectAll(this.failure);
  }
}
