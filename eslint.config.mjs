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
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:data', 'type:util', 'type:domain'] },
            { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            // The SDK ships to app makers: only the contracts, nothing server-side.
            { sourceTag: 'type:sdk', onlyDependOnLibsWithTags: ['type:util'] },
            // End-to-end tests act as an app would: through the SDK only (plus contracts for assertions).
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:sdk', 'type:util'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:session', onlyDependOnLibsWithTags: ['scope:session', 'scope:shared'] },
            { sourceTag: 'scope:messaging', onlyDependOnLibsWithTags: ['scope:messaging', 'scope:shared'] },
            { sourceTag: 'scope:media', onlyDependOnLibsWithTags: ['scope:media', 'scope:shared'] },
            {
              sourceTag: 'scope:conversation',
              onlyDependOnLibsWithTags: ['scope:conversation', 'scope:shared'],
            },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
];
