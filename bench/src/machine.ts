import { readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem, type as osType, release } from 'node:os';
import { line } from './report';

/** The mount that holds the temp dir: fsync cost, and so every append figure, depends on it. */
function filesystemOf(dir: string): string {
  try {
    const mounts = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((l) => l.split(' '))
      .filter((f) => f.length >= 3 && (dir === f[1] || dir.startsWith(f[1].endsWith('/') ? f[1] : `${f[1]}/`)));
    const best = mounts.sort((a, b) => b[1].length - a[1].length)[0];
    return best ? `${best[2]} (${best[0]} on ${best[1]})` : 'unknown';
  } catch {
    return 'unknown';
  }
}

export function printMachine(): void {
  const list = cpus();
  line(`Machine: ${list[0]?.model?.trim() ?? 'unknown CPU'}, ${list.length} logical cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`);
  line(`OS: ${osType()} ${release()}; Node ${process.version}; temp dir ${tmpdir()} on ${filesystemOf(tmpdir())}`);
  // Every part is CPU-bound on a small machine: say so when something else was using it as the run began.
  const [load1] = loadavg();
  const busy = load1 > list.length * 0.75 ? '  <- the CPU was busy with other work; figures may be low' : '';
  line(
    `Load average at the start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}${busy}`,
  );
}
