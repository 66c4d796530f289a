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
    // Integration tests share one cluster: run files one at a time there; unit files stay parallel.
    pool: 'forks',
    reporters: ['default', './test/helpers/plainSummary.ts'],
    globalSetup: ['./test/helpers/globalSetup.ts'],
  },
});
