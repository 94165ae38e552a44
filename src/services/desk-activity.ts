/**
 * When someone last worked at the desk. Background work that holds the database for long
 * stretches (the pull of a region's invitations) asks this and steps aside while a receptionist
 * is working: it writes in short slices and yields between them instead of in large batches.
 *
 * A monotonic clock on purpose: the app's clock can be a test clock standing still, and this is
 * about real elapsed time on the machine.
 */
export class DeskActivity {
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    /** How long after the last call the desk still counts as busy. */
    private readonly windowMs = 5_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  touch(): void {
    this.last = this.now();
  }

  busy(): boolean {
    return this.now() - this.last < this.windowMs;
  }
}
