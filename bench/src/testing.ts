// The helpers of @pmt/testing, imported file by file: its index also loads the jest-only DeciderSpec, and
// @jest/globals throws when required outside jest, so `import from '@pmt/testing'` fails in a plain node run.
export { freePort, startNatsServer, type TestNatsServer } from '../../libs/testing/src/nats-server';
export { tempDir } from '../../libs/testing/src/temp-dir';
