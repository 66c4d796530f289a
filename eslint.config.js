// Lint guards the layers: the pure core and the UI never spawn processes or talk to Kubernetes.
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

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test/cluster/', 'test/.tmp/'] },
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
        {
          paths: sideEffectModules.map((name) => ({
            name,
            message: 'core and UI stay pure: reach the outside world through src/core/ports.ts',
            allowTypeImports: true,
          })),
          patterns: [
            {
              group: ['**/adapters/**'],
              message: 'core and UI receive adapters through ports, never import them',
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
