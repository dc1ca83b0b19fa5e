import { Logger } from '@nestjs/common';
import { errorStack, errorText, type MessagingLogger } from '@pmt/messaging';

/**
 * Runs `pass` once at start and then every `intervalMs`, never two at a time: a tick while a pass runs joins
 * it. A failed pass is logged and left to the next tick. For read-model driven schedulers that keep no state
 * of their own, so that the first pass after downtime catches up on everything missed.
 */
export class PeriodicPass<T> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<T | undefined>;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly pass: () => Promise<T>,
    private readonly intervalMs: number,
    private readonly log: MessagingLogger = new Logger(name),
  ) {}

  start(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** One pass (or the one running); resolves to its result, undefined when it failed or after stop. */
  tick(): Promise<T | undefined> {
    if (this.stopped) return Promise.resolve(undefined);
    this.running ??= this.pass()
      .catch((e: unknown) => {
        this.log.error(`${this.name} pass failed: ${errorText(e)}`, errorStack(e));
        return undefined;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** Stops the ticks and waits for the pass under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }
}

/** An interval in ms from the environment (the fallback when unset); anything but a whole number of at least 10 stops the start. */
export function intervalFromEnv(name: string, fallbackMs: number, env: Record<string, string | undefined> = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallbackMs;
  const ms = Number(raw);
  if (!Number.isSafeInteger(ms) || ms < 10) throw new Error(`${name} must be a whole number of milliseconds, at least 10; got "${raw}"`);
  return ms;
}
