/* global require, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS: node -r loads it before any TypeScript */
/*
 * Lets a child process that a test starts run the repo's TypeScript sources the way jest does: each .ts file is
 * transpiled when it is loaded (isolated modules, no type check) and the @pmt/* names resolve through the paths of
 * tsconfig.base.json. Only for tests that need a second real process (a SIGKILL, two writers on one file); the
 * services themselves run from dist/. `node -r <this file> some-child.ts`.
 */
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const ts = require('typescript');

const root = path.resolve(__dirname, '../../..');
const { config } = ts.readConfigFile(path.join(root, 'tsconfig.base.json'), ts.sys.readFile);
const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);
const compilerOptions = {
  ...options,
  module: ts.ModuleKind.CommonJS,
  isolatedModules: true,
  sourceMap: false,
  inlineSourceMap: true,
  inlineSources: true,
  declaration: false,
};
const aliases = new Map(Object.entries(config.compilerOptions.paths).map(([name, [target]]) => [name, path.join(root, target)]));

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, aliases.get(request) ?? request, ...rest);
};

Module._extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
