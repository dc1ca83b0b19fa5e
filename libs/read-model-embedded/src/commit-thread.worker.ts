// The commit thread's body (see commit-thread.ts): its own connection to the service's file, the same transaction.
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { commitTransaction, unpackRows, type PackedRows } from './commit-sql';

export interface CommitThreadOptions {
  file: string;
  synchronous: number;
  busyTimeout: number;
}

export interface CommitRequest {
  projection: string;
  checkpoint: number;
  rows: PackedRows;
}

export type CommitReply = { ok: true } | { ok: false; message: string; code?: string };

const options = workerData as CommitThreadOptions;
const db = new BetterSqlite3(options.file);
db.pragma(`busy_timeout = ${options.busyTimeout}`);
db.pragma(`synchronous = ${options.synchronous}`);
const commit = commitTransaction(db);

parentPort?.on('message', ({ projection, checkpoint, rows }: CommitRequest) => {
  let reply: CommitReply;
  try {
    commit(projection, checkpoint, unpackRows(rows));
    reply = { ok: true };
  } catch (error) {
    const e = error as Error & { code?: unknown };
    reply = { ok: false, message: e.message, ...(typeof e.code === 'string' ? { code: e.code } : {}) };
  }
  parentPort?.postMessage(reply);
});
