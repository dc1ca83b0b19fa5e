#!/usr/bin/env node
// Writes project.json, tsconfig.json and tsconfig.build.json for a lib, a contract or a service:
//   node scripts/nx-project.js libs/kernel type:kernel
//   node scripts/nx-project.js libs/contracts/mous type:contract
//   node scripts/nx-project.js services/mous type:app
// Targets are the same for every project, so they are generated rather than hand-copied. Inputs, outputs and
// caching come from targetDefaults in nx.json.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const [root, typeTag] = process.argv.slice(2);
if (!root || !typeTag) throw new Error('usage: nx-project.js <libs/x|libs/contracts/x|services/x> <type:tag>');
const name = path.basename(root);
const isService = root.startsWith('services/');
const isContract = root.startsWith('libs/contracts/');
const toRoot = path.relative(root, '.') || '.';
const targets = {
  // Type-checks the project's production code (specs excluded). The runnable dist/ of the whole product is one
  // tsc program (`npm run build`), run by the e2e project's build target: see docs/contributing.md.
  build: { executor: 'nx:run-commands', options: { command: `tsc -p ${root}/tsconfig.build.json --noEmit` } },
  // One jest per project, sharing the root jest.config.js; --roots keeps it to this folder.
  test: { executor: 'nx:run-commands', options: { command: `jest --roots ${root} --passWithNoTests` } },
  lint: { executor: 'nx:run-commands', options: { command: `eslint ${root}` } },
  'format-check': { executor: 'nx:run-commands', options: { command: `prettier --check ${root}` } },
};
if (isService) {
  targets.serve = {
    executor: 'nx:run-commands',
    dependsOn: [{ projects: ['e2e'], target: 'build' }],
    options: { command: `node dist/${root}/src/main.js` },
  };
}
const project = {
  name: isService ? name : isContract ? `contracts-${name}` : `lib-${name}`,
  $schema: `${toRoot}/node_modules/nx/schemas/project-schema.json`,
  sourceRoot: `${root}/src`,
  projectType: isService ? 'application' : 'library',
  tags: [isService ? 'scope:service' : 'scope:shared', typeTag],
  targets,
};
const json = (value) => JSON.stringify(value, null, 2) + '\n';
fs.mkdirSync(root, { recursive: true });
fs.writeFileSync(path.join(root, 'project.json'), json(project));
fs.writeFileSync(path.join(root, 'tsconfig.json'), json({ extends: `${toRoot}/tsconfig.base.json`, include: ['src/**/*.ts'] }));
fs.writeFileSync(path.join(root, 'tsconfig.build.json'), json({ extends: './tsconfig.json', exclude: ['src/**/*.spec.ts'] }));
// Written in the repo's Prettier layout, so that the project's format-check passes.
const files = ['project.json', 'tsconfig.json', 'tsconfig.build.json'].map((file) => path.join(root, file));
execFileSync(path.join(__dirname, '..', 'node_modules', '.bin', 'prettier'), ['--write', '--log-level=warn', ...files], { stdio: 'inherit' });
