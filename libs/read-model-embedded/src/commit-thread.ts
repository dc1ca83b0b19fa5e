import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { packRows, type Row } from './commit-sql';
import type { CommitReply, CommitRequest, CommitThreadOptions } from './commit-thread.worker';
import type { Database } from './schema';

/** Compiled beside this file; absent when running from the TypeScript sources (the tests), where commits stay in-thread. */
const WORKER_FILE = join(__dirname, 'commit-thread.worker.js');

/**
 * A worker thread with its own connection to the service's file, which writes large commits (a rebuild's) while the
 * caller's thread goes on folding: on a machine with a second core, SQLite's work and the fold overlap. One commit at
 * a time; the store sends the next only once the last has answered. The thread only holds the process open while a
 * commit is in flight.
 */
export class CommitThread {
  private worker: Worker | null = null;
  private waiting: { resolve: () => void; reject: (error: Error) => void } | null = null;

  private constructor(private readonly options: CommitThreadOptions) {}

  /** Null when a second connection cannot share the store's: an in-memory or read-only database, or no compiled worker. */
  static of(db: Database): CommitThread | null {
    if (db.memory || db.readonly || !existsSync(WORKER_FILE)) return null;
    return new CommitThread({
      file: db.name,
      synchronous: Number(db.pragma('synchronous', { simple: true })),
      busyTimeout: Number(db.pragma('busy_timeout', { simple: true })),
    });
  }

  /** Resolves once the rows and the checkpoint are committed, all or nothing; rejects with SQLite's error otherwise. */
  commit(projection: string, checkpoint: number, rows: Row[]): Promise<void> {
    if (this.waiting) return Promise.reject(new Error('CommitThread: a commit is already in flight'));
    const worker = this.worker ?? this.start();
    return new Promise<void>((resolve, reject) => {
      this.waiting = { resolve, reject };
      worker.ref();
      const request: CommitRequest = { projection, checkpoint, rows: packRows(rows) };
      worker.postMessage(request, [request.rows.ends.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    const worker = new Worker(WORKER_FILE, { workerData: this.options });
    worker.unref();
    worker.on('message', (reply: CommitReply) => {
      worker.unref();
      const waiting = this.waiting;
      this.waiting = null;
      if (reply.ok) waiting?.resolve();
      else waiting?.reject(Object.assign(new Error(reply.message), reply.code ? { code: reply.code } : {}));
    });
    // A thread that dies mid-commit leaves its transaction uncommitted, which SQLite rolls back: nothing half-written.
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      const waiting = this.waiting;
      this.waiting = null;
      waiting?.reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the read model's commit thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
