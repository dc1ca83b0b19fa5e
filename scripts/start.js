#!/usr/bin/env node
// `npm start`: builds what changed, then runs the whole product in the embedded profile.
const { spawnSync } = require('node:child_process');
const { startStack, ROOT } = require('./stack');

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status || 1);

const started = Date.now();
const say = (msg) => process.stdout.write(`[start] ${msg}\n`);

startStack({
  env: {},
  log: say,
  onLine: (name, line) => process.stdout.write(`[${name}] ${line}\n`),
})
  .then((stack) => {
    const port = stack.env.PORT;
    if (!stack.ready) {
      say('the stack did not become ready within 30 s; see the logs above (GET /health/ready says what is down)');
    } else {
      say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      say(`console:  http://localhost:${port}/  (sign in with an account from \`npm run seed\` or \`npm run user -- add\`)`);
      say(`API:      http://localhost:${port}/api/v1`);
      say(`API docs: http://localhost:${port}/api/docs (OpenAPI JSON at /api/docs-json)`);
      say(`health:   http://localhost:${port}/health/ready`);
      say(`token:    npm run token -- --sub you@example.org --roles staff`);
      say(`data:     ${stack.env.DATA_DIR}`);
      if (!stack.env.SEAL_KEY_FILE)
        say(
          `seals:    signed with DATA_DIR/keys/<service>-seal.key.pem; public keys for auditors: ${require('node:path').join(stack.env.DATA_DIR, 'keys', '<service>-seal.pub.pem')}`,
        );
    }
    const shutdown = async () => {
      say('stopping');
      await stack.stop();
      process.exit(0);
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  })
  .catch((error) => {
    process.stderr.write(`[start] ${error.message}\n`);
    process.exit(1);
  });
