/** What one request of a batch came to: its own result or its own error (the others are not affected). */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Waiting<Q, R> {
  request: Q;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit: requests made while the event loop is busy (better-sqlite3 blocks it during each commit and its
 * fsync) are written together in one transaction, with one fsync, on the next turn of the loop. Each caller is
 * answered only after `commit` has returned for its batch, i.e. after the batch is durable; `commit` answers
 * every request of the batch on its own, or throws, and then every caller of the batch gets that error.
 */
export class GroupCommit<Q, R> {
  private queue: Waiting<Q, R>[] = [];
  private scheduled = false;
  private batches = 0;

  /**
   * `maxBatch` bounds one transaction only: a flush commits everything queued before it returns, so a lower bound
   * adds fsyncs without answering anyone sooner. 2048 lets the four 512-event batches of an inbox catching up on
   * four sources, which arrive together, share one transaction (bench part 6a).
   */
  constructor(
    private readonly commit: (requests: Q[]) => Outcome<R>[],
    private readonly maxBatch = 2048,
  ) {}

  submit(request: Q): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // setImmediate, not a microtask: commands whose messages arrived in the same read get to queue first
      setImmediate(() => this.flush());
    });
  }

  /** Commits everything queued now (also called before the database closes). */
  flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      let outcomes: Outcome<R>[];
      try {
        outcomes = this.commit(batch.map((w) => w.request));
        this.batches++;
      } catch (error) {
        for (const w of batch) w.reject(error);
        continue;
      }
      batch.forEach((w, i) => {
        const o = outcomes[i];
        if (o.ok) w.resolve(o.value);
        else w.reject(o.error);
      });
    }
  }

  /** Transactions committed so far (each with its fsync): fewer than the requests when they were grouped. */
  get committed(): number {
    return this.batches;
  }
}
