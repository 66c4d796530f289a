import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Checkers import the SDK's helpers as the published package offers them.
  resolve: { alias: { 'k8s-labs/sdk': fileURLToPath(new URL('./src/sdk/index.ts', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/cluster/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // vitest runs cores - 1 files at once (one on a 2-core CI machine). Integration files may then
    // share the one cluster side by side: each works in namespaces of its own.
    pool: 'forks',
    reporters: ['default', './test/helpers/plainSummary.ts'],
    globalSetup: ['./test/helpers/globalSetup.ts'],
  },
});
