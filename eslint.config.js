import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// What a pure domain lib may never import (conventions.md): frameworks, transports,
// databases, event-store clients and edge validation.
const forbiddenInDomain = [
  '@nestjs/*',
  '@nats-io/*',
  'pg',
  '@electric-sql/*',
  '@kurrent/*',
  'class-validator',
  'class-transformer',
  'nodemailer',
  'pino',
  'express',
];

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '**/tmp/**', 'data/**', '.nx/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:util'],
              bannedExternalImports: forbiddenInDomain,
            },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'], bannedExternalImports: forbiddenInDomain },
            { sourceTag: 'type:application', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:util', 'type:infra'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:util', 'type:infra', 'type:application'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['*'] },
            // A context reaches another only through its contracts.
            { sourceTag: 'scope:scheduling', onlyDependOnLibsWithTags: ['scope:scheduling', 'scope:shared', 'type:contracts'] },
            { sourceTag: 'scope:eligibility', onlyDependOnLibsWithTags: ['scope:eligibility', 'scope:shared', 'type:contracts'] },
            { sourceTag: 'scope:notification', onlyDependOnLibsWithTags: ['scope:notification', 'scope:shared', 'type:contracts'] },
            { sourceTag: 'scope:audit', onlyDependOnLibsWithTags: ['scope:audit', 'scope:shared', 'type:contracts'] },
            { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared', 'type:contracts'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:standalone', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Used where a preceding check guarantees the value (maps filled just before, etc.).
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Tests poke at loosely typed JSON bodies; `any` there is the honest type.
    files: ['**/*.spec.ts', '**/support/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
];
