/** What settles one waiting request. */
export interface Waiting<T> {
  resolve(value: T): void;
  reject(err: Error): void;
}

/**
 * Requests posted to a worker thread that wait for its answer, by the id each message carries
 * (the log's writer thread, the projector's thread).
 */
export class PendingRequests<T> {
  private readonly waiting = new Map<number, Waiting<T>>();
  private nextId = 1;

  /** How many wait. */
  get size(): number {
    return this.waiting.size;
  }

  /** A new request: the id to send and the promise its answer settles. */
  open(): { id: number; answer: Promise<T> } {
    const id = this.nextId++;
    const answer = new Promise<T>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    return { id, answer };
  }

  /** The request `id`, no longer waiting (`undefined` when it is not known). */
  take(id: number): Waiting<T> | undefined {
    const w = this.waiting.get(id);
    this.waiting.delete(id);
    return w;
  }

  /** Fails every waiting request (the thread died). */
  rejectAll(err: Error): void {
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
