// Lint for the whole workspace. @nx/enforce-module-boundaries turns the architecture's rules into errors:
// no app imports another app, and each project type may only depend on the types listed below.
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  prettier,
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/generated/**',
      '**/.state/**',
      '**/*.mjs',
      '**/jest.config.cjs',
      '**/prisma.config.ts',
    ],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          banTransitiveDependencies: true,
          allow: [],
          depConstraints: [
            // Apps are deployables: they may use shared libraries and their own scope, never another app.
            // type:sdk is there for the CLI (scope:cli); the services' scopes below keep the SDK out of them.
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:data', 'type:util', 'type:domain', 'type:sdk', 'type:testing'],
            },
            { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:util'] },
            // Spec helpers: fakes of platform ports and Nest wiring checks (imported by specs only).
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:util', 'type:data'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            // The SDK ships to app makers: only the contracts, nothing server-side.
            { sourceTag: 'type:sdk', onlyDependOnLibsWithTags: ['type:util'] },
            // End-to-end tests act as an app would: through the SDK only (plus contracts for assertions).
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:sdk', 'type:util'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            {
              sourceTag: 'scope:session',
              onlyDependOnLibsWithTags: ['scope:session', 'scope:shared'],
              notDependOnLibsWithTags: ['type:sdk'],
            },
            {
              sourceTag: 'scope:messaging',
              onlyDependOnLibsWithTags: ['scope:messaging', 'scope:shared'],
              notDependOnLibsWithTags: ['type:sdk'],
            },
            {
              sourceTag: 'scope:media',
              onlyDependOnLibsWithTags: ['scope:media', 'scope:shared'],
              notDependOnLibsWithTags: ['type:sdk'],
            },
            {
              sourceTag: 'scope:conversation',
              onlyDependOnLibsWithTags: ['scope:conversation', 'scope:shared'],
              notDependOnLibsWithTags: ['type:sdk'],
            },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
            // The local stack's orchestration (infra/local) may use the contracts (health checks), nothing else.
            { sourceTag: 'scope:infra', onlyDependOnLibsWithTags: ['type:util'] },
            // The terminal client (apps/cli) talks to Parley as an app would: through the SDK only.
            { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['type:sdk'] },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
];
