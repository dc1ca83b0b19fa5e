import type { ChildProcess } from 'node:child_process';

type Cleanup = () => Promise<void> | void;

/**
 * Everything a part started (stack, nats-server, temp dirs, child processes) registers its undo here, so that
 * an error, Ctrl-C or SIGTERM in the middle of a run still leaves no process or directory behind.
 */
const cleanups: Cleanup[] = [];
const children = new Set<ChildProcess>();

/** Registers an undo; returns a function that runs it now (once) and unregisters it. */
export function onCleanup(fn: Cleanup): () => Promise<void> {
  let done = false;
  const once: Cleanup = async () => {
    if (done) return;
    done = true;
    await fn();
  };
  cleanups.push(once);
  return async () => {
    const i = cleanups.indexOf(once);
    if (i >= 0) cleanups.splice(i, 1);
    await once();
  };
}

/** A child that must not outlive the bench even if the bench dies without running its cleanups. */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

export async function runCleanups(): Promise<void> {
  while (cleanups.length > 0) {
    const fn = cleanups.pop() as Cleanup;
    try {
      await fn();
    } catch (e) {
      process.stderr.write(`cleanup failed: ${(e as Error)?.stack ?? String(e)}\n`);
    }
  }
}

let exiting = false;

/** Signals and fatal errors run the cleanups before exiting; a plain exit at least kills tracked children. */
export function installExitHandlers(): void {
  const bail = (code: number, why: string) => {
    if (exiting) return;
    exiting = true;
    process.stderr.write(`\nbench: ${why}; cleaning up\n`);
    const hardStop = setTimeout(() => process.exit(code), 15_000);
    hardStop.unref();
    void runCleanups().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => bail(130, 'interrupted'));
  process.once('SIGTERM', () => bail(143, 'terminated'));
  process.on('uncaughtException', (e) => {
    process.stderr.write(`${e?.stack ?? String(e)}\n`);
    bail(1, 'uncaught exception');
  });
  process.on('unhandledRejection', (e) => {
    process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    bail(1, 'unhandled rejection');
  });
  process.on('exit', () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
}
