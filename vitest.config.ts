import { defineConfig } from 'vitest/config';

export default defineConfig({
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
