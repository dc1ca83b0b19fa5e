import { rebuildCli } from '@pmt/service-kit';
import { proposalsDefinition } from './proposals.definition';

rebuildCli('proposals', proposalsDefinition).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
