import { ServiceRuntime, type ServiceDefinition } from './runtime';
import { serviceConfigFromEnv } from './service-config';

/**
 * Drops and rebuilds a service's projections from its event log and prints events/s.
 * Run it with the service stopped: a running service would keep applying events meanwhile.
 */
export async function rebuildCli(service: string, definition: ServiceDefinition, argv = process.argv.slice(2)): Promise<void> {
  const runtime = await ServiceRuntime.open(serviceConfigFromEnv(service), definition);
  try {
    const names = argv.length ? argv : runtime.runner.names();
    for (const name of names) {
      const s = await runtime.runner.rebuild(name);
      process.stdout.write(`${service}/${s.projection}: ${s.events} events in ${s.ms.toFixed(0)} ms = ${s.eventsPerSecond} events/s\n`);
    }
  } finally {
    await runtime.stop();
  }
}
