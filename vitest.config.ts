import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The bench's own helpers (statistics, goal checks) are tested with the rest.
    include: ['test/**/*.test.ts', 'bench/test/**/*.test.ts'],
    exclude: ['test/conformance/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
