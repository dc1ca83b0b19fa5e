// Starts and supervises the embedded stack: a NATS server when none answers, the domain services, then the gateway.
// Used by `npm start` (scripts/start.js) and by end-to-end tests and benchmarks, which pass their own env.
const { spawn, spawnSync } = require('node:child_process');
const { mkdirSync, readFileSync } = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SERVICES = ['partners', 'proposals', 'mous', 'funding', 'events', 'notifications'];

function canConnect(host, port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

function natsAddress(url) {
  const u = new URL(url.replace(/^nats:/, 'http:'));
  return { host: u.hostname, port: Number(u.port || 4222) };
}

/**
 * The NATS part of the stack. When nothing answers at NATS_URL it starts nats-server itself, with users and
 * permissions generated under DATA_DIR/nats-auth (docs/deploy.md, "NATS permissions"): every process then gets
 * its own nkey. When a server answers, it is the operator's: each process takes its credentials from the env
 * (NATS_CREDENTIALS_DIR with one `<process>.nk` seed each, or whatever NATS_* the env holds, or none for an open server).
 */
async function ensureNats(env, log) {
  const { host, port } = natsAddress(env.NATS_URL);
  if (await canConnect(host, port)) return { child: null, userEnv: (name) => credentialsDirEnv(env, name) };
  const found = spawnSync('nats-server', ['--version'], { stdio: 'ignore' });
  if (found.error) {
    throw new Error(
      `No NATS server answers at ${env.NATS_URL}, and nats-server is not on the PATH.\n` +
        'Install one (Debian/Ubuntu: apt-get install nats-server; or download it from the NATS project), ' +
        'or point NATS_URL at a NATS server with JetStream enabled.',
    );
  }
  const storeDir = path.join(env.DATA_DIR, 'nats');
  mkdirSync(storeDir, { recursive: true });
  // Built with the services (npm start and the e2e tests build first): one permission model for every profile.
  const { writeNatsAuthFiles, natsUserEnv } = require(path.join(ROOT, 'dist', 'libs', 'service-kit', 'src', 'nats-auth-files.js'));
  const auth = writeNatsAuthFiles(path.join(env.DATA_DIR, 'nats-auth'));
  log(`no NATS at ${env.NATS_URL}; starting nats-server with JetStream in ${storeDir}, users and permissions in ${auth.configFile}`);
  // Port 0 (tests): the server picks a free port and writes it to a ports file, which no other process can race for.
  const portArgs = port === 0 ? ['-p', '-1', '--ports_file_dir', storeDir] : ['-p', String(port)];
  // its log shows any permissions violation, with the user and subject
  const logFile = path.join(env.DATA_DIR, 'nats-server.log');
  const child = spawn('nats-server', ['-c', auth.configFile, '-a', host, ...portArgs, '-js', '-sd', storeDir, '-l', logFile], { stdio: 'ignore' });
  let listening = port;
  for (let i = 0; i < 100 && child.exitCode === null; i++) {
    if (port === 0) listening = reportedPort(path.join(storeDir, `nats-server_${child.pid}.ports`)) ?? 0;
    if (listening !== 0 && (await canConnect(host, listening))) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (child.exitCode !== null) throw new Error(`nats-server exited with code ${child.exitCode} (is port ${port} taken?)`);
  if (port === 0) env.NATS_URL = `nats://${host}:${listening}`;
  return { child, auth, userEnv: (name) => natsUserEnv(auth, name) };
}

function reportedPort(file) {
  try {
    const url = JSON.parse(readFileSync(file, 'utf8')).nats?.[0];
    return url ? Number(new URL(url.replace(/^nats:/, 'http:')).port) : undefined;
  } catch {
    return undefined; // not written yet
  }
}

/** An external server's credentials for one process: `<NATS_CREDENTIALS_DIR>/<name>.nk`, else the env as it is. */
function credentialsDirEnv(env, name) {
  if (!env.NATS_CREDENTIALS_DIR) return {};
  return { NATS_USER: name, NATS_NKEY_SEED_FILE: path.join(path.resolve(env.NATS_CREDENTIALS_DIR), `${name}.nk`) };
}

/**
 * V8 flags of every service process. By default V8 sizes a heap for throughput: a young generation of up to two
 * 16 MiB semi-spaces, and an old generation let grow to up to 4x what survived the last full GC before the next
 * one. The embedded stack runs seven processes on one machine and pays that slack seven times (1.0-1.1 GiB after
 * the bench's loads; issue 13's limit is 1 GiB). A 1.5x growth step costs little CPU; 8 MiB semi-spaces cost a
 * bulk rebuild 20-30 % of its speed (4 MiB cost it 40-60 %), so they stop there (docs/performance.md,
 * "Memory of the embedded stack").
 */
const NODE_FLAGS = ['--max-semi-space-size=8', '--heap-growing-percent=50'];

function startService(name, env, onLine) {
  const main = path.join(ROOT, 'dist', 'services', name, 'src', 'main.js');
  const child = spawn(process.execPath, [...NODE_FLAGS, main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream.on('data', (chunk) => {
      buffer += chunk;
      let i;
      while ((i = buffer.indexOf('\n')) >= 0) {
        onLine(name, buffer.slice(0, i));
        buffer = buffer.slice(i + 1);
      }
    });
  }
  return child;
}

async function waitReady(port, timeoutMs, readyPath = '/health/ready') {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}${readyPath}`);
      if (res.ok) return true;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/**
 * Starts the stack and returns handles. Children that die are restarted (with a short backoff) until stop().
 * options: { env, onLine(name, line), log(msg), readyTimeoutMs, services (default all), readyPath (default /health/ready) }
 */
async function startStack(options) {
  const env = {
    PORT: '3000',
    NATS_URL: 'nats://127.0.0.1:4222',
    DATA_DIR: path.join(ROOT, 'data'),
    ...process.env,
    ...options.env,
  };
  env.DATA_DIR = path.resolve(env.DATA_DIR);
  mkdirSync(env.DATA_DIR, { recursive: true });
  const log = options.log || (() => undefined);
  const onLine = options.onLine || (() => undefined);
  const nats = await ensureNats(env, log);
  const children = new Map();
  let stopping = false;

  const launch = (name) => {
    const child = startService(name, { ...env, ...nats.userEnv(name) }, onLine);
    children.set(name, child);
    child.once('exit', (code, signal) => {
      if (stopping || children.get(name) !== child) return;
      log(`${name} exited (${signal || code}); restarting in 1 s`);
      setTimeout(() => !stopping && launch(name), 1000);
    });
    return child;
  };

  for (const name of options.services || SERVICES) launch(name);
  launch('gateway');
  const ready = await waitReady(Number(env.PORT), options.readyTimeoutMs || 30000, options.readyPath);

  return {
    env,
    ready,
    children,
    /** The generated users' files when the stack started nats-server itself (configFile, seedFiles), else undefined. */
    natsAuth: nats.auth,
    /** Kills one service with a signal; the supervisor restarts it unless `restart` is false. */
    kill(name, signal = 'SIGKILL', restart = true) {
      const child = children.get(name);
      if (!restart) children.delete(name);
      child.kill(signal);
      return new Promise((r) => child.once('exit', r));
    },
    start(name) {
      return launch(name);
    },
    async stop() {
      stopping = true;
      const exits = [...children.values()].map((c) =>
        c.exitCode === null && c.signalCode === null
          ? new Promise((r) => {
              c.once('exit', r);
              c.kill('SIGTERM');
            })
          : null,
      );
      await Promise.all(exits.filter(Boolean));
      if (nats.child && nats.child.exitCode === null) {
        nats.child.kill('SIGTERM');
        await new Promise((r) => nats.child.once('exit', r));
      }
    },
  };
}

module.exports = { startStack, waitReady, SERVICES, ROOT };
