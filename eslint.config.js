// Lint guards the layers (docs/architecture.md): the pure core and the UI never spawn processes or
// talk to Kubernetes; the application layer (src/app) reaches the outside world only through
// adapters; commands reach labs only through the application layer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const sideEffectModules = [
  'execa',
  'zx',
  'node:child_process',
  'child_process',
  '@kubernetes/client-node',
  'node:https',
  'node:http',
  'node:net',
];

const restricted = (message, extraPatterns = []) => ({
  paths: sideEffectModules.map((name) => ({ name, message, allowTypeImports: true })),
  patterns: extraPatterns,
});

export default tseslint.config(
  // The syntax-error checker is a validate fixture: broken on purpose.
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      'test/cluster/',
      'test/.tmp/',
      'test/fixtures/validate/checker-cases/syntax/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/ui/**/*.{ts,tsx}', 'src/hooks/**/*.{ts,tsx}', 'src/sdk/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        restricted('core and UI stay pure: reach the outside world through src/core/ports.ts', [
          {
            group: ['**/adapters/**'],
            message: 'core and UI receive adapters through ports, never import them',
            allowTypeImports: true,
          },
          {
            group: ['**/app/**', '**/cli/**'],
            message: 'core and UI sit below the application layer and the command line: they are handed what they need',
          },
        ]),
      ],
    },
  },
  {
    files: ['src/app/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        restricted('the application layer reaches the outside world through src/adapters', [
          {
            group: ['**/ui/**', '**/hooks/**', 'ink', 'ink-*', 'react'],
            message: 'the application layer serves the UI; it implements the ports of src/ui/services.ts (types only)',
            allowTypeImports: true,
          },
          { group: ['**/cli/**'], message: 'the command line calls the application layer, not the other way round' },
        ]),
      ],
    },
  },
  {
    files: ['src/cli/commands/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['./*'],
              message: 'commands share code through src/cli or src/app, never import a sibling command',
            },
            {
              group: ['**/adapters/solutions/**', '**/adapters/checkers/**', '**/adapters/fs/progressStore*'],
              message: 'commands reach labs through the lab session in src/app (grading, solutions, progress)',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.{js,mjs}', '*.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
