import { rebuildCli } from '@pmt/service-kit';
import { mousDefinition } from './mous.definition';

rebuildCli('mous', mousDefinition).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
