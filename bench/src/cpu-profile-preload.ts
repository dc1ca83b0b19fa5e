// Loaded into each service process with NODE_OPTIONS=--require when BENCH_PROFILE_DIR is set (node 20 refuses
// --cpu-prof in NODE_OPTIONS): profiles the whole process and writes a .cpuprofile when it is told to stop.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // posts on an in-thread session complete synchronously, so this also works inside 'exit'
    session.post('Profiler.stop', (err, result) => {
      if (err) return;
      const name = process.argv[1]?.split('/').slice(-3, -2)[0] ?? 'node';
      writeFileSync(join(dir, `${name}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on('exit', write);
  // The gateway re-raises SIGTERM after its shutdown hooks, which ends it without 'exit': write on the signal,
  // and exit on the second one (the re-raised one), since a listener disables the default action.
  let signals = 0;
  process.on('SIGTERM', () => {
    write();
    if (++signals > 1) process.exit(0);
  });
}
