import { rebuildCli } from '@pmt/service-kit';
import { partnersDefinition } from './partners.definition';

rebuildCli('partners', partnersDefinition).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
