import { readdirSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';
import { browserFirstNames, INTERNAL_PROPS_PATTERN, RESERVED_PROPS_PATTERN } from './scripts/internal-props.js';
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

// The ESM build (what browser apps bundle) gives its one-letter names to the browser code's most used
// internal names (scripts/internal-props.ts); the CommonJS bundles keep esbuild's own choice.
const esmFiles = readdirSync('src', { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts') && !file.startsWith('cli/'))
  .map((file) => `src/${file}`);
const shortenForBrowsers =
  (names: Record<string, string>): Options['esbuildOptions'] =>
  (options) => {
    options.mangleProps = INTERNAL_PROPS_PATTERN;
    options.reserveProps = RESERVED_PROPS_PATTERN;
    options.mangleCache = { ...names };
  };

// Silent: scripts/build.ts prints one line for the whole build (errors still print).
export default defineConfig(async () => {
  const esmNames = await browserFirstNames(process.cwd(), esmFiles);
  return [
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
      esbuildOptions: shortenForBrowsers(esmNames),
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
  ];
});
