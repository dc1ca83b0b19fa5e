import { rebuildCli } from '@pmt/service-kit';
import { fundingDefinition } from './funding.definition';

rebuildCli('funding', fundingDefinition).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
