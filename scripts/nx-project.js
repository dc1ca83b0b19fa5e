#!/usr/bin/env node
// Writes project.json and tsconfig.json for a lib or service: `node scripts/nx-project.js libs/kernel type:kernel`.
// Targets are the same for every project, so they are generated rather than hand-copied.
const fs = require('node:fs');
const path = require('node:path');
const [root, typeTag] = process.argv.slice(2);
if (!root || !typeTag) throw new Error('usage: nx-project.js <libs/x|services/x> <type:tag>');
const name = path.basename(root);
const isService = root.startsWith('services/');
const targets = {
  build: isService
    ? { executor: 'nx:run-commands', options: { command: 'npm run build', cwd: '{workspaceRoot}' } }
    : { executor: 'nx:run-commands', options: { command: `tsc -p ${root}/tsconfig.json --noEmit` } },
  test: { executor: 'nx:run-commands', options: { command: `jest ${root}` } },
  lint: { executor: 'nx:run-commands', options: { command: `eslint ${root}` } },
};
if (isService) {
  targets.serve = {
    executor: 'nx:run-commands',
    dependsOn: ['build'],
    options: { command: `node dist/${root}/src/main.js` },
  };
}
const project = {
  name: isService ? name : `lib-${name}`,
  $schema: '../../node_modules/nx/schemas/project-schema.json',
  sourceRoot: `${root}/src`,
  projectType: isService ? 'application' : 'library',
  tags: [isService ? 'scope:service' : 'scope:shared', typeTag],
  targets,
};
fs.mkdirSync(root, { recursive: true });
fs.writeFileSync(path.join(root, 'project.json'), JSON.stringify(project, null, 2) + '\n');
fs.writeFileSync(
  path.join(root, 'tsconfig.json'),
  JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src/**/*.ts'] }, null, 2) + '\n',
);
