/** One step of a window's work (a room's delta). */
export type WindowStep = () => void;

/**
 * Runs each coalescing window's work in slices of about `sliceMs`, yielding to the event loop in
 * between: with hundreds of rooms a window's work takes tens of milliseconds, and an alarm or an
 * ingest acknowledgement must not wait behind it. A window's steps are planned when it starts.
 *
 * A window that opens while the previous one is still running is not dropped: it starts as soon
 * as the previous one ends (its deltas then cover more than one window). Dropping it made every
 * incident of that window wait a whole window more whenever sending took longer than a window,
 * which is when the server is busiest.
 */
export class SlicedWindows {
  private running = false;
  /** The plan of a window that opened while one was running, if any (the latest). */
  private missed: (() => readonly WindowStep[]) | undefined;

  constructor(
    private readonly sliceMs: number,
    /** A step that throws is reported here; the window goes on with the next step. */
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Opens a window: `plan` is called when the window starts and returns its steps. */
  open(plan: () => readonly WindowStep[]): void {
    if (this.running) {
      this.missed = plan;
      return;
    }
    this.running = true;
    let steps: readonly WindowStep[] = [];
    try {
      steps = plan();
    } catch (err) {
      this.onError(err);
    }
    this.runSlice(steps, 0);
  }

  private runSlice(steps: readonly WindowStep[], from: number): void {
    const start = performance.now();
    for (let i = from; i < steps.length; i++) {
      try {
        steps[i]!();
      } catch (err) {
        this.onError(err);
      }
      if (performance.now() - start >= this.sliceMs && i + 1 < steps.length) {
        setImmediate(() => this.runSlice(steps, i + 1));
        return;
      }
    }
    this.running = false;
    const missed = this.missed;
    this.missed = undefined;
    if (missed) setImmediate(() => this.open(missed));
  }
}
