/** Delays between reconnection attempts that closing the store ends at once. */
export class Pauses {
  private readonly waiting = new Set<() => void>();

  pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiting.add(done);
    });
  }

  /** Ends every pause now. */
  cancelAll(): void {
    for (const done of [...this.waiting]) done();
  }
}
