// Layer rules are enforced here, not hoped for: services depend on libs and never on each other;
// ports depend only on the kernel; the domain folders import no framework, broker or store.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const nx = require('@nx/eslint-plugin');
// Last: turns off the stylistic rules that Prettier owns, so the two never disagree.
const prettier = require('eslint-config-prettier/flat');

module.exports = tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/data/**', '**/.nx/**', 'scripts/**', '**/*.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:service', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'type:kernel', onlyDependOnLibsWithTags: [] },
            // a contract says what crosses a process: zod, the kernel and other contracts, nothing else
            { sourceTag: 'type:contract', onlyDependOnLibsWithTags: ['type:kernel', 'type:contract'] },
            { sourceTag: 'type:port', onlyDependOnLibsWithTags: ['type:kernel', 'type:testing'] },
            { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:kernel', 'type:port', 'type:testing'] },
            {
              sourceTag: 'type:platform',
              onlyDependOnLibsWithTags: ['type:kernel', 'type:contract', 'type:port', 'type:platform', 'type:adapter', 'type:testing'],
            },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:kernel', 'type:port'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:kernel', 'type:contract', 'type:port', 'type:platform', 'type:adapter', 'type:testing'] },
          ],
        },
      ],
    },
  },
  {
    // the pure domain: one folder per aggregate directly under src/
    files: ['services/*/src/*/*.ts'],
    ignores: ['services/*/src/*/*.int.spec.ts', 'services/*/src/*/*.e2e.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '@nestjs/*',
            'nats',
            'better-sqlite3',
            'mongoose',
            '@kurrent/*',
            '@pmt/event-store*',
            '@pmt/read-model*',
            '@pmt/messaging',
            '@pmt/service-kit',
            '@pmt/http',
          ],
        },
      ],
    },
  },
  {
    // the e2e suite drives the built product from outside (its own Nx project, e2e): no layer of its own to guard
    files: ['test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  prettier,
);
