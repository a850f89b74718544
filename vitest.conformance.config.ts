/**
 * Conformance suite (`npm run conformance`): runs test/conformance against
 * GrowthBook's shared cases, which live outside the repository at
 * `<repo>/../shared/conformance/growthbook/cases.json` and are never copied
 * in. The normal suite (vitest.config.ts) excludes test/conformance.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const growthbookCases = fileURLToPath(new URL('../shared/conformance/growthbook/cases.json', import.meta.url));

export default defineConfig({
  test: {
    include: ['test/conformance/**/*.test.ts'],
    // Without the shared file the runner registers no tests, and that is not a failure.
    passWithNoTests: true,
    provide: { growthbookCases },
    testTimeout: 30_000,
  },
});

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of GrowthBook's `cases.json`; it may not exist. */
    growthbookCases: string;
  }
}
