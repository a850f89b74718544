import { defineConfig, type Options } from 'tsup';
import { INTERNAL_PROPS_PATTERN, RESERVED_PROPS_PATTERN } from './scripts/internal-props.js';
import { ENTRIES } from './scripts/entries.js';

// One entry per public subpath (scripts/entries.ts). Adapters (analysis, collector, testing, and
// later openfeature and react) depend on the core, never the reverse.
const entries = ENTRIES;

// Internal property names (a `_` prefix) are shortened (see scripts/internal-props.ts). Each
// format is one esbuild build, so all of its files agree on the short names.
const shortenInternalNames: Options['esbuildOptions'] = (options) => {
  options.mangleProps = INTERNAL_PROPS_PATTERN;
  options.reserveProps = RESERVED_PROPS_PATTERN;
};

// Silent: scripts/build.ts prints one line for the whole build (errors still print).
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
    silent: true,
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
    silent: true,
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    external: ['pg', /^@openfeature\//, 'react'],
    silent: true,
  },
]);
