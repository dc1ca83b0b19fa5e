/*
 * One configuration for every project. Nx runs one jest per project (`jest --roots <project>`, see
 * scripts/nx-project.js); `npx jest <path>` still runs any test from the root. Path aliases come from tsconfig.base.json.
 * Workers: Nx already runs `parallel` projects at once (nx.json), so in CI each jest keeps to one worker and the
 * machine runs about `parallel` test files at a time, each with its nats-server and services.
 */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  // The console's component tests run in jsdom with their own config (services/console/jest.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/services/console/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  testTimeout: 30000,
  maxWorkers: process.env.CI ? 1 : '50%',
};
