import { createGatewayApp } from './app';

async function main(): Promise<void> {
  const gateway = await createGatewayApp();
  gateway.app.enableShutdownHooks();
}

main().catch((err: unknown) => {
  // The logger may not exist yet (bad configuration), so this one goes to stderr as plain JSON.
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'gateway', msg: 'gateway failed to start', err: String((err as Error)?.stack ?? err) })}\n`,
  );
  process.exit(1);
});
