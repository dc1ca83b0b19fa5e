// The console's component tests: jsdom instead of node, TSX through ts-jest with the console's own compiler options.
const path = require('node:path');

module.exports = {
  rootDir: path.resolve(__dirname, '..', '..'),
  roots: ['<rootDir>/services/console/src'],
  testEnvironment: 'jsdom',
  testMatch: ['**/*.spec.ts', '**/*.spec.tsx'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/services/console/tsconfig.spec.json' }] },
  moduleNameMapper: { '\\.css$': '<rootDir>/services/console/src/test/style-stub.ts' },
  setupFiles: ['<rootDir>/services/console/src/test/setup.ts'],
  maxWorkers: process.env.CI ? 1 : '50%',
};
