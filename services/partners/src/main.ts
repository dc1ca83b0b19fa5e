import { runService, serviceConfigFromEnv } from '@pmt/service-kit';
import { organisationRoutes } from './organisation/transport/organisation.routes';
import { partnershipRoutes } from './partnership/transport/partnership.routes';
import { startPartnershipInbox } from './partnership/transport/partnership-inbox';
import { partnersDefinition } from './partners.definition';
import { openKeyStore } from './personal-data/transport/open-key-store';

async function main(): Promise<void> {
  const config = serviceConfigFromEnv('partners');
  // contacts' keys, apart from the events (docs/personal-data.md)
  const keys = await openKeyStore(config);
  await runService({
    service: 'partners',
    config,
    definition: partnersDefinition,
    routes: (runtime) => [...organisationRoutes(runtime, keys), ...partnershipRoutes(runtime)],
    background: async (runtime) => {
      const stopInbox = await startPartnershipInbox(runtime);
      return async () => {
        await stopInbox();
        await keys.close();
      };
    },
  });
}

void main();
