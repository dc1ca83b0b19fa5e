// The minimal durable service of the issue-13 baseline, in two processes as the product has them:
//   `http`:  plain node:http, one NATS request per POST, the reply written back as it came;
//   `store`: answers the subject with one better-sqlite3 insert per command (WAL, synchronous = FULL, one
//            transaction each), so every answer waits for its own fsync, as an acknowledged command must.
// No validation, no auth, no events, no projection: what any durable service must do at least.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { connect } from 'nats';

const SUBJECT = 'bench.durable.create';

async function runStore(url: string, file: string): Promise<void> {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS commands (id TEXT PRIMARY KEY, recorded_at TEXT NOT NULL, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO commands (id, recorded_at, body) VALUES (?, ?, ?)');
  const nc = await connect({ servers: url, name: 'bench-durable-store' });
  const decoder = new TextDecoder();
  nc.subscribe(SUBJECT, {
    callback: (_err, msg) => {
      const id = randomUUID();
      // better-sqlite3 runs each statement in its own transaction when none is open: one commit, one fsync
      insert.run(id, new Date().toISOString(), decoder.decode(msg.data));
      msg.respond(new TextEncoder().encode(JSON.stringify({ id, version: 1 })));
    },
  });
  await nc.flush();
  ready(() => void nc.drain().finally(() => db.close()));
}

async function runHttp(url: string, port: number): Promise<void> {
  const nc = await connect({ servers: url, name: 'bench-durable-http' });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      nc.request(SUBJECT, Buffer.concat(chunks), { timeout: 5000 }).then(
        (reply) => {
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(reply.data);
        },
        (e: Error) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(e.message);
        },
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  ready(() => server.close(() => void nc.drain()));
}

function ready(stop: () => void): void {
  process.stdout.write('ready\n');
  const exit = () => {
    stop();
    setTimeout(() => process.exit(0), 500).unref();
  };
  process.once('SIGTERM', exit);
  process.once('SIGINT', exit);
}

const [role, url, arg] = process.argv.slice(2);
(role === 'store' ? runStore(url, arg) : runHttp(url, Number(arg))).catch((e) => {
  process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
