// Runs one analysis at a time and coalesces requests that arrive while it runs, so a burst of
// keystrokes costs one analysis of the newest text rather than one per keystroke.

export class Scheduler {
  private running: Promise<void> | null = null;
  private pending = false;
  private disposed = false;

  constructor(private readonly task: () => Promise<void>) {}

  request(): void {
    if (this.disposed) return;
    this.pending = true;
    if (!this.running) this.running = this.loop();
  }

  /** Resolves when no analysis is running or pending. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  dispose(): void {
    this.disposed = true;
  }

  private async loop(): Promise<void> {
    try {
      while (this.pending && !this.disposed) {
        this.pending = false;
        // Yield once so that edits arriving in the same tick are folded into this run.
        await new Promise((r) => setImmediate(r));
        try {
          await this.task();
        } catch (e) {
          console.error('[stacklens] analysis failed:', e);
        }
      }
    } finally {
      this.running = null;
    }
  }
}
