import { defineConfig } from 'tsup';

// One entry per public subpath. Adapters (analysis, collector, testing, and
// later openfeature and react) depend on the core, never the reverse.
const entries = {
  index: 'src/index.ts',
  browser: 'src/browser.ts',
  lite: 'src/lite.ts',
  testing: 'src/testing/index.ts',
  analysis: 'src/analysis/index.ts',
  collector: 'src/collector/index.ts',
};

export default defineConfig([
  {
    entry: entries,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
    splitting: true,
    target: 'es2022',
    // Optional peer: only the PostgreSQL store loads it, lazily.
    external: ['pg'],
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    clean: false,
    external: ['pg'],
  },
]);
