// `npm run bench`: every figure measured against a baseline in the same run, on fresh temp data and its own
// nats-server. Prints targets and whether they were met; asserts nothing. See docs/performance.md.
// `node dist/bench/src/main.js 1 3` runs only parts 1 and 3 (part 5 comes with part 2); parts have names too:
// `npm run bench -- commands` (part 2), `append`, `rebuild`, `as-of`, `catch-up` (part 6), `relay` (6r), `history`, `seal`.
import { benchAppend } from './append.bench';
import { benchAsOf } from './as-of.bench';
import { benchConsole } from './console.bench';
import { benchHistory } from './history.bench';
import { benchHostile } from './hostile.bench';
import { installExitHandlers, runCleanups } from './cleanup';
import { printMachine } from './machine';
import { benchPartnership } from './partnership.bench';
import { benchProduct } from './product.bench';
import { benchRebuild } from './rebuild.bench';
import { benchRelay } from './relay.bench';
import { benchSealVerify } from './seal-verify.bench';
import { anyPartFailed, failed, line, printSummary } from './report';

/** Names for the parts, so that `npm run bench -- commands` runs part 2 alone. */
const NAMES: Record<string, string> = {
  append: '1',
  commands: '2',
  product: '2',
  memory: '2',
  rebuild: '3',
  'as-of': '4',
  'catch-up': '6',
  lag: '6',
  partnership: '6',
  relay: '6r',
  history: '7',
  seal: '9',
  hostile: '10',
  console: '11',
};

const PARTS: Array<[string, () => Promise<void>]> = [
  ['1', benchAppend],
  ['2', benchProduct],
  ['3', benchRebuild],
  ['4', benchAsOf],
  ['6', benchPartnership],
  ['6r', benchRelay],
  ['7', benchHistory],
  ['9', benchSealVerify],
  ['10', benchHostile],
  ['11', benchConsole],
];

async function main(): Promise<void> {
  installExitHandlers();
  const chosen = process.argv.slice(2).map((a) => NAMES[a] ?? a);
  const started = Date.now();
  printMachine();
  for (const [part, run] of PARTS) {
    if (chosen.length > 0 && !chosen.includes(part)) continue;
    const t = Date.now();
    try {
      await run();
    } catch (e) {
      failed(`part ${part}`, e);
    } finally {
      // whatever the part left registered (it unregisters what it cleaned itself)
      await runCleanups();
    }
    line(`  (part ${part} took ${((Date.now() - t) / 1000).toFixed(0)} s)`);
  }
  printSummary();
  line(`\nbench finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  // Targets are reported, not enforced; only a part that could not run makes the exit code non-zero.
  process.exitCode = anyPartFailed() ? 1 : 0;
}

void main();
