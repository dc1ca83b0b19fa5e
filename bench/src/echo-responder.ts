// The baseline's other side: its own process with one NATS connection, answering every request on the subject
// with the request's own bytes, as a service process answers the gateway (minus any work).
import { connect } from 'nats';

async function main(): Promise<void> {
  const [url, subject] = process.argv.slice(2);
  const nc = await connect({ servers: url, name: 'bench-echo' });
  nc.subscribe(subject, { callback: (_err, msg) => msg.respond(msg.data) });
  await nc.flush();
  process.stdout.write('ready\n');
  const stop = () => void nc.drain().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
