import { defineConfig, type Options } from 'tsup';
import { INTERNAL_PROPS_PATTERN } from './scripts/internal-props.js';

// One entry per public subpath. Adapters (analysis, collector, testing, and
// later openfeature and react) depend on the core, never the reverse.
const entries = {
  index: 'src/index.ts',
  browser: 'src/browser.ts',
  lite: 'src/lite.ts',
  testing: 'src/testing/index.ts',
  analysis: 'src/analysis/index.ts',
  collector: 'src/collector/index.ts',
  openfeature: 'src/openfeature/index.ts',
  react: 'src/react/index.ts',
};

// Internal property names are shortened (see scripts/internal-props.ts). Each
// format is one esbuild build, so all of its files agree on the short names.
const shortenInternalNames: Options['esbuildOptions'] = (options) => {
  options.mangleProps = INTERNAL_PROPS_PATTERN;
};

export default defineConfig([
  {
    // ESM keeps one file per module, as the source has them: an app's bundler
    // then drops every module the app does not reach (`sideEffects: false`).
    // Bundled chunks would merge, e.g., the ruleset validator's top-level zod
    // schemas into the chunk the browser client needs, and keep them (+9 KB gzip).
    entry: ['src/**/*.ts', '!src/cli/**'],
    bundle: false,
    format: ['esm'],
    // Members marked @internal (the clients' shared read path) are left out of the published types.
    dts: { entry: entries, compilerOptions: { stripInternal: true } },
    sourcemap: true,
    target: 'es2022',
    esbuildOptions: shortenInternalNames,
  },
  {
    // CommonJS for `require` (Node): one bundle per entry with shared chunks.
    entry: entries,
    format: ['cjs'],
    dts: { compilerOptions: { stripInternal: true } },
    sourcemap: true,
    treeshake: true,
    splitting: true,
    target: 'es2022',
    // Optional peer: only the PostgreSQL store loads it, lazily.
    external: ['pg', /^@openfeature\//, 'react'],
    esbuildOptions: shortenInternalNames,
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    external: ['pg', /^@openfeature\//, 'react'],
  },
]);
