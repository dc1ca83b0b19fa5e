import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const REGISTER = join(__dirname, 'ts-register.js');

export interface TsChild {
  child: ChildProcess;
  /** Lines the child wrote to stdout so far. */
  lines: string[];
  /** Resolves with the first line (already written or to come) that matches; rejects when the child exits first or time runs out. */
  line(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves when the child has exited, with its code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: the process dies where it stands, nothing closes gracefully. */
  kill(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs a TypeScript file of this repo in a separate Node process (a real second process: its own SQLite
 * connections, its own event loop, killable with SIGKILL). Its stdout is read line by line; its stderr is kept
 * for the error message when it fails.
 */
export function spawnTs(entry: string, args: string[] = [], env: Record<string, string> = {}): TsChild {
  const child = spawn(process.execPath, ['-r', REGISTER, entry, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const lines: string[] = [];
  const stderr: string[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const wake of waiters) wake();
  });
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
      for (const wake of waiters) wake();
    }),
  );
  const line = (pattern: RegExp, timeoutMs = 30_000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => done(new Error(`no line matching ${pattern} from ${entry} within ${timeoutMs} ms\n${stderr.slice(-20).join('\n')}`)),
        timeoutMs,
      );
      const check = () => {
        const found = lines.find((l) => pattern.test(l));
        if (found !== undefined) done(undefined, found);
        else if (child.exitCode !== null || child.signalCode !== null)
          done(new Error(`${entry} exited before writing ${pattern}\n${stderr.slice(-20).join('\n')}`));
      };
      const done = (error?: Error, found?: string) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (error) reject(error);
        else resolve(found!);
      };
      waiters.add(check);
      check();
    });
  return {
    child,
    lines,
    line,
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}
